#include "domain/prisoners/prisoner_service.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/strings.hpp"
#include "domain/testing/in_memory_store.hpp"

namespace warden::domain {
namespace {

using namespace std::chrono;
using testing::InMemoryStore;

const std::string kHeader =
    "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
    "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";
constexpr year_month_day kToday{year{2026}, month{11}, day{22}};

std::string Row(const std::string& number, const std::string& wing = "A",
                const std::string& est = "MDI", const std::string& alerts = "") {
    return number + ",John,Smith,1990-05-01," + est + "," + wing + ",A-1-001,SENTENCED,C," +
           alerts + ",0,0,0\n";
}

ParsedImport MustParse(const std::string& csv) {
    auto r = ParseImport(csv, "MDI", kToday);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(r).value() : ParsedImport{};
}

std::string OnlyRejection(const ParsedImport& p, int line) {
    EXPECT_EQ(p.rejected.size(), 1u);
    if (p.rejected.empty()) return "";
    EXPECT_EQ(p.rejected[0].line, line);
    return p.rejected[0].error;
}

TEST(ParseImportTest, GoodRowIsParsedAndNormalised) {
    auto p = MustParse(kHeader +
                       " a1234bc ,\"O'Brien, Jr \",Smith,1990-05-01,mdi,b,B-2-003,remand,yoi,"
                       "xel; c1 ;XEL;;rsp,2,1,3\n");
    ASSERT_EQ(p.rows.size(), 1u);
    EXPECT_TRUE(p.rejected.empty());
    const Prisoner& r = p.rows[0];
    EXPECT_EQ(r.prison_number, "A1234BC");
    EXPECT_EQ(r.first_name, "O'Brien, Jr");
    EXPECT_EQ(r.establishment, "MDI");
    EXPECT_EQ(r.wing, "B");
    EXPECT_EQ(r.cell, "B-2-003");
    EXPECT_EQ(r.legal_status, LegalStatus::kRemand);
    EXPECT_EQ(r.security_category, SecurityCategory::kYoi);
    EXPECT_EQ(r.alerts, (std::vector<std::string>{"C1", "RSP", "XEL"}));
    EXPECT_EQ(r.phone_finds_12m, 2);
    EXPECT_EQ(r.phone_adjudications_12m, 1);
    EXPECT_EQ(r.phone_intel_12m, 3);
}

TEST(ParseImportTest, HeaderIsTrimmedAndCaseInsensitiveWithBomAndCrlf) {
    std::string header = kHeader;
    header = "\xEF\xBB\xBF" + ToUpper(header.substr(0, header.size() - 1)) + " \r\n";
    auto p = MustParse(header + "A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\r\n");
    EXPECT_EQ(p.rows.size(), 1u);
}

TEST(ParseImportTest, FileLevelProblems) {
    EXPECT_EQ(ParseImport("", "MDI", kToday).error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(ParseImport("  \n", "MDI", kToday).error().message, "The file is empty");
    auto latin1 = ParseImport(kHeader + "A1234BC,Jos\xE9,Smith,1990-05-01,MDI,A,,S,C,,0,0,0\n",
                              "MDI", kToday);
    ASSERT_FALSE(latin1.ok());
    EXPECT_NE(latin1.error().message.find("UTF-8"), std::string::npos);
    auto wrong_col = ParseImport("prison_number,first,last\n", "MDI", kToday);
    ASSERT_FALSE(wrong_col.ok());
    EXPECT_NE(wrong_col.error().message.find("13"), std::string::npos);
    std::string renamed = kHeader;
    renamed.replace(renamed.find("last_name"), 9, "surname__");
    auto bad_name = ParseImport(renamed, "MDI", kToday);
    ASSERT_FALSE(bad_name.ok());
    EXPECT_NE(bad_name.error().message.find("Column 3"), std::string::npos);
}

TEST(ParseImportTest, HeaderOnlyIsEmptyImport) {
    auto p = MustParse(kHeader);
    EXPECT_TRUE(p.rows.empty());
    EXPECT_TRUE(p.rejected.empty());
}

struct BadRow {
    std::string row;
    std::string reason_contains;
};

class ParseImportRejects : public ::testing::TestWithParam<BadRow> {};

TEST_P(ParseImportRejects, RowWithReasonAndLine) {
    auto p = MustParse(kHeader + Row("A0000AA") + GetParam().row + Row("A9999ZZ"));
    EXPECT_EQ(p.rows.size(), 2u);
    std::string reason = OnlyRejection(p, 3);
    EXPECT_NE(reason.find(GetParam().reason_contains), std::string::npos) << reason;
}

INSTANTIATE_TEST_SUITE_P(
    Reasons, ParseImportRejects,
    ::testing::Values(
        BadRow{"Z12,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\n",
               "prison_number 'Z12' is not like A1234BC"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0\n",
               "has 12 fields; expected 13"},
        BadRow{"A1234BC, ,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\n", "first_name is empty"},
        BadRow{"A1234BC,John,,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\n", "last_name is empty"},
        BadRow{"A1234BC,John,Smith,2026-02-30,MDI,A,,SENTENCED,C,,0,0,0\n",
               "date_of_birth '2026-02-30' is not a real date"},
        BadRow{"A1234BC,John,Smith,01/05/1990,MDI,A,,SENTENCED,C,,0,0,0\n", "not a real date"},
        BadRow{"A1234BC,John,Smith,2026-11-23,MDI,A,,SENTENCED,C,,0,0,0\n", "in the future"},
        BadRow{"A1234BC,John,Smith,1990-05-01,LEI,A,,SENTENCED,C,,0,0,0\n",
               "establishment LEI is not MDI"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,,,SENTENCED,C,,0,0,0\n", "wing is empty"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A B,,SENTENCED,C,,0,0,0\n", "wing 'A B'"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,CONVICTED,C,,0,0,0\n",
               "legal_status 'CONVICTED' is not one of"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,E,,0,0,0\n",
               "security_category 'E' is not one of"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,XEL;X-1,0,0,0\n", "alert 'X-1'"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,ABCDEFGHIJK,0,0,0\n",
               "alert 'ABCDEFGHIJK'"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,-1,0,0\n",
               "phone_finds_12m '-1' is not a whole number"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,x,0\n",
               "phone_adjudications_12m 'x'"},
        BadRow{"A1234BC,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,1.5\n",
               "phone_intel_12m '1.5'"},
        BadRow{"\"A1234BC\"x,John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\n", "closing quote"},
        BadRow{Row("A0000AA"), "already on line 2"}));

TEST(ParseImportTest, EmbeddedNewlineShiftsLaterLineNumbers) {
    auto p = MustParse(kHeader + Row("A0000AA") +
                       "A1111AA,\"Mary\nAnn\",Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\n" +
                       Row("Z12") + Row("A2222AA"));
    ASSERT_EQ(p.rows.size(), 3u);
    EXPECT_EQ(p.rows[1].first_name, "Mary\nAnn");
    EXPECT_NE(OnlyRejection(p, 5).find("Z12"), std::string::npos);
}

TEST(ParseImportTest, EstablishmentCaseInsensitive) {
    auto p = ParseImport(kHeader + Row("A0000AA", "A", "mdi"), "mdi", kToday);
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->rows.size(), 1u);
    EXPECT_EQ(p->rows[0].establishment, "MDI");
}

TEST(ParseImportTest, LongValuesAreClippedInReasons) {
    auto p = MustParse(kHeader + std::string(500, 'Q') +
                       ",John,Smith,1990-05-01,MDI,A,,SENTENCED,C,,0,0,0\n");
    EXPECT_LT(OnlyRejection(p, 2).size(), 100u);
}

TEST(ParseImportTest, HundredThousandRows) {
    std::string csv = kHeader;
    csv.reserve(100000 * 90);
    char number[8];
    for (int i = 0; i < 100000; ++i) {
        std::snprintf(number, sizeof number, "A%04d%c%c", i % 10000, 'A' + (i / 10000) % 26,
                      'A' + (i / 260000) % 26);
        csv += std::string(number) + ",John,Smith,1990-05-01,MDI," + (i % 2 ? "A" : "B") +
               ",1-01,SENTENCED,C,XEL;RSP,1,0,2\n";
    }
    // Its speed is measured by bench/run.sh (docs/performance.md), not here: a timed unit test
    // fails on a busy machine without telling anything.
    auto p = MustParse(csv);
    EXPECT_EQ(p.rows.size(), 100000u);
    EXPECT_TRUE(p.rejected.empty());
}

TEST(ParseImportTest, TheShortestRowThatParses) {
    // 44 bytes (kShortestRow in prisoner_service.cpp): one byte fewer anywhere is refused.
    const std::string shortest = "A1234BC,J,S,1990-05-01,MDI,A,,OTHER,A,,0,0,0";
    ASSERT_EQ(shortest.size(), 44u);
    auto p = MustParse(kHeader + shortest);
    EXPECT_EQ(p.rows.size(), 1u);
    EXPECT_TRUE(p.rejected.empty());
    // A file of blank lines around it holds one row, and reserves for no more than its bytes allow.
    auto padded = MustParse(kHeader + std::string(100000, '\n') + shortest + "\n");
    EXPECT_EQ(padded.rows.size(), 1u);
    EXPECT_LE(padded.rows.capacity(), (kHeader.size() + 100001 + 44) / 44 + 1);
}

TEST(ParseImportTest, EveryRepeatOfANumberNamesTheLineItWasFirstOn) {
    // 20,000 numbers, then each number divisible by 7 again, twice: every repeat is refused with
    // the line of the number's first row, and only the first rows are kept.
    std::string csv = kHeader;
    const auto name = [](int i) {
        std::string number = "A" + std::to_string(10000 + i % 10000).substr(1) + "AZ";
        number[5] = static_cast<char>('A' + i / 10000);
        return number;
    };
    for (int i = 0; i < 20000; ++i) csv += Row(name(i));
    std::map<int, int> expected;  // line of a repeat -> line of the first row
    int line = 20001;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 20000; i += 7) {
            csv += Row(name(i));
            expected[++line] = i + 2;
        }
    }
    auto p = MustParse(csv);
    EXPECT_EQ(p.rows.size(), 20000u);
    ASSERT_EQ(p.rejected.size(), expected.size());
    for (const auto& r : p.rejected) {
        const std::string first = "is already on line " + std::to_string(expected.at(r.line));
        EXPECT_NE(r.error.find(first), std::string::npos) << r.line << ": " << r.error;
    }
}

