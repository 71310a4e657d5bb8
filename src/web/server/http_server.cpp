// HttpServer: Boost.Beast + Asio with C++20 coroutines.
//
// Threading model: one io_context per thread ("worker"), each run by exactly one thread, so a
// connection's state is only ever touched by its own thread and needs no locks. A single acceptor
// lives on worker 0 and hands each accepted socket round-robin to the workers (async_accept with
// the target worker's io_context). We chose this over SO_REUSEPORT acceptors because a second
// `warden serve` on the same port then fails loudly with "address in use" instead of silently
// sharing the port, and one acceptor comfortably keeps up with keep-alive traffic.
//
// Shutdown: Stop() closes the acceptor, closes connections that are idle between keep-alive
// requests, and lets requests in flight finish (their responses carry "Connection: close"). A
// watcher on worker 0 waits until no connection is left, then releases the workers' work guards
// so every io_context runs out of work and Run() returns. After shutdown_grace it force-closes
// whatever is left.

#include "web/server/http_server.hpp"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <iostream>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <vector>

namespace warden::web {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kFirstReadBytes = 4096;
constexpr auto kDrainPoll = std::chrono::milliseconds(20);
constexpr auto kDiscardTimeout = std::chrono::seconds(1);

/// Headers added to every response unless the handler set them.
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
     "frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Percent-decodes a path; nullopt for a malformed escape or a decoded NUL.
std::optional<std::string> DecodePath(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '%') {
            if (i + 2 >= raw.size()) return std::nullopt;
            int hi = HexValue(raw[i + 1]);
            int lo = HexValue(raw[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') return std::nullopt;
        out.push_back(c);
    }
    return out;
}

bool IsValidRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

/// A fresh 16-hex-digit id (not a secret: a per-thread PRNG is enough).
std::string NewRequestId() {
    thread_local std::mt19937_64 rng = [] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }();
    static constexpr char kHex[] = "0123456789abcdef";
    std::uint64_t v = rng();
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kHex[v & 0xF];
        v >>= 4;
    }
    return out;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool HasControlChars(std::string_view s) {
    for (char c : s) {
        if (c == '\r' || c == '\n' || c == '\0') return true;
    }
    return false;
}

/// True for a malformed-request error from the HTTP parser (not a timeout or a closed socket).
bool IsParseError(const beast::error_code& ec) {
    return ec.category() == beast::error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

bool IsApiPath(std::string_view path) { return path.starts_with("/api/"); }

/// A short error answer: problem+json for the API, plain text otherwise.
Response ErrorResponse(int status, std::string_view title, std::string_view path) {
    if (IsApiPath(path)) {
        Response r =
            Response::Json(status, "{\"type\":\"about:blank\",\"title\":\"" + std::string(title) +
                                       "\",\"status\":" + std::to_string(status) + "}");
        r.content_type = "application/problem+json";
        return r;
    }
    return Response::Text(status, std::string(title) + "\n");
}

void SplitTarget(std::string_view target, Request& request) {
    auto q = target.find('?');
    if (q == std::string_view::npos) {
        request.query.clear();
    } else {
        request.query = std::string(target.substr(q + 1));
    }
}

}  // namespace

struct HttpServer::Impl {
    /// One io_context and the connections it owns (touched only by its own thread).
    struct Connection {
        beast::tcp_stream* stream;
        bool idle;
    };
    struct Worker {
        asio::io_context ioc{1};
        std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
        std::unordered_set<Connection*> connections;
    };

    ServerOptions options;
    Handler handler;
    AccessObserver observer;
    Admitter admitter;
    std::vector<std::unique_ptr<Worker>> workers;
    std::optional<tcp::acceptor> acceptor;
    std::optional<asio::signal_set> signals;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> active{0};
    std::uint16_t bound_port = 0;
    std::size_t next_worker = 0;

