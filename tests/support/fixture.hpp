#pragma once
// A fresh database (SQLite file, or a new PostgreSQL database when WARDEN_TEST_POSTGRES_URL is
// set) and helpers to run `warden` commands against it.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/process.hpp"

namespace warden::testing {

/// The audit key every integration test runs Warden with (WARDEN_AUDIT_KEY).
inline const std::string kTestAuditKey = "integration-test-audit-key-0123456789abcdef";

/// The JSON body of `POST /api/v1/establishments/{code}/handsets` for handset `tag` on wing A
/// with security seal `seal` (valid IMEI and ICCID check digits; one such handset a test).
inline std::string OneHandsetJson(const std::string& tag, const std::string& seal) {
    return R"({"tag":")" + tag + R"(","imei":"490154203237518","model":"Nokia 105",)" +
           R"("iccid":"8944100000000000018","phone_number":"07700 900123","seal":")" + seal +
           R"(","home_wing":"A"})";
}

/// Which database a parameterised integration test runs on.
enum class Backend { kSqlite, kPostgres };
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

/// A test with its own empty database and a `warden` to run against it.
class WardenTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override;
    void TearDown() override;

    /// Runs `warden ARGS...` against this test's database.
    CommandResult Warden(const std::vector<std::string>& args, const std::string& input = "");
    /// Runs `sql` on this test's database with the database's own client, as another program
    /// would (`sqlite3`; `psql`, stopping at an error): rows one a line, columns split by `|`.
    CommandResult Sql(const std::string& sql);
    /// Loads a region, two establishments (MDI, LEI) and users `security` (SECURITY, MDI),
    /// `officer` (WING_OFFICER, MDI), `admin` (ADMIN); passwords kPassword.
    void LoadOrganisation();
    /// A bearer token for `username`.
    std::string TokenFor(const std::string& username);

    static constexpr const char* kPassword = "correct horse battery staple";
    std::map<std::string, std::string> env_;
    std::string dir_;
    std::string database_url_;
    std::string pg_database_;
};

}  // namespace warden::testing