// ---------------------------------------------------------------------------------------------

class PrisonerServiceTest : public ::testing::Test {
  protected:
    PrisonerServiceTest() : clock_(sys_days{kToday} + hours{10}), service_(store_, clock_) {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        store_.state.establishments["MDI"] = {"MDI", "Moorland", "NE", "s@x.io", "c@x.io", 1, {}};
        store_.state.establishments["LEI"] = {"LEI", "Leeds", "NE", "s@x.io", "c@x.io", 1, {}};
        store_.state.locations[{"MDI", "A"}] = {"MDI", "A", LocationKind::kStandard, 0};
    }

    Result<ImportResult> ImportAs(const Actor& by, const std::string& est, const std::string& body,
                                  bool partial = false) {
        return service_.Import(by, est, kHeader + body, partial);
    }

    InMemoryStore store_;
    FixedClock clock_;
    PrisonerService service_;
    Actor security_{1, "sec", {Role::kSecurity}, {"MDI"}, "10.0.0.1"};
    Actor officer_{2, "off", {Role::kWingOfficer}, {"MDI"}, "10.0.0.2"};
    Actor leeds_{3, "leeds", {Role::kSecurity}, {"LEI"}, "10.0.0.3"};
    Actor admin_{4, "admin", {Role::kAdmin}, {}, "10.0.0.4"};
};

