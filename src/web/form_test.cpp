#include "web/form.hpp"

#include <gtest/gtest.h>

namespace warden::web {
namespace {

TEST(FormTest, ParsesUrlEncodedWithPlusAndEscapes) {
    auto form = ParseUrlEncoded("name=John+Smith&role=WING_OFFICER&role=SECURITY&note=a%26b%3Dc");
    ASSERT_TRUE(form.ok());
    EXPECT_EQ(form->GetOr("name"), "John Smith");
    EXPECT_EQ(form->GetAll("role"), (std::vector<std::string>{"WING_OFFICER", "SECURITY"}));
    EXPECT_EQ(form->GetOr("note"), "a&b=c");
    EXPECT_FALSE(form->Has("missing"));
    EXPECT_EQ(form->GetOr("missing", "x"), "x");
}

TEST(FormTest, EmptyValuesAndKeysWithoutValues) {
    auto form = ParseUrlEncoded("a=&b&&c=1");
    ASSERT_TRUE(form.ok());
    EXPECT_TRUE(form->Has("a"));
    EXPECT_EQ(form->GetOr("a", "x"), "");
    EXPECT_TRUE(form->Has("b"));
    EXPECT_EQ(form->GetOr("c"), "1");
    EXPECT_TRUE(ParseUrlEncoded("").ok());
}

TEST(FormTest, RejectsBadEscapesAndInvalidUtf8) {
    auto bad = ParseUrlEncoded("a=%zz");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_FALSE(ParseQueryString("q=%ff%fe").ok());
}

// PostgreSQL's text cannot hold NUL (SQLite's can): refused before it reaches either.
TEST(FormTest, RejectsAnEncodedNul) {
    auto nul = ParseUrlEncoded("title=Kiosks%00hidden");
    ASSERT_FALSE(nul.ok());
    EXPECT_EQ(nul.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
    EXPECT_FALSE(ParseQueryString("q=%00").ok());
    EXPECT_FALSE(ParseQueryString("a%00b=1").ok());
}

// Regression (fuzz/regressions/form_query_fuzz): a view into a longer buffer is decoded only up
// to its end; Boost.URL 1.81 alone reads on to the buffer's NUL (here b would be "2A", past the
// view, and a view with no NUL after it is a heap over-read).
TEST(FormTest, DecodesOnlyTheViewNotTheRestOfTheBuffer) {
    const std::string buffer = "a=1&b=2%41&c=3";
    for (auto form : {ParseQueryString(std::string_view(buffer).substr(0, 7)),
                      ParseUrlEncoded(std::string_view(buffer).substr(0, 7))}) {
        ASSERT_TRUE(form.ok());
        EXPECT_EQ(form->GetOr("a"), "1");
        EXPECT_EQ(form->GetOr("b"), "2");
        EXPECT_FALSE(form->Has("c"));
    }
    const std::string with_nul("a=1\0&b=2", 8);
    EXPECT_FALSE(ParseQueryString(with_nul).ok());
}

TEST(FormTest, QueryDecodesUtf8) {
    auto q = ParseQueryString("q=O%E2%80%99Brien&wing=A");
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->GetOr("q"),
              "O\xE2\x80\x99"
              "Brien");
    EXPECT_EQ(q->GetOr("wing"), "A");
}

TEST(FormTest, PercentEncodeRoundTrips) {
    std::string raw = "/prisoners?q=a b&x=/é";
    auto q = ParseQueryString("v=" + PercentEncode(raw));
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q->GetOr("v"), raw);
}

TEST(MultipartTest, BoundaryFromContentType) {
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
    EXPECT_FALSE(MultipartBoundary("multipart/form-data").has_value());
    EXPECT_FALSE(MultipartBoundary("text/plain; boundary=x").has_value());
    EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST(MultipartTest, ParsesFieldsAndBinaryFile) {
    std::string file("a,b\r\n\0\xff--X\r\n", 11);
    std::string body =
        "preamble\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"csrf_token\"\r\n"
        "\r\n"
        "tok123\r\n"
        "--XyZ\r\n"
        "content-disposition: form-data; name=\"file\"; filename=\"prisoners.csv\"\r\n"
        "Content-Type: text/csv\r\n"
        "\r\n" +
        file +
        "\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"empty\"\r\n"
        "\r\n"
        "\r\n"
        "--XyZ--\r\n";
    auto form = ParseMultipart(body, "multipart/form-data; boundary=XyZ");
    ASSERT_TRUE(form.ok()) << form.error().message;
    ASSERT_EQ(form->parts.size(), 3u);
    EXPECT_EQ(form->parts[0].name, "csrf_token");
    EXPECT_EQ(form->parts[0].data, "tok123");
    EXPECT_FALSE(form->parts[0].filename.has_value());
    EXPECT_EQ(form->parts[0].content_type, "text/plain");
    const MultipartPart* f = form->Find("file");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->filename, "prisoners.csv");
    EXPECT_EQ(f->content_type, "text/csv");
    EXPECT_EQ(f->data, file);
    EXPECT_EQ(form->Find("empty")->data, "");
    FormData fields = form->Fields();
    EXPECT_EQ(fields.GetOr("csrf_token"), "tok123");
    EXPECT_FALSE(fields.Has("file"));
}

TEST(MultipartTest, RejectsMalformedBodies) {
    const std::string ct = "multipart/form-data; boundary=B";
    EXPECT_FALSE(ParseMultipart("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", ct)
                     .ok());  // no closing boundary
    EXPECT_FALSE(ParseMultipart("nothing here", ct).ok());
    EXPECT_FALSE(
        ParseMultipart("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--", ct).ok());  // no name
    EXPECT_FALSE(
        ParseMultipart("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--",
                       "text/plain")
            .ok());  // no boundary
    auto err = ParseMultipart("--Bgarbage", ct);
    ASSERT_FALSE(err.ok());
    EXPECT_EQ(err.error().code, ErrorCode::kInvalidInput);
    EXPECT_FALSE(err.error().message.empty());
}

TEST(MultipartTest, LimitsTheNumberOfParts) {
    std::string body;
    for (int i = 0; i < 5; ++i) {
        body += "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
    }
    body += "--B--";
    EXPECT_TRUE(ParseMultipart(body, "multipart/form-data; boundary=B", 5).ok());
    EXPECT_FALSE(ParseMultipart(body, "multipart/form-data; boundary=B", 4).ok());
}

TEST(RequestFormTest, ByContentType) {
    Request r;
    r.headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
    r.body = "csrf_token=abc&x=1";
    auto form = ParseRequestForm(r);
    ASSERT_TRUE(form.ok());
    EXPECT_EQ(form->GetOr("csrf_token"), "abc");
    r.headers["content-type"] = "application/json";
    r.body = "{}";
    form = ParseRequestForm(r);
    ASSERT_TRUE(form.ok());
    EXPECT_TRUE(form->values().empty());
    EXPECT_EQ(MediaType("Text/CSV; charset=utf-8"), "text/csv");
}

TEST(RequestFormTest, AMultipartTextFieldWithANulOrBadUtf8IsRefusedAFileIsNot) {
    Request r;
    r.headers["content-type"] = "multipart/form-data; boundary=B";
    const auto body = [](std::string_view text, std::string_view file) {
        return "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + std::string(text) +
               "\r\n--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n\r\n" +
               std::string(file) + "\r\n--B--";
    };
    r.body = body("Kiosks", std::string("bin\0ary\xff", 8));
    auto ok = ParseRequestForm(r);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->GetOr("title"), "Kiosks");
    r.body = body(std::string("Kio\0sks", 7), "x");
    auto nul = ParseRequestForm(r);
    ASSERT_FALSE(nul.ok());
    EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
    r.body = body("Kio\xffsks", "x");
    EXPECT_FALSE(ParseRequestForm(r).ok());
}

}  // namespace
}  // namespace warden::web
