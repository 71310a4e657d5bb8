#include "domain/tmpp/risk/risk_rules.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace warden::domain {
namespace {

const std::string kHeader = "version v1\nband amber_at=30 red_at=60\n";

// The error message of a file that must not parse.
std::string ErrorOf(const std::string& text) {
    auto r = ParseRiskRules(text);
    EXPECT_FALSE(r.ok()) << "parsed unexpectedly: " << text;
    if (r.ok()) return "";
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    return r.error().message;
}

// The error of the header followed by one rule line (which is line 3).
std::string RuleError(const std::string& rule_line) { return ErrorOf(kHeader + rule_line + "\n"); }

RiskRules MustParse(const std::string& text) {
    auto r = ParseRiskRules(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(r).value() : RiskRules{};
}

const RiskRule& RuleById(const RiskRules& rules, const std::string& id) {
    for (const RiskRule& r : rules.rules) {
        if (r.id == id) return r;
    }
    static const RiskRule kNone;
    ADD_FAILURE() << "no rule " << id;
    return kNone;
}

TEST(RiskRulesTest, ShippedFileEqualsEmbeddedDefaults) {
    const char* dir = std::getenv("WARDEN_SOURCE_DIR");
    if (dir == nullptr) GTEST_SKIP() << "WARDEN_SOURCE_DIR is not set (CTest sets it)";
    std::ifstream in(std::string(dir) + "/rules/risk-rules-default.txt", std::ios::binary);
    ASSERT_TRUE(in) << "cannot open rules/risk-rules-default.txt under " << dir;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), DefaultRiskRulesText());
}

TEST(RiskRulesTest, DefaultsParseWithVersionAndBands) {
    auto parsed = ParseRiskRules(DefaultRiskRulesText());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const RiskRules& rules = DefaultRiskRules();
    EXPECT_EQ(rules.version, "default-1");
    EXPECT_EQ(rules.amber_at, 30);
    EXPECT_EQ(rules.red_at, 60);
    std::vector<std::string> ids;
    for (const RiskRule& r : rules.rules) ids.push_back(r.id);
    EXPECT_EQ(ids, (std::vector<std::string>{
                       "contact_restrictions", "category_a", "escape_list", "previous_tampering",
                       "phone_finds", "phone_adjudications", "phone_intel", "serious_harm_alerts",
                       "terrorism_or_mappa", "remand", "category_b"}));
}

TEST(RiskRulesTest, DefaultsExpressDomainTable) {
    const RiskRules& rules = DefaultRiskRules();
    const RiskRule& contact = RuleById(rules, "contact_restrictions");
    EXPECT_EQ(contact.kind, RiskRuleKind::kAlert);
    EXPECT_TRUE(contact.forces_red);
    EXPECT_EQ(contact.points, 0);
    EXPECT_EQ(contact.codes, (std::vector<std::string>{"PPRC", "C1", "C2", "C3", "C4", "CC1", "CC2",
                                                       "CC3", "CC4", "OHCO", "ONCR"}));
    EXPECT_TRUE(RuleById(rules, "category_a").forces_red);
    EXPECT_EQ(RuleById(rules, "category_a").categories,
              std::vector<SecurityCategory>{SecurityCategory::kA});
    EXPECT_EQ(RuleById(rules, "escape_list").codes, std::vector<std::string>{"XEL"});
    EXPECT_TRUE(RuleById(rules, "previous_tampering").forces_red);
    EXPECT_EQ(RuleById(rules, "previous_tampering").input, RiskInput::kPreviousTmppTampering);

    const RiskRule& finds = RuleById(rules, "phone_finds");
    EXPECT_EQ(finds.input, RiskInput::kPhoneFinds12m);
    EXPECT_EQ(finds.points, 40);
    EXPECT_EQ(finds.cap, 80);
    EXPECT_EQ(RuleById(rules, "phone_adjudications").points, 25);
    EXPECT_EQ(RuleById(rules, "phone_adjudications").cap, 50);
    EXPECT_EQ(RuleById(rules, "phone_intel").points, 15);
    EXPECT_EQ(RuleById(rules, "phone_intel").cap, 45);

    const RiskRule& harm = RuleById(rules, "serious_harm_alerts");
    EXPECT_TRUE(harm.per_each);
    EXPECT_FALSE(harm.cap.has_value());
    EXPECT_EQ(harm.codes, (std::vector<std::string>{"XOCGN", "RSP", "RDV"}));
    const RiskRule& mappa = RuleById(rules, "terrorism_or_mappa");
    EXPECT_FALSE(mappa.per_each);
    EXPECT_EQ(mappa.codes, std::vector<std::string>{"XTACT"});
    EXPECT_EQ(mappa.prefixes, (std::vector<std::string>{"P1", "P2", "P3"}));
    EXPECT_EQ(mappa.points, 30);
    EXPECT_EQ(RuleById(rules, "remand").statuses, std::vector<LegalStatus>{LegalStatus::kRemand});
    EXPECT_EQ(RuleById(rules, "remand").points, 10);
    EXPECT_EQ(RuleById(rules, "category_b").points, 15);
}

