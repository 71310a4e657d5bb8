// The handset issue-and-return figure (issue 10, item 11; docs/performance.md): N concurrent API
// clients, each on its own keep-alive connection, issue a handset to a prisoner and take it back
// with the seal on record, as fast as the server answers. Then a contention phase: every client
// tries to issue one of the same few handsets to its own prisoner, so most attempts are refused
// (409). Afterwards each handset's timeline must alternate ISSUED, RETURNED: a handset issued twice
// at once would show two ISSUED in a row.
//
// Usage: warden_handset_ops PORTS SECURITY_TOKEN OFFICER_TOKEN SPOC_TOKEN CLIENTS SECONDS
// PORTS is one port or several, comma-separated (several `serve` processes on one database): set-up
// uses the first, and client i talks to port i modulo their number.
// The server must have establishment BEN (wing A) with no prisoners yet; bench/handsets.sh sets
// that up, with the users whose tokens are passed here.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Reply {
    int status = 0;
    std::string body;
};

// One keep-alive HTTP/1.1 connection to 127.0.0.1:port.
class Connection {
  public:
    explicit Connection(int port) : port_(port) { Open(); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        if (fd_ >= 0) close(fd_);
    }

    Reply Send(const std::string& method, const std::string& target, const std::string& token,
               const std::string& body, const std::string& type = "application/json") {
        std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        req += "Authorization: Bearer " + token + "\r\n";
        if (!body.empty() || method != "GET") {
            req += "Content-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) +
                   "\r\n";
        }
        req += "\r\n" + body;
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (fd_ < 0) Open();
            if (WriteAll(req)) {
                Reply r;
                if (Read(r)) return r;
            }
            close(fd_);  // the server closed a kept-alive connection: reconnect once
            fd_ = -1;
        }
        throw std::runtime_error("no answer to " + method + " " + target);
    }

  private:
    void Open() {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket");
        int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("connect");
        }
        buffer_.clear();
    }
    bool WriteAll(const std::string& data) {
        size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<size_t>(n);
        }
        return true;
    }
    bool Fill() {
        char chunk[16384];
        const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<size_t>(n));
        return true;
    }
    bool Read(Reply& r) {
        size_t end;
        while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
            if (!Fill()) return false;
        }
        const std::string head = buffer_.substr(0, end);
        r.status = std::atoi(head.c_str() + head.find(' ') + 1);
        std::string lower = head;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const size_t cl = lower.find("\r\ncontent-length:");
        const size_t length =
            cl == std::string::npos ? 0 : std::strtoul(head.c_str() + cl + 17, nullptr, 10);
        while (buffer_.size() < end + 4 + length) {
            if (!Fill()) return false;
        }
        r.body = buffer_.substr(end + 4, length);
        buffer_.erase(0, end + 4 + length);
        return true;
    }

    int port_;
    int fd_ = -1;
    std::string buffer_;
};

void Expect(const Reply& r, int status, const std::string& what) {
    if (r.status != status) {
        throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    }
}

// `digits` followed by its Luhn check digit.
std::string Luhn(const std::string& digits) {
    int sum = 0;
    bool twice = true;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice && (d *= 2) > 9) d -= 9;
        sum += d;
        twice = !twice;
    }
    return digits + std::to_string((10 - sum % 10) % 10);
}

// `prefix`, `n` as `width` digits zero-padded, then `suffix`.
std::string Code(const char* prefix, int n, int width, const char* suffix = "") {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s%0*d%s", prefix, width, n, suffix);
    return buf;
}

std::string Prisoner(int i) { return Code("B", i, 4, "BN"); }
std::string Tag(int i) { return Code("BEN-H", i, 3); }
std::string Seal(int i) { return Code("S", i, 6); }

// BEN's wing A: `n` prisoners with a need, a signed compact, a GREEN decision and a grant, the
// published list, and `n` handsets.
void SetUp(int port, const std::string& security, const std::string& officer,
           const std::string& spoc, int n) {
    Connection c(port);
    std::string csv =
        "prison_number,first_name,last_name,date_of_birth,establishment,wing,cell,legal_status,"
        "security_category,alerts,phone_finds_12m,phone_adjudications_12m,phone_intel_12m\n";
    for (int i = 0; i < n; ++i) {
        csv += Prisoner(i) + ",Pat,Bench,1980-01-02,BEN,A," + Code("A-1-", i, 3) +
               ",SENTENCED,C,,0,0,0\n";
    }
    Expect(c.Send("POST", "/api/v1/establishments/BEN/prisoners/import", security, csv, "text/csv"),
           200, "import");
    Expect(c.Send("PUT", "/api/v1/establishments/BEN/phase", security,
                  R"({"phase":1,"reason":"benchmark"})"),
           200, "phase");
    Expect(c.Send("POST", "/api/v1/establishments/BEN/compacts", security,
                  R"({"text":"I will use it well."})"),
           201, "compact text");
    Expect(c.Send("POST", "/api/v1/establishments/BEN/risk-assessments", security,
                  R"({"scope":"all"})"),
           200, "assessment");
    for (int i = 0; i < n; ++i) {
        const std::string p = "/api/v1/prisoners/" + Prisoner(i);
        Expect(c.Send("POST", p + "/needs", security, R"({"need":"ISOLATING"})"), 201, "need");
        Expect(c.Send("POST", p + "/compacts", officer,
                      R"({"compact_version":1,"signed_on":"2020-01-01","witnessed_by":"Jo"})"),
               201, "compact");
        Expect(c.Send("POST", p + "/risk-assessment/decision", security,
                      R"({"band":"GREEN","reason":""})"),
               200, "decision");
        Expect(c.Send("POST", p + "/grants", security, R"({"conditions":[]})"), 201, "grant");
        const std::string body =
            "{\"tag\":\"" + Tag(i) + "\",\"imei\":\"" + Luhn(Code("35693809", i, 6)) +
            "\",\"model\":\"Nokia 105\",\"iccid\":\"" + Luhn(Code("894410", 900000 + i, 12)) +
            "\",\"phone_number\":\"07700 900123\",\"seal\":\"" + Seal(i) +
            "\",\"home_wing\":\"A\"}";
        Expect(c.Send("POST", "/api/v1/establishments/BEN/handsets", spoc, body), 201, "handset");
    }
    Expect(c.Send("POST", "/api/v1/establishments/BEN/wings/A/lists", security, ""), 201,
           "publish");
}

