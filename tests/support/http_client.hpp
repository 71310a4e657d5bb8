#pragma once
// A minimal HTTP/1.1 client over a loopback socket, for integration tests.

#include <map>
#include <string>
#include <vector>

namespace warden::testing {

/// A response as received.
struct HttpResponse {
    int status = 0;                              // 0: no response (connection failed)
    std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie values joined by \n
    std::string body;
    std::string Header(const std::string& name) const;
};

/// Sends one request per connection (Connection: close), keeping cookies between requests.
class HttpClient {
  public:
    HttpClient(std::string host, int port);
    HttpResponse Get(const std::string& target, std::map<std::string, std::string> headers = {});
    HttpResponse Send(const std::string& method, const std::string& target, const std::string& body,
                      std::map<std::string, std::string> headers = {});
    /// A raw request text; returns the raw response text (for protocol tests).
    std::string Raw(const std::string& request);
    std::map<std::string, std::string>& cookies() { return cookies_; }

  private:
    std::string host_;
    int port_;
    std::map<std::string, std::string> cookies_;
};

/// Percent-encodes a form value.
std::string FormEncode(const std::string& value);
/// The value of `<input name="NAME" value="...">` in an HTML page ("" if absent).
std::string InputValue(const std::string& html, const std::string& name);
/// Signs `client` in as `username` through the sign-in form, as a browser does (the form's
/// CSRF token, then the POST with `headers` added); the response to the POST (303 when signed in).
HttpResponse SignIn(HttpClient& client, const std::string& username, const std::string& password,
                    std::map<std::string, std::string> headers = {});

}  // namespace warden::testing
