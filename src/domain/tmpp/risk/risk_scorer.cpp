#include "domain/tmpp/risk/risk_scorer.hpp"

#include <algorithm>
#include <charconv>
#include <climits>

namespace warden::domain {

namespace {

constexpr size_t kFiredReserve = 4;

void AppendInt(std::string& out, std::int64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, static_cast<size_t>(end - buf));
}

// " (40 × 3)" or " (40 × 3, capped at 80)".
void AppendArithmetic(std::string& out, int points, std::int64_t n, bool capped, std::int64_t cap) {
    out += " (";
    AppendInt(out, points);
    out += " \xC3\x97 ";  // ×
    AppendInt(out, n);
    if (capped) {
        out += ", capped at ";
        AppendInt(out, cap);
    }
    out += ')';
}

std::int64_t CountOf(const Prisoner& p, RiskInput input) {
    int n = 0;
    switch (input) {
        case RiskInput::kPhoneFinds12m:
            n = p.phone_finds_12m;
            break;
        case RiskInput::kPhoneAdjudications12m:
            n = p.phone_adjudications_12m;
            break;
        case RiskInput::kPhoneIntel12m:
            n = p.phone_intel_12m;
            break;
        case RiskInput::kPreviousTmppTampering:
            break;
    }
    return n > 0 ? n : 0;  // a negative count is bad data: it scores nothing
}

std::uint32_t Bit(int i) { return std::uint32_t{1} << i; }

}  // namespace

RiskScorer::RiskScorer(RiskRules rules) : rules_(std::move(rules)) {
    compiled_.reserve(rules_.rules.size());
    for (const RiskRule& r : rules_.rules) {
        Compiled c{};
        c.kind = r.kind;
        c.input = r.input;
        c.forces_red = r.forces_red;
        c.per_each = r.per_each;
        c.points = r.forces_red ? 0 : r.points;
        c.cap = r.cap ? *r.cap : -1;
        for (SecurityCategory cat : r.categories) c.category_mask |= Bit(static_cast<int>(cat));
        for (LegalStatus st : r.statuses) c.status_mask |= Bit(static_cast<int>(st));
        c.sorted_codes = r.codes;
        std::sort(c.sorted_codes.begin(), c.sorted_codes.end());
        c.prefixes = r.prefixes;
        compiled_.push_back(std::move(c));
    }
}

bool RiskScorer::AlertMatches(const Compiled& c, const std::string& alert) {
    if (std::binary_search(c.sorted_codes.begin(), c.sorted_codes.end(), alert)) return true;
    for (const std::string& prefix : c.prefixes) {
        if (alert.size() >= prefix.size() && alert.compare(0, prefix.size(), prefix) == 0) {
            return true;
        }
    }
    return false;
}

void RiskScorer::ScoreInto(const Prisoner& p, const RiskInputs& extra, Recommendation& out) const {
    out.rules_version = rules_.version;
    out.fired.clear();
    std::int64_t total = 0;
    bool red = false;

    for (size_t i = 0; i < compiled_.size(); ++i) {
        const Compiled& c = compiled_[i];
        std::int64_t points = 0;
        std::string evidence;
        switch (c.kind) {
            case RiskRuleKind::kAlert: {
                std::int64_t matches = 0;
                for (const std::string& a : p.alerts) matches += AlertMatches(c, a) ? 1 : 0;
                if (matches == 0) continue;
                evidence.reserve(16 + 8 * static_cast<size_t>(matches));
                evidence += matches == 1 ? "alert " : "alerts ";
                bool first = true;
                for (const std::string& a : p.alerts) {
                    if (!AlertMatches(c, a)) continue;
                    if (!first) evidence += ", ";
                    evidence += a;
                    first = false;
                }
                if (c.forces_red) break;
                if (c.per_each) {
                    points = c.points * matches;
                    bool capped = c.cap >= 0 && points > c.cap;
                    if (capped) points = c.cap;
                    AppendArithmetic(evidence, c.points, matches, capped, c.cap);
                } else {
                    points = c.points;
                }
                break;
            }
            case RiskRuleKind::kCategory: {
                if ((c.category_mask & Bit(static_cast<int>(p.security_category))) == 0) {
                    continue;
                }
                evidence = "category ";
                evidence += SecurityCategoryName(p.security_category);
                points = c.points;
                break;
            }
            case RiskRuleKind::kLegalStatus: {
                if ((c.status_mask & Bit(static_cast<int>(p.legal_status))) == 0) continue;
                evidence = "legal status ";
                evidence += LegalStatusName(p.legal_status);
                points = c.points;
                break;
            }
            case RiskRuleKind::kCount: {
                std::int64_t n = CountOf(p, c.input);
                if (n == 0) continue;
                evidence.reserve(48);
                evidence += RiskInputName(c.input);
                evidence += " = ";
                AppendInt(evidence, n);
                if (c.forces_red) break;
                points = c.points * n;
                bool capped = c.cap >= 0 && points > c.cap;
                if (capped) points = c.cap;
                AppendArithmetic(evidence, c.points, n, capped, c.cap);
                break;
            }
            case RiskRuleKind::kFlag: {
                bool set =
                    c.input == RiskInput::kPreviousTmppTampering && extra.previous_tmpp_tampering;
                if (!set) continue;
                evidence = RiskInputName(c.input);
                evidence += " = yes";
                if (!extra.tampering_references.empty()) {
                    evidence += " (";
                    evidence += extra.tampering_references;
                    evidence += ')';
                }
                points = c.points;
                break;
            }
        }
        if (out.fired.empty()) out.fired.reserve(kFiredReserve);
        red = red || c.forces_red;
        total += points;
        out.fired.push_back(FiredRule{rules_.rules[i].id, static_cast<int>(points), c.forces_red,
                                      std::move(evidence)});
    }
    out.score = static_cast<int>(std::min<std::int64_t>(total, INT_MAX));
    out.band = red ? RiskBand::kRed : BandForScore(rules_, out.score);
}

Recommendation RiskScorer::Score(const Prisoner& p, const RiskInputs& extra) const {
    Recommendation r;
    ScoreInto(p, extra, r);
    return r;
}

std::vector<Recommendation> RiskScorer::ScoreMany(
    const std::vector<Prisoner>& prisoners,
    const std::function<RiskInputs(const Prisoner&)>& inputs) const {
    std::vector<Recommendation> out(prisoners.size());
    const RiskInputs none{};
    for (size_t i = 0; i < prisoners.size(); ++i) {
        if (inputs) {
            ScoreInto(prisoners[i], inputs(prisoners[i]), out[i]);
        } else {
            ScoreInto(prisoners[i], none, out[i]);
        }
    }
    return out;
}

}  // namespace warden::domain
