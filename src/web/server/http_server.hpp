#pragma once
// The HTTP server (Boost.Beast + Asio, C++20 coroutines, one io_context per core). This header
// does not include Boost: the rest of Warden sees only Request/Response.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "web/http.hpp"

namespace warden::web {

/// Limits and timeouts of the server.
struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;              // 0: pick a free port (see HttpServer::port)
    int threads = 0;                        // 0: one per core
    std::chrono::seconds read_timeout{30};  // a whole request must arrive within this
    std::chrono::seconds idle_timeout{60};  // keep-alive connection with no request
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;         // default for every route
    std::size_t max_upload_bytes = 64 * 1024 * 1024;  // when the Admitter says "upload"
    std::size_t max_connections = 512;                // more are answered 503 and closed at once
    std::chrono::seconds shutdown_grace{20};
};

/// Called for every request on an io thread; must not throw (the server answers 500 if it does).
using Handler = std::function<Response(Request&)>;

/// What the server may read of a request's body, decided from its headers alone.
struct Admission {
    bool upload = false;  // true: max_upload_bytes; false: max_body_bytes
};
/// Called once a request's headers are read (method, target, path, headers and remote set; no
/// body), before any of the body is read. Must not throw (the server then uses the small limit).
using Admitter = std::function<Admission(const Request&)>;

/// Called once per request after the response is written, for the access log and metrics.
struct AccessRecord {
    const Request* request;
    int status;
    std::size_t bytes;
    std::chrono::microseconds duration;
};
using AccessObserver = std::function<void(const AccessRecord&)>;

/// Serves HTTP/1.1 with keep-alive, timeouts, size limits (413), a connection cap (503) and
/// graceful shutdown.
class HttpServer {
  public:
    HttpServer(ServerOptions options, Handler handler, AccessObserver observer = {},
               Admitter admitter = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and listens; throws std::runtime_error with a one-line reason when it cannot.
    void Listen();
    /// The bound port (after Listen).
    std::uint16_t port() const;
    /// Runs the io threads until Stop() (or SIGTERM/SIGINT when `handle_signals`); in-flight
    /// requests finish before it returns.
    void Run(bool handle_signals = true);
    /// Stops accepting, lets requests in flight finish, then returns from Run. Thread-safe.
    void Stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace warden::web
