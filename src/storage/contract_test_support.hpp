#pragma once
// What the storage contract tests share: the test PostgreSQL's URL, unique names for the
// databases and schemas each test makes, and a fixture that opens a fresh migrated store on each
// dialect.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <system_error>

#include "crypto/sodium_crypto.hpp"
#include "domain/prisoners/prisoner.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/sql.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage::testing {

/// A prisoner held on wing A (cell A-1-001) of `establishment`.
inline domain::Prisoner WingAPrisoner(const std::string& number, const std::string& establishment) {
    domain::Prisoner p;
    p.prison_number = number;
    p.first_name = "John";
    p.last_name = "Smith";
    p.date_of_birth = "1990-05-01";
    p.establishment = establishment;
    p.wing = "A";
    p.cell = "A-1-001";
    return p;
}

/// "Sqlite" or "Postgres": the suffix of a contract test's name on each dialect.
inline std::string DialectName(const ::testing::TestParamInfo<Dialect>& info) {
    return info.param == Dialect::kSqlite ? "Sqlite" : "Postgres";
}

/// WARDEN_TEST_POSTGRES_URL, or "" when PostgreSQL tests are to be skipped.
inline std::string PostgresUrl() {
    const char* url = std::getenv("WARDEN_TEST_POSTGRES_URL");
    return url ? url : "";
}

/// The audit key the contract tests seal the chain with.
inline const std::string kTestAuditKey = "contract-test-audit-key-0123456789abcdef";

/// A seal under kTestAuditKey.
inline std::shared_ptr<const domain::AuditSeal> TestSeal() {
    return std::make_shared<crypto::HmacAuditSeal>(kTestAuditKey);
}

/// `prefix` followed by the process id, a counter and a random number.
inline std::string UniqueName(const std::string& prefix) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    return prefix + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
           std::to_string(rd() % 1000000);
}

/// A contract test run on each dialect (the test's parameter) against a fresh, migrated store:
/// a SQLite file in its own temporary folder, or a PostgreSQL schema of its own. On PostgreSQL
/// without WARDEN_TEST_POSTGRES_URL the test is skipped.
class FreshStoreTest : public ::testing::TestWithParam<Dialect> {
  protected:
    /// Opens store_ (migrated from WARDEN_MIGRATIONS_DIR, sealed with TestSeal()); `name` goes
    /// into the folder's or schema's name. The caller's SetUp returns when IsSkipped() or
    /// HasFatalFailure() afterwards.
    void OpenFreshStore(const std::string& name) {
        if (GetParam() == Dialect::kSqlite) {
            dir_ = std::filesystem::temp_directory_path() / UniqueName("warden-" + name + "-test-");
            std::filesystem::create_directories(dir_);
            url_ = "sqlite:" + (dir_ / "warden.db").string();
        } else {
            if (PostgresUrl().empty()) {
                GTEST_SKIP() << "set WARDEN_TEST_POSTGRES_URL (bash scripts/pg-test.sh start) to "
                                "run the PostgreSQL contract tests";
            }
            auto admin = PgConnection::Open(PostgresUrl());
            ASSERT_TRUE(admin.ok()) << admin.error().message;
            admin_ = std::move(admin).value();
            schema_ = UniqueName("warden_" + name + "_test_");
            ASSERT_TRUE(admin_->ExecScript("CREATE SCHEMA " + schema_).ok());
            const std::string base = PostgresUrl();
            url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
                   "options=-csearch_path%3D" + schema_;
        }
        auto store = OpenStore(url_, WARDEN_MIGRATIONS_DIR, true, TestSeal());
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(store).value();
    }

    void TearDown() override {
        store_.reset();
        if (admin_) (void)admin_->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        if (!dir_.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
        }
    }

    std::filesystem::path dir_;
    std::string url_;
    std::string schema_;
    std::unique_ptr<PgConnection> admin_;
    std::unique_ptr<domain::Store> store_;
};

}  // namespace warden::storage::testing