TEST(RiskRulesTest, DescribeRulesInPlainEnglish) {
    auto sentences = DescribeRules(DefaultRiskRules());
    ASSERT_EQ(sentences.size(), 11u);
    EXPECT_EQ(sentences[0].id, "contact_restrictions");
    EXPECT_EQ(sentences[0].text,
              "Contact restriction alert (PPRC, C1 to C4, CC1 to CC4, OHCO, ONCR): RED, whatever "
              "the score.");
    EXPECT_EQ(sentences[0].condition,
              "any of alerts PPRC, C1, C2, C3, C4, CC1, CC2, CC3, CC4, OHCO, ONCR");
    EXPECT_EQ(sentences[1].text, "Category A: RED, whatever the score.");
    EXPECT_EQ(sentences[1].condition, "security category A");
    EXPECT_EQ(sentences[2].condition, "alert XEL");
    EXPECT_EQ(sentences[3].text, "A previous TMPP tampering incident: RED, whatever the score.");
    EXPECT_EQ(sentences[3].condition, "previous_tmpp_tampering is yes");
    EXPECT_EQ(sentences[4].text,
              "Unauthorised phone or SIM finds in the last 12 months: 40 points each, at most 80.");
    EXPECT_EQ(sentences[4].condition, "phone_finds_12m (each one counted scores)");
    EXPECT_EQ(sentences[5].text,
              "Phone-related adjudications in the last 12 months: 25 points each, at most 50.");
    EXPECT_EQ(sentences[6].text,
              "Phone-related intelligence reports in the last 12 months: 15 points each, at most "
              "45.");
    EXPECT_EQ(sentences[7].text,
              "Alert XOCGN (organised crime), RSP (stalking) or RDV (domestic violence): 30 "
              "points each.");
    EXPECT_EQ(sentences[7].condition, "any of alerts XOCGN, RSP, RDV (each matching alert scores)");
    EXPECT_EQ(sentences[8].text,
              "Alert XTACT (terrorism act) or a MAPPA P-series alert: 30 points.");
    EXPECT_EQ(sentences[8].condition, "alert XTACT; or an alert code starting with P1, P2 or P3");
    EXPECT_EQ(sentences[9].text, "On remand (unconvicted): 10 points.");
    EXPECT_EQ(sentences[9].condition, "legal status REMAND");
    EXPECT_EQ(sentences[10].text, "Category B: 15 points.");
}

