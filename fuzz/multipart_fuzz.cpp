// Fuzzes multipart/form-data parsing (ParseMultipart, ParseRequestForm in src/web/form.hpp), which
// reads the prisoner import and risk-rules uploads.
//  1. Any bytes: the first line is the Content-Type, the rest the body. No crash; an accepted form
//     has named parts whose data lies inside the body, at most max_parts of them.
//  2. Round trip: the input split into parts (0x1E) written as a browser would (text fields and
//     file fields), parsed back, gives the same names, filenames and bytes. At most
//     kRoundTripParts parts: ParseMultipart refuses more than its max_parts (1000, which 1 above
//     tests with a limit of 8), and a few hundred parts test nothing that 64 do not while each
//     costs an allocation-heavy part.

#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "web/form.hpp"

namespace {

using warden::web::ParseMultipart;

constexpr std::string_view kBoundary = "----WardenFuzzBoundary7MA4YWxkTrZu0gW";
constexpr std::size_t kRoundTripParts = 64;

void ParseAnything(std::string_view text) {
    size_t nl = text.find('\n');
    std::string_view content_type = text.substr(0, nl);
    std::string_view body = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    auto form = ParseMultipart(body, content_type, 8);
    if (form.ok()) {
        FUZZ_CHECK(form->parts.size() <= 8, "more parts than max_parts");
        for (const auto& part : form->parts) {
            FUZZ_CHECK(!part.name.empty(), "a part without a name");
            FUZZ_CHECK(part.data.size() <= body.size(), "a part larger than the body");
            FUZZ_CHECK(form->Find(part.name) != nullptr, "Find misses a part");
        }
        (void)form->Fields();
    } else {
        FUZZ_CHECK(!form.error().message.empty(), "a refused body without a reason");
    }
    warden::web::Request request;
    request.headers["content-type"] = std::string(content_type);
    request.body = std::string(body);
    (void)warden::web::ParseRequestForm(request);
}

std::vector<std::string> Split(std::string_view text, char separator) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t at = text.find(separator, start);
        out.emplace_back(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (at == std::string_view::npos) return out;
        start = at + 1;
    }
}

void RoundTrip(std::string_view text) {
    // A sender picks a boundary that is not in its data.
    if (text.find(kBoundary) != std::string_view::npos) return;
    auto datas = Split(text, '\x1e');
    if (datas.size() > kRoundTripParts) return;
    std::string body = "preamble\r\n";
    for (size_t i = 0; i < datas.size(); ++i) {
        body += "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"field" + std::to_string(i) + "\"";
        if (i % 2 == 1) body += "; filename=\"file " + std::to_string(i) + ".csv\"";
        body += "\r\n";
        if (i % 2 == 1) body += "Content-Type: text/csv\r\n";
        body += "\r\n" + datas[i] + "\r\n";
    }
    body += "--" + std::string(kBoundary) + "--\r\n";
    auto form = ParseMultipart(body, "multipart/form-data; boundary=" + std::string(kBoundary));
    FUZZ_CHECK(form.ok(), "a well-formed multipart body is refused");
    FUZZ_CHECK(form->parts.size() == datas.size(), "parts lost or added");
    for (size_t i = 0; i < datas.size(); ++i) {
        const auto& part = form->parts[i];
        FUZZ_CHECK(part.name == "field" + std::to_string(i), "a part's name changed");
        FUZZ_CHECK(part.data == datas[i], "a part's bytes changed");
        if (i % 2 == 1) {
            FUZZ_CHECK(part.filename == "file " + std::to_string(i) + ".csv", "a filename");
            FUZZ_CHECK(part.content_type == "text/csv", "a part's content type");
        } else {
            FUZZ_CHECK(!part.filename && part.content_type == "text/plain", "a text field");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = warden::fuzz::AsText(data, size);
    ParseAnything(text);
    RoundTrip(text);
    return 0;
}
