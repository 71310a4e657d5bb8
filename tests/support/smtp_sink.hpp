#pragma once
// A real SMTP server on loopback for integration tests (tests/support/smtp_sink.py, Debian's
// python3-aiosmtpd), which writes each message it accepts to a folder, and readers of that folder.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace warden::testing {

namespace fs = std::filesystem;

/// The SMTP sink on a loopback port, stopped with SIGTERM on destruction.
class SmtpSink {
  public:
    SmtpSink(int port, std::string dir) : port_(port), dir_(std::move(dir)) {}
    ~SmtpSink() { Stop(); }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    bool Start() {
        const std::string script =
            std::string(WARDEN_TEST_SOURCE_DIR) + "/tests/support/smtp_sink.py";
        const std::string ready = dir_ + ".ready";
        fs::remove(ready);
        pid_ = fork();
        if (pid_ == 0) {
            const std::string port = std::to_string(port_);
            FILE* out = std::freopen(ready.c_str(), "w", stdout);
            (void)out;
            execl("/usr/bin/python3", "python3", script.c_str(), "--port", port.c_str(), "--dir",
                  dir_.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 300; ++i) {
            std::ifstream in(ready);
            std::string line;
            if (std::getline(in, line) && line == "ready") return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    void Stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    const std::string& dir() const { return dir_; }

  private:
    int port_;
    std::string dir_;
    pid_t pid_ = -1;
};

/// The received messages: files, and how many times each Message-ID arrived.
struct Received {
    size_t files = 0;
    std::map<std::string, int> by_message_id;
};

inline Received Read(const std::string& dir) {
    Received r;
    if (!fs::exists(dir)) return r;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".eml") continue;
        ++r.files;
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line) && line != "\r" && !line.empty()) {
            if (line.rfind("Message-ID: ", 0) == 0) {
                std::string id = line.substr(12);
                if (!id.empty() && id.back() == '\r') id.pop_back();
                ++r.by_message_id[id];
            }
        }
    }
    return r;
}

/// Waits until `distinct` Message-IDs arrived (or `limit` passes); returns what arrived.
inline Received WaitFor(const std::string& dir, size_t distinct, std::chrono::seconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    Received r = Read(dir);
    while (r.by_message_id.size() < distinct && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        r = Read(dir);
    }
    return r;
}

}  // namespace warden::testing