    Impl(ServerOptions o, Handler h, AccessObserver obs, Admitter a)
        : options(std::move(o)),
          handler(std::move(h)),
          observer(std::move(obs)),
          admitter(std::move(a)) {
        int n = options.threads;
        if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
        if (n <= 0) n = 1;
        for (int i = 0; i < n; ++i) {
            auto w = std::make_unique<Worker>();
            w->guard.emplace(w->ioc.get_executor());
            workers.push_back(std::move(w));
        }
    }

    asio::io_context& MainContext() { return workers.front()->ioc; }

    void Listen() {
        asio::io_context& ioc = MainContext();
        beast::error_code ec;
        tcp::endpoint endpoint;
        auto address = asio::ip::make_address(options.host, ec);
        if (!ec) {
            endpoint = tcp::endpoint(address, options.port);
        } else {
            tcp::resolver resolver(ioc);
            auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
            if (ec || results.empty()) {
                throw std::runtime_error("cannot resolve host '" + options.host +
                                         "': " + (ec ? ec.message() : "no address"));
            }
            endpoint = results.begin()->endpoint();
        }
        tcp::acceptor a(ioc);
        auto fail = [&](const char* what) {
            throw std::runtime_error(std::string(what) + " " + endpoint.address().to_string() +
                                     ":" + std::to_string(endpoint.port()) + ": " + ec.message());
        };
        a.open(endpoint.protocol(), ec);
        if (ec) fail("cannot open socket for");
        a.set_option(asio::socket_base::reuse_address(true), ec);
        if (ec) fail("cannot set SO_REUSEADDR on");
        a.bind(endpoint, ec);
        if (ec) fail("cannot bind");
        a.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) fail("cannot listen on");
        bound_port = a.local_endpoint().port();
        acceptor.emplace(std::move(a));
    }

    void Run(bool handle_signals) {
        if (!acceptor) Listen();
        if (stopping.load()) return;
        asio::io_context& ioc = MainContext();
        if (handle_signals) {
            signals.emplace(ioc, SIGINT, SIGTERM);
            signals->async_wait([this](const beast::error_code& ec, int) {
                if (!ec) Stop();
            });
        }
        asio::co_spawn(ioc, AcceptLoop(), asio::detached);
        std::vector<std::thread> threads;
        for (std::size_t i = 1; i < workers.size(); ++i) {
            threads.emplace_back([w = workers[i].get()] { w->ioc.run(); });
        }
        ioc.run();
        for (auto& t : threads) t.join();
    }

    void Stop() {
        if (stopping.exchange(true)) return;
        asio::post(MainContext(), [this] {
            beast::error_code ec;
            if (acceptor) acceptor->close(ec);
            if (signals) signals->cancel(ec);
            asio::co_spawn(MainContext(), DrainThenFinish(), asio::detached);
        });
        for (auto& w : workers) {
            asio::post(w->ioc, [w = w.get()] {
                for (Connection* c : w->connections) {
                    if (c->idle) c->stream->close();
                }
            });
        }
    }

    /// Waits for connections to end (force-closing after the grace period), then lets Run return.
    asio::awaitable<void> DrainThenFinish() {
        asio::steady_timer timer(MainContext());
        auto deadline = SteadyClock::now() + options.shutdown_grace;
        bool forced = false;
        while (active.load() > 0) {
            if (!forced && SteadyClock::now() >= deadline) {
                forced = true;
                deadline = SteadyClock::now() + std::chrono::seconds(1);
                for (auto& w : workers) {
                    asio::post(w->ioc, [w = w.get()] {
                        for (Connection* c : w->connections) c->stream->close();
                    });
                }
            } else if (forced && SteadyClock::now() >= deadline) {
                // A handler is stuck: stop the loops rather than hang the process.
                for (auto& w : workers) w->ioc.stop();
                break;
            }
            timer.expires_after(kDrainPoll);
            co_await timer.async_wait(kUseTuple);
        }
        for (auto& w : workers) w->guard.reset();
    }