TEST(RiskRulesTest, DescribeSingularPointAndBands) {
    auto rules =
        MustParse(kHeader + "rule id=a kind=category categories=C,D points=1 description=Open\n");
    auto sentences = DescribeRules(rules);
    ASSERT_EQ(sentences.size(), 1u);
    EXPECT_EQ(sentences[0].text, "Open: 1 point.");
    EXPECT_EQ(sentences[0].condition, "security category C or D");
    EXPECT_EQ(DescribeBands(DefaultRiskRules()),
              "The score is the sum of the points of every rule that applies. The band is RED at "
              "60 points or more, AMBER from 30 points, otherwise GREEN. A rule marked RED makes "
              "the band RED whatever the score.");
}

TEST(RiskRulesTest, DescribeRedCountAndPrefixOnlyRules) {
    auto rules = MustParse(kHeader +
                           "rule id=a kind=count input=phone_finds_12m points=red description=Any "
                           "find\n"
                           "rule id=b kind=alert prefixes=P1 per=each points=5 cap=10 "
                           "description=MAPPA\n"
                           "rule id=c kind=legal_status statuses=REMAND,RECALL points=2 "
                           "description=S\n");
    auto sentences = DescribeRules(rules);
    ASSERT_EQ(sentences.size(), 3u);
    EXPECT_EQ(sentences[0].text, "Any find: RED, whatever the score.");
    EXPECT_EQ(sentences[0].condition, "phone_finds_12m is 1 or more");
    EXPECT_EQ(sentences[1].text, "MAPPA: 5 points each, at most 10.");
    EXPECT_EQ(sentences[1].condition,
              "an alert code starting with P1 (each matching alert scores)");
    EXPECT_EQ(sentences[2].condition, "legal status REMAND or RECALL");
}

TEST(RiskRulesTest, BandNamesAndParsing) {
    EXPECT_EQ(RiskBandName(RiskBand::kGreen), "GREEN");
    EXPECT_EQ(RiskBandName(RiskBand::kAmber), "AMBER");
    EXPECT_EQ(RiskBandName(RiskBand::kRed), "RED");
    EXPECT_EQ(ParseRiskBand("GREEN"), RiskBand::kGreen);
    EXPECT_EQ(ParseRiskBand("amber"), RiskBand::kAmber);
    EXPECT_EQ(ParseRiskBand("Red"), RiskBand::kRed);
    EXPECT_EQ(ParseRiskBand("PURPLE"), std::nullopt);
    EXPECT_EQ(ParseRiskBand(""), std::nullopt);
    EXPECT_EQ(RiskRuleKindName(RiskRuleKind::kLegalStatus), "legal_status");
    EXPECT_EQ(RiskInputName(RiskInput::kPhoneIntel12m), "phone_intel_12m");
}

TEST(RiskRulesTest, BandForScoreEdges) {
    const RiskRules& rules = DefaultRiskRules();
    EXPECT_EQ(BandForScore(rules, 0), RiskBand::kGreen);
    EXPECT_EQ(BandForScore(rules, 29), RiskBand::kGreen);
    EXPECT_EQ(BandForScore(rules, 30), RiskBand::kAmber);
    EXPECT_EQ(BandForScore(rules, 59), RiskBand::kAmber);
    EXPECT_EQ(BandForScore(rules, 60), RiskBand::kRed);
}

TEST(RiskRulesTest, LenientWhereHarmless) {
    auto rules = MustParse(
        "\xEF\xBB\xBF# comment\r\n\r\n  version  local-7.b_2 \r\nband red_at=10  amber_at=5\r\n"
        "rule id=x kind=alert codes=xel,c1 prefixes=p1 points=RED description=  Lower case  \r\n");
    EXPECT_EQ(rules.version, "local-7.b_2");
    EXPECT_EQ(rules.amber_at, 5);
    EXPECT_EQ(rules.red_at, 10);
    ASSERT_EQ(rules.rules.size(), 1u);
    EXPECT_EQ(rules.rules[0].codes, (std::vector<std::string>{"XEL", "C1"}));
    EXPECT_EQ(rules.rules[0].prefixes, std::vector<std::string>{"P1"});
    EXPECT_TRUE(rules.rules[0].forces_red);
    EXPECT_EQ(rules.rules[0].description, "Lower case");
    EXPECT_EQ(rules.rules[0].line, 5);
}

