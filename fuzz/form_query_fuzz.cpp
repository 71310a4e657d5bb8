// Fuzzes query-string and urlencoded-form decoding (ParseQueryString, ParseUrlEncoded,
// ParseRequestForm in src/web/form.hpp; the API's ?limit= in src/web/api/json_support.hpp).
//  1. Any bytes: no crash; accepted names are non-empty, names and values valid UTF-8.
//  2. Round trip: the input split into pairs (0x1E) and name/value (0x1F), percent-encoded with
//     PercentEncode and decoded again, gives the same pairs in the same order.

#include <map>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "fuzz_check.hpp"
#include "web/api/json_support.hpp"
#include "web/form.hpp"

namespace {

using namespace warden::web;

void CheckDecoded(const warden::Result<FormData>& form) {
    if (!form.ok()) {
        FUZZ_CHECK(!form.error().message.empty(), "refused without a reason");
        return;
    }
    for (const auto& [name, value] : form->values()) {
        FUZZ_CHECK(!name.empty(), "an empty name kept");
        FUZZ_CHECK(warden::IsValidUtf8(name) && warden::IsValidUtf8(value), "not UTF-8");
        FUZZ_CHECK(form->Has(name) && !form->GetAll(name).empty(), "a name cannot be found");
    }
    auto limit = api::Limit(*form);
    if (limit.ok()) FUZZ_CHECK(*limit >= 1 && *limit <= api::kMaxLimit, "limit out of range");
}

void DecodeAnything(std::string_view text) {
    CheckDecoded(ParseQueryString(text));
    CheckDecoded(ParseUrlEncoded(text));
    Request request;
    request.headers["content-type"] = "application/x-www-form-urlencoded; charset=UTF-8";
    request.body = std::string(text);
    CheckDecoded(ParseRequestForm(request));
    request.query = std::string(text);
    CheckDecoded(api::Query(request));
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
    // The decoders refuse what is not UTF-8, and a NUL (PostgreSQL's text cannot hold it), by
    // design.
    if (!warden::IsValidUtf8(text) || text.find('\0') != std::string_view::npos) return;
    std::vector<std::pair<std::string, std::string>> pairs;
    std::string encoded;
    for (const auto& item : Split(text, '\x1e')) {
        size_t sep = item.find('\x1f');
        std::string name = item.substr(0, sep);
        std::string value = sep == std::string::npos ? std::string() : item.substr(sep + 1);
        if (name.empty()) continue;  // a pair without a name is dropped, by design
        if (!encoded.empty()) encoded += '&';
        encoded += PercentEncode(name) + "=" + PercentEncode(value);
        pairs.emplace_back(std::move(name), std::move(value));
    }
    std::multimap<std::string, std::string> expected(pairs.begin(), pairs.end());
    for (auto decoded : {ParseQueryString(encoded), ParseUrlEncoded(encoded)}) {
        FUZZ_CHECK(decoded.ok(), "a percent-encoded string is refused");
        FUZZ_CHECK(decoded->values() == expected, "pairs changed in the round trip");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = warden::fuzz::AsText(data, size);
    DecodeAnything(text);
    RoundTrip(text);
    return 0;
}
