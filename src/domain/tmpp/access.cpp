#include "domain/tmpp/access.hpp"

#include <array>

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
