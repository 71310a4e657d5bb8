#include "web/server/http_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

namespace warden::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

/// Runs an HttpServer on a free port in a background thread.
class RunningServer {
  public:
    RunningServer(ServerOptions options, Handler handler, AccessObserver observer = {},
                  Admitter admitter = {}) {
        options.host = "127.0.0.1";
        options.port = 0;
        if (options.threads == 0) options.threads = 2;
        server_ = std::make_unique<HttpServer>(options, std::move(handler), std::move(observer),
                                               std::move(admitter));
        server_->Listen();
        thread_ = std::thread([this] {
            server_->Run(false);
            finished_ = true;
        });
    }
    ~RunningServer() { StopAndJoin(); }

    void StopAndJoin() {
        if (thread_.joinable()) {
            server_->Stop();
            thread_.join();
        }
    }
    HttpServer& server() { return *server_; }
    std::uint16_t port() const { return server_->port(); }
    bool finished() const { return finished_; }
    std::thread& thread() { return thread_; }

  private:
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
    std::atomic<bool> finished_{false};
};

/// A blocking client connection speaking raw HTTP/1.1.
class Client {
  public:
    explicit Client(std::uint16_t port) : socket_(ioc_) {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    void Send(std::string_view raw) { asio::write(socket_, asio::buffer(raw.data(), raw.size())); }
    http::response<http::string_body> Read(bool head = false) {
        http::response_parser<http::string_body> parser;
        parser.skip(head);
        parser.body_limit(boost::none);
        http::read(socket_, buffer_, parser);
        return parser.release();
    }
    http::response<http::string_body> Get(std::string_view target, std::string extra = "") {
        Send("GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n");
        return Read();
    }
    /// True when the server has closed the connection (reads EOF or reset).
    bool ClosedByPeer() {
        char c;
        beast::error_code ec;
        if (buffer_.size() > 0) return false;
        socket_.read_some(asio::buffer(&c, 1), ec);
        return ec == asio::error::eof || ec == asio::error::connection_reset;
    }
    tcp::socket& socket() { return socket_; }

  private:
    asio::io_context ioc_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

Response Echo(Request& request) {
    return Response::Text(200, request.method + " " + request.path + " q=" + request.query +
                                   " body=" + std::to_string(request.body.size()));
}

ServerOptions SmallLimits() {
    ServerOptions options;
    options.max_body_bytes = 100;
    options.max_upload_bytes = 10000;
    options.max_header_bytes = 1024;
    options.read_timeout = 2s;
    options.idle_timeout = 1s;
    options.shutdown_grace = 3s;
    return options;
}

TEST(HttpServerTest, BasicGetWithSecurityHeaders) {
    RunningServer server(SmallLimits(), Echo);
    Client client(server.port());
    auto res = client.Get("/hello%20world?x=1%202");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "GET /hello world q=x=1%202 body=0");
    EXPECT_EQ(res[http::field::content_type], "text/plain; charset=utf-8");
    EXPECT_EQ(res["Content-Security-Policy"],
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
              "frame-ancestors 'none'");
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(res["X-Frame-Options"], "DENY");
    EXPECT_EQ(res["Cross-Origin-Opener-Policy"], "same-origin");
    EXPECT_EQ(res["Permissions-Policy"], "camera=(), microphone=(), geolocation=()");
}

TEST(HttpServerTest, HandlerHeadersWinOverDefaults) {
    RunningServer server(SmallLimits(), [](Request&) {
        Response r = Response::Text(200, "x");
        r.SetHeader("X-Frame-Options", "SAMEORIGIN");
        r.SetHeader("Content-Type", "text/csv");
        r.headers.emplace_back("Set-Cookie", "a=1");
        r.headers.emplace_back("Set-Cookie", "b=2");
        return r;
    });
    Client client(server.port());
    auto res = client.Get("/");
    EXPECT_EQ(res["X-Frame-Options"], "SAMEORIGIN");
    EXPECT_EQ(res[http::field::content_type], "text/csv");
    EXPECT_EQ(
        std::distance(res.equal_range("Set-Cookie").first, res.equal_range("Set-Cookie").second),
        2);
    EXPECT_EQ(std::distance(res.equal_range("X-Frame-Options").first,
                            res.equal_range("X-Frame-Options").second),
              1);
}

TEST(HttpServerTest, InvalidHeaderValueFromHandlerIs500) {
    RunningServer server(SmallLimits(), [](Request&) {
        Response r = Response::Text(200, "x");
        r.SetHeader("Location", "/a\r\nSet-Cookie: evil=1");
        return r;
    });
    Client client(server.port());
    auto res = client.Get("/");
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(res.find("Set-Cookie"), res.end());
}

TEST(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
    std::mutex mu;
    std::vector<Request> seen;
    RunningServer server(SmallLimits(), [&](Request& request) {
        std::lock_guard lock(mu);
        seen.push_back(request);
        return Response::Text(200, "n" + std::to_string(seen.size()));
    });
    Client client(server.port());
    auto first = client.Get("/a", "X-Custom-Header: One\r\n");
    auto second = client.Get("/b");
    EXPECT_EQ(first.body(), "n1");
    EXPECT_EQ(second.body(), "n2");
    EXPECT_TRUE(second.keep_alive());
    std::lock_guard lock(mu);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].Header("x-custom-header"), "One");
    EXPECT_EQ(seen[0].remote, "127.0.0.1");
    EXPECT_EQ(seen[1].path, "/b");
}