TEST(RiskRulesTest, DescriptionKeepsSpacesEqualsAndHashes) {
    auto rules = MustParse(kHeader +
                           "rule id=x kind=count input=phone_intel_12m points=0 description=a = b "
                           "# not a comment\n");
    EXPECT_EQ(rules.rules[0].description, "a = b # not a comment");
    EXPECT_EQ(rules.rules[0].points, 0);
}

TEST(RiskRulesParseErrorTest, HeaderProblems) {
    const std::string rule =
        "rule id=a kind=flag input=previous_tmpp_tampering points=red "
        "description=T\n";
    EXPECT_EQ(ErrorOf("band amber_at=30 red_at=60\n" + rule),
              "line 2: missing version: a 'version' line must come before the first rule");
    EXPECT_EQ(ErrorOf("# only a comment\n"),
              "line 1: missing version: the file has no 'version' line");
    EXPECT_EQ(ErrorOf(""), "line 1: missing version: the file has no 'version' line");
    EXPECT_EQ(ErrorOf("version v1\n" + rule),
              "line 2: missing band: a 'band amber_at=N red_at=N' line must come before the "
              "first rule");
    EXPECT_EQ(ErrorOf("version v1\n\n"), "line 2: missing band: the file has no 'band' line");
    EXPECT_EQ(ErrorOf(kHeader), "line 2: the file has no rules");
    EXPECT_EQ(ErrorOf("version v1\nversion v2\n"),
              "line 2: version is given twice (first on line 1)");
    EXPECT_EQ(ErrorOf("version\n"),
              "line 1: version '' must be 1 to 32 letters, digits, '.', '_' or '-'");
    EXPECT_EQ(ErrorOf("version two words\n"),
              "line 1: version 'two words' must be 1 to 32 letters, digits, '.', '_' or '-'");
    EXPECT_EQ(ErrorOf(kHeader + "band amber_at=1 red_at=2\n"),
              "line 3: the band line is given twice (first on line 2)");
    EXPECT_EQ(ErrorOf(kHeader + rule + "version v2\n"),
              "line 4: version is given twice "
              "(first on line 1)");
    EXPECT_EQ(ErrorOf("version v1\n" + std::string("band amber_at=30 red_at=60\n") + rule +
                      "# fine\nbands amber_at=1\n"),
              "line 5: unknown line 'bands' (expected version, band, rule or a # comment)");
}

TEST(RiskRulesParseErrorTest, BandProblems) {
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=60 red_at=60\n"),
              "line 2: amber_at (60) must be below red_at (60)");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=70 red_at=60\n"),
              "line 2: amber_at (70) must be below red_at (60)");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=30\n"), "line 2: the band line has no red_at=");
    EXPECT_EQ(ErrorOf("version v1\nband red_at=30\n"), "line 2: the band line has no amber_at=");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=0 red_at=60\n"),
              "line 2: amber_at '0' must be a whole number from 1 to 1000000");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=-1 red_at=60\n"),
              "line 2: amber_at must not be negative (got '-1')");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=30 red_at=60 green_at=0\n"),
              "line 2: unknown field 'green_at' (the band line has amber_at= and red_at=)");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at=30 amber_at=31 red_at=60\n"),
              "line 2: field 'amber_at' is given twice");
    EXPECT_EQ(ErrorOf("version v1\nband amber_at 30\n"),
              "line 2: 'amber_at' is not a field written as name=value");
}