TEST_F(PrisonerServiceTest, ImportInsertsCreatesWingsAndAudits) {
    auto r = ImportAs(security_, "mdi",
                      Row("A0000AA") + Row("A1111AA", "B") + Row("Z1") + Row("A2222AA", "HCC"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->inserted, 3);
    EXPECT_EQ(r->updated, 0);
    ASSERT_EQ(r->rejected.size(), 1u);
    EXPECT_EQ(r->rejected[0].line, 4);
    EXPECT_EQ(r->wings_created, (std::vector<std::string>{"B", "HCC"}));
    EXPECT_EQ(store_.state.locations.size(), 3u);
    EXPECT_EQ(store_.state.locations[std::make_pair(std::string("MDI"), std::string("HCC"))].kind,
              LocationKind::kStandard);
    auto audits = store_.AuditOf("prisoners.import");
    ASSERT_EQ(audits.size(), 1u);
    EXPECT_EQ(audits[0].actor, "sec");
    EXPECT_EQ(audits[0].subject, "establishment:MDI");
    EXPECT_NE(audits[0].detail.find("inserted=3"), std::string::npos);
    EXPECT_NE(audits[0].detail.find("rejected=1"), std::string::npos);
}

TEST_F(PrisonerServiceTest, ReimportCountsUpdatedAndUnchanged) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA")).ok());
    auto r = ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA", "A", "MDI", "XEL"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->inserted, 0);
    EXPECT_EQ(r->unchanged, 1);
    EXPECT_EQ(r->updated, 1);
    EXPECT_EQ(r->gone, 0);
}