TEST(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
    RunningServer server(SmallLimits(), Echo);
    Client client(server.port());
    client.Send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.Read().body(), "GET /one q= body=0");
    EXPECT_EQ(client.Read().body(), "GET /two q= body=0");
}

TEST(HttpServerTest, RequestIdIsEchoedWhenValidOtherwiseGenerated) {
    std::mutex mu;
    std::string handler_saw;
    RunningServer server(SmallLimits(), [&](Request& request) {
        std::lock_guard lock(mu);
        handler_saw = request.request_id;
        return Response::Text(200, "ok");
    });
    Client client(server.port());
    auto echoed = client.Get("/", "X-Request-Id: abc-123-DEF\r\n");
    EXPECT_EQ(echoed["X-Request-Id"], "abc-123-DEF");
    {
        std::lock_guard lock(mu);
        EXPECT_EQ(handler_saw, "abc-123-DEF");
    }
    auto replaced = client.Get("/", "X-Request-Id: bad id<script>\r\n");
    std::string id(replaced["X-Request-Id"]);
    EXPECT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    auto too_long = client.Get("/", "X-Request-Id: " + std::string(65, 'a') + "\r\n");
    EXPECT_EQ(too_long["X-Request-Id"].size(), 16u);
    auto generated = client.Get("/");
    EXPECT_EQ(generated["X-Request-Id"].size(), 16u);
    EXPECT_NE(generated["X-Request-Id"], replaced["X-Request-Id"]);
}

TEST(HttpServerTest, OversizedBodyIs413AndCloses) {
    RunningServer server(SmallLimits(), Echo);
    {
        Client client(server.port());
        std::string body(1000, 'x');
        client.Send("POST /api/v1/things HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" +
                    body);
        auto res = client.Read();
        EXPECT_EQ(res.result_int(), 413);
        EXPECT_EQ(res[http::field::content_type], "application/problem+json");
        EXPECT_NE(res.body().find("\"status\":413"), std::string::npos);
        EXPECT_FALSE(res.keep_alive());
        EXPECT_TRUE(client.ClosedByPeer());
    }
    {
        Client client(server.port());
        client.Send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" +
                    std::string(101, 'x'));
        auto res = client.Read();
        EXPECT_EQ(res.result_int(), 413);
        EXPECT_EQ(res[http::field::content_type], "text/plain; charset=utf-8");
        EXPECT_NE(res["X-Content-Type-Options"], "");
    }
    {
        // Chunked bodies are limited as they arrive.
        Client client(server.port());
        std::string chunk(80, 'y');
        client.Send("POST /form HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n" +
                    chunk + "\r\n50\r\n" + chunk + "\r\n0\r\n\r\n");
        EXPECT_EQ(client.Read().result_int(), 413);
    }
    {
        // Exactly at the limit is fine.
        Client client(server.port());
        client.Send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" +
                    std::string(100, 'x'));
        auto res = client.Read();
        EXPECT_EQ(res.result_int(), 200);
        EXPECT_EQ(res.body(), "POST /form q= body=100");
    }
}

