// Prisoner import through the upload form.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class ImportPagesTest : public PagesTest {
  protected:
    Response Upload(const std::string& csv, bool partial = false,
                    const std::string& filename = "mdi.csv") {
        std::vector<Part> parts = {{"file", csv, filename}};
        if (partial) parts.push_back({"partial", "true", ""});
        return PostMultipart("/establishments/MDI/import", parts, security_);
    }

    // Expects the form again with `message` in the error summary and nothing changed.
    void ExpectRefused(const Response& r, const std::string& message) {
        EXPECT_EQ(r.status, 400);
        EXPECT_EQ(TitleOf(r.body), "Error: Import prisoners – Warden");
        EXPECT_TRUE(Contains(r.body, "<a href=\"#file\">" + message)) << r.body;
        EXPECT_TRUE(Contains(r.body, "aria-describedby=\"file-hint file-error\""));
        EXPECT_TRUE(Contains(r.body, "govuk-file-upload--error"));
        EXPECT_EQ(store_.state.prisoners.size(), prisoners_before_);
        EXPECT_EQ(store_.AuditOf("prisoners.import").size(), imports_before_);
        EXPECT_TRUE(HtmlProblems(r.body, security_.csrf).empty());
    }

    void SetUp() override {
        security_ = As("security");
        prisoners_before_ = store_.state.prisoners.size();
        imports_before_ = store_.AuditOf("prisoners.import").size();
    }

    Browser security_;
    size_t prisoners_before_ = 0;
    size_t imports_before_ = 0;
};

