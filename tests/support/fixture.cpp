#include "support/fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace warden::testing {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

void WardenTest::SetUp() {
    dir_ = MakeTempDir();
    if (GetParam() == Backend::kSqlite) {
        database_url_ = "sqlite:" + dir_ + "/warden.db";
    } else {
        const char* admin = std::getenv("WARDEN_TEST_POSTGRES_URL");
        if (!admin || !*admin) GTEST_SKIP() << "WARDEN_TEST_POSTGRES_URL is not set";
        static std::atomic<int> counter{0};
        pg_database_ = "warden_it_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
        auto r = RunCommand({"/usr/bin/psql", admin, "-v", "ON_ERROR_STOP=1", "-qc",
                             "CREATE DATABASE " + pg_database_},
                            {});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::string base(admin);
        database_url_ = base.substr(0, base.rfind('/') + 1) + pg_database_;
    }
    env_ = {{"WARDEN_DATABASE_URL", database_url_}, {"WARDEN_AUDIT_KEY", kTestAuditKey}};
    if (const char* src = std::getenv("WARDEN_SOURCE_DIR")) env_["WARDEN_HOME"] = src;
}

void WardenTest::TearDown() {
    if (!pg_database_.empty()) {
        RunCommand({"/usr/bin/psql", std::getenv("WARDEN_TEST_POSTGRES_URL"), "-qc",
                    "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)"},
                   {});
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

CommandResult WardenTest::Warden(const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> argv = {WardenBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, env_, input);
}

CommandResult WardenTest::Sql(const std::string& sql) {
    if (GetParam() == Backend::kSqlite) {
        return RunCommand({"/usr/bin/sqlite3", database_url_.substr(7), sql}, {});
    }
    return RunCommand({"/usr/bin/psql", database_url_, "-v", "ON_ERROR_STOP=1", "-qAtc", sql}, {});
}

void WardenTest::LoadOrganisation() {
    auto check = [](const CommandResult& r) { ASSERT_EQ(r.exit_code, 0) << r.out << r.err; };
    check(Warden(
        {"region", "add", "YORKS", "--name", "Yorkshire", "--riu-email", "riu@example.gov.uk"}));
    check(Warden({"establishment", "add", "MDI", "--name", "HMP Moorland", "--region", "YORKS",
                  "--spoc-email", "spoc.mdi@example.gov.uk", "--security-email",
                  "security.mdi@example.gov.uk"}));
    check(Warden({"establishment", "add", "LEI", "--name", "HMP Leeds", "--region", "YORKS",
                  "--spoc-email", "spoc.lei@example.gov.uk", "--security-email",
                  "security.lei@example.gov.uk"}));
    check(Warden({"user", "add", "security", "--name", "Sasha Security", "--email",
                  "security@example.gov.uk", "--roles", "SECURITY", "--caseload", "MDI"},
                 std::string(kPassword) + "\n"));
    check(Warden({"user", "add", "officer", "--name", "Olivia Officer", "--email",
                  "officer@example.gov.uk", "--roles", "WING_OFFICER", "--caseload", "MDI"},
                 std::string(kPassword) + "\n"));
    check(Warden({"user", "add", "leeds", "--name", "Lee Leeds", "--email", "leeds@example.gov.uk",
                  "--roles", "SECURITY", "--caseload", "LEI"},
                 std::string(kPassword) + "\n"));
    check(Warden({"user", "add", "admin", "--name", "Alex Admin", "--email", "admin@example.gov.uk",
                  "--roles", "ADMIN"},
                 std::string(kPassword) + "\n"));
}

std::string WardenTest::TokenFor(const std::string& username) {
    auto r = Warden({"token", "create", username});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string out = r.out;
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out.substr(out.find_last_of(" \n") + 1);
}

}  // namespace warden::testing
