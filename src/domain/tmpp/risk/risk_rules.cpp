#include "domain/tmpp/risk/risk_rules.hpp"

#include <iterator>
#include <map>
#include <stdexcept>

#include "core/strings.hpp"

namespace warden::domain {

namespace {

// The shipped defaults: byte for byte rules/risk-rules-default.txt (a unit test checks it).
constexpr std::string_view kDefaultRulesText =
    R"rules(# Warden TMPP risk rules: the shipped defaults (DOMAIN.md, "TMPP: the risk algorithm").
#
# The risk algorithm recommends a band (GREEN, AMBER or RED) for each prisoner. A Security user
# confirms or overrides it. An ADMIN can replace this file with their own; every result stores the
# version of the rules that produced it.
#
# FORMAT (plain text, UTF-8)
#   - A line that starts with '#' is a comment; blank lines are ignored.
#   - Header lines come before the first rule, each exactly once:
#       version <text>                     1 to 32 letters, digits, '.', '_' or '-'
#       band amber_at=<n> red_at=<n>       score thresholds, 1 <= amber_at < red_at
#   - Then one rule per line: the word "rule", then fields written as name=value, separated by
#     spaces. Lists are comma-separated with no spaces. description= comes last and takes the rest
#     of the line. The rules are applied, and shown, in the order of this file.
#       rule id=<id> kind=<kind> <condition fields> points=<n>|red [cap=<n>] description=<text>
#     id           lower-case letters, digits and '_' (1 to 40), unique in the file
#     kind         what the rule looks at, with its condition fields:
#                    alert         codes=<codes> and/or prefixes=<prefixes>: the prisoner has an
#                                  alert whose code is listed, or starts with a listed prefix;
#                                  per=once (the rule scores once) or per=each (every matching
#                                  alert scores); per is needed unless points=red
#                    category      categories=<A,B,C,D,YOI,U>: the security category is listed
#                    legal_status  statuses=<REMAND,...>: the NOMIS legal status is listed
#                    count         input=phone_finds_12m | phone_adjudications_12m |
#                                  phone_intel_12m: every one counted scores
#                    flag          input=previous_tmpp_tampering: a fact the caller supplies
#     points       0 to 1000 points when the rule fires, or "red": the band is RED whatever the
#                  score (a RED rule adds no points)
#     cap          the most points the rule can add (at least points); only for kind=count and
#                  per=each alerts; without a cap there is no limit
#     description  plain English, shown on the transparency page
#   - Score = the sum of the points of every rule that fires. Band: RED if a "red" rule fired or the
#     score is at least red_at; else AMBER if the score is at least amber_at; else GREEN.
#
# MAPPA: a MAPPA "P-series" alert is an alert whose code starts with one of the prefixes of the
# terrorism_or_mappa rule (P1, P2, P3: MAPPA levels 1 to 3). PPRC is not a MAPPA alert: it is the
# public protection contact-restriction code, and the contact_restrictions rule makes it RED.

version default-1
band amber_at=30 red_at=60

rule id=contact_restrictions kind=alert codes=PPRC,C1,C2,C3,C4,CC1,CC2,CC3,CC4,OHCO,ONCR points=red description=Contact restriction alert (PPRC, C1 to C4, CC1 to CC4, OHCO, ONCR)
rule id=category_a kind=category categories=A points=red description=Category A
rule id=escape_list kind=alert codes=XEL points=red description=On the escape list (alert XEL)
rule id=previous_tampering kind=flag input=previous_tmpp_tampering points=red description=A previous TMPP tampering incident
rule id=phone_finds kind=count input=phone_finds_12m points=40 cap=80 description=Unauthorised phone or SIM finds in the last 12 months
rule id=phone_adjudications kind=count input=phone_adjudications_12m points=25 cap=50 description=Phone-related adjudications in the last 12 months
rule id=phone_intel kind=count input=phone_intel_12m points=15 cap=45 description=Phone-related intelligence reports in the last 12 months
rule id=serious_harm_alerts kind=alert codes=XOCGN,RSP,RDV per=each points=30 description=Alert XOCGN (organised crime), RSP (stalking) or RDV (domestic violence)
rule id=terrorism_or_mappa kind=alert codes=XTACT prefixes=P1,P2,P3 per=once points=30 description=Alert XTACT (terrorism act) or a MAPPA P-series alert
rule id=remand kind=legal_status statuses=REMAND points=10 description=On remand (unconvicted)
rule id=category_b kind=category categories=B points=15 description=Category B
)rules";

constexpr size_t kMaxFileBytes = 64 * 1024;
constexpr size_t kMaxRules = 100;
constexpr size_t kMaxVersionLength = 32;
constexpr size_t kMaxIdLength = 40;
constexpr size_t kMaxCodeLength = 10;
constexpr size_t kMaxListItems = 50;
constexpr size_t kMaxDescriptionLength = 200;
constexpr int kMaxPoints = 1000;
constexpr int kMaxCapOrThreshold = 1000000;

constexpr std::string_view kBandNames[] = {"GREEN", "AMBER", "RED"};

struct KindEntry {
    RiskRuleKind kind;
    std::string_view name;
};
constexpr KindEntry kKinds[] = {
    {RiskRuleKind::kAlert, "alert"},
    {RiskRuleKind::kCategory, "category"},
    {RiskRuleKind::kLegalStatus, "legal_status"},
    {RiskRuleKind::kCount, "count"},
    {RiskRuleKind::kFlag, "flag"},
};

struct InputEntry {
    RiskInput input;
    std::string_view name;
    RiskRuleKind kind;  // the kind of rule that reads it
};
constexpr InputEntry kInputs[] = {
    {RiskInput::kPhoneFinds12m, "phone_finds_12m", RiskRuleKind::kCount},
    {RiskInput::kPhoneAdjudications12m, "phone_adjudications_12m", RiskRuleKind::kCount},
    {RiskInput::kPhoneIntel12m, "phone_intel_12m", RiskRuleKind::kCount},
    {RiskInput::kPreviousTmppTampering, "previous_tmpp_tampering", RiskRuleKind::kFlag},
};

// Every field name a rule line may use.
constexpr std::string_view kRuleFields[] = {"id",     "kind",       "codes",      "prefixes",
                                            "per",    "categories", "statuses",   "input",
                                            "points", "cap",        "description"};

struct Field {
    std::string_view name;
    std::string_view value;
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string Quote(std::string_view s) {
    constexpr size_t kMaxShown = 40;
    if (s.size() > kMaxShown) return "'" + std::string(s.substr(0, kMaxShown)) + "...'";
    return "'" + std::string(s) + "'";
}

Error LineError(int line, const std::string& problem) {
    return Error::Invalid("line " + std::to_string(line) + ": " + problem);
}

// "a, b or c".
std::string OrList(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
        out += items[i];
    }
    return out;
}

std::string PointsText(int points) {
    return std::to_string(points) + (points == 1 ? " point" : " points");
}

// Splits `rest` into name=value fields separated by spaces; "description=" takes the rest.
Result<std::vector<Field>> SplitFields(std::string_view rest, int line) {
    std::vector<Field> fields;
    size_t i = 0;
    while (true) {
        while (i < rest.size() && IsSpace(rest[i])) ++i;
        if (i >= rest.size()) break;
        size_t end = i;
        while (end < rest.size() && !IsSpace(rest[end])) ++end;
        std::string_view token = rest.substr(i, end - i);
        size_t eq = token.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            return LineError(line, Quote(token) + " is not a field written as name=value");
        }
        Field f{token.substr(0, eq), token.substr(eq + 1)};
        if (f.name == "description") {
            f.value = Trim(rest.substr(i + eq + 1));
            fields.push_back(f);
            break;
        }
        fields.push_back(f);
        i = end;
    }
    return fields;
}