TEST_F(ImportPagesTest, FormIsAMultipartUploadWithThePartialChoice) {
    Response r = Get("/establishments/MDI/import", &security_);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(Contains(r.body, "enctype=\"multipart/form-data\""));
    EXPECT_TRUE(Contains(r.body, "class=\"govuk-file-upload\" id=\"file\" name=\"file\""));
    EXPECT_TRUE(Contains(r.body, "name=\"partial\" type=\"checkbox\" value=\"true\""));
    EXPECT_TRUE(HtmlProblems(r.body, security_.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(r.body, security_.csrf));
}

TEST_F(ImportPagesTest, OnlySecurityMayImport) {
    Browser officer = As("officer");
    EXPECT_EQ(Get("/establishments/MDI/import", &officer).status, 403);
    EXPECT_EQ(
        PostMultipart("/establishments/MDI/import",
                      {{"file", CsvHeader() + CsvLine(Number(9), "A", "B", "MDI", "A"), "x.csv"}},
                      officer)
            .status,
        403);
    EXPECT_EQ(store_.state.prisoners.size(), prisoners_before_);
}

TEST_F(ImportPagesTest, ShowsCountsAndEveryRejectedLine) {
    std::string csv = CsvHeader() + CsvLine(Number(1), "John", "Smith", "MDI", "A", "XEL;PPRC") +
                      CsvLine(Number(2), "Janet", "Doe", "MDI", "A") +
                      CsvLine(Number(10), "New", "Person", "MDI", "D") +
                      CsvLine("BAD", "No", "Number", "MDI", "A") +
                      CsvLine(Number(11), "Other", "Place", "LEI", "A");
    Response r = Upload(csv, true);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(TitleOf(r.body), "Import complete – Warden");
    EXPECT_TRUE(
        Contains(Squash(r.body), "New prisoners</dt><dd class=\"govuk-summary-list__value\">1<"));
    EXPECT_TRUE(Contains(Squash(r.body), "Updated</dt><dd class=\"govuk-summary-list__value\">1<"));
    EXPECT_TRUE(
        Contains(Squash(r.body), "Unchanged</dt><dd class=\"govuk-summary-list__value\">1<"));
    EXPECT_TRUE(
        Contains(Squash(r.body), "Rejected lines</dt><dd class=\"govuk-summary-list__value\">2<"));
    EXPECT_TRUE(Contains(r.body,
                         "<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                         "Rejected lines</caption>"));
    EXPECT_TRUE(Contains(r.body, "govuk-table__cell--numeric\">5</td>"));
    EXPECT_TRUE(Contains(r.body, "govuk-table__cell--numeric\">6</td>"));
    EXPECT_TRUE(Contains(r.body, "New wings"));
    EXPECT_TRUE(Contains(r.body, "mdi.csv loaded into MDI"));
    EXPECT_EQ(store_.state.prisoners.at(Number(2)).first_name, "Janet");
    EXPECT_EQ(store_.AuditOf("prisoners.import").size(), imports_before_ + 1);
    EXPECT_TRUE(HtmlProblems(r.body, security_.csrf).empty());
}

TEST_F(ImportPagesTest, FullImportMarksMissingPrisonersGone) {
    std::string csv = CsvHeader() + CsvLine(Number(1), "John", "Smith", "MDI", "A", "XEL;PPRC");
    Response r = Upload(csv);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(
        Contains(Squash(r.body), "Marked as gone</dt><dd class=\"govuk-summary-list__value\">2<"));
    EXPECT_TRUE(store_.state.prisoners.at(Number(2)).gone);
}

TEST_F(ImportPagesTest, ShowsPrisonersTransferredIn) {
    // L0000LL is held at LEI (not gone): importing them at MDI is a transfer in.
    domain::Prisoner moved = store_.state.prisoners.at(Number(1));
    moved.prison_number = "L0000LL";
    moved.establishment = "LEI";
    store_.state.prisoners[moved.prison_number] = moved;
    Response r = Upload(CsvHeader() + CsvLine("L0000LL", "Lee", "Moved", "MDI", "A"), true);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(
        Contains(Squash(r.body), "Transferred in</dt><dd class=\"govuk-summary-list__value\">1<"));
    EXPECT_TRUE(Contains(r.body, "Transferred in from another establishment</caption>"));
    EXPECT_TRUE(Contains(Squash(r.body),
                         "<td class=\"govuk-table__cell\">L0000LL</td>"
                         "<td class=\"govuk-table__cell\">LEI</td>"))
        << r.body;
    EXPECT_TRUE(HtmlProblems(r.body, security_.csrf).empty());
}

TEST_F(ImportPagesTest, EmptyFileIsRefused) { ExpectRefused(Upload(""), "The file is empty"); }

TEST_F(ImportPagesTest, WrongHeaderIsRefused) {
    ExpectRefused(Upload("number,name\nA0001AA,John\n"), "The header row has 2");
}

TEST_F(ImportPagesTest, NonUtf8FileIsRefused) {
    ExpectRefused(Upload(CsvHeader() + "A0001AA,J\xe9r\xf4me,Smith\n"),
                  "The file is not UTF-8 text");
}

TEST_F(ImportPagesTest, AFileWithANulIsRefused) {
    using namespace std::string_literals;
    ExpectRefused(Upload(CsvHeader() + CsvLine("A0001AA", "Jo\0e"s, "Smith", "MDI", "A")),
                  "The file is not UTF-8 text");
}

TEST_F(ImportPagesTest, NoFileChosenIsRefused) {
    ExpectRefused(Upload("", false, ""), "Select a CSV file to import");
    ExpectRefused(PostMultipart("/establishments/MDI/import", {{"partial", "true", ""}}, security_),
                  "Select a CSV file to import");
}

TEST_F(ImportPagesTest, PartialChoiceIsKeptWhenTheFormIsShownAgain) {
    Response r = Upload("", true);
    EXPECT_TRUE(Contains(r.body, "value=\"true\" checked"));
}

TEST_F(ImportPagesTest, UploadWithoutTheCsrfTokenIsRefused) {
    Response r =
        PostMultipart("/establishments/MDI/import",
                      {{"file", CsvHeader() + CsvLine(Number(9), "A", "B", "MDI", "A"), "x.csv"}},
                      security_, false);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(store_.state.prisoners.size(), prisoners_before_);
}

}  // namespace
}  // namespace warden::web::pages::testing
