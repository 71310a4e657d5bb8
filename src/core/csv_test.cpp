#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace warden {
namespace {

struct Read {
    int line;
    std::vector<std::string> fields;
    std::string error;
};

std::vector<Read> ReadAll(std::string_view text) {
    CsvReader reader(text);
    CsvRecord record;
    std::string error;
    std::vector<Read> out;
    while (reader.Next(record, error)) {
        out.push_back({record.line, record.fields, error});
    }
    return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, SimpleRecordsWithLf) {
    auto r = ReadAll("a,b,c\n1,2,3\n");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].line, 1);
    EXPECT_EQ(r[0].fields, (Fields{"a", "b", "c"}));
    EXPECT_EQ(r[1].line, 2);
    EXPECT_EQ(r[1].fields, (Fields{"1", "2", "3"}));
}

TEST(CsvReaderTest, CrLfAndNoFinalNewline) {
    auto r = ReadAll("a,b\r\n1,2\r\n3,4");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[1].fields, (Fields{"1", "2"}));
    EXPECT_EQ(r[2].fields, (Fields{"3", "4"}));
    EXPECT_EQ(r[2].line, 3);
}

TEST(CsvReaderTest, EmptyFields) {
    auto r = ReadAll(",a,,\n\"\",x\n");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].fields, (Fields{"", "a", "", ""}));
    EXPECT_EQ(r[1].fields, (Fields{"", "x"}));
}

TEST(CsvReaderTest, TrailingCommaAtEndOfInput) {
    auto r = ReadAll("a,b,");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].fields, (Fields{"a", "b", ""}));
}

TEST(CsvReaderTest, QuotesAndDoubledQuotes) {
    auto r = ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_TRUE(r[0].error.empty());
    EXPECT_EQ(r[0].fields, (Fields{"a,b", "say \"hi\"", "\""}));
}

TEST(CsvReaderTest, EmbeddedNewlinesKeepStartingLineNumbers) {
    auto r = ReadAll("h1,h2\n\"two\nlines\",x\n\"three\r\nlines\nhere\",y\nlast,z\n");
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[1].line, 2);
    EXPECT_EQ(r[1].fields, (Fields{"two\nlines", "x"}));
    EXPECT_EQ(r[2].line, 4);
    EXPECT_EQ(r[2].fields, (Fields{"three\r\nlines\nhere", "y"}));
    EXPECT_EQ(r[3].line, 7);
    EXPECT_EQ(r[3].fields, (Fields{"last", "z"}));
}

TEST(CsvReaderTest, TrailingEmptyLinesIgnored) {
    auto r = ReadAll("a\nb\n\n\r\n");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].fields, (Fields{"b"}));
}

TEST(CsvReaderTest, BlankLineInTheMiddleIsSkippedButCounted) {
    auto r = ReadAll("a\n\nb\n");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[1].line, 3);
}

TEST(CsvReaderTest, BomStripped) {
    auto r = ReadAll("\xEF\xBB\xBFprison_number,x\n");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].fields[0], "prison_number");
}

TEST(CsvReaderTest, EmptyInput) {
    EXPECT_TRUE(ReadAll("").empty());
    EXPECT_TRUE(ReadAll("\xEF\xBB\xBF").empty());
    EXPECT_TRUE(ReadAll("\n").empty());
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorAndReadingContinues) {
    auto r = ReadAll("h\n\"open,x\nnext,y\n");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[1].line, 2);
    EXPECT_FALSE(r[1].error.empty());
    EXPECT_EQ(r[2].line, 3);
    EXPECT_TRUE(r[2].error.empty());
    EXPECT_EQ(r[2].fields, (Fields{"next", "y"}));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
    auto r = ReadAll("\"ab\"c,d\nok,1\n");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].line, 1);
    EXPECT_NE(r[0].error.find("closing quote"), std::string::npos);
    EXPECT_EQ(r[1].line, 2);
    EXPECT_TRUE(r[1].error.empty());
    EXPECT_EQ(r[1].fields, (Fields{"ok", "1"}));
}

TEST(CsvReaderTest, QuotedFieldAtEndOfInputWithCr) {
    auto r = ReadAll("\"a\",\"b\"\r");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].fields, (Fields{"a", "b"}));
}

TEST(CsvReaderTest, LoneCrInsideFieldIsKept) {
    auto r = ReadAll("a\rb,c\n");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].fields, (Fields{"a\rb", "c"}));
}

TEST(CsvReaderTest, RecordVectorIsReusedAndShrinks) {
    CsvReader reader("a,b,c\nd\n");
    CsvRecord record;
    std::string error;
    ASSERT_TRUE(reader.Next(record, error));
    EXPECT_EQ(record.fields.size(), 3u);
    ASSERT_TRUE(reader.Next(record, error));
    EXPECT_EQ(record.fields, (Fields{"d"}));
    EXPECT_FALSE(reader.Next(record, error));
}

// Its speed is measured by bench/run.sh (docs/performance.md), not by a timed unit test.
TEST(CsvReaderTest, HundredThousandRows) {
    std::string text = "prison_number,first_name,last_name,date_of_birth,establishment,wing\n";
    for (int i = 0; i < 100000; ++i) {
        text += "A1234BC,\"John\",Smith,1990-01-01,MDI,A\n";
    }
    CsvReader reader(text);
    CsvRecord record;
    std::string error;
    int rows = 0;
    while (reader.Next(record, error)) ++rows;
    EXPECT_EQ(rows, 100001);
    EXPECT_EQ(record.line, 100001);
}

TEST(CsvCellTest, QuotesAndNeutralisesFormulas) {
    EXPECT_EQ(CsvCell("Smith"), "Smith");
    EXPECT_EQ(CsvCell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(CsvCell("+44"), "'+44");
    EXPECT_EQ(CsvCell("-1"), "'-1");
    EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(CsvCell("\tx"), "'\tx");
    EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
    EXPECT_EQ(CsvCell("line\nbreak"), "\"line\nbreak\"");
    EXPECT_EQ(CsvCell(""), "");
}

}  // namespace
}  // namespace warden