TEST_F(PrisonerServiceTest, FullImportMarksMissingGonePartialDoesNot) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA") + Row("A2222AA")).ok());
    auto partial = ImportAs(security_, "MDI", Row("A0000AA"), true);
    ASSERT_TRUE(partial.ok());
    EXPECT_EQ(partial->gone, 0);
    EXPECT_FALSE(store_.state.prisoners["A1111AA"].gone);

    auto full = ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA"));
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->gone, 1);
    EXPECT_FALSE(full->gone_skipped);
    EXPECT_TRUE(store_.state.prisoners["A2222AA"].gone);
    EXPECT_FALSE(store_.state.prisoners["A1111AA"].gone);
}

TEST_F(PrisonerServiceTest, FullImportWithRejectedLinesMarksNobodyGone) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA")).ok());
    // A1111AA's row is bad this time: it must not be marked gone because of it.
    auto r = ImportAs(security_, "MDI",
                      Row("A0000AA") + "A1111AA,John,Smith,1990-05-01,MDI,A,,SENTENCED,Q,,0,0,0\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rejected.size(), 1u);
    EXPECT_EQ(r->gone, 0);
    EXPECT_TRUE(r->gone_skipped);
    EXPECT_FALSE(store_.state.prisoners["A1111AA"].gone);
}

TEST_F(PrisonerServiceTest, FullImportWithNoGoodRowsIsRefused) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA")).ok());
    auto r = ImportAs(security_, "MDI", "");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_FALSE(store_.state.prisoners["A0000AA"].gone);
    EXPECT_TRUE(ImportAs(security_, "MDI", "", true).ok());
}