// Parses a whole number in [min, max] for `name`.
Result<int> ParseNumber(std::string_view name, std::string_view value, int min, int max, int line) {
    if (!value.empty() && value[0] == '-') {
        return LineError(line,
                         std::string(name) + " must not be negative (got " + Quote(value) + ")");
    }
    int n = ParseNonNegativeInt(value);
    if (n < min || n > max) {
        return LineError(line, std::string(name) + " " + Quote(value) +
                                   " must be a whole number from " + std::to_string(min) + " to " +
                                   std::to_string(max));
    }
    return n;
}

// Splits a comma-separated list; no empty items, at most kMaxListItems.
Result<std::vector<std::string>> ParseList(std::string_view name, std::string_view value,
                                           int line) {
    std::vector<std::string> items;
    if (value.empty()) return LineError(line, std::string(name) + " is empty");
    for (const std::string& item : Split(value, ',')) {
        if (item.empty()) {
            return LineError(line, std::string(name) + " has an empty item in " + Quote(value));
        }
        items.push_back(item);
    }
    if (items.size() > kMaxListItems) {
        return LineError(
            line, std::string(name) + " has more than " + std::to_string(kMaxListItems) + " items");
    }
    return items;
}

// An alert code or prefix: 1 to 10 letters or digits; returned upper case.
Result<std::vector<std::string>> ParseCodes(std::string_view name, std::string_view value,
                                            int line) {
    WARDEN_ASSIGN_OR_RETURN(std::vector<std::string> items, ParseList(name, value, line));
    for (std::string& item : items) {
        bool ok = item.size() <= kMaxCodeLength;
        for (char c : item) {
            ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
        }
        if (!ok) {
            return LineError(line, std::string(name) + ": " + Quote(item) +
                                       " is not an alert code (1 to 10 letters or digits)");
        }
        item = ToUpper(item);
    }
    for (size_t i = 0; i < items.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (items[i] == items[j]) {
                return LineError(line, std::string(name) + ": " + items[i] + " is listed twice");
            }
        }
    }
    return items;
}

