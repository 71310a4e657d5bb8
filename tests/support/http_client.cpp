#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

namespace warden::testing {
namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

int Connect(const std::string& host, int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    timeval tv{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
    auto it = headers.find(Lower(name));
    return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string host, int port) : host_(std::move(host)), port_(port) {}

std::string HttpClient::Raw(const std::string& request) {
    int fd = Connect(host_, port_);
    if (fd < 0) return "";
    size_t sent = 0;
    while (sent < request.size()) {
        ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
    }
    std::string out;
    char buf[65536];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    close(fd);
    return out;
}

HttpResponse HttpClient::Get(const std::string& target,
                             std::map<std::string, std::string> headers) {
    return Send("GET", target, "", std::move(headers));
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& target,
                              const std::string& body, std::map<std::string, std::string> headers) {
    std::ostringstream req;
    req << method << " " << target << " HTTP/1.1\r\nHost: " << host_ << ":" << port_
        << "\r\nConnection: close\r\n";
    if (!cookies_.empty() && !headers.count("Cookie")) {
        std::string cookie;
        for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
        req << "Cookie: " << cookie << "\r\n";
    }
    for (const auto& [k, v] : headers) req << k << ": " << v << "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT") {
        req << "Content-Length: " << body.size() << "\r\n";
    }
    req << "\r\n" << body;
    std::string raw = Raw(req.str());
    HttpResponse r;
    auto head_end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || head_end == std::string::npos) return r;
    r.status = std::stoi(raw.substr(9, 3));
    std::istringstream head(raw.substr(0, head_end));
    std::string line;
    std::getline(head, line);
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = Lower(line.substr(0, colon));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "set-cookie") {
            auto eq = value.find('='), semi = value.find(';');
            if (eq != std::string::npos) {
                std::string cname = value.substr(0, eq);
                std::string cval = value.substr(
                    eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
                if (cval.empty() || value.find("Max-Age=0") != std::string::npos) {
                    cookies_.erase(cname);
                } else {
                    cookies_[cname] = cval;
                }
            }
            auto& all = r.headers[name];
            all += (all.empty() ? "" : "\n") + value;
        } else {
            r.headers[name] = value;
        }
    }
    std::string body_raw = raw.substr(head_end + 4);
    if (Lower(r.Header("transfer-encoding")) == "chunked") {
        std::string decoded;
        size_t pos = 0;
        while (pos < body_raw.size()) {
            auto eol = body_raw.find("\r\n", pos);
            if (eol == std::string::npos) break;
            size_t size = std::stoul(body_raw.substr(pos, eol - pos), nullptr, 16);
            if (size == 0) break;
            decoded += body_raw.substr(eol + 2, size);
            pos = eol + 2 + size + 2;
        }
        r.body = decoded;
    } else {
        r.body = body_raw;
    }
    return r;
}

std::string FormEncode(const std::string& value) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string InputValue(const std::string& html, const std::string& name) {
    std::regex re("<input[^>]*name=\"" + name + "\"[^>]*value=\"([^\"]*)\"");
    std::smatch m;
    if (std::regex_search(html, m, re)) return m[1];
    std::regex re2("<input[^>]*value=\"([^\"]*)\"[^>]*name=\"" + name + "\"");
    if (std::regex_search(html, m, re2)) return m[1];
    return "";
}

HttpResponse SignIn(HttpClient& client, const std::string& username, const std::string& password,
                    std::map<std::string, std::string> headers) {
    auto page = client.Get("/sign-in");
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    return client.Send("POST", "/sign-in",
                       "csrf_token=" + FormEncode(InputValue(page.body, "csrf_token")) +
                           "&username=" + FormEncode(username) +
                           "&password=" + FormEncode(password),
                       headers);
}

}  // namespace warden::testing
