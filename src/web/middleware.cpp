#include "web/middleware.hpp"

#include <sys/random.h>

#include <stdexcept>
#include <vector>

#include "core/strings.hpp"
#include "web/form.hpp"

namespace warden::web {
namespace {

bool IsUrlSafeToken(std::string_view s) {
    if (s.size() < 16 || s.size() > 128) return false;
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    volatile unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff = diff | static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

std::optional<std::string> GetCookie(const Request& request, std::string_view name) {
    std::string_view header = request.Header("cookie");
    while (!header.empty()) {
        size_t semi = header.find(';');
        std::string_view pair = Trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (Trim(pair.substr(0, eq)) != name) continue;
        std::string_view value = Trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return std::nullopt;
}

void AddCookie(Response& response, std::string set_cookie_value) {
    response.headers.emplace_back("Set-Cookie", std::move(set_cookie_value));
}

std::string SessionCookie(std::string_view token) {
    return std::string(kSessionCookie) + "=" + std::string(token) +
           "; Path=/; HttpOnly; SameSite=Strict";
}

std::string ClearSessionCookie() {
    return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
}

std::string RandomUrlToken(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    size_t filled = 0;
    while (filled < bytes) {
        ssize_t n = getrandom(buf.data() + filled, bytes - filled, 0);
        if (n < 0) throw std::runtime_error("getrandom failed");
        filled += static_cast<size_t>(n);
    }
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    // base64url without padding.
    size_t i = 0;
    for (; i + 3 <= bytes; i += 3) {
        unsigned v = (buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (bytes - i == 1) {
        unsigned v = buf[i] << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (bytes - i == 2) {
        unsigned v = (buf[i] << 16) | (buf[i + 1] << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::string EnsurePreSessionCsrf(const Request& request, Response& response) {
    auto existing = GetCookie(request, kPreSessionCsrfCookie);
    if (existing && IsUrlSafeToken(*existing)) return *existing;
    std::string token = RandomUrlToken();
    AddCookie(response, std::string(kPreSessionCsrfCookie) + "=" + token +
                            "; Path=/; HttpOnly; SameSite=Strict");
    return token;
}

bool CheckPreSessionCsrf(const Request& request, std::string_view form_token) {
    auto cookie = GetCookie(request, kPreSessionCsrfCookie);
    if (!cookie || cookie->empty() || form_token.empty()) return false;
    return ConstantTimeEquals(*cookie, form_token);
}

bool IsUnsafeMethod(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string SubmittedCsrfToken(const Request& request) {
    std::string_view header = request.Header(kCsrfHeader);
    if (!header.empty()) return std::string(header);
    auto form = ParseRequestForm(request);
    if (!form) return {};
    return form->GetOr(kCsrfField);
}

void MarkCookiesSecure(Response& response) {
    for (auto& [name, value] : response.headers) {
        if (ToLower(name) != "set-cookie") continue;
        if (ToLower(value).find("; secure") == std::string::npos) value += "; Secure";
    }
}

}  // namespace warden::web
