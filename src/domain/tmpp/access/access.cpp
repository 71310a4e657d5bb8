#include "domain/tmpp/access/access.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "core/strings.hpp"

namespace warden::domain {

namespace {

constexpr std::array<std::string_view, 6> kNeedNames = {
    "ISOLATING", "SHIELDING", "REVERSE_COHORT", "NO_SAFE_FIXED_PHONE", "FIXED_PHONES_OUT_OF_ORDER",
    "OTHER",
};

constexpr std::array<std::string_view, 7> kStateNames = {
    "NONE", "REQUESTED", "COMPACT_SIGNED", "ASSESSED", "GRANTED", "WITHDRAWN", "ENDED",
};

// Escapes tab, newline and backslash so that a field fits in one EncodeFiredRules cell.
std::string Escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string Unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            char n = s[++i];
            out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string_view NeedKindName(NeedKind kind) { return kNeedNames[static_cast<size_t>(kind)]; }

std::optional<NeedKind> ParseNeedKind(std::string_view name) {
    const std::string upper = ToUpper(Trim(name));
    for (size_t i = 0; i < kNeedNames.size(); ++i) {
        if (upper == kNeedNames[i]) return static_cast<NeedKind>(i);
    }
    return std::nullopt;
}

const std::vector<NeedKind>& AllNeedKinds() {
    static const std::vector<NeedKind> all = {
        NeedKind::kIsolating,
        NeedKind::kShielding,
        NeedKind::kReverseCohort,
        NeedKind::kNoSafeFixedPhone,
        NeedKind::kFixedPhonesOutOfOrder,
        NeedKind::kOther,
    };
    return all;
}

std::string_view AccessStateName(AccessState state) {
    return kStateNames[static_cast<size_t>(state)];
}

std::optional<AccessState> ParseAccessState(std::string_view name) {
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (name == kStateNames[i]) return static_cast<AccessState>(i);
    }
    return std::nullopt;
}

const std::vector<PhaseRule>& DefaultPhaseTable() {
    static const std::vector<PhaseRule> table = [] {
        const std::vector<NeedKind> phase1 = {NeedKind::kIsolating, NeedKind::kShielding,
                                              NeedKind::kReverseCohort};
        std::vector<NeedKind> phase2 = phase1;
        phase2.push_back(NeedKind::kNoSafeFixedPhone);
        return std::vector<PhaseRule>{
            {0, {}, {}, {}},
            {1, phase1, {RiskBand::kGreen}, {}},
            {2, phase2, {RiskBand::kGreen, RiskBand::kAmber}, {std::string(kSupervisedUse)}},
            {3, AllNeedKinds(), {RiskBand::kGreen, RiskBand::kAmber}, {}},
        };
    }();
    return table;
}

std::optional<PhaseRule> FindPhase(const std::vector<PhaseRule>& table, int phase) {
    for (const auto& rule : table) {
        if (rule.phase == phase) return rule;
    }
    return std::nullopt;
}

Result<std::vector<PhaseRule>> ValidatePhaseTable(const std::vector<PhaseRule>& phases) {
    constexpr int kPhases = 3;
    std::vector<FieldError> errors;
    std::vector<PhaseRule> table = {PhaseRule{0, {}, {}, {}}};
    for (int phase = 1; phase <= kPhases; ++phase) {
        const std::string name = "phase" + std::to_string(phase);
        const std::string in_phase = " in phase " + std::to_string(phase);
        const PhaseRule* given = nullptr;
        int count = 0;
        for (const auto& r : phases) {
            if (r.phase == phase) {
                given = &r;
                ++count;
            }
        }
        if (count != 1) {
            errors.push_back(
                {"phases", count == 0 ? "Give phase " + std::to_string(phase)
                                      : "Give phase " + std::to_string(phase) + " only once"});
            continue;
        }
        PhaseRule rule;
        rule.phase = phase;
        for (auto kind : AllNeedKinds()) {
            if (std::find(given->needs.begin(), given->needs.end(), kind) != given->needs.end()) {
                rule.needs.push_back(kind);
            }
        }
        if (rule.needs.empty()) {
            errors.push_back(
                {name + "_needs", "Choose at least one need that qualifies" + in_phase});
        }
        const bool red = std::find(given->bands.begin(), given->bands.end(), RiskBand::kRed) !=
                         given->bands.end();
        for (auto band : {RiskBand::kGreen, RiskBand::kAmber}) {
            if (std::find(given->bands.begin(), given->bands.end(), band) != given->bands.end()) {
                rule.bands.push_back(band);
            }
        }
        if (red) {
            errors.push_back(
                {name + "_bands", "RED is never granted: choose GREEN or AMBER" + in_phase});
        } else if (rule.bands.empty()) {
            errors.push_back(
                {name + "_bands", "Choose at least one band that may be granted" + in_phase});
        }
        const bool amber =
            std::find(rule.bands.begin(), rule.bands.end(), RiskBand::kAmber) != rule.bands.end();
        bool conditions_ok = true;
        for (const auto& c : given->amber_conditions) {
            if (c != kSupervisedUse) {
                errors.push_back({name + "_amber", "The only condition AMBER can require is " +
                                                       std::string(kSupervisedUse)});
                conditions_ok = false;
                break;
            }
        }
        if (conditions_ok && !given->amber_conditions.empty()) {
            if (!amber) {
                errors.push_back(
                    {name + "_amber", "Supervised use is a condition of AMBER: allow AMBER" +
                                          in_phase + " or untick it"});
            } else {
                rule.amber_conditions = {std::string(kSupervisedUse)};
            }
        }
        table.push_back(std::move(rule));
    }
    for (const auto& r : phases) {
        if (r.phase < 1 || r.phase > kPhases) {
            errors.push_back({"phases", "There are phases 1 to 3 (phase 0 is always none)"});
            break;
        }
    }
    if (!errors.empty()) {
        std::string message = errors.front().message;
        return Error::Invalid(std::move(message), std::move(errors));
    }
    return table;
}

std::optional<std::string> PhaseRuleProblem(const std::optional<PhaseRule>& rule, int phase,
                                            RiskBand band, const std::vector<Need>& needs,
                                            const std::vector<std::string>& conditions) {
    if (band == RiskBand::kRed) return "RED is never granted";
    const std::string in_phase = " in phase " + std::to_string(phase);
    if (!rule || rule->bands.empty() || rule->needs.empty()) {
        return "TMPP is not in use" + in_phase;
    }
    if (std::find(rule->bands.begin(), rule->bands.end(), band) == rule->bands.end()) {
        return "band " + std::string(RiskBandName(band)) + " is not allowed" + in_phase;
    }
    bool qualifies = false;
    std::vector<std::string> kinds;
    for (const auto& n : needs) {
        if (std::find(rule->needs.begin(), rule->needs.end(), n.kind) != rule->needs.end()) {
            qualifies = true;
        }
        std::string name(NeedKindName(n.kind));
        if (std::find(kinds.begin(), kinds.end(), name) == kinds.end()) kinds.push_back(name);
    }
    if (!qualifies) {
        if (kinds.empty()) return "no need is recorded" + in_phase;
        return (kinds.size() == 1 ? "need " + kinds[0] + " does not qualify"
                                  : "needs " + Join(kinds, ", ") + " do not qualify") +
               in_phase;
    }
    if (band == RiskBand::kAmber) {
        for (const auto& c : rule->amber_conditions) {
            if (std::find(conditions.begin(), conditions.end(), c) == conditions.end()) {
                return "band AMBER needs the condition " + c + in_phase;
            }
        }
    }
    return std::nullopt;
}

bool QueueMatches(const TmppQueueEntry& e, const QueueQuery& query) {
    if (!query.wing.empty() && e.prisoner.wing != query.wing) return false;
    if (query.state && e.state != *query.state) return false;
    return !query.band ||
           (e.recommendation && e.recommendation->recommendation.band == *query.band);
}

namespace {

int BandRank(const TmppQueueEntry& e) {
    return e.recommendation ? static_cast<int>(e.recommendation->recommendation.band) : -1;
}

int Score(const TmppQueueEntry& e) {
    return e.recommendation ? e.recommendation->recommendation.score : -1;
}

bool QueueAscending(const TmppQueueEntry& a, const TmppQueueEntry& b, const std::string& sort) {
    const Prisoner& pa = a.prisoner;
    const Prisoner& pb = b.prisoner;
    if (sort == "name") {
        return std::tie(pa.last_name, pa.first_name, pa.prison_number) <
               std::tie(pb.last_name, pb.first_name, pb.prison_number);
    }
    if (sort == "wing") {
        return std::tie(pa.wing, pa.cell, pa.prison_number) <
               std::tie(pb.wing, pb.cell, pb.prison_number);
    }
    if (sort == "state") {
        return std::make_pair(static_cast<int>(a.state), pa.prison_number) <
               std::make_pair(static_cast<int>(b.state), pb.prison_number);
    }
    if (sort == "band") {
        return std::make_tuple(BandRank(a), Score(a), pa.prison_number) <
               std::make_tuple(BandRank(b), Score(b), pb.prison_number);
    }
    if (sort == "score") {
        return std::make_pair(Score(a), pa.prison_number) <
               std::make_pair(Score(b), pb.prison_number);
    }
    return pa.prison_number < pb.prison_number;
}

}  // namespace

bool QueueBefore(const TmppQueueEntry& a, const TmppQueueEntry& b, const QueueQuery& query) {
    return query.descending ? QueueAscending(b, a, query.sort) : QueueAscending(a, b, query.sort);
}

bool RecommendationConfirmable(const std::optional<StoredRecommendation>& rec,
                               const std::optional<RiskDecision>& decision, TimePoint now) {
    if (!rec) return false;
    const bool in_force = decision && now < decision->expires_at && !decision->needs_review;
    return !(in_force && decision->decided_at >= rec->assessed_at);
}

std::optional<std::string> GrantPhaseProblem(const std::optional<PhaseRule>& rule, int phase,
                                             const TmppQueueEntry& entry) {
    if (!entry.grant) return std::nullopt;
    std::vector<Need> needs;
    for (auto kind : entry.needs) {
        Need& n = needs.emplace_back();
        n.prison_number = entry.prisoner.prison_number;
        n.kind = kind;
    }
    return PhaseRuleProblem(rule, phase, entry.grant->band, needs, entry.grant->conditions);
}

std::string RiskInputsFingerprint(const Prisoner& p) {
    std::string out;
    out += LegalStatusName(p.legal_status);
    out += '|';
    out += SecurityCategoryName(p.security_category);
    out += '|';
    out += Join(p.alerts, ";");
    out += '|' + std::to_string(p.phone_finds_12m) + '|' +
           std::to_string(p.phone_adjudications_12m) + '|' + std::to_string(p.phone_intel_12m);
    return out;
}

std::string EncodeFiredRules(const std::vector<FiredRule>& fired) {
    std::string out;
    for (const auto& f : fired) {
        if (!out.empty()) out += '\n';
        out += Escape(f.rule_id);
        out += '\t';
        out += std::to_string(f.points);
        out += f.forces_red ? "\t1\t" : "\t0\t";
        out += Escape(f.evidence);
    }
    return out;
}

Result<std::vector<FiredRule>> DecodeFiredRules(std::string_view text) {
    std::vector<FiredRule> out;
    if (text.empty()) return out;
    for (const auto& line : Split(text, '\n')) {
        auto cells = Split(line, '\t');
        if (cells.size() != 4 || (cells[2] != "0" && cells[2] != "1")) {
            return Error::Internal("stored fired rule '" + line + "' is malformed");
        }
        FiredRule f;
        f.rule_id = Unescape(cells[0]);
        try {
            f.points = std::stoi(cells[1]);
        } catch (...) {
            return Error::Internal("stored fired rule '" + line + "' has bad points");
        }
        f.forces_red = cells[2] == "1";
        f.evidence = Unescape(cells[3]);
        out.push_back(std::move(f));
    }
    return out;
}

std::string JoinNeeds(const std::vector<NeedKind>& needs) {
    std::vector<std::string> names;
    names.reserve(needs.size());
    for (auto n : needs) names.emplace_back(NeedKindName(n));
    return Join(names, ",");
}

Result<std::vector<NeedKind>> SplitNeeds(std::string_view text) {
    std::vector<NeedKind> out;
    for (const auto& name : SplitList(text)) {
        auto kind = ParseNeedKind(name);
        if (!kind) return Error::Internal("stored need '" + name + "' is unknown");
        out.push_back(*kind);
    }
    return out;
}

std::string JoinBands(const std::vector<RiskBand>& bands) {
    std::vector<std::string> names;
    names.reserve(bands.size());
    for (auto b : bands) names.emplace_back(RiskBandName(b));
    return Join(names, ",");
}

Result<std::vector<RiskBand>> SplitBands(std::string_view text) {
    std::vector<RiskBand> out;
    for (const auto& name : SplitList(text)) {
        auto band = ParseRiskBand(name);
        if (!band) return Error::Internal("stored band '" + name + "' is unknown");
        out.push_back(*band);
    }
    return out;
}

std::string JoinList(const std::vector<std::string>& items) { return Join(items, ","); }

std::vector<std::string> SplitList(std::string_view text) {
    if (text.empty()) return {};
    return Split(text, ',');
}

}  // namespace warden::domain
