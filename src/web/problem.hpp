#pragma once
// Errors as HTTP: the ONE mapping of ErrorCode to status, and RFC 9457 problem+json bodies.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "web/http.hpp"

namespace warden::web {

/// What a 503 says, whatever the cause: the database's own message never reaches the client.
inline constexpr std::string_view kUnavailableMessage =
    "The service is busy or unavailable. Try again in a few minutes.";

/// The HTTP status for an error code (kNotFound 404, kInvalidInput 400, kConflict 409,
/// kForbidden 403, kUnauthenticated 401, kTooLarge 413, kUnavailable 503, kInternal 500).
int HttpStatusFor(ErrorCode code);

/// The standard reason phrase for a status ("Not Found"), used as the problem title.
std::string_view StatusTitle(int status);

/// An application/problem+json response for `error`:
/// {"type","title","status","detail","errors":[{"field","message"}]}.
/// Internal errors get a generic detail (the message is for logs, not clients).
Response ProblemResponse(const Error& error);
/// A problem response with an explicit status and detail (e.g. 405, 415), no field errors.
Response ProblemResponse(int status, std::string_view detail);

}  // namespace warden::web
