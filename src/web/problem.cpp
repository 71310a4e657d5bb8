#include "web/problem.hpp"

#include <boost/json.hpp>

namespace warden::web {
namespace {

Response MakeProblem(int status, std::string_view detail, const std::vector<FieldError>& fields) {
    boost::json::object body;
    body["type"] = "about:blank";
    body["title"] = StatusTitle(status);
    body["status"] = status;
    body["detail"] = detail;
    boost::json::array errors;
    for (const auto& f : fields) {
        errors.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    }
    body["errors"] = std::move(errors);
    Response r;
    r.status = status;
    r.body = boost::json::serialize(body);
    r.content_type = "application/problem+json";
    return r;
}

}  // namespace

int HttpStatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kInvalidInput:
            return 400;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kForbidden:
            return 403;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

std::string_view StatusTitle(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 413:
            return "Content Too Large";
        case 415:
            return "Unsupported Media Type";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return status >= 500 ? "Server Error" : "Client Error";
    }
}

Response ProblemResponse(const Error& error) {
    int status = HttpStatusFor(error.code);
    if (error.code == ErrorCode::kInternal) {
        return MakeProblem(status, "Something went wrong on our side. Try again later.", {});
    }
    if (error.code == ErrorCode::kUnavailable) {
        // The database's own words (host, user, reason) are for the log, never the client.
        return MakeProblem(status, std::string(kUnavailableMessage), {});
    }
    Response r = MakeProblem(status, error.message, error.fields);
    if (status == 401) r.SetHeader("WWW-Authenticate", "Bearer");
    return r;
}

Response ProblemResponse(int status, std::string_view detail) {
    Response r = MakeProblem(status, detail, {});
    if (status == 401) r.SetHeader("WWW-Authenticate", "Bearer");
    return r;
}

}  // namespace warden::web
