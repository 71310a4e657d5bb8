#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include "cli/cli.hpp"
#include "cli/demo_demand.hpp"
#include "cli/demo_handsets.hpp"
#include "cli/demo_incidents.hpp"
#include "core/clock.hpp"
#include "core/strings.hpp"

namespace warden::cli {
namespace {

using domain::AccessState;
using domain::LocationKind;
using domain::RiskBand;
using domain::Role;

struct DemoWing {
    const char* code;
    LocationKind kind;
    int weight;  // share of the establishment's prisoners
};

constexpr std::array kWings = {
    DemoWing{"A", LocationKind::kStandard, 24},    DemoWing{"B", LocationKind::kStandard, 24},
    DemoWing{"C", LocationKind::kStandard, 24},    DemoWing{"ISO", LocationKind::kIsolation, 5},
    DemoWing{"SHD", LocationKind::kShielding, 5},  DemoWing{"RC", LocationKind::kReverseCohort, 8},
    DemoWing{"HCC", LocationKind::kHealthcare, 5}, DemoWing{"SEG", LocationKind::kSegregation, 5},
};

struct DemoEstablishment {
    const char* code;
    const char* name;
    const char* region;
    int phase;
};

constexpr std::array kEstablishments = {
    DemoEstablishment{"MDI", "HMP Moorland", "YORKS", 1},
    DemoEstablishment{"LEI", "HMP Leeds", "YORKS", 2},
    DemoEstablishment{"BWI", "HMP Berwyn", "WALES", 0},
};

constexpr std::array kFirstNames = {
    "JAMES",  "JOHN",   "DAVID", "MICHAEL", "DANIEL",   "PAUL",    "MARK",   "LEE",
    "RYAN",   "CRAIG",  "JASON", "CONNOR",  "LIAM",     "KYLE",    "DEAN",   "GARETH",
    "RHYS",   "OWEN",   "AARON", "JORDAN",  "MOHAMMED", "ALI",     "TOMASZ", "PIOTR",
    "DARREN", "STEVEN", "WAYNE", "CARL",    "SEAN",     "BRADLEY", "JAMIE",  "ASHLEY"};
constexpr std::array kLastNames = {
    "SMITH",   "JONES",   "WILLIAMS", "TAYLOR",   "BROWN",    "DAVIES", "EVANS",  "WILSON",
    "THOMAS",  "JOHNSON", "ROBERTS",  "ROBINSON", "THOMPSON", "WRIGHT", "WALKER", "WHITE",
    "EDWARDS", "HUGHES",  "GREEN",    "HALL",     "LEWIS",    "HARRIS", "CLARKE", "PATEL",
    "JACKSON", "WOOD",    "TURNER",   "MARTIN",   "COOPER",   "HILL",   "WARD",   "MORRIS",
    "KHAN",    "NOWAK",   "O'BRIEN",  "MURPHY",   "KELLY",    "PRICE",  "BELL",   "BAKER"};

/// Alert codes with their chance (per mille) of appearing on a prisoner.
struct AlertOdds {
    const char* code;
    int per_mille;
};
constexpr std::array kAlerts = {
    AlertOdds{"HA", 60},    AlertOdds{"XA", 40},  AlertOdds{"XCU", 20}, AlertOdds{"RSS", 15},
    AlertOdds{"XOCGN", 25}, AlertOdds{"RSP", 8},  AlertOdds{"RDV", 30}, AlertOdds{"XTACT", 3},
    AlertOdds{"PVN", 10},   AlertOdds{"C1", 4},   AlertOdds{"CC2", 4},  AlertOdds{"XEL", 3},
    AlertOdds{"PPRC", 5},   AlertOdds{"OHCO", 3}, AlertOdds{"ONCR", 2}, AlertOdds{"P1", 4},
    AlertOdds{"XSA", 15},   AlertOdds{"VIP", 2},  AlertOdds{"XRF", 10}, AlertOdds{"SE", 5},
};

struct Weighted {
    const char* value;
    int weight;
};
constexpr std::array kLegal = {
    Weighted{"REMAND", 150}, Weighted{"CONVICTED_UNSENTENCED", 50}, Weighted{"SENTENCED", 700},
    Weighted{"RECALL", 60},  Weighted{"IMMIGRATION_DETAINEE", 20},  Weighted{"CIVIL_PRISONER", 10},
    Weighted{"OTHER", 10}};
constexpr std::array kCategory = {Weighted{"A", 5},   Weighted{"B", 140},  Weighted{"C", 600},
                                  Weighted{"D", 100}, Weighted{"YOI", 55}, Weighted{"U", 100}};

template <size_t N>
const char* Pick(const std::array<Weighted, N>& table, std::mt19937& rng) {
    int total = 0;
    for (const auto& w : table) total += w.weight;
    int r = std::uniform_int_distribution<int>(0, total - 1)(rng);
    for (const auto& w : table) {
        if (r < w.weight) return w.value;
        r -= w.weight;
    }
    return table.back().value;
}

/// A count that is usually 0, sometimes 1, rarely more.
int SmallCount(std::mt19937& rng, int per_mille_one, int per_mille_more) {
    int r = std::uniform_int_distribution<int>(0, 999)(rng);
    if (r < per_mille_more) return 2 + std::uniform_int_distribution<int>(0, 2)(rng);
    if (r < per_mille_more + per_mille_one) return 1;
    return 0;
}

std::string PrisonNumber(int n) {
    std::string s(7, 'A');
    s[0] = static_cast<char>('A' + (n / (10000 * 676)) % 26);
    int digits = n % 10000;
    for (int i = 4; i >= 1; --i) {
        s[i] = static_cast<char>('0' + digits % 10);
        digits /= 10;
    }
    int letters = (n / 10000) % 676;
    s[5] = static_cast<char>('A' + letters / 26);
    s[6] = static_cast<char>('A' + letters % 26);
    return s;
}

std::string CsvField(std::string_view v) {
    if (v.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(v);
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

struct DemoUser {
    const char* username;
    const char* name;
    Role role;
    const char* caseload;
};
constexpr std::array kUsers = {
    DemoUser{"admin", "Alex Admin", Role::kAdmin, ""},
    DemoUser{"officer", "Olivia Officer", Role::kWingOfficer, "MDI"},
    DemoUser{"spoc", "Sam Spoc", Role::kTmppSpoc, "MDI"},
    DemoUser{"security", "Sasha Security", Role::kSecurity, "MDI,LEI"},
    DemoUser{"governor", "Grace Governor", Role::kGovernor, "MDI"},
    DemoUser{"governor.lei", "Lee Governor", Role::kGovernor, "LEI,BWI"},
    DemoUser{"monitoring", "Morgan Monitoring", Role::kMonitoring, ""},
    DemoUser{"reviewer", "Riley Reviewer", Role::kDigitalReviewer, ""},
};

Status IgnoreConflict(Status s) {
    if (!s && s.error().code == ErrorCode::kConflict) return Ok();
    return s;
}

// ---- TMPP access: a few prisoners at every step, with the phase's conditions ----

/// How far a demo case goes through the access workflow.
enum class Step { kNeed, kCompact, kDecision, kGrant, kWithdraw };

/// One demo prisoner's TMPP access: the first prisoner (in list order) of the wing whose
/// recommendation is `recommended`, or failing that of the establishment, or failing that the
/// first one left (the decision is then an override too).
struct TmppCase {
    const char* establishment;
    const char* wing;
    const char* need;
    RiskBand recommended;
    RiskBand band;       // the decision; an override (with `reason`) when not the recommendation
    const char* reason;  // of an override
    Step upto;
};

constexpr const char* kReviewReason = "Security review of the prisoner's record";

constexpr std::array kTmppCases = {
    // MDI, phase 1: ISOLATING, SHIELDING and REVERSE_COHORT needs; GREEN only.
    TmppCase{"MDI", "ISO", "ISOLATING", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kWithdraw},
    TmppCase{"MDI", "ISO", "ISOLATING", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kGrant},
    TmppCase{"MDI", "SHD", "SHIELDING", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kGrant},
    TmppCase{"MDI", "RC", "REVERSE_COHORT", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kGrant},
    TmppCase{"MDI", "RC", "REVERSE_COHORT", RiskBand::kRed, RiskBand::kRed, kReviewReason,
             Step::kDecision},
    TmppCase{"MDI", "SHD", "SHIELDING", RiskBand::kGreen, RiskBand::kAmber,
             "Intelligence report of pressure from other prisoners to pass on calls",
             Step::kDecision},  // AMBER is not granted in phase 1
    TmppCase{"MDI", "ISO", "ISOLATING", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kCompact},  // awaiting a decision
    TmppCase{"MDI", "SHD", "SHIELDING", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kNeed},  // awaiting the signed compact
    // LEI, phase 2: NO_SAFE_FIXED_PHONE too; GREEN, and AMBER with SUPERVISED_USE.
    TmppCase{"LEI", "A", "NO_SAFE_FIXED_PHONE", RiskBand::kAmber, RiskBand::kAmber, kReviewReason,
             Step::kGrant},
    TmppCase{"LEI", "A", "NO_SAFE_FIXED_PHONE", RiskBand::kGreen, RiskBand::kAmber,
             "Recent cell search found an unauthorised SIM card; supervised use only",
             Step::kGrant},
    TmppCase{"LEI", "ISO", "ISOLATING", RiskBand::kGreen, RiskBand::kGreen, kReviewReason,
             Step::kGrant},
    TmppCase{"LEI", "B", "NO_SAFE_FIXED_PHONE", RiskBand::kGreen, RiskBand::kRed,
             "Named in police intelligence about phones being conveyed into the prison",
             Step::kDecision},
    TmppCase{"LEI", "RC", "REVERSE_COHORT", RiskBand::kRed, RiskBand::kRed, kReviewReason,
             Step::kDecision},
};

constexpr const char* kCompactText =
    "I will use the TMPP handset only to call the numbers approved for me, only in my cell and "
    "only at the times allowed. I will not lend it, swap it, open it or damage its seal. I know "
    "that my access is withdrawn if I break this compact.";

/// Who does the demo's TMPP work: the demo `security` user (and `officer`, who records signed
/// compacts at MDI), acting as they would through the web.
domain::Actor DemoActor(const domain::User& u) {
    domain::Actor a;
    a.user_id = u.id;
    a.username = u.username;
    a.roles = u.roles;
    a.caseload = u.caseload;
    a.source = "cli";
    return a;
}

/// Picks the demo's prisoners, deterministically (list order), each at most once.
class TmppPicker {
  public:
    TmppPicker(CliServices& s, const domain::Actor& by) : s_(s), by_(by) {}

    /// The prisoner for `c`, or nullopt when the establishment has nobody left.
    Result<std::optional<domain::Prisoner>> Pick(const TmppCase& c) {
        WARDEN_ASSIGN_OR_RETURN(const auto* wing, Listed(c.establishment, c.wing));
        WARDEN_ASSIGN_OR_RETURN(const auto* all, Listed(c.establishment, ""));
        for (const auto* list : {wing, all}) {
            for (const auto& p : *list) {
                if (used_.count(p.prison_number)) continue;
                WARDEN_ASSIGN_OR_RETURN(auto band, Recommended(p.prison_number));
                if (band == c.recommended) return Take(p);
            }
        }
        for (const auto* list : {wing, all}) {
            for (const auto& p : *list) {
                if (!used_.count(p.prison_number)) return Take(p);
            }
        }
        return std::optional<domain::Prisoner>{};
    }

    /// The latest recommendation's band (nullopt when never assessed).
    Result<std::optional<RiskBand>> Recommended(const std::string& number) {
        auto it = recommended_.find(number);
        if (it != recommended_.end()) return it->second;
        WARDEN_ASSIGN_OR_RETURN(auto view, s_.access.RiskAssessment(by_, number));
        std::optional<RiskBand> band;
        if (view.recommendation) band = view.recommendation->recommendation.band;
        recommended_.emplace(number, band);
        return band;
    }

  private:
    std::optional<domain::Prisoner> Take(const domain::Prisoner& p) {
        used_.insert(p.prison_number);
        return p;
    }

    Result<const std::vector<domain::Prisoner>*> Listed(const std::string& est,
                                                        const std::string& wing) {
        auto key = est + "/" + wing;
        auto it = lists_.find(key);
        if (it == lists_.end()) {
            domain::PrisonerQuery q;
            q.establishment = est;
            q.wing = wing;
            q.limit = 500;
            WARDEN_ASSIGN_OR_RETURN(auto page, s_.prisoners.List(by_, q));
            it = lists_.emplace(key, std::move(page.items)).first;
        }
        return &it->second;
    }

    CliServices& s_;
    const domain::Actor& by_;
    std::set<std::string> used_;
    std::map<std::string, std::optional<RiskBand>> recommended_;
    std::map<std::string, std::vector<domain::Prisoner>> lists_;
};

bool HasFieldError(const Error& e, std::string_view field) {
    return std::any_of(e.fields.begin(), e.fields.end(),
                       [&](const FieldError& f) { return f.field == field; });
}

/// What the demo's TMPP prisoners show, counted after the work (the same on every run).
struct TmppCounts {
    int needs = 0;
    int compacts = 0;
    std::map<RiskBand, int> decisions;
    int overrides = 0;
    int grants = 0;
    int supervised = 0;
    int withdrawn = 0;
    int lists = 0;
    std::vector<std::string> stale;  // "MDI ISO"
};

/// Takes the demo's TMPP prisoners through the workflow with the access service, skipping the
/// steps an earlier run took: each prisoner goes only as far as its case says, and the lists of
/// the wings with grants are published once, before the withdrawal that makes one stale.
Result<std::string> LoadTmpp(CliServices& s, const std::vector<std::string>& imported) {
    const auto system = domain::Actor::System();
    WARDEN_ASSIGN_OR_RETURN(auto security_user, s.users.Get(system, "security"));
    WARDEN_ASSIGN_OR_RETURN(auto officer_user, s.users.Get(system, "officer"));
    const domain::Actor security = DemoActor(security_user);
    const domain::Actor officer = DemoActor(officer_user);
    const auto officer_at = [&](const std::string& est) {
        return std::find(officer.caseload.begin(), officer.caseload.end(), est) !=
               officer.caseload.end();
    };

    // The establishments in a phase are assessed when they have new prisoners or were never
    // assessed (an earlier run stopped before), so a second run adds no recommendations.
    std::vector<std::string> phased, to_assess;
    for (const auto& e : kEstablishments) {
        if (e.phase == 0) continue;
        phased.emplace_back(e.code);
        bool assess = std::find(imported.begin(), imported.end(), e.code) != imported.end();
        if (!assess) {
            domain::PrisonerQuery q;
            q.establishment = e.code;
            q.limit = 1;
            WARDEN_ASSIGN_OR_RETURN(auto first, s.prisoners.List(security, q));
            if (!first.items.empty()) {
                WARDEN_ASSIGN_OR_RETURN(
                    auto risk, s.access.RiskAssessment(security, first.items[0].prison_number));
                assess = !risk.recommendation;
            }
        }
        if (assess) to_assess.emplace_back(e.code);
    }
    std::string assessed = "already assessed";
    if (!to_assess.empty()) {
        WARDEN_ASSIGN_OR_RETURN(auto summary, s.access.AssessEstablishments(security, to_assess));
        assessed = "assessed " + std::to_string(summary.assessed) + " (" +
                   std::to_string(summary.green) + " GREEN, " + std::to_string(summary.amber) +
                   " AMBER, " + std::to_string(summary.red) + " RED)";
    }

    const std::string today = FormatDate(
        std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(s.clock.Now())});
    const auto sign = [&](const domain::Prisoner& p) -> Status {
        const bool by_officer = officer_at(p.establishment);
        const auto& by = by_officer ? officer : security;
        const std::string witness = by_officer ? officer_user.full_name : "Officer Priya Shah";
        auto signature = s.access.RecordCompact(by, p.prison_number, 1, today, witness);
        if (!signature && signature.error().code == ErrorCode::kInvalidInput &&
            HasFieldError(signature.error(), "compact_version")) {
            // The establishment has no compact yet: Security adds version 1.
            WARDEN_TRY(s.access.AddCompactVersion(security, p.establishment, kCompactText, false));
            signature = s.access.RecordCompact(by, p.prison_number, 1, today, witness);
        }
        if (!signature) return signature.error();
        return Ok();
    };

    TmppPicker picker(s, security);
    struct Picked {
        const TmppCase* c;
        domain::Prisoner p;
    };
    std::vector<Picked> picked;
    for (const auto& c : kTmppCases) {
        WARDEN_ASSIGN_OR_RETURN(auto p, picker.Pick(c));
        if (!p) continue;
        picked.push_back({&c, *p});
        const std::string& number = p->prison_number;
        WARDEN_ASSIGN_OR_RETURN(auto view, s.access.Access(security, number));
        AccessState state = view.access.state;
        if (state == AccessState::kNone) {
            WARDEN_TRY(s.access.RecordNeed(security, number, c.need, ""));
            state = AccessState::kRequested;
        }
        if (c.upto >= Step::kCompact && state == AccessState::kRequested) {
            WARDEN_TRY(sign(*p));
            state = AccessState::kCompactSigned;
        }
        if (c.upto >= Step::kDecision && state == AccessState::kCompactSigned) {
            WARDEN_ASSIGN_OR_RETURN(auto recommended, picker.Recommended(number));
            WARDEN_TRY(s.access.Decide(security, number, std::string(domain::RiskBandName(c.band)),
                                       recommended == c.band ? "" : c.reason));
            state = AccessState::kAssessed;
        }
        if (c.upto >= Step::kGrant && state == AccessState::kAssessed) {
            // A conflict (say the phase was changed since an earlier run) leaves them assessed.
            auto grant = s.access.GrantAccess(security, number, {}, "");
            if (!grant && grant.error().code != ErrorCode::kConflict) return grant.error();
        }
    }

    // Publish each wing's list once (a later run leaves them, and their staleness, alone).
    std::set<std::pair<std::string, std::string>> wings;
    for (const auto& [c, p] : picked) {
        if (c->upto >= Step::kGrant) wings.insert({p.establishment, p.wing});
    }
    for (const auto& [est, wing] : wings) {
        WARDEN_ASSIGN_OR_RETURN(auto current, s.access.CurrentList(security, est, wing));
        if (!current.list) WARDEN_TRY(s.access.PublishWingList(security, est, wing));
    }
    for (const auto& [c, p] : picked) {
        if (c->upto < Step::kWithdraw) continue;
        WARDEN_ASSIGN_OR_RETURN(auto view, s.access.Access(security, p.prison_number));
        if (!view.grant) continue;
        WARDEN_TRY(s.access.Withdraw(security, p.prison_number,
                                     "Seal of the handset found broken at a routine check",
                                     "IR-" + p.establishment + "-0117"));
    }

    TmppCounts n;
    for (const auto& [c, p] : picked) {
        WARDEN_ASSIGN_OR_RETURN(auto view, s.access.Access(security, p.prison_number));
        WARDEN_ASSIGN_OR_RETURN(auto risk, s.access.RiskAssessment(security, p.prison_number));
        const AccessState state = view.access.state;
        ++n.needs;
        if (state != AccessState::kNone && state != AccessState::kRequested) ++n.compacts;
        if (risk.decision) {
            ++n.decisions[risk.decision->band];
            if (risk.decision->is_override) ++n.overrides;
        }
        if (state == AccessState::kGranted || state == AccessState::kWithdrawn) ++n.grants;
        if (state == AccessState::kWithdrawn) ++n.withdrawn;
        if (view.grant && !view.grant->conditions.empty()) ++n.supervised;
    }
    for (const auto& [est, wing] : wings) {
        WARDEN_ASSIGN_OR_RETURN(auto current, s.access.CurrentList(security, est, wing));
        if (current.list) ++n.lists;
        if (current.stale) n.stale.push_back(est + " " + wing);
    }
    std::ostringstream line;
    line << "TMPP: " << Join(phased, " and ") << " " << assessed << "; " << n.needs << " needs, "
         << n.compacts << " signed compacts, "
         << (n.decisions[RiskBand::kGreen] + n.decisions[RiskBand::kAmber] +
             n.decisions[RiskBand::kRed])
         << " decisions (" << n.decisions[RiskBand::kGreen] << " GREEN, "
         << n.decisions[RiskBand::kAmber] << " AMBER, " << n.decisions[RiskBand::kRed] << " RED; "
         << n.overrides << " overrides), " << n.grants << " grants (" << n.supervised
         << " with conditions), " << n.withdrawn << " withdrawn, " << n.lists
         << " wing lists published";
    if (!n.stale.empty()) line << " (stale: " << Join(n.stale, ", ") << ")";
    line << ".";
    return line.str();
}

}  // namespace

std::string GeneratePrisonerCsv(const std::string& establishment,
                                const std::vector<std::string>& wings, int count, unsigned seed,
                                int number_offset) {
    std::mt19937 rng(seed);
    std::string csv =
        "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
        "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";
    csv.reserve(csv.size() + static_cast<size_t>(count) * 110);
    std::vector<int> weights;
    for (const auto& w : wings) {
        auto it = std::find_if(kWings.begin(), kWings.end(),
                               [&](const DemoWing& d) { return w == d.code; });
        weights.push_back(it == kWings.end() ? 20 : it->weight);
    }
    std::discrete_distribution<size_t> wing_pick(weights.begin(), weights.end());
    std::vector<std::string> alerts;
    for (int i = 0; i < count; ++i) {
        const auto& wing = wings[wing_pick(rng)];
        int year = std::uniform_int_distribution<int>(1955, 2006)(rng);
        int month = std::uniform_int_distribution<int>(1, 12)(rng);
        int day = std::uniform_int_distribution<int>(1, 28)(rng);
        char dob[16];
        std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year, month, day);
        char cell[32];
        std::snprintf(cell, sizeof cell, "%s-%d-%03d", wing.c_str(),
                      std::uniform_int_distribution<int>(1, 4)(rng),
                      std::uniform_int_distribution<int>(1, 40)(rng));
        alerts.clear();
        for (const auto& a : kAlerts) {
            if (std::uniform_int_distribution<int>(0, 999)(rng) < a.per_mille) {
                alerts.emplace_back(a.code);
            }
        }
        csv += PrisonNumber(number_offset + i);
        csv += ',';
        csv += kFirstNames[std::uniform_int_distribution<size_t>(0, kFirstNames.size() - 1)(rng)];
        csv += ',';
        csv += CsvField(
            kLastNames[std::uniform_int_distribution<size_t>(0, kLastNames.size() - 1)(rng)]);
        csv += ',';
        csv += dob;
        csv += ',';
        csv += establishment;
        csv += ',';
        csv += wing;
        csv += ',';
        csv += cell;
        csv += ',';
        csv += Pick(kLegal, rng);
        csv += ',';
        csv += Pick(kCategory, rng);
        csv += ',';
        csv += Join(alerts, ";");
        csv += ',';
        csv += std::to_string(SmallCount(rng, 40, 10));
        csv += ',';
        csv += std::to_string(SmallCount(rng, 30, 8));
        csv += ',';
        csv += std::to_string(SmallCount(rng, 50, 15));
        csv += '\n';
    }
    return csv;
}

Result<DemoResult> LoadDemo(CliServices& s, const DemoOptions& options) {
    auto actor = domain::Actor::System();
    actor.source = "cli";
    WARDEN_TRY(IgnoreConflict(s.organisation.AddRegion(
        actor, {"YORKS", "Yorkshire and the Humber", "riu.yorkshire@justice.gov.uk"})));
    WARDEN_TRY(IgnoreConflict(
        s.organisation.AddRegion(actor, {"WALES", "Wales", "riu.wales@justice.gov.uk"})));

    std::vector<std::string> wing_codes;
    wing_codes.reserve(kWings.size());
    for (const auto& w : kWings) wing_codes.emplace_back(w.code);
    int per_establishment = options.prisoners / static_cast<int>(kEstablishments.size());
    std::vector<std::string> imported;  // establishments with new prisoners
    for (size_t i = 0; i < kEstablishments.size(); ++i) {
        const auto& e = kEstablishments[i];
        std::string lower = ToLower(e.code);
        domain::Establishment est{e.code,
                                  e.name,
                                  e.region,
                                  "tmpp.spoc." + lower + "@justice.gov.uk",
                                  "security." + lower + "@justice.gov.uk",
                                  e.phase,
                                  {}};
        WARDEN_TRY(IgnoreConflict(s.organisation.AddEstablishment(actor, est)));
        for (const auto& w : kWings) {
            WARDEN_TRY(s.organisation.SaveWing(actor, {e.code, w.code, w.kind, 0}));
        }
        auto csv = GeneratePrisonerCsv(e.code, wing_codes, per_establishment,
                                       options.seed + static_cast<unsigned>(i),
                                       static_cast<int>(i) * 100000);
        WARDEN_ASSIGN_OR_RETURN(auto result, s.prisoners.Import(actor, e.code, csv, false));
        if (!result.rejected.empty()) {
            return Error::Internal("demo data for " + std::string(e.code) +
                                   " was rejected at line " +
                                   std::to_string(result.rejected.front().line) + ": " +
                                   result.rejected.front().error);
        }
        if (result.inserted > 0) imported.emplace_back(e.code);
    }

    DemoResult out;
    for (const auto& u : kUsers) {
        std::string password =
            options.password.empty() ? s.secrets.RandomToken(12) : options.password;
        std::vector<std::string> caseload;
        if (*u.caseload) caseload = Split(u.caseload, ',');
        domain::NewUser nu{u.username, u.name,   std::string(u.username) + "@warden.example",
                           {u.role},   caseload, password};
        auto created = s.users.Create(actor, nu);
        if (!created) {
            if (created.error().code != ErrorCode::kConflict) return created.error();
            WARDEN_TRY(s.users.SetAccess(actor, u.username, {u.role}, caseload));
            WARDEN_TRY(s.users.SetDisabled(actor, u.username, false));
            WARDEN_TRY(s.users.ResetPassword(actor, u.username, password));
        }
        out.logins.push_back(
            {u.username, password, std::string(domain::RoleName(u.role)), u.caseload});
    }
    WARDEN_ASSIGN_OR_RETURN(out.summary, LoadTmpp(s, imported));
    std::vector<std::string> phased;
    for (const auto& e : kEstablishments) {
        if (e.phase > 0) phased.emplace_back(e.code);
    }
    WARDEN_ASSIGN_OR_RETURN(auto handsets, LoadDemoHandsets(s, phased, wing_codes));
    out.summary += "\n" + handsets;
    WARDEN_ASSIGN_OR_RETURN(auto incidents, LoadDemoIncidents(s, phased, options.public_url));
    out.summary += "\n" + incidents;
    WARDEN_ASSIGN_OR_RETURN(auto demand, LoadDemandDemo(s));
    out.summary += "\n" + demand;
    return out;
}

}  // namespace warden::cli
