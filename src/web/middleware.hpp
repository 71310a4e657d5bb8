#pragma once
// Middleware helpers: cookies, CSRF and constant-time comparison.
//
// How CSRF works in Warden (WebApp::Handle enforces both; handlers only render the tokens):
//  - Signed-in browser requests (session cookie `warden_session`): every unsafe method
//    (POST/PUT/PATCH/DELETE) on a non-public route must carry the session's CSRF token
//    (Context::csrf_token) in the `X-CSRF-Token` header or in a form field `csrf_token`
//    (urlencoded or multipart). Pages put `<input type="hidden" name="csrf_token" value="...">`
//    in every form. Bearer-token API calls need no CSRF token.
//  - Public unsafe routes (only `POST /sign-in`): there is no session yet, so a double-submit
//    cookie is used. The GET handler calls `EnsurePreSessionCsrf(request, response)` and renders
//    the returned token in the hidden `csrf_token` field; the middleware checks on POST that the
//    field (or X-CSRF-Token header) equals the `warden_csrf` cookie (`CheckPreSessionCsrf`).
//  - Cookies: `SessionCookie` / `ClearSessionCookie` build the `warden_session` cookie
//    (HttpOnly; SameSite=Strict; Path=/). WebApp adds `Secure` to every Set-Cookie when
//    WebConfig::secure_cookies is set, so helpers need no configuration.
//  - Add cookies with `AddCookie` (Response::SetHeader would replace an earlier Set-Cookie).

#include <optional>
#include <string>
#include <string_view>

#include "web/http.hpp"

namespace warden::web {

/// Name of the browser session cookie.
inline constexpr std::string_view kSessionCookie = "warden_session";
/// Name of the pre-session (sign-in form) double-submit CSRF cookie.
inline constexpr std::string_view kPreSessionCsrfCookie = "warden_csrf";
/// Name of the CSRF form field.
inline constexpr std::string_view kCsrfField = "csrf_token";
/// Name of the CSRF header (lower case, as Request::headers holds it).
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

/// Compares two strings in time that depends only on their lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// The value of cookie `name` from the request's Cookie header, if present.
std::optional<std::string> GetCookie(const Request& request, std::string_view name);

/// Appends a Set-Cookie header (keeps earlier ones).
void AddCookie(Response& response, std::string set_cookie_value);

/// The Set-Cookie value for a session token: HttpOnly; SameSite=Strict; Path=/ (expires with
/// the browser session; the server enforces the absolute lifetime).
std::string SessionCookie(std::string_view token);
/// The Set-Cookie value that deletes the session cookie.
std::string ClearSessionCookie();

/// A fresh URL-safe random token (from the kernel's CSPRNG) with `bytes` bytes of entropy.
std::string RandomUrlToken(std::size_t bytes = 32);

/// The pre-session CSRF token for the sign-in form: the request's `warden_csrf` cookie when it
/// looks valid, else a new token that is also set as the cookie on `response`.
std::string EnsurePreSessionCsrf(const Request& request, Response& response);
/// True when `form_token` is non-empty and equals the request's `warden_csrf` cookie.
bool CheckPreSessionCsrf(const Request& request, std::string_view form_token);

/// True for POST, PUT, PATCH and DELETE.
bool IsUnsafeMethod(std::string_view method);

/// The CSRF token the request carries: the X-CSRF-Token header, else the `csrf_token` field of
/// an urlencoded or multipart body; "" when none.
std::string SubmittedCsrfToken(const Request& request);

/// Adds "; Secure" to every Set-Cookie header that lacks it.
void MarkCookiesSecure(Response& response);

}  // namespace warden::web
