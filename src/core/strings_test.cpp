#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace warden {
namespace {

TEST(StringsTest, Trim) {
    EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
    EXPECT_EQ(Trim(""), "");
    EXPECT_EQ(Trim("   "), "");
}

TEST(StringsTest, Case) {
    EXPECT_EQ(ToUpper("abZ9é"), "ABZ9é");
    EXPECT_EQ(ToLower("ABz9"), "abz9");
}

TEST(StringsTest, SplitKeepsEmptyPieces) {
    EXPECT_EQ(Split("a;;b;", ';'), (std::vector<std::string>{"a", "", "b", ""}));
    EXPECT_EQ(Split("", ';'), (std::vector<std::string>{""}));
}

TEST(StringsTest, Join) {
    EXPECT_EQ(Join({"a", "b", "c"}, ", "), "a, b, c");
    EXPECT_EQ(Join({}, ","), "");
}

TEST(StringsTest, Utf8Valid) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("plain ascii text that is longer than eight bytes"));
    EXPECT_TRUE(
        IsValidUtf8("Sin\xC3\xA9"
                    "ad \xE2\x82\xAC \xF0\x9F\x98\x80"));
    EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(StringsTest, Utf8Invalid) {
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong 3-byte
    EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong 4-byte
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
    EXPECT_FALSE(IsValidUtf8("abc\x80"));           // stray continuation
    EXPECT_FALSE(IsValidUtf8("abcdefghij\xC3"));    // truncated
    EXPECT_FALSE(IsValidUtf8("\xC3\x28"));          // bad continuation
    EXPECT_FALSE(IsValidUtf8("\xFF"));
    EXPECT_FALSE(IsValidUtf8("Latin-1 caf\xE9 here"));
}

TEST(StringsTest, ParseNonNegativeInt) {
    EXPECT_EQ(ParseNonNegativeInt("0"), 0);
    EXPECT_EQ(ParseNonNegativeInt("42"), 42);
    EXPECT_EQ(ParseNonNegativeInt("2147483647"), 2147483647);
    EXPECT_EQ(ParseNonNegativeInt("2147483648"), -1);
    EXPECT_EQ(ParseNonNegativeInt("99999999999"), -1);
    EXPECT_EQ(ParseNonNegativeInt(""), -1);
    EXPECT_EQ(ParseNonNegativeInt("-1"), -1);
    EXPECT_EQ(ParseNonNegativeInt("1.5"), -1);
    EXPECT_EQ(ParseNonNegativeInt(" 1"), -1);
}

TEST(StringsTest, HtmlEscape) {
    EXPECT_EQ(HtmlEscape("<a href=\"x\">O'Neil & co</a>"),
              "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
}

TEST(StringsTest, ToHex) { EXPECT_EQ(ToHex(std::string("\x00\x0f\xff", 3)), "000fff"); }

}  // namespace
}  // namespace warden
