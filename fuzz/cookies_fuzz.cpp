// Fuzzes Cookie-header parsing (GetCookie, CheckPreSessionCsrf in src/web/middleware.hpp), which
// reads the session and pre-session CSRF cookies of every browser request.
//  1. Any bytes as the Cookie header: no crash; a value found is a piece of the header, and the
//     CSRF check passes only when the token equals the cookie.
//  2. Round trip: a token of RFC 6265 cookie-octets, set as the session cookie among others, is
//     read back exactly.

#include <string>

#include "fuzz_check.hpp"
#include "web/middleware.hpp"

namespace {

using namespace warden::web;

bool IsCookieOctet(char c) {
    auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
           (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

void ParseAnything(std::string_view text) {
    Request request;
    request.headers["cookie"] = std::string(text);
    for (std::string_view name : {kSessionCookie, kPreSessionCsrfCookie, std::string_view("a")}) {
        auto value = GetCookie(request, name);
        if (value) FUZZ_CHECK(text.find(*value) != std::string_view::npos, "a value from nowhere");
    }
    // The form's token is the header's last 32 bytes (or all of it).
    std::string_view token = text.substr(text.size() > 32 ? text.size() - 32 : 0);
    if (CheckPreSessionCsrf(request, token)) {
        FUZZ_CHECK(GetCookie(request, kPreSessionCsrfCookie) == std::string(token),
                   "the CSRF check passed for a token that is not the cookie");
    }
    Response response;
    std::string csrf = EnsurePreSessionCsrf(request, response);
    FUZZ_CHECK(!csrf.empty(), "no pre-session CSRF token");
}

void RoundTrip(std::string_view text) {
    std::string token;
    for (char c : text) {
        if (IsCookieOctet(c)) token += c;
    }
    // What a browser sends back from SessionCookie(token): the name=value pair, among others.
    std::string set_cookie = SessionCookie(token);
    std::string pair = set_cookie.substr(0, set_cookie.find(';'));
    Request request;
    request.headers["cookie"] = "theme=dark; " + pair + "; warden_csrf=abc";
    FUZZ_CHECK(GetCookie(request, kSessionCookie) == token, "the session token changed");
    request.headers["cookie"] = pair;
    FUZZ_CHECK(GetCookie(request, kSessionCookie) == token, "the session token changed (alone)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = warden::fuzz::AsText(data, size);
    ParseAnything(text);
    RoundTrip(text);
    return 0;
}