TEST(RiskRulesParseErrorTest, UnknownKindFieldAndLineShape) {
    EXPECT_EQ(RuleError("rule id=a kind=colour points=1 description=x"),
              "line 3: unknown kind 'colour' (expected alert, category, legal_status, count or "
              "flag)");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B colour=red points=1 description=x"),
              "line 3: unknown field 'colour'");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B categories=C points=1 "
                        "description=x"),
              "line 3: field 'categories' is given twice");
    EXPECT_EQ(RuleError("rule id=a kind=category input=phone_finds_12m points=1 description=x"),
              "line 3: field 'input' does not apply to kind=category");
    EXPECT_EQ(RuleError("rule id=a kind=count codes=XEL input=phone_finds_12m points=1 "
                        "description=x"),
              "line 3: field 'codes' does not apply to kind=count");
    EXPECT_EQ(RuleError("rule id=a kind=count input=phone_finds_12m points=1 =x description=x"),
              "line 3: '=x' is not a field written as name=value");
    EXPECT_EQ(RuleError("rule id=a kind=count input phone_finds_12m points=1 description=x"),
              "line 3: 'input' is not a field written as name=value");
}

TEST(RiskRulesParseErrorTest, IdKindPointsAndDescriptionRequired) {
    EXPECT_EQ(RuleError("rule kind=category categories=B points=1 description=x"),
              "line 3: the rule has no id=");
    EXPECT_EQ(RuleError("rule id=Bad-Id kind=category categories=B points=1 description=x"),
              "line 3: id 'Bad-Id' must be 1 to 40 lower-case letters, digits or '_'");
    EXPECT_EQ(RuleError("rule id=a categories=B points=1 description=x"),
              "line 3: rule a has no kind=");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B description=x"),
              "line 3: rule a has no points=");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=1"),
              "line 3: rule a has no description=");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=1 description=   "),
              "line 3: rule a has no description=");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=1 description=" +
                        std::string(201, 'x')),
              "line 3: the description is longer than 200 characters");
}

TEST(RiskRulesParseErrorTest, PointsAndCap) {
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=-5 description=x"),
              "line 3: points must not be negative (got '-5')");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=1001 description=x"),
              "line 3: points '1001' must be a whole number from 0 to 1000");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=ten description=x"),
              "line 3: points 'ten' must be a whole number from 0 to 1000");
    EXPECT_EQ(RuleError("rule id=a kind=count input=phone_finds_12m points=40 cap=20 "
                        "description=x"),
              "line 3: cap (20) is below points (40)");
    EXPECT_EQ(RuleError("rule id=a kind=count input=phone_finds_12m points=40 cap=-80 "
                        "description=x"),
              "line 3: cap must not be negative (got '-80')");
    EXPECT_EQ(RuleError("rule id=a kind=count input=phone_finds_12m points=red cap=80 "
                        "description=x"),
              "line 3: cap does not apply to points=red");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B points=15 cap=15 description=x"),
              "line 3: cap applies only to kind=count and per=each alert rules");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=XTACT per=once points=30 cap=30 "
                        "description=x"),
              "line 3: cap applies only to kind=count and per=each alert rules");
    auto ok = MustParse(kHeader +
                        "rule id=a kind=alert codes=RSP per=each points=30 cap=30 description=x\n");
    EXPECT_EQ(ok.rules[0].cap, 30);
}

TEST(RiskRulesParseErrorTest, AlertFields) {
    EXPECT_EQ(RuleError("rule id=a kind=alert per=once points=30 description=x"),
              "line 3: an alert rule needs codes= or prefixes=");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=XEL points=30 description=x"),
              "line 3: an alert rule needs per=once or per=each");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=XEL per=twice points=30 description=x"),
              "line 3: per 'twice' must be once or each");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=XEL per=once points=red description=x"),
              "line 3: per does not apply to points=red");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=XEL,,C1 points=red description=x"),
              "line 3: codes has an empty item in 'XEL,,C1'");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes= points=red description=x"),
              "line 3: codes is empty");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=X-EL points=red description=x"),
              "line 3: codes: 'X-EL' is not an alert code (1 to 10 letters or digits)");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=ABCDEFGHIJK points=red description=x"),
              "line 3: codes: 'ABCDEFGHIJK' is not an alert code (1 to 10 letters or digits)");
    EXPECT_EQ(RuleError("rule id=a kind=alert codes=C1,c1 points=red description=x"),
              "line 3: codes: C1 is listed twice");
    EXPECT_EQ(RuleError("rule id=a kind=alert prefixes=P1,P1 points=red description=x"),
              "line 3: prefixes: P1 is listed twice");
}