// Enum items parsed by `parse`, no duplicates.
template <typename T, typename Parse>
Result<std::vector<T>> ParseEnumList(std::string_view name, std::string_view value, int line,
                                     Parse parse, std::string_view expected) {
    WARDEN_ASSIGN_OR_RETURN(std::vector<std::string> items, ParseList(name, value, line));
    std::vector<T> out;
    for (const std::string& item : items) {
        std::optional<T> v = parse(item);
        if (!v) {
            return LineError(line, std::string(name) + ": unknown value " + Quote(item) +
                                       " (expected " + std::string(expected) + ")");
        }
        for (T seen : out) {
            if (seen == *v) {
                return LineError(line, std::string(name) + ": " + item + " is listed twice");
            }
        }
        out.push_back(*v);
    }
    return out;
}

bool IsRuleId(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

bool IsVersion(std::string_view v) {
    if (v.empty() || v.size() > kMaxVersionLength) return false;
    for (char c : v) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

// Which fields a kind accepts beyond id, kind, points, cap and description.
bool FieldAppliesToKind(std::string_view name, RiskRuleKind kind) {
    if (name == "id" || name == "kind" || name == "points" || name == "cap" ||
        name == "description") {
        return true;
    }
    switch (kind) {
        case RiskRuleKind::kAlert:
            return name == "codes" || name == "prefixes" || name == "per";
        case RiskRuleKind::kCategory:
            return name == "categories";
        case RiskRuleKind::kLegalStatus:
            return name == "statuses";
        case RiskRuleKind::kCount:
        case RiskRuleKind::kFlag:
            return name == "input";
    }
    return false;
}

std::string InputNames(RiskRuleKind kind) {
    std::vector<std::string> names;
    for (const auto& entry : kInputs) {
        if (entry.kind == kind) names.emplace_back(entry.name);
    }
    return OrList(names);
}

// Parses the fields of one "rule" line.
Result<RiskRule> ParseRule(std::string_view rest, int line) {
    WARDEN_ASSIGN_OR_RETURN(std::vector<Field> fields, SplitFields(rest, line));
    std::map<std::string_view, std::string_view> by_name;
    for (const Field& f : fields) {
        bool known = false;
        for (std::string_view name : kRuleFields) known = known || name == f.name;
        if (!known) return LineError(line, "unknown field " + Quote(f.name));
        if (!by_name.emplace(f.name, f.value).second) {
            return LineError(line, "field " + Quote(f.name) + " is given twice");
        }
    }
    auto get = [&](std::string_view name) -> std::optional<std::string_view> {
        auto it = by_name.find(name);
        if (it == by_name.end()) return std::nullopt;
        return it->second;
    };

    RiskRule rule;
    rule.line = line;
    auto id = get("id");
    if (!id) return LineError(line, "the rule has no id=");
    if (!IsRuleId(*id)) {
        return LineError(line,
                         "id " + Quote(*id) + " must be 1 to 40 lower-case letters, digits or '_'");
    }
    rule.id = std::string(*id);

    auto kind = get("kind");
    if (!kind) return LineError(line, "rule " + rule.id + " has no kind=");
    bool kind_found = false;
    for (const auto& entry : kKinds) {
        if (entry.name == *kind) {
            rule.kind = entry.kind;
            kind_found = true;
        }
    }
    if (!kind_found) {
        return LineError(line, "unknown kind " + Quote(*kind) +
                                   " (expected alert, category, legal_status, count or flag)");
    }
    for (const Field& f : fields) {
        if (!FieldAppliesToKind(f.name, rule.kind)) {
            return LineError(
                line, "field " + Quote(f.name) + " does not apply to kind=" + std::string(*kind));
        }
    }

    auto points = get("points");
    if (!points) return LineError(line, "rule " + rule.id + " has no points=");
    if (ToLower(*points) == "red") {
        rule.forces_red = true;
    } else {
        WARDEN_ASSIGN_OR_RETURN(rule.points, ParseNumber("points", *points, 0, kMaxPoints, line));
    }

    switch (rule.kind) {
        case RiskRuleKind::kAlert: {
            auto codes = get("codes");
            auto prefixes = get("prefixes");
            if (!codes && !prefixes) {
                return LineError(line, "an alert rule needs codes= or prefixes=");
            }
            if (codes) {
                WARDEN_ASSIGN_OR_RETURN(rule.codes, ParseCodes("codes", *codes, line));
            }
            if (prefixes) {
                WARDEN_ASSIGN_OR_RETURN(rule.prefixes, ParseCodes("prefixes", *prefixes, line));
            }
            auto per = get("per");
            if (rule.forces_red) {
                if (per) return LineError(line, "per does not apply to points=red");
            } else if (!per) {
                return LineError(line, "an alert rule needs per=once or per=each");
            } else if (*per == "each") {
                rule.per_each = true;
            } else if (*per != "once") {
                return LineError(line, "per " + Quote(*per) + " must be once or each");
            }
            break;
        }
        case RiskRuleKind::kCategory: {
            auto categories = get("categories");
            if (!categories) return LineError(line, "a category rule needs categories=");
            WARDEN_ASSIGN_OR_RETURN(
                rule.categories,
                ParseEnumList<SecurityCategory>("categories", *categories, line,
                                                ParseSecurityCategory, "A, B, C, D, YOI or U"));
            break;
        }
        case RiskRuleKind::kLegalStatus: {
            auto statuses = get("statuses");
            if (!statuses) return LineError(line, "a legal_status rule needs statuses=");
            WARDEN_ASSIGN_OR_RETURN(
                rule.statuses,
                ParseEnumList<LegalStatus>("statuses", *statuses, line, ParseLegalStatus,
                                           "a NOMIS legal status such as REMAND"));
            break;
        }
        case RiskRuleKind::kCount:
        case RiskRuleKind::kFlag: {
            auto input = get("input");
            if (!input) {
                return LineError(line, "a " + std::string(*kind) + " rule needs input=");
            }
            bool found = false;
            for (const auto& entry : kInputs) {
                if (entry.name == *input && entry.kind == rule.kind) {
                    rule.input = entry.input;
                    found = true;
                }
            }
            if (!found) {
                return LineError(line, "input " + Quote(*input) + " is not a " +
                                           std::string(*kind) + " input (expected " +
                                           InputNames(rule.kind) + ")");
            }
            break;
        }
    }

    if (auto cap = get("cap")) {
        if (rule.forces_red) return LineError(line, "cap does not apply to points=red");
        if (rule.kind != RiskRuleKind::kCount && !rule.per_each) {
            return LineError(line, "cap applies only to kind=count and per=each alert rules");
        }
        WARDEN_ASSIGN_OR_RETURN(int c, ParseNumber("cap", *cap, 0, kMaxCapOrThreshold, line));
        if (c < rule.points) {
            return LineError(line, "cap (" + std::to_string(c) + ") is below points (" +
                                       std::to_string(rule.points) + ")");
        }
        rule.cap = c;
    }

    auto description = get("description");
    if (!description || description->empty()) {
        return LineError(line, "rule " + rule.id + " has no description=");
    }
    if (description->size() > kMaxDescriptionLength) {
        return LineError(line, "the description is longer than 200 characters");
    }
    rule.description = std::string(*description);
    return rule;
}

// Parses "band amber_at=N red_at=N" into `rules`.
Status ParseBand(std::string_view rest, int line, RiskRules& rules) {
    WARDEN_ASSIGN_OR_RETURN(std::vector<Field> fields, SplitFields(rest, line));
    std::optional<int> amber;
    std::optional<int> red;
    for (const Field& f : fields) {
        std::optional<int>* target = nullptr;
        if (f.name == "amber_at") target = &amber;
        if (f.name == "red_at") target = &red;
        if (!target) {
            return LineError(line, "unknown field " + Quote(f.name) +
                                       " (the band line has amber_at= and red_at=)");
        }
        if (target->has_value()) {
            return LineError(line, "field " + Quote(f.name) + " is given twice");
        }
        WARDEN_ASSIGN_OR_RETURN(*target, ParseNumber(f.name, f.value, 1, kMaxCapOrThreshold, line));
    }
    if (!amber) return LineError(line, "the band line has no amber_at=");
    if (!red) return LineError(line, "the band line has no red_at=");
    if (*amber >= *red) {
        return LineError(line, "amber_at (" + std::to_string(*amber) + ") must be below red_at (" +
                                   std::to_string(*red) + ")");
    }
    rules.amber_at = *amber;
    rules.red_at = *red;
    return Ok();
}

}  // namespace

std::string_view RiskBandName(RiskBand band) { return kBandNames[static_cast<size_t>(band)]; }

std::optional<RiskBand> ParseRiskBand(std::string_view s) {
    std::string upper = ToUpper(s);
    for (size_t i = 0; i < std::size(kBandNames); ++i) {
        if (upper == kBandNames[i]) return static_cast<RiskBand>(i);
    }
    return std::nullopt;
}

std::string_view RiskRuleKindName(RiskRuleKind kind) {
    for (const auto& entry : kKinds) {
        if (entry.kind == kind) return entry.name;
    }
    return "flag";
}

std::string_view RiskInputName(RiskInput input) {
    for (const auto& entry : kInputs) {
        if (entry.input == input) return entry.name;
    }
    return "previous_tmpp_tampering";
}

Result<RiskRules> ParseRiskRules(std::string_view text) {
    if (text.size() > kMaxFileBytes) {
        return Error::Invalid("The rules file is larger than 64 KiB");
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

    RiskRules rules;
    int version_line = 0;
    int band_line = 0;
    std::map<std::string, int> id_lines;
    int line = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!IsValidUtf8(raw)) return LineError(line, "the line is not valid UTF-8");
        if (raw.find('\0') != std::string_view::npos) {
            return LineError(line, "the line has a NUL character");
        }
        std::string_view s = Trim(raw);
        if (s.empty() || s[0] == '#') continue;

        size_t word_end = 0;
        while (word_end < s.size() && !IsSpace(s[word_end])) ++word_end;
        std::string_view word = s.substr(0, word_end);
        std::string_view rest = Trim(s.substr(word_end));

        if (word == "version") {
            if (version_line) {
                return LineError(line, "version is given twice (first on line " +
                                           std::to_string(version_line) + ")");
            }
            if (!rules.rules.empty()) {
                return LineError(line, "the version line must come before the first rule");
            }
            if (!IsVersion(rest)) {
                return LineError(line, "version " + Quote(rest) +
                                           " must be 1 to 32 letters, digits, '.', '_' or '-'");
            }
            rules.version = std::string(rest);
            version_line = line;
        } else if (word == "band") {
            if (band_line) {
                return LineError(line, "the band line is given twice (first on line " +
                                           std::to_string(band_line) + ")");
            }
            if (!rules.rules.empty()) {
                return LineError(line, "the band line must come before the first rule");
            }
            WARDEN_TRY(ParseBand(rest, line, rules));
            band_line = line;
        } else if (word == "rule") {
            if (!version_line) {
                return LineError(line,
                                 "missing version: a 'version' line must come before "
                                 "the first rule");
            }
            if (!band_line) {
                return LineError(line,
                                 "missing band: a 'band amber_at=N red_at=N' line must "
                                 "come before the first rule");
            }
            WARDEN_ASSIGN_OR_RETURN(RiskRule rule, ParseRule(rest, line));
            auto [it, inserted] = id_lines.emplace(rule.id, line);
            if (!inserted) {
                return LineError(line, "duplicate rule id " + Quote(rule.id) + " (first on line " +
                                           std::to_string(it->second) + ")");
            }
            if (rules.rules.size() == kMaxRules) {
                return LineError(line, "more than " + std::to_string(kMaxRules) + " rules");
            }
            rules.rules.push_back(std::move(rule));
        } else {
            return LineError(line, "unknown line " + Quote(word) +
                                       " (expected version, band, rule or a # comment)");
        }
    }
    int last = line > 0 ? line : 1;
    if (!version_line) return LineError(last, "missing version: the file has no 'version' line");
    if (!band_line) return LineError(last, "missing band: the file has no 'band' line");
    if (rules.rules.empty()) return LineError(last, "the file has no rules");
    return rules;
}

