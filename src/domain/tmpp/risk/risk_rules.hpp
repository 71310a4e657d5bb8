#pragma once
// The TMPP risk rules: a versioned, plain-text rules file, parsed and strictly validated
// (DOMAIN.md, "TMPP: the risk algorithm"). The shipped defaults are rules/risk-rules-default.txt,
// embedded in the binary as DefaultRiskRulesText().
//
// File format (the default file documents it at its top, too):
//   # a comment line (only at the start of a line); blank lines are ignored
//   version default-1                      1 to 32 of [A-Za-z0-9._-]; once, before any rule
//   band amber_at=30 red_at=60             1 <= amber_at < red_at <= 1000000; once, before any rule
//   rule id=<id> kind=<kind> <condition fields> points=<n>|red [cap=<n>] description=<text>
// Rule fields are name=value separated by spaces; lists are comma-separated without spaces;
// description= is last and takes the rest of the line. Kinds and their condition fields:
//   alert         codes=<C1,...> and/or prefixes=<P1,...>; per=once|each (needed unless red)
//   category      categories=<A,B,C,D,YOI,U>
//   legal_status  statuses=<REMAND,CONVICTED_UNSENTENCED,...> (NOMIS codes)
//   count         input=phone_finds_12m|phone_adjudications_12m|phone_intel_12m (scores per one)
//   flag          input=previous_tmpp_tampering (a fact the caller supplies)
// points is 0..1000, or "red" (RED whatever the score, no points, no cap). cap (>= points, at most
// 1000000) is allowed only for kind=count and per=each alerts. Rules apply in file order.
//
// A prefix matches any alert code that starts with it (prefix P1 matches P1 and P1X). MAPPA
// "P-series" alerts are expressed as prefixes (default P1, P2, P3: MAPPA levels 1 to 3); PPRC is
// deliberately not MAPPA: it is the contact-restriction code, which forces RED.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/prisoners/prisoner.hpp"

namespace warden::domain {

/// The recommended (or decided) TMPP risk band.
enum class RiskBand { kGreen, kAmber, kRed };
/// "GREEN", "AMBER", "RED".
std::string_view RiskBandName(RiskBand band);
/// Parses "GREEN"/"AMBER"/"RED", case-insensitive.
std::optional<RiskBand> ParseRiskBand(std::string_view s);

/// What a rule looks at.
enum class RiskRuleKind { kAlert, kCategory, kLegalStatus, kCount, kFlag };
/// "alert", "category", "legal_status", "count", "flag".
std::string_view RiskRuleKindName(RiskRuleKind kind);

/// A numeric or yes/no input of a count or flag rule.
enum class RiskInput {
    kPhoneFinds12m,
    kPhoneAdjudications12m,
    kPhoneIntel12m,
    kPreviousTmppTampering,
};
/// "phone_finds_12m", ..., "previous_tmpp_tampering".
std::string_view RiskInputName(RiskInput input);

/// One rule of a rules file.
struct RiskRule {
    std::string id;
    RiskRuleKind kind = RiskRuleKind::kFlag;
    std::vector<std::string> codes;            // alert: exact codes, upper case, file order
    std::vector<std::string> prefixes;         // alert: code prefixes, upper case, file order
    bool per_each = false;                     // alert: every matching alert scores (else once)
    std::vector<SecurityCategory> categories;  // category
    std::vector<LegalStatus> statuses;         // legal_status
    RiskInput input = RiskInput::kPreviousTmppTampering;  // count, flag
    bool forces_red = false;                              // points=red
    int points = 0;                                       // 0 when forces_red
    std::optional<int> cap;                               // count and per=each alerts only
    std::string description;                              // plain English
    int line = 0;                                         // line in the source file
};

/// A parsed, valid rules file.
struct RiskRules {
    std::string version;
    int amber_at = 30;
    int red_at = 60;
    std::vector<RiskRule> rules;  // file order
};

/// Parses and validates a rules file; kInvalidInput "line N: problem" on the first problem found.
Result<RiskRules> ParseRiskRules(std::string_view text);

/// The text of the shipped defaults (identical to rules/risk-rules-default.txt).
std::string_view DefaultRiskRulesText();

/// The shipped defaults, parsed.
const RiskRules& DefaultRiskRules();

/// The band of a score under the rules' thresholds (RED rules aside).
RiskBand BandForScore(const RiskRules& rules, int score);

/// One rule in plain English, for the transparency page.
struct RuleSentence {
    std::string id;
    std::string text;       // "Unauthorised phone or SIM finds ...: 40 points each, at most 80."
    std::string condition;  // exactly what is matched: "phone_finds_12m", "alert XEL", ...
};

/// One plain-English sentence per rule, in file order.
std::vector<RuleSentence> DescribeRules(const RiskRules& rules);

/// How the score becomes a band, in plain English.
std::string DescribeBands(const RiskRules& rules);

}  // namespace warden::domain