TEST(RiskRulesParseErrorTest, CategoryStatusAndInputFields) {
    EXPECT_EQ(RuleError("rule id=a kind=category points=1 description=x"),
              "line 3: a category rule needs categories=");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B,Z points=1 description=x"),
              "line 3: categories: unknown value 'Z' (expected A, B, C, D, YOI or U)");
    EXPECT_EQ(RuleError("rule id=a kind=category categories=B,b points=1 description=x"),
              "line 3: categories: b is listed twice");
    EXPECT_EQ(RuleError("rule id=a kind=legal_status points=1 description=x"),
              "line 3: a legal_status rule needs statuses=");
    EXPECT_EQ(RuleError("rule id=a kind=legal_status statuses=UNCONVICTED points=1 "
                        "description=x"),
              "line 3: statuses: unknown value 'UNCONVICTED' (expected a NOMIS legal status such "
              "as REMAND)");
    EXPECT_EQ(RuleError("rule id=a kind=count points=1 description=x"),
              "line 3: a count rule needs input=");
    EXPECT_EQ(RuleError("rule id=a kind=count input=phone_calls points=1 description=x"),
              "line 3: input 'phone_calls' is not a count input (expected phone_finds_12m, "
              "phone_adjudications_12m or phone_intel_12m)");
    EXPECT_EQ(RuleError("rule id=a kind=count input=previous_tmpp_tampering points=1 "
                        "description=x"),
              "line 3: input 'previous_tmpp_tampering' is not a count input (expected "
              "phone_finds_12m, phone_adjudications_12m or phone_intel_12m)");
    EXPECT_EQ(RuleError("rule id=a kind=flag input=phone_finds_12m points=red description=x"),
              "line 3: input 'phone_finds_12m' is not a flag input (expected "
              "previous_tmpp_tampering)");
}

TEST(RiskRulesParseErrorTest, DuplicateIdNamesBothLines) {
    EXPECT_EQ(ErrorOf(kHeader + "rule id=a kind=category categories=B points=1 description=x\n" +
                      "# comment\n\nrule id=a kind=category categories=C points=1 "
                      "description=y\n"),
              "line 6: duplicate rule id 'a' (first on line 3)");
}

TEST(RiskRulesParseErrorTest, LineNumbersCountCommentsBlanksAndCrlf) {
    EXPECT_EQ(ErrorOf("# a\r\n\r\nversion v1\r\n# b\r\nband amber_at=30 red_at=60\r\n\r\n"
                      "rule id=a kind=nope points=1 description=x\r\n"),
              "line 7: unknown kind 'nope' (expected alert, category, legal_status, count or "
              "flag)");
}

TEST(RiskRulesParseErrorTest, InvalidUtf8AndSize) {
    EXPECT_EQ(
        ErrorOf(kHeader + "rule id=a kind=category categories=B points=1 description=Caf\xE9\n"),
        "line 3: the line is not valid UTF-8");
    EXPECT_EQ(ErrorOf(std::string(70000, '#')), "The rules file is larger than 64 KiB");
}

TEST(RiskRulesParseErrorTest, TooManyRules) {
    std::string text = kHeader;
    for (int i = 0; i <= 100; ++i) {
        text += "rule id=r" + std::to_string(i) +
                " kind=category categories=B points=1 description=x\n";
    }
    EXPECT_EQ(ErrorOf(text), "line 103: more than 100 rules");
}

}  // namespace
}  // namespace warden::domain
