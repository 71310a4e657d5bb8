#include <algorithm>
#include <array>
#include <random>
#include <sstream>

#include "cli/cli.hpp"
#include "core/strings.hpp"

namespace warden::cli {
namespace {

using domain::LocationKind;
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
    DemoUser{"monitoring", "Morgan Monitoring", Role::kMonitoring, ""},
    DemoUser{"reviewer", "Riley Reviewer", Role::kDigitalReviewer, ""},
};

Status IgnoreConflict(Status s) {
    if (!s && s.error().code == ErrorCode::kConflict) return Ok();
    return s;
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

Result<std::vector<DemoLogin>> LoadDemo(CliServices& s, const DemoOptions& options) {
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
    }

    std::vector<DemoLogin> logins;
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
        logins.push_back({u.username, password, std::string(domain::RoleName(u.role)), u.caseload});
    }
    return logins;
}

}  // namespace warden::cli
