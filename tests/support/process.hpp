#pragma once
// Runs the real `warden` binary for integration tests.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace warden::testing {

/// What a finished command left.
struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs `argv` with extra environment variables and standard input; waits for it.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env,
                         const std::string& input = "");

/// A `warden serve` process on a free loopback port, stopped with SIGTERM on Stop/destruction.
class ServerProcess {
  public:
    ServerProcess(const std::string& binary, std::map<std::string, std::string> env);
    ~ServerProcess();
    /// Starts and waits until /health answers; false (with the output in `log`) if it does not.
    bool Start(std::string& log);
    /// SIGTERM and wait; returns the exit code (128+signal when killed by a signal).
    int Stop();
    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    /// Everything the server has written to stdout and stderr so far.
    std::string Log() const;
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    std::string binary_;
    std::map<std::string, std::string> env_;
    pid_t pid_ = -1;
    int port_ = 0;
    std::string log_path_;
};

/// The warden binary under test (env WARDEN_BIN).
std::string WardenBinary();
/// A fresh temporary directory.
std::string MakeTempDir();
/// A free TCP port on 127.0.0.1.
int FreePort();

}  // namespace warden::testing