std::string_view DefaultRiskRulesText() { return kDefaultRulesText; }

const RiskRules& DefaultRiskRules() {
    static const RiskRules rules = [] {
        auto parsed = ParseRiskRules(kDefaultRulesText);
        if (!parsed.ok()) {
            throw std::logic_error("the embedded default risk rules do not parse: " +
                                   parsed.error().message);
        }
        return std::move(parsed).value();
    }();
    return rules;
}

RiskBand BandForScore(const RiskRules& rules, int score) {
    if (score >= rules.red_at) return RiskBand::kRed;
    if (score >= rules.amber_at) return RiskBand::kAmber;
    return RiskBand::kGreen;
}

std::vector<RuleSentence> DescribeRules(const RiskRules& rules) {
    std::vector<RuleSentence> out;
    out.reserve(rules.rules.size());
    for (const RiskRule& r : rules.rules) {
        RuleSentence s;
        s.id = r.id;
        s.text = r.description + ": ";
        if (r.forces_red) {
            s.text += "RED, whatever the score.";
        } else if (r.kind == RiskRuleKind::kCount || r.per_each) {
            s.text += PointsText(r.points) + " each";
            if (r.cap) s.text += ", at most " + std::to_string(*r.cap);
            s.text += ".";
        } else {
            s.text += PointsText(r.points) + ".";
        }

        switch (r.kind) {
            case RiskRuleKind::kAlert: {
                if (!r.codes.empty()) {
                    s.condition =
                        (r.codes.size() == 1 ? "alert " : "any of alerts ") + Join(r.codes, ", ");
                }
                if (!r.prefixes.empty()) {
                    if (!s.condition.empty()) s.condition += "; or ";
                    s.condition += "an alert code starting with " + OrList(r.prefixes);
                }
                if (r.per_each) s.condition += " (each matching alert scores)";
                break;
            }
            case RiskRuleKind::kCategory: {
                std::vector<std::string> names;
                for (SecurityCategory c : r.categories) {
                    names.emplace_back(SecurityCategoryName(c));
                }
                s.condition = "security category " + OrList(names);
                break;
            }
            case RiskRuleKind::kLegalStatus: {
                std::vector<std::string> names;
                for (LegalStatus st : r.statuses) names.emplace_back(LegalStatusName(st));
                s.condition = "legal status " + OrList(names);
                break;
            }
            case RiskRuleKind::kCount:
                s.condition = std::string(RiskInputName(r.input)) +
                              (r.forces_red ? " is 1 or more" : " (each one counted scores)");
                break;
            case RiskRuleKind::kFlag:
                s.condition = std::string(RiskInputName(r.input)) + " is yes";
                break;
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::string DescribeBands(const RiskRules& rules) {
    return "The score is the sum of the points of every rule that applies. The band is RED at " +
           std::to_string(rules.red_at) + " points or more, AMBER from " +
           std::to_string(rules.amber_at) +
           " points, otherwise GREEN. A rule marked RED makes the band RED whatever the score.";
}

}  // namespace warden::domain
