#include "support/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"

extern char** environ;

namespace warden::testing {
namespace {

std::vector<std::string> BuildEnv(const std::map<std::string, std::string>& extra) {
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string kv(*e);
        auto eq = kv.find('=');
        if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (const auto& [k, v] : extra) env[k] = v;
    std::vector<std::string> out;
    for (const auto& [k, v] : env) out.push_back(k + "=" + v);
    return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (auto& s : strings) p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env, const std::string& input) {
    std::string dir = MakeTempDir();
    std::string in_path = dir + "/stdin", out_path = dir + "/stdout", err_path = dir + "/stderr";
    std::ofstream(in_path, std::ios::binary) << input;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    std::vector<std::string> args = argv;
    auto arg_ptrs = Pointers(args);
    auto env_strings = BuildEnv(env);
    auto env_ptrs = Pointers(env_strings);
    pid_t pid;
    CommandResult result;
    if (posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_ptrs.data(), env_ptrs.data()) !=
        0) {
        posix_spawn_file_actions_destroy(&actions);
        result.err = "cannot start " + args[0];
        return result;
    }
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream o(out_path, std::ios::binary), e(err_path, std::ios::binary);
    std::stringstream os, es;
    os << o.rdbuf();
    es << e.rdbuf();
    result.out = os.str();
    result.err = es.str();
    std::filesystem::remove_all(dir);
    return result;
}

ServerProcess::ServerProcess(const std::string& binary, std::map<std::string, std::string> env)
    : binary_(binary), env_(std::move(env)) {}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) Stop();
}

bool ServerProcess::Start(std::string& log) {
    port_ = FreePort();
    env_["WARDEN_LISTEN"] = "127.0.0.1:" + std::to_string(port_);
    log_path_ = MakeTempDir() + "/server.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<std::string> args = {binary_, "serve"};
    auto arg_ptrs = Pointers(args);
    auto env_strings = BuildEnv(env_);
    auto env_ptrs = Pointers(env_strings);
    int rc =
        posix_spawn(&pid_, binary_.c_str(), &actions, nullptr, arg_ptrs.data(), env_ptrs.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        log = "cannot start " + binary_;
        pid_ = -1;
        return false;
    }
    HttpClient client("127.0.0.1", port_);
    for (int i = 0; i < 300; ++i) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            break;
        }
        auto r = client.Get("/health");
        if (r.status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream in(log_path_);
    std::stringstream ss;
    ss << in.rdbuf();
    log = ss.str();
    return false;
}

std::string ServerProcess::Log() const {
    std::ifstream in(log_path_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int ServerProcess::Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 400; ++i) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return 128 + SIGKILL;
}

std::string WardenBinary() {
    const char* bin = std::getenv("WARDEN_BIN");
    if (!bin) throw std::runtime_error("WARDEN_BIN is not set");
    return bin;
}

std::string MakeTempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "warden-it-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    int port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

}  // namespace warden::testing