TEST_F(PrisonerServiceTest, ImportPermissions) {
    EXPECT_EQ(ImportAs(officer_, "MDI", Row("A0000AA")).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(ImportAs(leeds_, "MDI", Row("A0000AA")).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(ImportAs(admin_, "MDI", Row("A0000AA")).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(ImportAs(security_, "XYZ", Row("A0000AA")).error().code, ErrorCode::kNotFound);
    Actor ghost_caseload{5, "g", {Role::kSecurity}, {"ZZZ"}, "ip"};
    EXPECT_EQ(ImportAs(ghost_caseload, "ZZZ", Row("A0000AA", "A", "ZZZ")).error().code,
              ErrorCode::kNotFound);
    auto system = ImportAs(Actor::System(), "MDI", Row("A0000AA"));
    ASSERT_TRUE(system.ok()) << system.error().message;
    EXPECT_EQ(store_.AuditOf("prisoners.import").back().actor, "system");
    EXPECT_EQ(store_.AuditOf("prisoners.import").back().source, "cli");
    EXPECT_TRUE(store_.state.prisoners.size() == 1u);
}

TEST_F(PrisonerServiceTest, FileLevelErrorChangesNothing) {
    auto r = service_.Import(security_, "MDI", "wrong,header\n" + Row("A0000AA"), false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_TRUE(store_.state.prisoners.empty());
    EXPECT_TRUE(store_.state.audit.empty());
}

TEST_F(PrisonerServiceTest, TooLarge) {
    std::string huge(PrisonerService::kMaxImportBytes + 1, 'x');
    auto r = service_.Import(security_, "MDI", huge, true);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
}

TEST_F(PrisonerServiceTest, FailedAuditRollsBackImport) {
    store_.fail_audit = true;
    EXPECT_FALSE(ImportAs(security_, "MDI", Row("A0000AA", "NEW")).ok());
    store_.fail_audit = false;
    EXPECT_TRUE(store_.state.prisoners.empty());
    EXPECT_EQ(store_.state.locations.size(), 1u);  // the new wing was rolled back too
}

TEST_F(PrisonerServiceTest, GetIsScopedAndAudited) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA")).ok());
    ASSERT_TRUE(ImportAs(leeds_, "LEI", Row("B1111BB", "A", "LEI")).ok());

    auto mine = service_.Get(officer_, "a0000aa");
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    EXPECT_EQ(mine->prison_number, "A0000AA");
    auto reads = store_.AuditOf("prisoner.read");
    ASSERT_EQ(reads.size(), 1u);
    EXPECT_EQ(reads[0].subject, "prisoner:A0000AA");
    EXPECT_EQ(reads[0].actor, "off");
    EXPECT_EQ(reads[0].source, "10.0.0.2");

    // Outside the caseload: answered as absent, and no read is recorded.
    auto other = service_.Get(officer_, "B1111BB");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    auto absent = service_.Get(officer_, "C2222CC");
    EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(other.error().message.find("B1111BB") != std::string::npos,
              absent.error().message.find("C2222CC") != std::string::npos);
    EXPECT_EQ(service_.Get(admin_, "A0000AA").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.Get(officer_, "not a number").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.AuditOf("prisoner.read").size(), 1u);
}

TEST_F(PrisonerServiceTest, ListIsScoped) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA", "B")).ok());
    PrisonerQuery q;
    q.establishment = "mdi";
    auto page = service_.List(officer_, q);
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_EQ(page->total, 2);
    q.wing = "b";
    EXPECT_EQ(service_.List(officer_, q)->total, 1);
    q.wing.clear();
    q.establishment = "LEI";
    EXPECT_EQ(service_.List(officer_, q).error().code, ErrorCode::kNotFound);
    q.establishment = "MDI";
    EXPECT_EQ(service_.List(admin_, q).error().code, ErrorCode::kNotFound);
    q.limit = 0;
    EXPECT_EQ(service_.List(officer_, q).error().code, ErrorCode::kInvalidInput);
}

TEST_F(PrisonerServiceTest, ListAtReadsTheEstablishmentWithTheList) {
    ASSERT_TRUE(ImportAs(security_, "MDI", Row("A0000AA") + Row("A1111AA", "B")).ok());
    const size_t audited = store_.AuditOf("prisoners.list").size();
    PrisonerQuery q;
    q.establishment = "mdi";
    q.wing = "b";
    q.summary = true;
    auto listing = service_.ListAt(officer_, q);
    ASSERT_TRUE(listing.ok()) << listing.error().message;
    EXPECT_EQ(listing->establishment.code, "MDI");
    std::map<std::string, int> counts;
    for (const auto& w : listing->establishment.wings) counts[w.code] = w.prisoner_count;
    EXPECT_EQ(counts, (std::map<std::string, int>{{"A", 1}, {"B", 1}}));
    ASSERT_EQ(listing->page.items.size(), 1u);
    EXPECT_EQ(listing->page.items[0].prison_number, "A1111AA");
    EXPECT_EQ(listing->page.items[0].wing, "B");
    EXPECT_TRUE(listing->page.items[0].date_of_birth.empty());  // a summary
    auto entries = store_.AuditOf("prisoners.list");
    ASSERT_EQ(entries.size(), audited + 1);
    EXPECT_EQ(entries.back().subject, "establishment:MDI");

    // Outside the caseload, or no such establishment: not found, and nothing is audited.
    q.establishment = "LEI";
    EXPECT_EQ(service_.ListAt(officer_, q).error().code, ErrorCode::kNotFound);
    q.establishment = "XXX";
    EXPECT_EQ(service_.ListAt(officer_, q).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.AuditOf("prisoners.list").size(), audited + 1);
}

}  // namespace
}  // namespace warden::domain