TEST(HttpServerTest, TheAdmitterChoosesTheUploadLimitFromTheHeadersAlone) {
    std::atomic<int> admitted_with_body{0};
    // Uploads only for the route "/upload" and a caller with the right header; never from the
    // raw target (the query may say anything).
    Admitter admitter = [&](const Request& request) {
        if (!request.body.empty()) ++admitted_with_body;
        return Admission{request.path == "/upload" && request.Header("authorization") == "ok"};
    };
    RunningServer server(SmallLimits(), Echo, {}, admitter);
    Client client(server.port());
    client.Send(
        "POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: ok\r\nContent-Length: 5000\r\n\r\n" +
        std::string(5000, 'z'));
    auto res = client.Read();
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "POST /upload q= body=5000");

    Client big(server.port());
    big.Send(
        "POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: ok\r\nContent-Length: 10001\r\n\r\n");
    EXPECT_EQ(big.Read().result_int(), 413);

    Client anonymous(server.port());
    anonymous.Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
    EXPECT_EQ(anonymous.Read().result_int(), 413);

    Client sneaky(server.port());
    sneaky.Send(
        "POST /sign-in?x=/import HTTP/1.1\r\nHost: x\r\nAuthorization: ok\r\n"
        "Content-Length: 5000\r\n\r\n");
    EXPECT_EQ(sneaky.Read().result_int(), 413);
    EXPECT_EQ(admitted_with_body.load(), 0) << "the admitter runs before the body is read";
}

TEST(HttpServerTest, ConnectionsOverTheCapGet503) {
    ServerOptions options = SmallLimits();
    options.max_connections = 1;
    options.idle_timeout = 10s;
    RunningServer server(options, Echo);
    auto first = std::make_unique<Client>(server.port());
    EXPECT_EQ(first->Get("/a").result_int(), 200);  // served and still open (keep-alive)
    {
        Client second(server.port());
        auto res = second.Read();
        EXPECT_EQ(res.result_int(), 503);
        EXPECT_EQ(res["Retry-After"], "1");
        EXPECT_TRUE(second.ClosedByPeer());
    }
    first.reset();
    // Once the first has gone, connections are served again.
    bool served = false;
    for (int i = 0; i < 100 && !served; ++i) {
        Client again(server.port());
        again.Send("GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        served = again.Read().result_int() == 200;
        if (!served) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(served);
}

TEST(HttpServerTest, ExpectContinueGetsInterimResponse) {
    RunningServer server(SmallLimits(), Echo);
    Client client(server.port());
    client.Send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    auto interim = client.Read(true);
    EXPECT_EQ(interim.result_int(), 100);
    client.Send("abc");
    auto res = client.Read();
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "POST /x q= body=3");
}

TEST(HttpServerTest, OversizedHeadersAre431) {
    RunningServer server(SmallLimits(), Echo);
    Client client(server.port());
    client.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'h') + "\r\n\r\n");
    auto res = client.Read();
    EXPECT_EQ(res.result_int(), 431);
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST(HttpServerTest, MalformedRequestsAre400) {
    RunningServer server(SmallLimits(), Echo);
    {
        Client client(server.port());
        client.Send("GET /bad%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(client.Read().result_int(), 400);
    }
    {
        Client client(server.port());
        client.Send("GET /nul%00 HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_EQ(client.Read().result_int(), 400);
    }
    {
        Client client(server.port());
        client.Send("NOT HTTP AT ALL\r\n\r\n");
        EXPECT_EQ(client.Read().result_int(), 400);
    }
}

TEST(HttpServerTest, HandlerThatThrowsGives500) {
    RunningServer server(SmallLimits(),
                         [](Request&) -> Response { throw std::runtime_error("boom"); });
    Client client(server.port());
    auto res = client.Get("/api/v1/x");
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(res[http::field::content_type], "application/problem+json");
    EXPECT_EQ(res.body().find("boom"), std::string::npos);
    // The connection stays usable.
    EXPECT_EQ(client.Get("/html").result_int(), 500);
}

TEST(HttpServerTest, HeadHasHeadersButNoBody) {
    std::mutex mu;
    std::string method_seen;
    RunningServer server(SmallLimits(), [&](Request& request) {
        std::lock_guard lock(mu);
        method_seen = request.method;
        return Response::Text(200, "twelve bytes");
    });
    Client client(server.port());
    client.Send("HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n");
    auto head = client.Read(true);
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(head[http::field::content_length], "12");
    EXPECT_EQ(head["X-Frame-Options"], "DENY");
    {
        std::lock_guard lock(mu);
        EXPECT_EQ(method_seen, "GET");
    }
    // No stray body: the next response parses cleanly.
    EXPECT_EQ(client.Get("/page").body(), "twelve bytes");
}

TEST(HttpServerTest, StreamsFilePath) {
    auto path = std::filesystem::temp_directory_path() / "warden_http_server_test_file.txt";
    {
        std::ofstream out(path);
        out << "file contents here";
    }
    RunningServer server(SmallLimits(), [&](Request& request) {
        Response r;
        r.content_type = "text/plain";
        r.file_path = request.path == "/missing" ? "/nonexistent/file" : path.string();
        return r;
    });
    Client client(server.port());
    auto res = client.Get("/file");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "file contents here");
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(client.Get("/missing").result_int(), 404);
    std::filesystem::remove(path);
}

TEST(HttpServerTest, ObserverSeesStatusBytesAndRoute) {
    std::mutex mu;
    std::vector<std::tuple<std::string, std::string, int, std::size_t>> records;
    RunningServer server(
        SmallLimits(),
        [](Request& request) {
            request.route = "/r/{id}";
            return Response::Text(201, "hello");
        },
        [&](const AccessRecord& record) {
            std::lock_guard lock(mu);
            records.emplace_back(record.request->method, record.request->route, record.status,
                                 record.bytes);
            EXPECT_GE(record.duration.count(), 0);
        });
    Client client(server.port());
    client.Get("/r/1");
    client.Send("POST /r/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 413);
    server.StopAndJoin();
    std::lock_guard lock(mu);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0],
              std::make_tuple(std::string("GET"), std::string("/r/{id}"), 201, std::size_t{5}));
    EXPECT_EQ(std::get<0>(records[1]), "POST");
    EXPECT_EQ(std::get<2>(records[1]), 413);
}

