#include "web/http.hpp"

namespace warden::web {

std::string_view Request::Header(std::string_view name) const {
    auto it = headers.find(std::string(name));
    return it == headers.end() ? std::string_view{} : std::string_view{it->second};
}

void Response::SetHeader(std::string name, std::string value) {
    for (auto& [n, v] : headers) {
        if (n == name) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

Response Response::Text(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.content_type = "text/plain; charset=utf-8";
    return r;
}

Response Response::Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.content_type = "application/json; charset=utf-8";
    return r;
}

Response Response::Html(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::Redirect(std::string location, int status) {
    Response r;
    r.status = status;
    r.content_type.clear();
    r.SetHeader("Location", std::move(location));
    return r;
}

}  // namespace warden::web