    asio::awaitable<void> AcceptLoop() {
        while (!stopping.load()) {
            Worker& w = *workers[next_worker++ % workers.size()];
            auto [ec, socket] = co_await acceptor->async_accept(w.ioc, kUseTuple);
            if (ec) {
                if (stopping.load() || !acceptor->is_open()) co_return;
                // Transient (e.g. out of file descriptors): back off briefly.
                asio::steady_timer timer(MainContext(), std::chrono::milliseconds(50));
                co_await timer.async_wait(kUseTuple);
                continue;
            }
            beast::error_code ignored;
            if (active.load() >= options.max_connections) {
                RefuseOverCapacity(socket);
                continue;
            }
            socket.set_option(tcp::no_delay(true), ignored);
            active.fetch_add(1);
            asio::co_spawn(w.ioc, ServeConnection(w, std::move(socket)), asio::detached);
        }
    }

    /// Over the connection cap: a short 503 written without waiting (it fits the socket's
    /// buffer), then the connection is closed. Nothing of the request is read.
    template <class Socket>
    static void RefuseOverCapacity(Socket& socket) {
        static constexpr std::string_view kBusy =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            "Content-Length: 20\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
            "Too many connections";
        beast::error_code ec;
        socket.non_blocking(true, ec);
        if (!ec) socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ec);
        socket.shutdown(Socket::shutdown_both, ec);
        socket.close(ec);
    }

    /// Keeps the connection registered with its worker while it lives.
    struct Registration {
        Impl& impl;
        Worker& worker;
        Connection& connection;
        Registration(Impl& i, Worker& w, Connection& c) : impl(i), worker(w), connection(c) {
            worker.connections.insert(&connection);
        }
        ~Registration() {
            worker.connections.erase(&connection);
            impl.active.fetch_sub(1);
        }
        Registration(const Registration&) = delete;
        Registration& operator=(const Registration&) = delete;
    };

    asio::awaitable<void> ServeConnection(Worker& worker, tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        Connection connection{&stream, true};
        Registration registration(*this, worker, connection);
        try {
            co_await ServeRequests(stream, connection);
        } catch (const std::exception& e) {
            std::cerr << "warden: connection error: " << e.what() << "\n";
        } catch (...) {
            std::cerr << "warden: connection error\n";
        }
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.close();
    }

    asio::awaitable<void> ServeRequests(beast::tcp_stream& stream, Connection& connection) {
        beast::error_code ec;
        std::string remote;
        auto endpoint = stream.socket().remote_endpoint(ec);
        if (!ec) remote = endpoint.address().to_string();
        beast::flat_buffer buffer;
        bool first = true;
        for (;;) {
            // Idle: wait for the first bytes of the next request.
            if (buffer.size() == 0) {
                connection.idle = true;
                if (stopping.load() && !first) co_return;
                stream.expires_after(first ? options.read_timeout : options.idle_timeout);
                auto [read_ec, n] =
                    co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), kUseTuple);
                if (read_ec) co_return;
                buffer.commit(n);
            }
            connection.idle = false;
            first = false;
            auto started = SteadyClock::now();
            Request request;
            request.remote = remote;

            stream.expires_after(options.read_timeout);
            http::request_parser<http::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(
                std::min<std::size_t>(options.max_header_bytes, 0xFFFFFFFFu)));
            parser.body_limit(boost::none);  // checked below, once the target is known
            auto [header_ec, header_n] =
                co_await http::async_read_header(stream, buffer, parser, kUseTuple);
            (void)header_n;
            if (header_ec) {
                if (header_ec == http::error::header_limit) {
                    FillFromParser(parser, request);
                    co_await SendError(stream, request, 431, "Request Header Fields Too Large",
                                       started);
                } else if (IsParseError(header_ec)) {
                    co_await SendError(stream, request, 400, "Bad Request", started);
                }
                co_return;
            }
            FillFromParser(parser, request);
            auto decoded = DecodePath(request.path);
            if (!decoded || !request.target.starts_with("/")) {
                co_await SendError(stream, request, 400, "Bad Request", started);
                co_return;
            }
            request.path = std::move(*decoded);
            for (const auto& field : parser.get()) {
                std::string name = AsciiLower(field.name_string());
                auto [it, inserted] = request.headers.try_emplace(name, field.value());
                if (!inserted) {
                    it->second += ", ";
                    it->second += field.value();
                }
            }
            // The limit comes from the matched route (after authentication), never the target.
            const std::size_t limit =
                Admit(request).upload ? options.max_upload_bytes : options.max_body_bytes;
            auto declared = parser.content_length();
            if (declared && *declared > limit) {
                co_await SendError(stream, request, 413, "Payload Too Large", started);
                co_await DiscardInput(stream);
                co_return;
            }
            parser.body_limit(limit);
            if (!parser.is_done()) {
                auto expect = parser.get()[http::field::expect];
                if (beast::iequals(expect, "100-continue")) {
                    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                    auto [write_ec, written] = co_await asio::async_write(
                        stream, asio::buffer(kContinue.data(), kContinue.size()), kUseTuple);
                    (void)written;
                    if (write_ec) co_return;
                }
                auto [body_ec, body_n] =
                    co_await http::async_read(stream, buffer, parser, kUseTuple);
                (void)body_n;
                if (body_ec == http::error::body_limit) {
                    co_await SendError(stream, request, 413, "Payload Too Large", started);
                    co_await DiscardInput(stream);
                    co_return;
                }
                if (body_ec) {
                    if (IsParseError(body_ec)) {
                        co_await SendError(stream, request, 400, "Bad Request", started);
                    }
                    co_return;
                }
            }

            auto message = parser.release();
            request.body = std::move(message.body());
            const bool keep_alive = message.keep_alive();
            const unsigned version = message.version();
            const bool head = message.method() == http::verb::head;

            Response response = CallHandler(request, head);
            bool close = !keep_alive || stopping.load();
            auto result = co_await WriteResponse(stream, request, response, version, head, !close);
            Observe(request, response.status, result.bytes, started);
            if (!result.ok || close) co_return;
        }
    }

    Admission Admit(const Request& request) {
        if (!admitter) return {};
        try {
            return admitter(request);
        } catch (...) {
            return {};  // the small limit
        }
    }

    /// Fills method, target and request id from whatever the parser has so far.
    void FillFromParser(http::request_parser<http::string_body>& parser, Request& request) {
        const auto& m = parser.get();
        request.method = std::string(m.method_string());
        request.target = std::string(m.target());
        SplitTarget(request.target, request);
        request.path = request.target.substr(0, request.target.find('?'));
        auto incoming = m["X-Request-Id"];
        request.request_id = IsValidRequestId(incoming) ? std::string(incoming) : NewRequestId();
    }

    Response CallHandler(Request& request, bool head) {
        // HEAD is answered like GET, without the body.
        if (head) request.method = "GET";
        Response response;
        try {
            response = handler(request);
        } catch (const std::exception& e) {
            std::cerr << "warden: request " << request.request_id
                      << ": unhandled exception: " << e.what() << "\n";
            response = ErrorResponse(500, "Internal Server Error", request.path);
        } catch (...) {
            std::cerr << "warden: request " << request.request_id << ": unhandled exception\n";
            response = ErrorResponse(500, "Internal Server Error", request.path);
        }
        if (head) request.method = "HEAD";
        bool bad = response.status < 100 || response.status > 599 ||
                   HasControlChars(response.content_type);
        for (const auto& [name, value] : response.headers) {
            if (name.empty() || HasControlChars(name) || HasControlChars(value)) bad = true;
        }
        if (bad) {
            std::cerr << "warden: request " << request.request_id
                      << ": handler returned an invalid response\n";
            response = ErrorResponse(500, "Internal Server Error", request.path);
        }
        return response;
    }

    void Observe(const Request& request, int status, std::size_t bytes,
                 SteadyClock::time_point started) {
        if (!observer) return;
        auto duration =
            std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started);
        try {
            observer(AccessRecord{&request, status, bytes, duration});
        } catch (...) {
            // Logging must never take the connection down.
        }
    }

    asio::awaitable<void> SendError(beast::tcp_stream& stream, Request& request, int status,
                                    std::string_view title, SteadyClock::time_point started) {
        if (request.request_id.empty()) request.request_id = NewRequestId();
        Response response = ErrorResponse(status, title, request.path);
        auto result = co_await WriteResponse(stream, request, response, 11, false, false);
        Observe(request, status, result.bytes, started);
    }

    /// After an early answer, reads and drops what the client still sends (briefly), so the
    /// close does not turn into a reset that loses our answer.
    asio::awaitable<void> DiscardInput(beast::tcp_stream& stream) {
        beast::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.expires_after(kDiscardTimeout);
        std::array<char, 16 * 1024> sink{};
        for (;;) {
            auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), kUseTuple);
            (void)n;
            if (read_ec) break;
        }
    }

    struct WriteResult {
        bool ok;
        std::size_t bytes;
    };

    template <class Body>
    void AddHeaders(http::response<Body>& res, const Request& request, const Response& response,
                    bool keep_alive) {
        for (const auto& [name, value] : response.headers) res.insert(name, value);
        if (!response.content_type.empty() && res.find(http::field::content_type) == res.end()) {
            res.set(http::field::content_type, response.content_type);
        }
        res.set("X-Request-Id", request.request_id);
        for (const auto& [name, value] : kSecurityHeaders) {
            if (res.find(name) == res.end()) res.set(name, value);
        }
        res.keep_alive(keep_alive);
    }

    template <class Body>
    asio::awaitable<bool> WriteMessage(beast::tcp_stream& stream, http::response<Body>& res,
                                       bool head) {
        stream.expires_after(options.read_timeout);
        if (head) {
            http::response_serializer<Body> serializer(res);
            auto [ec, n] = co_await http::async_write_header(stream, serializer, kUseTuple);
            (void)n;
            co_return !ec;
        }
        auto [ec, n] = co_await http::async_write(stream, res, kUseTuple);
        (void)n;
        co_return !ec;
    }

    asio::awaitable<WriteResult> WriteResponse(beast::tcp_stream& stream, const Request& request,
                                               Response& response, unsigned version, bool head,
                                               bool keep_alive) {
        if (!response.file_path.empty()) {
            http::file_body::value_type file;
            beast::error_code ec;
            file.open(response.file_path.c_str(), beast::file_mode::scan, ec);
            if (!ec) {
                http::response<http::file_body> res;
                res.version(version);
                res.result(static_cast<unsigned>(response.status));
                AddHeaders(res, request, response, keep_alive);
                std::size_t size = static_cast<std::size_t>(file.size());
                res.body() = std::move(file);
                res.prepare_payload();
                bool ok = co_await WriteMessage(stream, res, head);
                co_return WriteResult{ok, head ? 0 : size};
            }
            std::cerr << "warden: request " << request.request_id << ": cannot open "
                      << response.file_path << ": " << ec.message() << "\n";
            response = ErrorResponse(404, "Not Found", request.path);
        }
        http::response<http::string_body> res;
        res.version(version);
        res.result(static_cast<unsigned>(response.status));
        AddHeaders(res, request, response, keep_alive);
        std::size_t size = response.body.size();
        res.body() = std::move(response.body);
        res.prepare_payload();
        bool ok = co_await WriteMessage(stream, res, head);
        co_return WriteResult{ok, head ? 0 : size};
    }
};

HttpServer::HttpServer(ServerOptions options, Handler handler, AccessObserver observer,
                       Admitter admitter)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(observer),
                                   std::move(admitter))) {}

HttpServer::~HttpServer() = default;

void HttpServer::Listen() { impl_->Listen(); }

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::Run(bool handle_signals) { impl_->Run(handle_signals); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace warden::web