TEST(HttpServerTest, IdleTimeoutClosesKeepAliveConnection) {
    RunningServer server(SmallLimits(), Echo);
    Client client(server.port());
    EXPECT_EQ(client.Get("/").result_int(), 200);
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());
    auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 800ms);
    EXPECT_LT(waited, 5s);
}

TEST(HttpServerTest, ReadTimeoutClosesSlowRequest) {
    RunningServer server(SmallLimits(), Echo);
    Client client(server.port());
    client.Send("GET / HTTP/1.1\r\nHost:");  // never finished
    auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(HttpServerTest, StopLetsSlowHandlerFinish) {
    std::promise<void> entered;
    auto entered_future = entered.get_future();
    RunningServer server(SmallLimits(), [&](Request&) {
        entered.set_value();
        std::this_thread::sleep_for(400ms);
        return Response::Text(200, "finished");
    });
    Client idle(server.port());  // an idle keep-alive connection: closed at Stop
    Client client(server.port());
    client.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(entered_future.wait_for(5s), std::future_status::ready);
    auto start = std::chrono::steady_clock::now();
    server.server().Stop();
    auto res = client.Read();
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "finished");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(idle.ClosedByPeer());
    server.thread().join();
    EXPECT_TRUE(server.finished());
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    // No longer accepting.
    EXPECT_THROW(Client late(server.port()), boost::system::system_error);
}

TEST(HttpServerTest, StopWithNoConnectionsReturnsPromptly) {
    RunningServer server(SmallLimits(), Echo);
    std::this_thread::sleep_for(50ms);
    auto start = std::chrono::steady_clock::now();
    server.StopAndJoin();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(HttpServerTest, SigtermStopsRunGracefully) {
    ServerOptions options = SmallLimits();
    options.port = 0;
    options.threads = 2;
    HttpServer server(options, Echo);
    server.Listen();
    std::thread runner([&] { server.Run(true); });
    {
        // A served request proves the loop (and its signal handler) is running.
        Client client(server.port());
        EXPECT_EQ(client.Get("/").result_int(), 200);
    }
    ::kill(::getpid(), SIGTERM);
    runner.join();  // Run returned: `warden serve` exits 0
    EXPECT_THROW(Client late(server.port()), boost::system::system_error);
}

TEST(HttpServerTest, StopBeforeRunReturnsImmediately) {
    ServerOptions options = SmallLimits();
    options.port = 0;
    HttpServer server(options, Echo);
    server.Listen();
    server.Stop();
    server.Run(false);
    SUCCEED();
}

TEST(HttpServerTest, ListenFailsClearlyWhenPortTaken) {
    RunningServer first(SmallLimits(), Echo);
    ServerOptions options = SmallLimits();
    options.port = first.port();
    HttpServer second(options, Echo);
    try {
        second.Listen();
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot bind"), std::string::npos) << e.what();
    }
}

TEST(HttpServerTest, ManyConcurrentClients) {
    RunningServer server(SmallLimits(), Echo);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            Client client(server.port());
            for (int i = 0; i < 200; ++i) {
                if (client.Get("/x").result_int() == 200) ++ok;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1600);
}

}  // namespace
}  // namespace warden::web