struct Tally {
    std::vector<double> micros;  // of the answered operations, 200 or 409
    long ok = 0;
    long refused = 0;
    long other = 0;
};

double Percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

// Runs `clients` threads for `seconds`; each calls step(connection, client, tally) in a loop.
template <typename Step>
void Run(const char* name, const std::vector<int>& ports, int clients, int seconds, Step step) {
    std::vector<Tally> tallies(static_cast<size_t>(clients));
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(clients));
    const auto t0 = Clock::now();
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            Connection c(ports[static_cast<size_t>(i) % ports.size()]);
            auto& tally = tallies[static_cast<size_t>(i)];
            std::mt19937 rng(static_cast<unsigned>(i) * 7919U + 1U);
            while (!stop.load()) step(c, i, tally, rng);
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& t : threads) t.join();
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    Tally all;
    for (auto& t : tallies) {
        all.micros.insert(all.micros.end(), t.micros.begin(), t.micros.end());
        all.ok += t.ok;
        all.refused += t.refused;
        all.other += t.other;
    }
    const double n = static_cast<double>(all.micros.size());
    const double p50 = Percentile(all.micros, 0.50);
    const double p99 = Percentile(all.micros, 0.99);
    std::printf(
        "%s: %d clients, %.1f s: %.0f operations/s (%ld done, %ld refused 409, %ld other); "
        "p50 %.1f ms, p99 %.1f ms\n",
        name, clients, secs, n / secs, all.ok, all.refused, all.other, p50 / 1000, p99 / 1000);
}

void Timed(Connection& c, Tally& tally, const std::string& target, const std::string& token,
           const std::string& body) {
    const auto t = Clock::now();
    const Reply r = c.Send("POST", target, token, body);
    tally.micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
    if (r.status == 200) {
        ++tally.ok;
    } else if (r.status == 409) {
        ++tally.refused;
    } else {
        ++tally.other;
        std::fprintf(stderr, "%s: %d %s\n", target.c_str(), r.status, r.body.c_str());
    }
}

std::string ReturnBody(int h) {
    return "{\"seal\":\"" + Seal(h) + "\",\"sim_present\":true,\"condition\":\"OK\"}";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::fprintf(stderr,
                     "usage: %s PORTS SECURITY_TOKEN OFFICER_TOKEN SPOC_TOKEN CLIENTS SECONDS\n",
                     argv[0]);
        return 2;
    }
    try {
        std::vector<int> ports;
        for (const char* p = argv[1]; *p != '\0';) {
            char* end = nullptr;
            ports.push_back(static_cast<int>(std::strtol(p, &end, 10)));
            p = *end == ',' ? end + 1 : end;
        }
        const int port = ports.front();
        const std::string security = argv[2], officer = argv[3], spoc = argv[4];
        const int clients = std::atoi(argv[5]);
        const int seconds = std::atoi(argv[6]);
        SetUp(port, security, officer, spoc, clients);

        // Each client its own handset and prisoner: issue, return, issue, ...
        Run("issue and return", ports, clients, seconds,
            [&](Connection& c, int i, Tally& tally, std::mt19937&) {
                const std::string h = "/api/v1/handsets/" + Tag(i);
                Timed(c, tally, h + "/issue", officer,
                      "{\"prisoner\":\"" + Prisoner(i) + "\",\"seal\":\"" + Seal(i) + "\"}");
                Timed(c, tally, h + "/return", officer, ReturnBody(i));
            });

        // Every client after the same 4 handsets for its own prisoner.
        const int contended = std::min(4, clients);
        Run("contended", ports, clients, std::max(1, seconds / 2),
            [&](Connection& c, int i, Tally& tally, std::mt19937& rng) {
                const int k = static_cast<int>(rng() % static_cast<unsigned>(contended));
                const std::string h = "/api/v1/handsets/" + Tag(k);
                const long before = tally.ok;
                Timed(c, tally, h + "/issue", officer,
                      "{\"prisoner\":\"" + Prisoner(i) + "\",\"seal\":\"" + Seal(k) + "\"}");
                if (tally.ok > before) Timed(c, tally, h + "/return", officer, ReturnBody(k));
            });

        // Each handset's timeline alternates ISSUED, RETURNED.
        Connection c(port);
        long issues = 0, doubles = 0;
        for (int i = 0; i < clients; ++i) {
            const Reply r = c.Send("GET", "/api/v1/handsets/" + Tag(i), security, "");
            Expect(r, 200, "handset");
            bool out = false;
            for (size_t at = 0; (at = r.body.find("\"what\":\"", at)) != std::string::npos;) {
                at += 8;
                if (r.body.compare(at, 7, "ISSUED\"") == 0) {
                    ++issues;
                    if (out) ++doubles;
                    out = true;
                } else if (r.body.compare(at, 9, "RETURNED\"") == 0) {
                    out = false;
                }
            }
        }
        std::printf("timelines: %ld issues, %ld issued while already out (double issues)\n", issues,
                    doubles);
        return doubles == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "warden_handset_ops: %s\n", e.what());
        return 1;
    }
}
