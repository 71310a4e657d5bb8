// The repository contract: one suite, run against SQLite (a temporary file) and PostgreSQL (a
// fresh schema per test, when WARDEN_TEST_POSTGRES_URL is set).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <latch>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <type_traits>

#include "crypto/sodium_crypto.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/tmpp/access/access_service.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/migrator.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/prisoner_import.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/store_factory.hpp"
#include "storage/tmpp/sql_tmpp.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::ApiToken;
using domain::AuditEntry;
using domain::Establishment;
using domain::Location;
using domain::LocationKind;
using domain::Prisoner;
using domain::PrisonerPage;
using domain::PrisonerQuery;
using domain::Region;
using domain::Repositories;
using domain::Role;
using domain::Scope;
using domain::Session;
using domain::User;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 10h;

using testing::PostgresUrl;
using testing::UniqueName;

Prisoner MakePrisoner(const std::string& number, const std::string& first, const std::string& last,
                      const std::string& wing = "A") {
    Prisoner p;
    p.prison_number = number;
    p.first_name = first;
    p.last_name = last;
    p.date_of_birth = "1990-05-01";
    p.establishment = "MDI";
    p.wing = wing;
    p.cell = wing + "-1-001";
    p.legal_status = domain::LegalStatus::kSentenced;
    p.security_category = domain::SecurityCategory::kC;
    return p;
}

// "A0001AA", "A0002AA", ...
std::string Number(int i, char first = 'A') {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%04dAA", first, i % 10000);
    return buf;
}

/// A database for one test: a SQLite file in a temporary folder or a PostgreSQL schema.
class TestDatabase {
  public:
    /// Creates an empty database of `dialect`; `error` is set when it cannot.
    TestDatabase(Dialect dialect, std::string& error) : dialect_(dialect) {
        if (dialect == Dialect::kSqlite) {
            dir_ = fs::temp_directory_path() / UniqueName("warden-store-test-");
            fs::create_directories(dir_);
            path_ = (dir_ / "warden.db").string();
            url_ = "sqlite:" + path_;
            return;
        }
        const std::string base = PostgresUrl();
        auto admin = PgConnection::Open(base);
        if (!admin.ok()) {
            error = admin.error().message;
            return;
        }
        admin_ = std::move(admin).value();
        schema_ = UniqueName("warden_test_");
        if (auto s = admin_->ExecScript("CREATE SCHEMA " + schema_); !s.ok()) {
            error = s.error().message;
            return;
        }
        url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
               "options=-csearch_path%3D" + schema_;
    }
    ~TestDatabase() {
        if (admin_) (void)admin_->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
        if (!dir_.empty()) {
            std::error_code ec;
            fs::remove_all(dir_, ec);
        }
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& url() const { return url_; }
    /// PostgreSQL: the test's schema, and a connection whose search path does not name it.
    const std::string& schema() const { return schema_; }
    PgConnection* admin() const { return admin_.get(); }

    /// A separate connection for raw SQL (tampering, checks).
    std::unique_ptr<SqlConnection> Raw() const {
        if (dialect_ == Dialect::kSqlite) {
            auto c = SqliteConnection::Open(path_, SqliteMode::kWriter);
            EXPECT_TRUE(c.ok());
            return c.ok() ? std::move(c).value() : nullptr;
        }
        auto c = PgConnection::Open(url_);
        EXPECT_TRUE(c.ok());
        return c.ok() ? std::move(c).value() : nullptr;
    }

  private:
    Dialect dialect_;
    fs::path dir_;
    std::string path_;
    std::string url_;
    std::string schema_;
    std::unique_ptr<PgConnection> admin_;
};

class StoreContractTest : public ::testing::TestWithParam<Dialect> {
  protected:
    void SetUp() override {
        if (GetParam() == Dialect::kPostgres && PostgresUrl().empty()) {
            GTEST_SKIP() << "set WARDEN_TEST_POSTGRES_URL (bash scripts/pg-test.sh start) to run "
                            "the PostgreSQL contract tests";
        }
        db_ = NewDatabase();
        ASSERT_NE(db_, nullptr);
        auto store = OpenStore(db_->url(), kMigrations, true, testing::TestSeal());
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(store).value();
    }

    void TearDown() override {
        store_.reset();
        db_.reset();
    }

    std::unique_ptr<TestDatabase> NewDatabase() {
        std::string error;
        auto db = std::make_unique<TestDatabase>(GetParam(), error);
        EXPECT_EQ(error, "");
        if (!error.empty()) return nullptr;
        return db;
    }

    /// Runs `fn` in a Write and returns its result (or the commit's error).
    template <typename Fn>
    auto InWrite(Fn&& fn) {
        return Run(true, std::forward<Fn>(fn));
    }
    /// Runs `fn` in a Read and returns its result.
    template <typename Fn>
    auto InRead(Fn&& fn) {
        return Run(false, std::forward<Fn>(fn));
    }

    /// Runs `fn` in a Read of `store`.
    template <typename Fn>
    static auto InReadOf(domain::Store& store, Fn&& fn) {
        using R = std::invoke_result_t<Fn, Repositories&>;
        std::optional<R> out;
        Status s = store.Read([&](Repositories& r) -> Status {
            out.emplace(fn(r));
            return Ok();
        });
        if (!out) return R(s.error());
        return std::move(*out);
    }

    template <typename Fn>
    auto Run(bool write, Fn&& fn) {
        using R = std::invoke_result_t<Fn, Repositories&>;
        std::optional<R> out;
        const auto work = [&](Repositories& r) -> Status {
            out.emplace(fn(r));
            if (out->ok()) return Ok();
            return out->error();
        };
        Status s = write ? store_->Write(work) : store_->Read(work);
        if (!out) return R(s.error());
        if (!s.ok() && out->ok()) return R(s.error());
        return std::move(*out);
    }

    /// The audit log holds `entries` entries, and every chain of it verifies.
    void ExpectWholeAuditChain(int entries) {
        auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
        ASSERT_TRUE(v.ok());
        EXPECT_EQ(v->entries, entries);
        EXPECT_FALSE(v->first_bad_seq.has_value()) << v->problem;
    }

    void AddOrganisation() {
        ASSERT_TRUE(InWrite([](Repositories& r) -> Status {
                        WARDEN_TRY(r.regions.Add({"YORKS", "Yorkshire", "riu@yorks.example"}));
                        WARDEN_TRY(r.regions.Add({"LONDON", "London", "riu@london.example"}));
                        WARDEN_TRY(r.establishments.Add(
                            {"MDI", "HMP Moorland", "YORKS", "spoc@mdi", "sec@mdi", 1, {}}));
                        WARDEN_TRY(r.establishments.Add(
                            {"LEI", "HMP Leeds", "YORKS", "spoc@lei", "sec@lei", 0, {}}));
                        return r.establishments.Add(
                            {"BMI", "HMP Birmingham", "LONDON", "spoc@bmi", "sec@bmi", 2, {}});
                    }).ok());
    }

    Result<domain::ImportResult> Import(const std::string& est, const std::vector<Prisoner>& rows,
                                        bool full, TimePoint now = kNow) {
        return InWrite([&](Repositories& r) { return r.prisoners.Import(est, rows, full, now); });
    }

    Result<PrisonerPage> List(PrisonerQuery q, const Scope& scope = Scope::National()) {
        return InRead([&](Repositories& r) { return r.prisoners.List(q, scope); });
    }

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<domain::Store> store_;
};

// ---- migrations and opening ----

TEST_P(StoreContractTest, MigrationsApplyOnceAndAreIdempotent) {
    auto fresh = NewDatabase();
    ASSERT_NE(fresh, nullptr);
    auto listed = ListMigrations(kMigrations, GetParam());
    ASSERT_TRUE(listed.ok()) << listed.error().message;
    ASSERT_FALSE(listed->empty());

    // A database with pending migrations is refused unless it may be migrated.
    auto unmigrated = OpenStore(fresh->url(), kMigrations, false, testing::TestSeal());
    ASSERT_FALSE(unmigrated.ok());
    EXPECT_EQ(unmigrated.error().code, ErrorCode::kUnavailable);

    auto first = Migrate(fresh->url(), kMigrations);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first->size(), listed->size());
    EXPECT_EQ(first->front(), "0001_initial");
    auto again = Migrate(fresh->url(), kMigrations);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->empty());

    auto raw = fresh->Raw();
    ASSERT_NE(raw, nullptr);
    int rows = 0;
    ASSERT_TRUE(raw->Query("SELECT version, name FROM schema_migrations", {},
                           [&](const SqlRow&) -> Status {
                               ++rows;
                               return Ok();
                           })
                    .ok());
    EXPECT_EQ(rows, static_cast<int>(listed->size()));
    auto pending = PendingMigrations(*raw, kMigrations);
    ASSERT_TRUE(pending.ok());
    EXPECT_TRUE(pending->empty());
    EXPECT_TRUE(OpenStore(fresh->url(), kMigrations, false, testing::TestSeal()).ok());
}

TEST_P(StoreContractTest, ConcurrentMigrationsApplyEachMigrationOnce) {
    auto fresh = NewDatabase();
    ASSERT_NE(fresh, nullptr);
    std::vector<Result<std::vector<std::string>>> results(3, std::vector<std::string>{});
    std::vector<std::thread> threads;
    for (auto& result : results) {
        threads.emplace_back([&] { result = Migrate(fresh->url(), kMigrations); });
    }
    for (auto& t : threads) t.join();
    size_t applied = 0;
    for (const auto& r : results) {
        ASSERT_TRUE(r.ok()) << r.error().message;
        applied += r->size();
    }
    EXPECT_EQ(applied, ListMigrations(kMigrations, GetParam())->size());
}

TEST_P(StoreContractTest, PingAndBackend) {
    EXPECT_TRUE(store_->Ping().ok());
    EXPECT_EQ(store_->Backend(), GetParam() == Dialect::kSqlite ? "sqlite" : "postgresql");
}

TEST(StoreFactoryTest, UnopenableDatabasesAreUnavailable) {
    auto missing_dir =
        OpenStore("sqlite:/nonexistent-dir/x/warden.db", kMigrations, true, testing::TestSeal());
    ASSERT_FALSE(missing_dir.ok());
    EXPECT_EQ(missing_dir.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(missing_dir.error().message.find('\n'), std::string::npos);

    auto no_server =
        OpenStore("postgresql://postgres@127.0.0.1:1/none", kMigrations, true, testing::TestSeal());
    ASSERT_FALSE(no_server.ok());
    EXPECT_EQ(no_server.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(no_server.error().message.find('\n'), std::string::npos);

    EXPECT_EQ(OpenStore("mysql://x", kMigrations, true, testing::TestSeal()).error().code,
              ErrorCode::kInvalidInput);

    const auto dir = fs::temp_directory_path() / UniqueName("warden-notadb-");
    fs::create_directories(dir);
    {
        std::FILE* f = std::fopen((dir / "x.db").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("this is not a database, just some text that is long enough to matter\n", f);
        std::fclose(f);
    }
    auto not_db =
        OpenStore("sqlite:" + (dir / "x.db").string(), kMigrations, true, testing::TestSeal());
    ASSERT_FALSE(not_db.ok());
    EXPECT_EQ(not_db.error().code, ErrorCode::kUnavailable);
    fs::remove_all(dir);
}

TEST(MigrationFilesTest, BothDialectsHaveTheSameNumbers) {
    auto sqlite = ListMigrations(kMigrations, Dialect::kSqlite);
    auto postgres = ListMigrations(kMigrations, Dialect::kPostgres);
    ASSERT_TRUE(sqlite.ok());
    ASSERT_TRUE(postgres.ok());
    ASSERT_EQ(sqlite->size(), postgres->size());
    // Numbers are assigned to branches in parallel, so one branch may hold 0008 before 0005 is
    // merged: they start at 1 and only increase (ListMigrations refuses a repeated number).
    ASSERT_FALSE(sqlite->empty());
    EXPECT_EQ(sqlite->front().version, 1);
    for (size_t i = 0; i < sqlite->size(); ++i) {
        EXPECT_EQ((*sqlite)[i].name, (*postgres)[i].name);
        if (i > 0) {
            EXPECT_GT((*sqlite)[i].version, (*sqlite)[i - 1].version);
        }
    }
}

// ---- regions and establishments ----

TEST_P(StoreContractTest, Regions) {
    ASSERT_TRUE(InWrite([](Repositories& r) {
                    return r.regions.Add({"YORKS", "Yorks", "a@x"});
                }).ok());
    ASSERT_TRUE(InWrite([](Repositories& r) {
                    return r.regions.Add({"EAST", "East", "b@x"});
                }).ok());
    auto dup = InWrite([](Repositories& r) { return r.regions.Add({"YORKS", "Other", "c@x"}); });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

    auto got = InRead([](Repositories& r) { return r.regions.Get("YORKS"); });
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->name, "Yorks");
    EXPECT_EQ(got->riu_email, "a@x");
    EXPECT_EQ(InRead([](Repositories& r) { return r.regions.Get("NOPE"); }).error().code,
              ErrorCode::kNotFound);

    ASSERT_TRUE(InWrite([](Repositories& r) {
                    return r.regions.Update({"YORKS", "Yorkshire", "d@x"});
                }).ok());
    EXPECT_EQ(InRead([](Repositories& r) { return r.regions.Get("YORKS"); })->riu_email, "d@x");
    EXPECT_EQ(InWrite([](Repositories& r) {
                  return r.regions.Update({"NOPE", "n", "e"});
              })
                  .error()
                  .code,
              ErrorCode::kNotFound);

    auto list = InRead([](Repositories& r) { return r.regions.List(); });
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].code, "EAST");
    EXPECT_EQ((*list)[1].code, "YORKS");
}

TEST_P(StoreContractTest, Establishments) {
    AddOrganisation();
    auto dup = InWrite([](Repositories& r) {
        return r.establishments.Add({"MDI", "Again", "YORKS", "", "", 0, {}});
    });
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    auto no_region = InWrite([](Repositories& r) {
        return r.establishments.Add({"XYZ", "X", "NOPE", "", "", 0, {}});
    });
    EXPECT_EQ(no_region.error().code, ErrorCode::kInvalidInput);

    auto got =
        InRead([](Repositories& r) { return r.establishments.Get("MDI", Scope::National()); });
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->name, "HMP Moorland");
    EXPECT_EQ(got->region_code, "YORKS");
    EXPECT_EQ(got->spoc_email, "spoc@mdi");
    EXPECT_EQ(got->security_email, "sec@mdi");
    EXPECT_EQ(got->phase, 1);
    EXPECT_TRUE(got->wings.empty());

    ASSERT_TRUE(InWrite([](Repositories& r) {
                    return r.establishments.Update(
                        {"MDI", "Moorland", "LONDON", "s2@mdi", "x2@mdi", 3, {}});
                }).ok());
    got = InRead([](Repositories& r) { return r.establishments.Get("MDI", Scope::National()); });
    EXPECT_EQ(got->name, "Moorland");
    EXPECT_EQ(got->region_code, "LONDON");
    EXPECT_EQ(got->phase, 1) << "Update never writes the phase: SetPhase does";
    auto before = InWrite([](Repositories& r) { return r.establishments.SetPhase("MDI", 3); });
    ASSERT_TRUE(before.ok()) << before.error().message;
    EXPECT_EQ(*before, 1);
    got = InRead([](Repositories& r) { return r.establishments.Get("MDI", Scope::National()); });
    EXPECT_EQ(got->phase, 3);
    EXPECT_EQ(got->name, "Moorland");
    EXPECT_EQ(
        InWrite([](Repositories& r) { return r.establishments.SetPhase("NOPE", 2); }).error().code,
        ErrorCode::kNotFound);

    // Security sets the phase while an administrator saves the establishment's details, read
    // before: the details' save waits for the phase's row lock (PostgreSQL) or the writer
    // (SQLite), and neither change undoes the other.
    std::atomic<bool> holding{false};
    std::thread security([&] {
        EXPECT_TRUE(InWrite([&](Repositories& r) -> Result<int> {
                        auto before = r.establishments.SetPhase("MDI", 2);
                        holding = true;
                        std::this_thread::sleep_for(std::chrono::milliseconds(300));
                        return before;
                    }).ok());
    });
    for (int i = 0; i < 10'000 && !holding; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(InWrite([](Repositories& r) {
                    return r.establishments.Update(
                        {"MDI", "HMP Moorland", "LONDON", "s3@mdi", "x3@mdi", 3, {}});
                }).ok());
    security.join();
    got = InRead([](Repositories& r) { return r.establishments.Get("MDI", Scope::National()); });
    EXPECT_EQ(got->phase, 2);
    EXPECT_EQ(got->name, "HMP Moorland");
    EXPECT_EQ(got->spoc_email, "s3@mdi");
    EXPECT_EQ(InWrite([](Repositories& r) {
                  return r.establishments.Update({"NOPE", "n", "YORKS", "", "", 0, {}});
              })
                  .error()
                  .code,
              ErrorCode::kNotFound);
    EXPECT_EQ(InWrite([](Repositories& r) {
                  return r.establishments.Update({"MDI", "n", "NOPE", "", "", 0, {}});
              })
                  .error()
                  .code,
              ErrorCode::kInvalidInput);

    auto list = InRead([](Repositories& r) { return r.establishments.List(Scope::National()); });
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].code, "BMI");
    EXPECT_EQ((*list)[1].code, "LEI");
    EXPECT_EQ((*list)[2].code, "MDI");
}

// A prisoner names an establishment that exists (a foreign key in SQLite, one check a statement
// in PostgreSQL: ADR 0034), and no establishment is ever deleted or given another code.
TEST_P(StoreContractTest, PrisonersNameAnEstablishmentThatExistsAndEstablishmentsStay) {
    AddOrganisation();
    ASSERT_TRUE(Import("MDI", {MakePrisoner("A0001AA", "John", "Smith", "A")}, true).ok());
    // The import of an establishment that does not exist fails whole.
    auto nowhere = Import("NOPE", {MakePrisoner("A0002AA", "Mary", "Jones", "B")}, true);
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().code, ErrorCode::kInvalidInput) << nowhere.error().message;

    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    const auto row = [](const std::string& number, const std::string& establishment) {
        return "('" + number + "', 'Ann', 'Lee', 'ann lee', '1990-01-01', '" + establishment +
               "', 'A', 'A-1-001', 'SENTENCED', 'C', '', 0, 0, 0, FALSE, "
               "'2026-01-01T00:00:00Z')";
    };
    const std::string insert =
        "INSERT INTO prisoners (prison_number, first_name, last_name, name_search, date_of_birth, "
        "establishment, wing, cell, legal_status, security_category, alerts, phone_finds_12m, "
        "phone_adjudications_12m, phone_intel_12m, gone, updated_at) VALUES ";
    const auto count = [&] {
        std::int64_t n = -1;
        EXPECT_TRUE(QueryOne(*raw, "SELECT count(*) FROM prisoners", {}, [&](const SqlRow& r) {
                        n = r.Int(0);
                    }).ok());
        return n;
    };
    // One row naming no establishment fails the whole statement, the good rows with it.
    auto bad = raw->Exec(insert + row("A0003AA", "MDI") + ", " + row("A0004AA", "XXX") + ", " +
                         row("A0005AA", "LEI"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput) << bad.error().message;
    EXPECT_EQ(count(), 1);
    auto good = raw->Exec(insert + row("A0003AA", "MDI") + ", " + row("A0005AA", "LEI"));
    ASSERT_TRUE(good.ok()) << good.error().message;
    EXPECT_EQ(*good, 2);
    // Nor may an update move a prisoner to an establishment that does not exist.
    auto moved = raw->Exec(
        "UPDATE prisoners SET establishment = 'XXX' WHERE prison_number = "
        "'A0005AA'");
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, ErrorCode::kInvalidInput) << moved.error().message;
    ASSERT_TRUE(
        raw->Exec("UPDATE prisoners SET establishment = 'BMI' WHERE prison_number = 'A0005AA'")
            .ok());

    // No establishment is deleted or re-coded, one with no prisoner or other row included; its
    // other details still change.
    for (const std::string& sql :
         {std::string("DELETE FROM establishments WHERE code = 'LEI'"),
          std::string("DELETE FROM establishments"),
          std::string("UPDATE establishments SET code = 'MDX' WHERE code = 'MDI'")}) {
        auto refused = raw->Exec(sql);
        ASSERT_FALSE(refused.ok()) << sql;
        EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput) << refused.error().message;
        EXPECT_NE(refused.error().message.find("never deleted"), std::string::npos)
            << refused.error().message;
    }
    if (GetParam() == Dialect::kPostgres) {
        EXPECT_FALSE(raw->ExecScript("TRUNCATE establishments CASCADE").ok());
    }
    if (GetParam() == Dialect::kPostgres) {
        // The check reads the establishments of the prisoners' own schema, whatever the search
        // path of the session that writes (a foreign key names its table): not a temporary table
        // of that session's called establishments.
        PgConnection* other = db_->admin();
        ASSERT_NE(other, nullptr);
        const std::string elsewhere = "INSERT INTO " + db_->schema() + "." + insert.substr(12);
        ASSERT_TRUE(other
                        ->ExecScript("CREATE TEMP TABLE establishments (code TEXT);"
                                     "INSERT INTO establishments VALUES ('XXX')")
                        .ok());
        auto forged = other->Exec(elsewhere + row("A0006AA", "XXX"));
        ASSERT_FALSE(forged.ok());
        EXPECT_EQ(forged.error().code, ErrorCode::kInvalidInput) << forged.error().message;
        auto through = other->Exec(elsewhere + row("A0006AA", "MDI"));
        EXPECT_TRUE(through.ok()) << through.error().message;
        ASSERT_TRUE(other->ExecScript("DROP TABLE pg_temp.establishments").ok());
        EXPECT_EQ(count(), 4);
    }
    EXPECT_TRUE(
        raw->Exec("UPDATE establishments SET code = 'MDI', name = 'Moorland' WHERE code = 'MDI'")
            .ok());
    auto list = InRead([](Repositories& r) { return r.establishments.List(Scope::National()); });
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 3u);
    EXPECT_EQ(count(), GetParam() == Dialect::kPostgres ? 4 : 3);
}

TEST_P(StoreContractTest, ScopeIsEnforced) {
    AddOrganisation();
    ASSERT_TRUE(Import("MDI", {MakePrisoner("A0001AA", "John", "Smith")}, true).ok());
    const Scope leeds = Scope::Of({"LEI"});
    const Scope both = Scope::Of({"LEI", "MDI"});
    const Scope none = Scope::Of({});

    EXPECT_EQ(
        InRead([&](Repositories& r) { return r.establishments.Get("MDI", leeds); }).error().code,
        ErrorCode::kNotFound);
    EXPECT_TRUE(InRead([&](Repositories& r) { return r.establishments.Get("MDI", both); }).ok());
    auto list = InRead([&](Repositories& r) { return r.establishments.List(both); });
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].code, "LEI");
    EXPECT_EQ((*list)[1].code, "MDI");
    EXPECT_TRUE(InRead([&](Repositories& r) { return r.establishments.List(none); })->empty());

    EXPECT_EQ(
        InRead([&](Repositories& r) { return r.prisoners.Get("A0001AA", leeds); }).error().code,
        ErrorCode::kNotFound);
    EXPECT_EQ(
        InRead([&](Repositories& r) { return r.prisoners.Get("A0001AA", none); }).error().code,
        ErrorCode::kNotFound);
    EXPECT_TRUE(InRead([&](Repositories& r) { return r.prisoners.Get("A0001AA", both); }).ok());

    PrisonerQuery q;
    q.establishment = "MDI";
    EXPECT_EQ(List(q, leeds).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(List(q, none).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(List(q, both)->total, 1);
    q.establishment = "NOPE";
    EXPECT_EQ(List(q).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, WingsAndCounts) {
    AddOrganisation();
    auto created = InWrite([](Repositories& r) {
        return r.establishments.EnsureLocation({"MDI", "B", LocationKind::kStandard, 0});
    });
    ASSERT_TRUE(created.ok());
    EXPECT_TRUE(*created);
    created = InWrite([](Repositories& r) {
        return r.establishments.EnsureLocation({"MDI", "B", LocationKind::kHealthcare, 0});
    });
    ASSERT_TRUE(created.ok());
    EXPECT_FALSE(*created);
    ASSERT_TRUE(
        InWrite([](Repositories& r) {
            return r.establishments.EnsureLocation({"MDI", "A", LocationKind::kStandard, 0});
        }).ok());
    ASSERT_TRUE(
        InWrite([](Repositories& r) {
            return r.establishments.EnsureLocation({"LEI", "A", LocationKind::kStandard, 0});
        }).ok());
    EXPECT_EQ(InWrite([](Repositories& r) {
                  return r.establishments.EnsureLocation({"NOPE", "A", LocationKind::kStandard, 0});
              })
                  .error()
                  .code,
              ErrorCode::kInvalidInput);
    ASSERT_TRUE(
        InWrite([](Repositories& r) {
            return r.establishments.UpdateLocation({"MDI", "B", LocationKind::kReverseCohort, 0});
        }).ok());
    EXPECT_EQ(InWrite([](Repositories& r) {
                  return r.establishments.UpdateLocation({"MDI", "Z", LocationKind::kStandard, 0});
              })
                  .error()
                  .code,
              ErrorCode::kNotFound);

    ASSERT_TRUE(
        Import("MDI",
               {MakePrisoner("A0001AA", "A", "One", "A"), MakePrisoner("A0002AA", "B", "Two", "A"),
                MakePrisoner("A0003AA", "C", "Three", "B")},
               true)
            .ok());
    // A0003AA goes: B's count drops to 0.
    ASSERT_TRUE(
        Import("MDI",
               {MakePrisoner("A0001AA", "A", "One", "A"), MakePrisoner("A0002AA", "B", "Two", "A")},
               true)
            .ok());
    auto got =
        InRead([](Repositories& r) { return r.establishments.Get("MDI", Scope::National()); });
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(got->wings.size(), 2u);
    EXPECT_EQ(got->wings[0].code, "A");
    EXPECT_EQ(got->wings[0].establishment, "MDI");
    EXPECT_EQ(got->wings[0].kind, LocationKind::kStandard);
    EXPECT_EQ(got->wings[0].prisoner_count, 2);
    EXPECT_EQ(got->wings[1].code, "B");
    EXPECT_EQ(got->wings[1].kind, LocationKind::kReverseCohort);
    EXPECT_EQ(got->wings[1].prisoner_count, 0);
    auto listed = InRead([](Repositories& r) { return r.establishments.List(Scope::National()); });
    for (const auto& e : *listed) EXPECT_TRUE(e.wings.empty());

    // The counts are stored by the import (migration 0008): a partial import keeps the others,
    // a prisoner who comes back counts again, and a transfer in counts the old wing down.
    const auto counts = [&](const std::string& code) {
        std::map<std::string, int> out;
        auto e =
            InRead([&](Repositories& r) { return r.establishments.Get(code, Scope::National()); });
        EXPECT_TRUE(e.ok());
        if (e.ok()) {
            for (const auto& w : e->wings) out[w.code] = w.prisoner_count;
        }
        return out;
    };
    const auto total = [&](const std::string& wing) {
        domain::PrisonerQuery q;
        q.establishment = "MDI";
        q.wing = wing;
        q.limit = 10;
        auto page = InRead([&](Repositories& r) { return r.prisoners.List(q, Scope::National()); });
        EXPECT_TRUE(page.ok());
        return page.ok() ? page->total : -1;
    };
    ASSERT_TRUE(Import("MDI", {MakePrisoner("A0003AA", "C", "Three", "B")}, false).ok());
    EXPECT_EQ(counts("MDI"), (std::map<std::string, int>{{"A", 2}, {"B", 1}}));
    EXPECT_EQ(total("A"), 2);
    EXPECT_EQ(total("B"), 1);
    EXPECT_EQ(total(""), 3);
    EXPECT_EQ(total("Z"), 0);
    ASSERT_TRUE(Import("LEI", {MakePrisoner("A0001AA", "A", "One", "A")}, false).ok());
    EXPECT_EQ(counts("MDI"), (std::map<std::string, int>{{"A", 1}, {"B", 1}}));
    EXPECT_EQ(counts("LEI"), (std::map<std::string, int>{{"A", 1}}));
    EXPECT_EQ(total("A"), 1);
    EXPECT_EQ(total(""), 2);
}

// ---- users, sessions, tokens ----

TEST_P(StoreContractTest, Users) {
    User u;
    u.username = "jsmith";
    u.full_name = "Jo Smith";
    u.email = "jo@example.gov.uk";
    u.roles = {Role::kSecurity, Role::kWingOfficer};
    u.caseload = {"MDI", "LEI"};
    u.password_hash = "$argon2id$v=19$...";
    u.failed_signins = 2;
    u.locked_until = kNow + 15min;
    u.created_at = kNow;
    auto id = InWrite([&](Repositories& r) { return r.users.Add(u); });
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_GT(*id, 0);
    EXPECT_EQ(InWrite([&](Repositories& r) { return r.users.Add(u); }).error().code,
              ErrorCode::kConflict);

    User other;
    other.username = "admin";
    other.full_name = "Admin";
    other.roles = {Role::kAdmin};
    other.created_at = kNow;
    auto other_id = InWrite([&](Repositories& r) { return r.users.Add(other); });
    ASSERT_TRUE(other_id.ok());
    EXPECT_NE(*other_id, *id);

    auto got = InRead([](Repositories& r) { return r.users.GetByUsername("jsmith"); });
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->id, *id);
    EXPECT_EQ(got->full_name, "Jo Smith");
    EXPECT_EQ(got->email, u.email);
    EXPECT_EQ(got->roles, u.roles);
    EXPECT_EQ(got->caseload, u.caseload);
    EXPECT_FALSE(got->disabled);
    EXPECT_EQ(got->password_hash, u.password_hash);
    EXPECT_EQ(got->failed_signins, 2);
    EXPECT_EQ(got->locked_until, u.locked_until);
    EXPECT_EQ(got->created_at, kNow);
    auto by_id = InRead([&](Repositories& r) { return r.users.GetById(*other_id); });
    ASSERT_TRUE(by_id.ok());
    EXPECT_EQ(by_id->username, "admin");
    EXPECT_TRUE(by_id->caseload.empty());
    EXPECT_FALSE(by_id->locked_until.has_value());
    EXPECT_EQ(InRead([](Repositories& r) { return r.users.GetById(9999); }).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(InRead([](Repositories& r) { return r.users.GetByUsername("x"); }).error().code,
              ErrorCode::kNotFound);

    User changed = *got;
    changed.username = "renamed";    // ignored
    changed.created_at = kNow + 1h;  // ignored
    changed.full_name = "Jo Smith-Jones";
    changed.roles = {Role::kGovernor};
    changed.caseload = {"BMI"};
    changed.disabled = true;
    changed.failed_signins = 0;    // ignored: only RecordFailedSignIn/ResetFailedSignIns
    changed.locked_until.reset();  // change the counter and the lockout
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.users.Update(changed); }).ok());
    got = InRead([&](Repositories& r) { return r.users.GetById(*id); });
    EXPECT_EQ(got->username, "jsmith");
    EXPECT_EQ(got->created_at, kNow);
    EXPECT_EQ(got->full_name, "Jo Smith-Jones");
    EXPECT_EQ(got->roles, std::vector<Role>{Role::kGovernor});
    EXPECT_EQ(got->caseload, std::vector<std::string>{"BMI"});
    EXPECT_TRUE(got->disabled);
    EXPECT_EQ(got->failed_signins, 2);
    EXPECT_EQ(got->locked_until, u.locked_until);
    changed.id = 9999;
    EXPECT_EQ(InWrite([&](Repositories& r) { return r.users.Update(changed); }).error().code,
              ErrorCode::kNotFound);

    auto list = InRead([](Repositories& r) { return r.users.List(); });
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].username, "admin");
    EXPECT_EQ((*list)[1].username, "jsmith");
}

TEST_P(StoreContractTest, SessionsAndTokens) {
    User u;
    u.username = "jsmith";
    u.created_at = kNow;
    auto id = InWrite([&](Repositories& r) { return r.users.Add(u); });
    ASSERT_TRUE(id.ok());
    u.username = "other";
    auto other = InWrite([&](Repositories& r) { return r.users.Add(u); });
    ASSERT_TRUE(other.ok());

    ASSERT_TRUE(InWrite([&](Repositories& r) -> Status {
                    WARDEN_TRY(r.users.AddSession({"h1", *id, "csrf1", kNow, kNow + 1h}));
                    WARDEN_TRY(r.users.AddSession({"h2", *id, "csrf2", kNow, kNow + 2h}));
                    WARDEN_TRY(r.users.AddSession({"h3", *other, "csrf3", kNow, kNow + 3h}));
                    return r.users.AddSession({"h4", *other, "csrf4", kNow - 2h, kNow - 1h});
                }).ok());
    auto s = InRead([](Repositories& r) { return r.users.GetSession("h1"); });
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->user_id, *id);
    EXPECT_EQ(s->csrf_token, "csrf1");
    EXPECT_EQ(s->created_at, kNow);
    EXPECT_EQ(s->expires_at, kNow + 1h);
    EXPECT_EQ(InRead([](Repositories& r) { return r.users.GetSession("nope"); }).error().code,
              ErrorCode::kNotFound);

    // Adding a session with the same hash replaces it.
    ASSERT_TRUE(InWrite([&](Repositories& r) {
                    return r.users.AddSession({"h1", *id, "csrf1b", kNow, kNow + 4h});
                }).ok());
    EXPECT_EQ(InRead([](Repositories& r) { return r.users.GetSession("h1"); })->csrf_token,
              "csrf1b");

    ASSERT_TRUE(InWrite([](Repositories& r) { return r.users.DeleteExpiredSessions(kNow); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.users.GetSession("h4"); }).ok());
    EXPECT_TRUE(InRead([](Repositories& r) { return r.users.GetSession("h3"); }).ok());
    ASSERT_TRUE(InWrite([](Repositories& r) { return r.users.DeleteSession("h3"); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.users.GetSession("h3"); }).ok());
    ASSERT_TRUE(InWrite([](Repositories& r) { return r.users.DeleteSession("nope"); }).ok());
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.users.DeleteSessionsOf(*id); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.users.GetSession("h1"); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.users.GetSession("h2"); }).ok());

    auto t1 = InWrite([&](Repositories& r) {
        return r.users.AddToken({0, *id, "tokhash1", "laptop", kNow});
    });
    auto t2 = InWrite([&](Repositories& r) {
        return r.users.AddToken({0, *other, "tokhash2", "cli", kNow + 1s});
    });
    ASSERT_TRUE(t1.ok()) << t1.error().message;
    ASSERT_TRUE(t2.ok());
    EXPECT_NE(*t1, *t2);
    auto token = InRead([](Repositories& r) { return r.users.GetToken("tokhash2"); });
    ASSERT_TRUE(token.ok());
    EXPECT_EQ(token->id, *t2);
    EXPECT_EQ(token->user_id, *other);
    EXPECT_EQ(token->token_hash, "tokhash2");
    EXPECT_EQ(token->name, "cli");
    EXPECT_EQ(token->created_at, kNow + 1s);
    EXPECT_EQ(InRead([](Repositories& r) { return r.users.GetToken("nope"); }).error().code,
              ErrorCode::kNotFound);
}

// ---- prisoners ----

TEST_P(StoreContractTest, ImportInsertsUpdatesCountsUnchangedAndMarksGone) {
    AddOrganisation();
    Prisoner a = MakePrisoner("A0001AA", "John", "Smith", "A");
    a.alerts = {"C1", "XEL"};
    a.legal_status = domain::LegalStatus::kRemand;
    a.security_category = domain::SecurityCategory::kYoi;
    a.phone_finds_12m = 2;
    a.phone_adjudications_12m = 1;
    a.phone_intel_12m = 3;
    Prisoner b = MakePrisoner("A0002AA", "Mary", "Jones", "B");
    Prisoner c = MakePrisoner("A0003AA", "Owen", "O'Brien\tTab\\Slash", "B");

    auto first = Import("MDI", {a, b, c}, true);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->inserted, 3);
    EXPECT_EQ(first->updated, 0);
    EXPECT_EQ(first->unchanged, 0);
    EXPECT_EQ(first->gone, 0);

    auto got =
        InRead([](Repositories& r) { return r.prisoners.Get("A0001AA", Scope::National()); });
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->first_name, "John");
    EXPECT_EQ(got->last_name, "Smith");
    EXPECT_EQ(got->date_of_birth, "1990-05-01");
    EXPECT_EQ(got->establishment, "MDI");
    EXPECT_EQ(got->wing, "A");
    EXPECT_EQ(got->cell, "A-1-001");
    EXPECT_EQ(got->legal_status, domain::LegalStatus::kRemand);
    EXPECT_EQ(got->security_category, domain::SecurityCategory::kYoi);
    EXPECT_EQ(got->alerts, (std::vector<std::string>{"C1", "XEL"}));
    EXPECT_EQ(got->phone_finds_12m, 2);
    EXPECT_EQ(got->phone_adjudications_12m, 1);
    EXPECT_EQ(got->phone_intel_12m, 3);
    EXPECT_FALSE(got->gone);
    EXPECT_EQ(got->updated_at, kNow);
    EXPECT_EQ(InRead([](Repositories& r) {
                  return r.prisoners.Get("A0003AA", Scope::National());
              })->last_name,
              c.last_name);
    EXPECT_EQ(InRead([](Repositories& r) { return r.prisoners.Get("Z9999ZZ", Scope::National()); })
                  .error()
                  .code,
              ErrorCode::kNotFound);

    // The same file again changes nothing.
    auto again = Import("MDI", {a, b, c}, true, kNow + 1h);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->inserted, 0);
    EXPECT_EQ(again->updated, 0);
    EXPECT_EQ(again->unchanged, 3);
    EXPECT_EQ(again->gone, 0);
    EXPECT_EQ(InRead([](Repositories& r) {
                  return r.prisoners.Get("A0001AA", Scope::National());
              })->updated_at,
              kNow);

    // b changes wing, c is missing from a full file, d is new.
    b.wing = "C";
    Prisoner d = MakePrisoner("A0004AA", "Dee", "Dawson", "A");
    auto full = Import("MDI", {a, b, d}, true, kNow + 2h);
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->inserted, 1);
    EXPECT_EQ(full->updated, 1);
    EXPECT_EQ(full->unchanged, 1);
    EXPECT_EQ(full->gone, 1);
    auto gone =
        InRead([](Repositories& r) { return r.prisoners.Get("A0003AA", Scope::National()); });
    ASSERT_TRUE(gone.ok());
    EXPECT_TRUE(gone->gone);
    EXPECT_EQ(gone->updated_at, kNow + 2h);
    EXPECT_EQ(
        InRead([](Repositories& r) { return r.prisoners.Get("A0002AA", Scope::National()); })->wing,
        "C");

    // A partial file marks nobody gone; a gone prisoner who comes back is an update.
    auto partial = Import("MDI", {c}, false, kNow + 3h);
    ASSERT_TRUE(partial.ok());
    EXPECT_EQ(partial->inserted, 0);
    EXPECT_EQ(partial->updated, 1);
    EXPECT_EQ(partial->unchanged, 0);
    EXPECT_EQ(partial->gone, 0);
    EXPECT_FALSE(InRead([](Repositories& r) {
                     return r.prisoners.Get("A0003AA", Scope::National());
                 })->gone);

    // Gone prisoners are not counted gone twice.
    ASSERT_EQ(Import("MDI", {a}, true)->gone, 3);
    ASSERT_EQ(Import("MDI", {a}, true)->gone, 0);

    // A transfer from another establishment is an update; the other establishment is untouched.
    Prisoner moved = d;
    moved.establishment = "LEI";
    auto transfer = Import("LEI", {moved}, true, kNow + 4h);
    ASSERT_TRUE(transfer.ok());
    EXPECT_EQ(transfer->inserted, 0);
    EXPECT_EQ(transfer->updated, 1);
    EXPECT_EQ(transfer->gone, 0);
    auto there =
        InRead([](Repositories& r) { return r.prisoners.Get("A0004AA", Scope::National()); });
    EXPECT_EQ(there->establishment, "LEI");
    EXPECT_FALSE(there->gone);
    EXPECT_EQ(InRead([](Repositories& r) { return r.prisoners.Get("A0004AA", Scope::Of({"MDI"})); })
                  .error()
                  .code,
              ErrorCode::kNotFound);

    // An empty partial import is a no-op; duplicates are refused.
    auto empty = Import("MDI", {}, false);
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->inserted + empty->updated + empty->unchanged + empty->gone, 0);
    EXPECT_EQ(Import("MDI", {a, a}, false).error().code, ErrorCode::kInvalidInput);
    // A number given twice, apart, is named, and nothing of that import is stored.
    Prisoner e = MakePrisoner("A0005AA", "Eve", "Evans", "A");
    Prisoner f = MakePrisoner("A0006AA", "Fay", "Ford", "B");
    auto twice = Import("MDI", {f, a, e, a}, false);
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(twice.error().message.find("A0001AA"), std::string::npos) << twice.error().message;
    EXPECT_EQ(InRead([](Repositories& r) { return r.prisoners.Get("A0006AA", Scope::National()); })
                  .error()
                  .code,
              ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, FailedWriteLeavesNothingBehind) {
    AddOrganisation();
    auto failed = store_->Write([](Repositories& r) -> Status {
        WARDEN_TRY(r.prisoners.Import("MDI", {MakePrisoner("A0001AA", "J", "S")}, true, kNow));
        WARDEN_TRY(r.regions.Add({"NEW", "New", "n@x"}));
        WARDEN_TRY(r.audit.Append({0, kNow, "u", "s", "a", "sub", "d", "", ""}));
        return Error::Conflict("changed my mind");
    });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
    EXPECT_EQ(failed.error().message, "changed my mind");
    EXPECT_FALSE(
        InRead([](Repositories& r) { return r.prisoners.Get("A0001AA", Scope::National()); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.regions.Get("NEW"); }).ok());
    EXPECT_TRUE(InRead([](Repositories& r) { return r.audit.List("", 10, 0); })->empty());

    // An exception rolls back too, and reaches the caller.
    EXPECT_THROW((void)store_->Write([](Repositories& r) -> Status {
        WARDEN_TRY(r.regions.Add({"THROWN", "T", "t@x"}));
        throw std::runtime_error("bug");
    }),
                 std::runtime_error);
    EXPECT_FALSE(InRead([](Repositories& r) { return r.regions.Get("THROWN"); }).ok());

    // The store still works afterwards.
    EXPECT_TRUE(InWrite([](Repositories& r) { return r.regions.Add({"AFTER", "A", "a@x"}); }).ok());
    EXPECT_TRUE(InRead([](Repositories& r) { return r.regions.Get("AFTER"); }).ok());
}

TEST_P(StoreContractTest, ListFiltersAndTotals) {
    AddOrganisation();
    std::vector<Prisoner> rows = {
        MakePrisoner("A1234BC", "John", "Smith", "A"),
        MakePrisoner("A1299ZZ", "Jane", "SMITHERS", "A"),
        MakePrisoner("B2345CD", "Mary", "Blacksmith", "B"),
        MakePrisoner("C3456DE", "Peter", "Jones", "B"),
        MakePrisoner("D4567EF", "Smith", "Adams", "C"),
    };
    ASSERT_TRUE(Import("MDI", rows, true).ok());
    ASSERT_TRUE(Import("LEI", {MakePrisoner("E5678FG", "Sam", "Smith", "A")}, true).ok());
    ASSERT_TRUE(Import("MDI", {rows[0], rows[1], rows[2], rows[3]}, true).ok());  // D4567EF gone

    PrisonerQuery q;
    q.establishment = "MDI";
    auto all = List(q);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all->total, 4);
    std::vector<std::string> names;
    for (const auto& p : all->items) names.push_back(p.last_name);
    // Ordered by last name, first name, prison number (bytewise: upper case first).
    EXPECT_EQ(names, (std::vector<std::string>{"Blacksmith", "Jones", "SMITHERS", "Smith"}));
    EXPECT_TRUE(all->next_cursor.empty());

    q.include_gone = true;
    EXPECT_EQ(List(q)->total, 5);
    q.include_gone = false;

    q.wing = "B";
    EXPECT_EQ(List(q)->total, 2);
    q.wing = "";

    q.text = "smith";  // names, case-insensitive substring
    auto smith = List(q);
    ASSERT_TRUE(smith.ok());
    EXPECT_EQ(smith->total, 3);
    q.include_gone = true;  // D4567EF's first name is Smith
    EXPECT_EQ(List(q)->total, 4);
    q.include_gone = false;

    q.text = "a12";  // prison number prefix, case-insensitive
    auto prefix = List(q);
    ASSERT_TRUE(prefix.ok());
    ASSERT_EQ(prefix->total, 2);
    EXPECT_EQ(prefix->items[0].prison_number, "A1299ZZ");
    EXPECT_EQ(prefix->items[1].prison_number, "A1234BC");

    q.text = "1234BC";  // not a prefix
    EXPECT_EQ(List(q)->total, 0);
    q.text = "john smith";  // across first and last name
    EXPECT_EQ(List(q)->total, 1);
    q.text = "%";
    EXPECT_EQ(List(q)->total, 0);
    q.text = "_";
    EXPECT_EQ(List(q)->total, 0);

    q.text = "smith";
    q.wing = "A";
    EXPECT_EQ(List(q)->total, 2);

    q = PrisonerQuery{};
    q.establishment = "MDI";
    q.cursor = "not-a-cursor";
    EXPECT_EQ(List(q).error().code, ErrorCode::kInvalidInput);
}

TEST_P(StoreContractTest, SummaryListsHoldTheListFieldsAndNoMore) {
    AddOrganisation();
    std::vector<Prisoner> rows;
    for (int i = 0; i < 250; ++i) {
        Prisoner p = MakePrisoner(Number(i), "First" + std::to_string(i % 9),
                                  "Last" + std::to_string(i % 13), i % 2 ? "A" : "B");
        p.cell = p.wing + "-" + std::to_string(i);
        p.legal_status = i % 3 ? domain::LegalStatus::kRemand : domain::LegalStatus::kSentenced;
        p.security_category = i % 4 ? domain::SecurityCategory::kB : domain::SecurityCategory::kD;
        p.alerts = {"XEL"};
        p.phone_finds_12m = 1 + i % 3;
        rows.push_back(p);
    }
    ASSERT_TRUE(Import("MDI", rows, true).ok());

    for (const std::string wing : {"A", ""}) {
        PrisonerQuery full;
        full.establishment = "MDI";
        full.wing = wing;
        full.limit = 40;
        PrisonerQuery summary = full;
        summary.summary = true;
        int pages = 0;
        while (true) {
            auto a = List(full);
            auto b = List(summary);
            ASSERT_TRUE(a.ok() && b.ok());
            EXPECT_EQ(a->total, b->total);
            EXPECT_EQ(a->next_cursor, b->next_cursor);  // the same pages, by the same keys
            ASSERT_EQ(a->items.size(), b->items.size());
            for (size_t i = 0; i < a->items.size(); ++i) {
                const Prisoner expected = domain::SummaryOf(a->items[i]);
                const Prisoner& got = b->items[i];
                EXPECT_EQ(got.prison_number, expected.prison_number);
                EXPECT_EQ(got.first_name, expected.first_name);
                EXPECT_EQ(got.last_name, expected.last_name);
                EXPECT_EQ(got.establishment, "MDI");
                EXPECT_EQ(got.wing, expected.wing);
                EXPECT_EQ(got.cell, expected.cell);
                EXPECT_EQ(got.legal_status, expected.legal_status);
                EXPECT_EQ(got.security_category, expected.security_category);
                EXPECT_FALSE(got.gone);
                // Nothing beyond the summary is read.
                EXPECT_TRUE(got.date_of_birth.empty());
                EXPECT_TRUE(got.alerts.empty());
                EXPECT_EQ(got.phone_finds_12m, 0);
                EXPECT_EQ(got.updated_at, TimePoint{});
                EXPECT_EQ(a->items[i].phone_finds_12m,
                          1 + std::stoi(got.prison_number.substr(1, 4)) % 3);
            }
            ++pages;
            if (a->next_cursor.empty()) break;
            full.cursor = a->next_cursor;
            summary.cursor = b->next_cursor;
        }
        EXPECT_EQ(pages, wing.empty() ? 7 : 4);
    }

    EXPECT_EQ(std::string(kPrisonerColumns).rfind(kPrisonerSummaryColumns, 0), 0u);
    // On SQLite the wing's index holds every column of a summary, so a wing's page reads the
    // index alone: every commit empties the readers' page caches, and table pages would be read
    // again for each row (docs/performance.md).
    if (GetParam() == Dialect::kSqlite) {
        auto raw = db_->Raw();
        ASSERT_NE(raw, nullptr);
        std::string plan;
        ASSERT_TRUE(
            raw->Query(std::string("EXPLAIN QUERY PLAN SELECT ") + kPrisonerSummaryColumns +
                           " FROM prisoners WHERE establishment = $1 AND wing = $2 AND "
                           "NOT gone AND (last_name, first_name, prison_number) > ($3, "
                           "$4, $5) ORDER BY last_name, first_name, prison_number LIMIT 101",
                       {"MDI", "A", "Last1", "First1", "A0001AA"},
                       [&](const SqlRow& row) -> Status {
                           plan += row.String(3) + "\n";
                           return Ok();
                       })
                .ok());
        EXPECT_NE(plan.find("USING COVERING INDEX prisoners_on_wing"), std::string::npos) << plan;
    }
}

// Runs `sql` under EXPLAIN ANALYZE on PostgreSQL and returns the rows that its scans and joins
// read and threw away ("Rows Removed by Filter" and "by Join Filter", each a mean per loop, times
// the node's loops); `plan` gets the plan. A statement that finds each row by its key throws
// away next to none; one that reads all of an establishment's rows for each of its prisoners,
// their product.
std::int64_t RowsThrownAway(SqlConnection& c, const std::string& sql, const SqlParams& params,
                            std::string& plan) {
    std::int64_t total = 0;
    std::int64_t loops = 1;
    const auto number_after = [](const std::string& line, const std::string& label) {
        const auto at = line.find(label);
        return at == std::string::npos ? std::int64_t{-1}
                                       : std::stoll(line.substr(at + label.size()));
    };
    const Status s =
        c.Query("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params, [&](const SqlRow& row) -> Status {
            const std::string line = row.String(0);
            plan += line + "\n";
            if (auto n = number_after(line, " loops="); n >= 0) loops = n;
            for (const char* label :
                 {"Rows Removed by Filter: ", "Rows Removed by Join Filter: "}) {
                if (auto n = number_after(line, label); n >= 0) {
                    total += n * loops;
                }
            }
            return Ok();
        });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return total;
}

// The PostgreSQL import joins the imported rows to the prisoners by prison number. Once
// autovacuum has analysed the table after another establishment's import, PostgreSQL expects none
// of this establishment's prisoners and may join in a nested loop: its inner side must be an index
// probe, never a scan of every imported row for each prisoner (a second establishment's
// 100,000-row import ran for minutes before the imported rows had a key).
TEST_P(StoreContractTest, ImportPlansProbeByKeyWhenStatisticsSawAnotherEstablishmentOnly) {
    if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL's plans";
    AddOrganisation();
    std::vector<Prisoner> leeds;
    std::string copy;
    for (int i = 0; i < 2000; ++i) {
        leeds.push_back(MakePrisoner(Number(i, 'L'), "F" + std::to_string(i), "Leeds"));
        copy += Number(i, 'M') + "\tF\tL\tf l\t1990-05-01\tA\tA-1-001\tSENTENCED\tC\t\t0\t0\t0\n";
    }
    ASSERT_TRUE(Import("LEI", leeds, true).ok());
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    ASSERT_TRUE(raw->ExecScript("ANALYZE prisoners").ok());

    // The statements run (and are rolled back): the insert adds MDI's prisoners, which the
    // statement marking the missing ones gone then joins to the imported rows.
    const PostgresImportSql sql = PostgresImportStatements();
    ASSERT_TRUE(raw->ExecScript("BEGIN").ok());
    ASSERT_TRUE(raw->ExecScript(sql.create_temp).ok());
    ASSERT_TRUE(raw->CopyIn(sql.copy, copy).ok());
    ASSERT_TRUE(raw->ExecScript(sql.key).ok());
    for (const std::string* statement : {&sql.update, &sql.insert, &sql.mark_gone}) {
        std::string plan;
        EXPECT_LT(RowsThrownAway(*raw, *statement, {"MDI", "2026-01-01T00:00:00Z"}, plan), 2000)
            << *statement << "\n"
            << plan;
    }
    ASSERT_TRUE(raw->ExecScript("ROLLBACK").ok());

    // And the import itself, under the same statistics.
    std::vector<Prisoner> moorland;
    for (int i = 0; i < 2000; ++i) {
        moorland.push_back(MakePrisoner(Number(i, 'M'), "F", "L", i % 2 ? "A" : "B"));
    }
    auto imported = Import("MDI", moorland, true);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_EQ(imported->inserted, 2000);
    EXPECT_EQ(imported->gone, 0);
    auto again =
        Import("MDI", std::vector<Prisoner>(moorland.begin(), moorland.begin() + 1500), true);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->unchanged, 1500);
    EXPECT_EQ(again->gone, 500);
}

TEST_P(StoreContractTest, PagingVisitsEveryPrisonerOnce) {
    AddOrganisation();
    std::vector<Prisoner> rows;
    const std::vector<std::string> last = {"Adams", "Brown", "Clark", "Davies", "Evans"};
    for (int i = 0; i < 1234; ++i) {
        rows.push_back(MakePrisoner(Number(i, static_cast<char>('A' + i % 3)),
                                    "First" + std::to_string(i % 7),
                                    last[static_cast<size_t>(i % 5)], i % 2 ? "A" : "B"));
    }
    auto imported = Import("MDI", rows, true);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    ASSERT_EQ(imported->inserted, 1234);

    for (const std::string wing : {"", "A"}) {
        PrisonerQuery q;
        q.establishment = "MDI";
        q.wing = wing;
        q.limit = 100;
        std::set<std::string> seen;
        std::vector<std::tuple<std::string, std::string, std::string>> keys;
        int pages = 0;
        while (true) {
            auto page = List(q);
            ASSERT_TRUE(page.ok()) << page.error().message;
            EXPECT_EQ(page->total, wing.empty() ? 1234 : 617);
            ++pages;
            for (const auto& p : page->items) {
                EXPECT_TRUE(seen.insert(p.prison_number).second) << p.prison_number;
                keys.emplace_back(p.last_name, p.first_name, p.prison_number);
                if (!wing.empty()) {
                    EXPECT_EQ(p.wing, wing);
                }
            }
            if (page->next_cursor.empty()) break;
            EXPECT_EQ(page->items.size(), 100u);
            q.cursor = page->next_cursor;
        }
        EXPECT_EQ(seen.size(), wing.empty() ? 1234u : 617u);
        EXPECT_EQ(pages, wing.empty() ? 13 : 7);
        EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    }

    // An exact fit has no next page.
    PrisonerQuery q;
    q.establishment = "MDI";
    q.limit = 1234;
    auto one = List(q);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(one->items.size(), 1234u);
    EXPECT_TRUE(one->next_cursor.empty());
}

TEST_P(StoreContractTest, LargeImportIsIdempotent) {
    AddOrganisation();
    std::vector<Prisoner> rows;
    for (int i = 0; i < 20000; ++i) {
        Prisoner p = MakePrisoner(Number(i % 10000, i < 10000 ? 'A' : 'B'), "F" + std::to_string(i),
                                  "L" + std::to_string(i % 97), std::string(1, "ABCD"[i % 4]));
        if (i % 5 == 0) p.alerts = {"XEL"};
        rows.push_back(std::move(p));
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto first = Import("MDI", rows, true);
    const auto t1 = std::chrono::steady_clock::now();
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->inserted, 20000);
    for (int i = 0; i < 20000; i += 10) rows[static_cast<size_t>(i)].cell = "moved";
    rows.resize(19000);
    auto second = Import("MDI", rows, true);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second->inserted, 0);
    EXPECT_EQ(second->updated, 1900);
    EXPECT_EQ(second->unchanged, 17100);
    EXPECT_EQ(second->gone, 1000);
    auto est =
        InRead([](Repositories& r) { return r.establishments.Get("MDI", Scope::National()); });
    ASSERT_TRUE(est.ok());
    std::cerr << "[          ] 20,000-row import: "
              << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms\n";
}

// ---- audit ----

/// Drops the append-only triggers, as an attacker with DDL rights could (ADR 0007).
void DropAppendOnlyGuard(SqlConnection& raw) {
    const char* sql = raw.dialect() == Dialect::kSqlite
                          ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
                          : "DROP TRIGGER audit_log_no_update_or_delete ON audit_log;";
    ASSERT_TRUE(raw.ExecScript(sql).ok());
}

/// The seal the contract tests' stores use.
std::string TestSealOf(const AuditEntry& e) {
    return testing::TestSeal()->Seal(domain::AuditEntrySealed(e));
}

AuditEntry Entry(const std::string& action, const std::string& subject, TimePoint at = kNow) {
    AuditEntry e;
    e.at = at;
    e.actor = "jsmith";
    e.source = "127.0.0.1";
    e.action = action;
    e.subject = subject;
    e.detail = "detail of " + action;
    return e;
}

TEST_P(StoreContractTest, AuditAppendListAndVerify) {
    auto empty = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->entries, 0);
    EXPECT_FALSE(empty->first_bad_seq.has_value());

    for (int i = 1; i <= 6; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) {
                        return r.audit.Append(Entry("action" + std::to_string(i),
                                                    i % 2 ? "prisoner:A1" : "user:x",
                                                    kNow + std::chrono::seconds(i)));
                    }).ok());
    }
    auto all = InRead([](Repositories& r) { return r.audit.List("", 100, 0); });
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), 6u);
    EXPECT_EQ((*all)[0].seq, 6);
    EXPECT_EQ((*all)[5].seq, 1);
    const AuditEntry& first = (*all)[5];
    EXPECT_EQ(first.prev_hash, std::string(64, '0'));
    EXPECT_EQ(first.action, "action1");
    EXPECT_EQ(first.at, kNow + 1s);
    EXPECT_EQ(first.detail, "detail of action1");
    EXPECT_EQ(first.hash, TestSealOf(first));
    EXPECT_NE(first.hash, crypto::Sha256Hex(domain::AuditEntryCanonical(first)));
    for (size_t i = 0; i + 1 < all->size(); ++i) {
        EXPECT_EQ((*all)[i].prev_hash, (*all)[i + 1].hash);
    }

    auto subject = InRead([](Repositories& r) { return r.audit.List("prisoner:A1", 2, 0); });
    ASSERT_EQ(subject->size(), 2u);
    EXPECT_EQ((*subject)[0].seq, 5);
    EXPECT_EQ((*subject)[1].seq, 3);
    auto before = InRead([](Repositories& r) { return r.audit.List("prisoner:A1", 10, 3); });
    ASSERT_EQ(before->size(), 1u);
    EXPECT_EQ((*before)[0].seq, 1);
    EXPECT_EQ(InRead([](Repositories& r) { return r.audit.List("", 2, 5); })->front().seq, 4);
    EXPECT_TRUE(InRead([](Repositories& r) { return r.audit.List("", 0, 0); })->empty());

    auto ok = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->entries, 6);
    EXPECT_FALSE(ok->first_bad_seq.has_value()) << ok->problem;
}

TEST_P(StoreContractTest, VerifyNamesTheFirstEditedEntry) {
    for (int i = 1; i <= 5; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    }
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    DropAppendOnlyGuard(*raw);
    ASSERT_TRUE(raw->Exec("UPDATE audit_log SET detail = 'edited' WHERE seq = 3").ok());
    ASSERT_TRUE(raw->Exec("UPDATE audit_log SET actor = 'edited' WHERE seq = 4").ok());
    auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->first_bad_seq.has_value());
    EXPECT_EQ(*v->first_bad_seq, 3);
    EXPECT_NE(v->problem, "");
}

TEST_P(StoreContractTest, VerifyFindsARemovedOrRechainedEntry) {
    for (int i = 1; i <= 5; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    }
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    DropAppendOnlyGuard(*raw);
    // Recomputing an edited entry's own seal still breaks the next entry's link.
    AuditEntry e = InRead([](Repositories& r) { return r.audit.List("", 1, 3); })->front();
    ASSERT_EQ(e.seq, 2);
    e.detail = "rewritten";
    e.hash = TestSealOf(e);
    ASSERT_TRUE(
        raw->Exec("UPDATE audit_log SET detail = $1, hash = $2 WHERE seq = 2", {e.detail, e.hash})
            .ok());
    auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v->first_bad_seq.has_value());
    EXPECT_EQ(*v->first_bad_seq, 3);

    // A removed entry: the next entry on its chain no longer links to the one before it.
    ASSERT_TRUE(raw->Exec("DELETE FROM audit_log WHERE seq = 2").ok());
    v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v->first_bad_seq.has_value());
    EXPECT_EQ(*v->first_bad_seq, 3);
    EXPECT_NE(v->problem.find("entry 1"), std::string::npos) << v->problem;
    EXPECT_EQ(v->entries, 1);
}

// ADR 0019: on PostgreSQL a writer whose chain is busy appends to another chain instead of
// waiting for the first writer's commit; every chain verifies, and removing the first entry of
// the second chain is found.
TEST_P(StoreContractTest, ConcurrentWritersAppendToSeveralChainsThatAllVerify) {
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    if (GetParam() == Dialect::kSqlite) {
        // One writer at a time: one chain.
        auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
        EXPECT_FALSE(v->first_bad_seq.has_value()) << v->problem;
        return;
    }
    std::atomic<bool> second_appended{false};
    std::atomic<bool> first_appended{false};
    std::thread first([&] {
        EXPECT_TRUE(InWrite([&](Repositories& r) -> Status {
                        WARDEN_TRY(r.audit.Append(Entry("first", "s")));
                        first_appended = true;
                        // Holds its chain's lock until the other writer has appended.
                        for (int i = 0; i < 500 && !second_appended; ++i) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(10));
                        }
                        return second_appended ? Ok() : Error::Conflict("the second writer waited");
                    }).ok());
    });
    while (!first_appended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(InWrite([&](Repositories& r) -> Status {
                    WARDEN_TRY(r.audit.Append(Entry("second", "s")));
                    return r.audit.Append(Entry("second-again", "s"));
                }).ok());
    second_appended = true;
    first.join();
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("after", "s")); }).ok());

    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    std::map<std::string, Id> chain_of;
    ASSERT_TRUE(raw->Query("SELECT action, chain FROM audit_log", {},
                           [&](const SqlRow& row) -> Status {
                               chain_of[std::string(row.Text(0))] = row.Int(1);
                               return Ok();
                           })
                    .ok());
    EXPECT_EQ(chain_of["first"], chain_of["a"]);
    EXPECT_NE(chain_of["second"], chain_of["first"]);
    EXPECT_EQ(chain_of["second-again"], chain_of["second"]);
    auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->entries, 5);
    EXPECT_FALSE(v->first_bad_seq.has_value()) << v->problem;

    DropAppendOnlyGuard(*raw);
    ASSERT_TRUE(raw->Exec("DELETE FROM audit_log WHERE action = 'second'").ok());
    v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v->first_bad_seq.has_value());
    EXPECT_NE(v->problem.find("first entry of audit chain"), std::string::npos) << v->problem;
}

TEST_P(StoreContractTest, TheAuditTableIsAppendOnlyInTheDatabase) {
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    }
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    // The tests connect as the PostgreSQL superuser: the trigger, not the REVOKE, refuses these.
    EXPECT_FALSE(raw->Exec("UPDATE audit_log SET detail = 'edited' WHERE seq = 2").ok());
    EXPECT_FALSE(raw->Exec("DELETE FROM audit_log WHERE seq = 3").ok());
    EXPECT_FALSE(raw->Exec("DELETE FROM audit_log").ok());
    if (GetParam() == Dialect::kPostgres) {
        EXPECT_FALSE(raw->ExecScript("TRUNCATE audit_log").ok());
        // The role that ran the migrations (the application's) holds no UPDATE, DELETE or
        // TRUNCATE on the log (a superuser ignores privileges, hence the trigger above), and
        // keeps them on other tables.
        const auto privileges = [&](const std::string& table) {
            std::string out;
            EXPECT_TRUE(QueryOne(*raw,
                                 "SELECT COALESCE(string_agg(privilege_type, ',' ORDER BY "
                                 "privilege_type), '') FROM information_schema.role_table_grants "
                                 "WHERE table_name = $1 AND grantee = current_user AND "
                                 "table_schema = current_schema()",
                                 {table}, [&](const SqlRow& row) { out = row.String(0); })
                            .ok());
            return out;
        };
        EXPECT_EQ(privileges("audit_log"), "INSERT,REFERENCES,SELECT,TRIGGER");
        EXPECT_EQ(privileges("prisoners"),
                  "DELETE,INSERT,REFERENCES,SELECT,TRIGGER,TRUNCATE,UPDATE");
    }
    auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->entries, 3);
    EXPECT_FALSE(v->first_bad_seq.has_value()) << v->problem;
    // Appending still works.
    EXPECT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
}

TEST_P(StoreContractTest, AnEditedRowWithARecomputedPlainHashFailsVerification) {
    for (int i = 1; i <= 4; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    }
    auto all = InRead([](Repositories& r) { return r.audit.List("", 10, 0); });
    ASSERT_EQ(all->size(), 4u);
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    DropAppendOnlyGuard(*raw);
    // The attacker edits entry 2 and re-chains 2..4 with plain SHA-256 (they lack the key).
    std::vector<AuditEntry> chain(all->rbegin(), all->rend());
    chain[1].detail = "rewritten";
    for (size_t i = 1; i < chain.size(); ++i) {
        chain[i].prev_hash = chain[i - 1].hash;
        chain[i].hash = crypto::Sha256Hex(domain::AuditEntryCanonical(chain[i]));
        ASSERT_TRUE(raw->Exec("UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3 "
                              "WHERE seq = $4",
                              {chain[i].detail, chain[i].prev_hash, chain[i].hash, chain[i].seq})
                        .ok());
    }
    auto v = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->first_bad_seq.has_value());
    EXPECT_EQ(*v->first_bad_seq, 2);
    // Nor can a rekey seal the forgery.
    auto rekey = InWrite([](Repositories& r) { return r.audit.Rekey(Entry("x", "y")); });
    ASSERT_FALSE(rekey.ok());
    EXPECT_EQ(rekey.error().code, ErrorCode::kConflict);
}

TEST_P(StoreContractTest, AnotherKeyFailsVerification) {
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    store_.reset();
    auto other = OpenStore(db_->url(), kMigrations, true,
                           std::make_shared<crypto::HmacAuditSeal>("another key entirely"));
    ASSERT_TRUE(other.ok());
    auto v = InReadOf(**other, [](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->first_bad_seq.has_value());
    EXPECT_EQ(*v->first_bad_seq, 1);
    EXPECT_NE(v->problem.find("key"), std::string::npos) << v->problem;
}

TEST_P(StoreContractTest, RekeySealsAnUnkeyedLogAndAnEditBeforeItIsFound) {
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("a", "s")); }).ok());
    }
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    DropAppendOnlyGuard(*raw);
    // Rewrite the log as the unkeyed chain of Warden before ADR 0007 wrote it.
    const auto rechain_plain = [&](Id through, const std::string& edit) {
        auto all = InRead([](Repositories& r) { return r.audit.List("", 100, 0); });
        std::vector<AuditEntry> chain(all->rbegin(), all->rend());
        std::string prev(64, '0');
        for (auto& e : chain) {
            if (e.seq > through) break;
            if (e.seq == 2 && !edit.empty()) e.detail = edit;
            e.prev_hash = prev;
            e.hash = crypto::Sha256Hex(domain::AuditEntryCanonical(e));
            prev = e.hash;
            ASSERT_TRUE(raw->Exec("UPDATE audit_log SET detail = $1, prev_hash = $2, hash = $3 "
                                  "WHERE seq = $4",
                                  {e.detail, e.prev_hash, e.hash, e.seq})
                            .ok());
        }
    };
    rechain_plain(3, "");
    // A keyed entry written after the upgrade, chained on the old ones.
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(Entry("b", "s")); }).ok());
    auto before = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(before->first_bad_seq.has_value());
    EXPECT_NE(before->problem.find("warden audit rekey"), std::string::npos) << before->problem;

    auto sealed = InWrite([](Repositories& r) { return r.audit.Rekey(Entry("x", "y")); });
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    EXPECT_EQ(*sealed, 3);
    auto again = InWrite([](Repositories& r) { return r.audit.Rekey(Entry("x", "y")); });
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 0);
    auto anchor = InRead([](Repositories& r) { return r.audit.List("", 1, 0); })->front();
    EXPECT_EQ(anchor.action, "audit.rekey");
    EXPECT_EQ(anchor.detail, "legacy_through=3");
    auto after = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_FALSE(after->first_bad_seq.has_value()) << after->problem;
    EXPECT_EQ(after->entries, 5);
    EXPECT_EQ(after->legacy_entries, 3);

    // Editing a sealed legacy entry and re-chaining the plain part breaks the keyed link.
    rechain_plain(3, "rewritten");
    auto edited = InRead([](Repositories& r) { return r.audit.Verify(); });
    ASSERT_TRUE(edited->first_bad_seq.has_value());
    EXPECT_EQ(*edited->first_bad_seq, 4);
}

TEST_P(StoreContractTest, TheAuditLogIsScopedByRoleAndShowsOnlyCodes) {
    const auto add = [&](const std::string& action, const std::string& subject,
                         const std::string& establishment, const std::string& detail) {
        AuditEntry e = Entry(action, subject);
        e.establishment = establishment;
        e.detail = detail;
        ASSERT_TRUE(InWrite([&](Repositories& r) { return r.audit.Append(e); }).ok());
    };
    add("user.create", "user:bob", "", "roles=SECURITY caseload=MDI");                    // 1
    add("establishment.update", "establishment:MDI", "MDI", "region=YORKS phase=1");      // 2
    add("tmpp.need.recorded", "prisoner:A1234BC", "MDI", "need=OTHER state=REQUESTED");   // 3
    add("tmpp.access.withdrawn", "prisoner:B1234BC", "LEI", "reason=seen with a phone");  // 4
    add("prisoners.list", "establishment:LEI", "LEI", "limit=50 count=2 total=2");        // 5
    add("auth.signin_failed", "user:unknown", "", "result=unknown_user");                 // 6
    add("outbox.retry", "outbox:3", "", "state=PENDING");                                 // 7

    domain::AuditService audit(*store_);
    const auto seqs = [&](const domain::Actor& by) {
        std::vector<Id> out;
        auto listed = audit.List(by, "", 100, 0);
        EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().message);
        if (listed.ok()) {
            for (const auto& e : *listed) out.push_back(e.seq);
        }
        return out;
    };
    domain::Actor admin;
    admin.username = "admin";
    admin.roles = {Role::kAdmin};
    domain::Actor monitoring;
    monitoring.username = "mon";
    monitoring.roles = {Role::kMonitoring};
    domain::Actor security;
    security.username = "sec";
    security.roles = {Role::kSecurity};
    security.caseload = {"MDI"};
    domain::Actor officer;
    officer.username = "officer";
    officer.roles = {Role::kWingOfficer};
    officer.caseload = {"MDI"};

    // ADMIN: users, sign-ins, establishments, configuration and the email outbox they manage;
    // no prisoner entries.
    EXPECT_EQ(seqs(admin), (std::vector<Id>{7, 6, 2, 1}));
    // MONITORING: the whole estate.
    EXPECT_EQ(seqs(monitoring), (std::vector<Id>{7, 6, 5, 4, 3, 2, 1}));
    // SECURITY: their caseload's establishments only.
    EXPECT_EQ(seqs(security), (std::vector<Id>{3, 2}));
    // Other roles: refused.
    auto refused = audit.List(officer, "", 100, 0);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    // An ADMIN who is also SECURITY sees both scopes.
    domain::Actor both = admin;
    both.roles.push_back(Role::kSecurity);
    both.caseload = {"LEI"};
    EXPECT_EQ(seqs(both), (std::vector<Id>{7, 6, 5, 4, 2, 1}));
    // A subject filter stays inside the scope.
    auto other = audit.List(security, "prisoner:B1234BC", 100, 0);
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->empty());

    // No free text is shown, even from an entry written before the rule (here, entry 4).
    auto all = audit.List(monitoring, "", 100, 0);
    ASSERT_TRUE(all.ok());
    for (const auto& e : *all) {
        EXPECT_EQ(e.detail.find("phone"), std::string::npos) << e.detail;
        EXPECT_EQ(e.detail.find("reason"), std::string::npos) << e.detail;
    }
    EXPECT_EQ((*all)[3].detail, "");  // entry 4: only its free text
    EXPECT_EQ((*all)[4].detail, "need=OTHER state=REQUESTED");
}

TEST_P(StoreContractTest, ConcurrentWritersKeepTheAuditChainWhole) {
    constexpr int kThreads = 4;
    constexpr int kEach = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                Status s = store_->Write([&](Repositories& r) {
                    return r.audit.Append(Entry("t" + std::to_string(t), "s"));
                });
                if (!s.ok()) ++failures;
                Status read = store_->Read([](Repositories& r) -> Status {
                    WARDEN_TRY(r.audit.List("", 5, 0));
                    return Ok();
                });
                if (!read.ok()) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    ExpectWholeAuditChain(kThreads * kEach);
}

TEST_P(StoreContractTest, AnAppenderTakesAFreeAuditChainOrWaitsForOne) {
    if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "SQLite has one writer and one chain";
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    const auto chain_of_last = [&] {
        Id chain = -1;
        EXPECT_TRUE(QueryOne(*raw, "SELECT chain FROM audit_log ORDER BY seq DESC LIMIT 1", {},
                             [&](const SqlRow& row) { chain = row.Int(0); })
                        .ok());
        return chain;
    };
    const auto append_two = [&] {
        return store_->Write([&](Repositories& r) -> Status {
            WARDEN_TRY(r.audit.Append(Entry("first", "s")));
            return r.audit.Append(Entry("second", "s"));  // the same chain, its lock held
        });
    };
    ASSERT_TRUE(append_two().ok());
    EXPECT_EQ(chain_of_last(), 0);

    // Chain 0 held elsewhere: the next free one, from its own genesis.
    ASSERT_TRUE(raw->ExecScript("BEGIN").ok());
    ASSERT_TRUE(raw->Query("SELECT pg_advisory_xact_lock($1, 0)", {kAuditChainLockClass},
                           [](const SqlRow&) -> Status { return Ok(); })
                    .ok());
    ASSERT_TRUE(append_two().ok());
    ASSERT_TRUE(raw->ExecScript("COMMIT").ok());
    EXPECT_EQ(chain_of_last(), 1);

    // Every chain held: the appender waits for one, then links to its last entry.
    ASSERT_TRUE(raw->ExecScript("BEGIN").ok());
    ASSERT_TRUE(raw->Query("SELECT pg_advisory_xact_lock($1, g) FROM generate_series(0, $2 - 1) g",
                           {kAuditChainLockClass, kAuditChains},
                           [](const SqlRow&) -> Status { return Ok(); })
                    .ok());
    std::atomic<bool> done{false};
    Status waited = Ok();
    std::thread writer([&] {
        waited = append_two();
        done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(done.load()) << "appended while every chain was held";
    ASSERT_TRUE(raw->ExecScript("COMMIT").ok());
    writer.join();
    EXPECT_TRUE(waited.ok()) << waited.error().message;
    EXPECT_GE(chain_of_last(), 0);
    ExpectWholeAuditChain(6);
}

TEST_P(StoreContractTest, ReadsSeeASnapshotAndCannotWrite) {
    ASSERT_TRUE(InWrite([](Repositories& r) { return r.regions.Add({"A", "A", "a"}); }).ok());
    Status s = store_->Read([&](Repositories& r) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto before, r.regions.List());
        // A write committed meanwhile is not seen by this read.
        Status w = store_->Write([](Repositories& w) { return w.regions.Add({"B", "B", "b"}); });
        EXPECT_TRUE(w.ok());
        WARDEN_ASSIGN_OR_RETURN(auto after, r.regions.List());
        EXPECT_EQ(before.size(), 1u);
        EXPECT_EQ(after.size(), 1u);
        return Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(InRead([](Repositories& r) { return r.regions.List(); })->size(), 2u);
    EXPECT_FALSE(store_->Read([](Repositories& r) { return r.regions.Add({"C", "C", "c"}); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.regions.Get("C"); }).ok());
}

TEST_P(StoreContractTest, AOneStatementReadRunsOneSelect) {
    ASSERT_TRUE(InWrite([](Repositories& r) { return r.regions.Add({"A", "A", "a"}); }).ok());
    std::optional<domain::Region> found;
    Status s = store_->ReadOneStatement([&](Repositories& r) -> Status {
        WARDEN_ASSIGN_OR_RETURN(found, r.regions.Get("A"));
        return Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(found->name, "A");
    // Its error is the caller's, and the store goes on.
    EXPECT_EQ(store_
                  ->ReadOneStatement([](Repositories& r) -> Status {
                      WARDEN_TRY(r.regions.Get("NONE"));
                      return Ok();
                  })
                  .error()
                  .code,
              ErrorCode::kNotFound);
    if (GetParam() == Dialect::kPostgres) {
        // On PostgreSQL it is sent without a transaction: a second statement or a write fails
        // and runs nothing.
        Status two = store_->ReadOneStatement([](Repositories& r) -> Status {
            WARDEN_TRY(r.regions.Get("A"));
            WARDEN_TRY(r.regions.List());
            return Ok();
        });
        ASSERT_FALSE(two.ok());
        EXPECT_EQ(two.error().code, ErrorCode::kInternal);
        EXPECT_NE(two.error().message.find("a second statement"), std::string::npos)
            << two.error().message;
        Status write = store_->ReadOneStatement([](Repositories& r) {
            return r.regions.Add({"B", "B", "b"});
        });
        ASSERT_FALSE(write.ok());
        EXPECT_EQ(write.error().code, ErrorCode::kInternal);
        EXPECT_NE(write.error().message.find("only a SELECT"), std::string::npos)
            << write.error().message;
        Status audit = store_->ReadOneStatement(
            [](Repositories& r) { return r.audit.Append(Entry("a", "s")); });
        EXPECT_FALSE(audit.ok());
    }
    auto regions = InRead([](Repositories& r) { return r.regions.List(); });
    ASSERT_TRUE(regions.ok());
    EXPECT_EQ(regions->size(), 1u);
    // A connection used for one is an ordinary one afterwards.
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(InWrite([&](Repositories& r) {
                        return r.regions.Add({"R" + std::to_string(i), "R", "r"});
                    }).ok());
    }
    EXPECT_EQ(InRead([](Repositories& r) { return r.regions.List(); })->size(), 21u);
}

TEST_P(StoreContractTest, NestedWriteOnTheSameThreadIsRefused) {
    Status outer = store_->Write([&](Repositories& r) -> Status {
        WARDEN_TRY(r.regions.Add({"OUTER", "O", "o@x"}));
        Status inner = store_->Write([](Repositories& w) {
            return w.regions.Add({"INNER", "I", "i@x"});
        });
        EXPECT_FALSE(inner.ok());
        EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
        return Ok();
    });
    EXPECT_TRUE(outer.ok());
    EXPECT_TRUE(InRead([](Repositories& r) { return r.regions.Get("OUTER"); }).ok());
    EXPECT_FALSE(InRead([](Repositories& r) { return r.regions.Get("INNER"); }).ok());
}

// Concurrent writes share commits on SQLite (group commit, each write in its own SAVEPOINT): a
// write that fails or throws is undone alone, and the others are all stored, on both databases.
TEST_P(StoreContractTest, ConcurrentWritesFailOrThrowAlone) {
    constexpr int kThreads = 16;
    constexpr int kEach = 12;
    std::vector<std::thread> threads;
    std::atomic<int> unexpected{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const std::string code = "R" + std::to_string(t) + "X" + std::to_string(i);
                const int kind = (t + i) % 4;  // 0 fails, 1 throws, 2 and 3 succeed
                try {
                    Status s = store_->Write([&](Repositories& r) -> Status {
                        WARDEN_TRY(r.regions.Add({code, code, "r@x"}));
                        WARDEN_TRY(r.audit.Append(Entry(code, "s")));
                        if (kind == 0) return Error::Conflict("this write fails");
                        if (kind == 1) throw std::runtime_error("this write throws");
                        return Ok();
                    });
                    if (s.ok() != (kind >= 2)) ++unexpected;
                } catch (const std::runtime_error&) {
                    if (kind != 1) ++unexpected;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(unexpected.load(), 0);
    auto regions = InRead([](Repositories& r) { return r.regions.List(); });
    ASSERT_TRUE(regions.ok());
    EXPECT_EQ(regions->size(), static_cast<size_t>(kThreads * kEach / 2));
    for (const auto& region : *regions) {
        const auto x = region.code.find('X');
        const int t = std::stoi(region.code.substr(1, x - 1));
        const int i = std::stoi(region.code.substr(x + 1));
        EXPECT_GE((t + i) % 4, 2) << region.code;
    }
    ExpectWholeAuditChain(kThreads * kEach / 2);
}

TEST_P(StoreContractTest, MoreConcurrentWritersThanOneGroupCommitTakesAllFinish) {
    // On SQLite a group commit takes at most 64 queued writes: with more writers than that at
    // once, the rest wait for later batches, each woken by the leader of the batch before
    // (SqliteStore::Write). On PostgreSQL they wait for a pooled connection. Either way every
    // write finishes, once, and the audit chain stays whole.
    constexpr int kThreads = 96;
    constexpr int kEach = 3;
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            for (int i = 0; i < kEach; ++i) {
                Status s = store_->Write([&](Repositories& r) {
                    return r.audit.Append(Entry("w" + std::to_string(t), "s"));
                });
                if (!s.ok()) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    ExpectWholeAuditChain(kThreads * kEach);
}

// ---- TMPP access ----

TEST_P(StoreContractTest, PrisonersForEachAtSkipsGone) {
    AddOrganisation();
    Prisoner gone = MakePrisoner("A0003AA", "Gone", "Person");
    ASSERT_TRUE(Import("MDI",
                       {MakePrisoner("A0002AA", "B", "B"), MakePrisoner("A0001AA", "A", "A"), gone},
                       true)
                    .ok());
    ASSERT_TRUE(
        Import("MDI", {MakePrisoner("A0002AA", "B", "B"), MakePrisoner("A0001AA", "A", "A")}, true)
            .ok());
    auto seen = InRead([](Repositories& r) -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        WARDEN_TRY(r.prisoners.ForEachAt("MDI", [&](const Prisoner& p) -> Status {
            out.push_back(p.prison_number);
            return Ok();
        }));
        return out;
    });
    ASSERT_TRUE(seen.ok()) << seen.error().message;
    EXPECT_EQ(*seen, (std::vector<std::string>{"A0001AA", "A0002AA"}));
}

TEST_P(StoreContractTest, TmppAccessAndTimeline) {
    AddOrganisation();
    auto none =
        InRead([](Repositories& r) { return r.access.GetAccess("A0001AA", Scope::National()); });
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_EQ(none->state, domain::AccessState::kNone);
    EXPECT_EQ(none->prison_number, "A0001AA");
    ASSERT_TRUE(
        InWrite([](Repositories& r) -> Status {
            WARDEN_TRY(
                r.access.PutAccess({"A0001AA", "MDI", domain::AccessState::kRequested, kNow, 0}));
            WARDEN_TRY(r.access.PutAccess(
                {"A0001AA", "MDI", domain::AccessState::kGranted, kNow + 1h, 7}));
            WARDEN_TRY(
                r.access.PutAccess({"A0002AA", "MDI", domain::AccessState::kEnded, kNow, 0}));
            WARDEN_TRY(
                r.access.PutAccess({"A0003AA", "LEI", domain::AccessState::kAssessed, kNow, 0}));
            WARDEN_TRY(r.access.AddEvent(
                {0, "A0001AA", kNow, "sec", "need.recorded", "tab\there", "MDI"}));
            return r.access.AddEvent({0, "A0001AA", kNow + 1h, "sec", "access.granted", "", "MDI"});
        }).ok());
    auto got =
        InRead([](Repositories& r) { return r.access.GetAccess("A0001AA", Scope::National()); });
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->state, domain::AccessState::kGranted);
    EXPECT_EQ(got->updated_at, kNow + 1h);
    EXPECT_EQ(got->ended_need_id, 7);
    auto open =
        InRead([](Repositories& r) { return r.access.OpenAccessAt("MDI", Scope::National()); });
    ASSERT_TRUE(open.ok());
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].prison_number, "A0001AA");
    auto timeline =
        InRead([](Repositories& r) { return r.access.Timeline("A0001AA", Scope::National()); });
    ASSERT_TRUE(timeline.ok());
    ASSERT_EQ(timeline->size(), 2u);
    EXPECT_EQ((*timeline)[0].what, "need.recorded");
    EXPECT_EQ((*timeline)[0].why, "tab\there");
    EXPECT_EQ((*timeline)[1].at, kNow + 1h);
    EXPECT_EQ((*timeline)[1].establishment, "MDI");
    EXPECT_LT((*timeline)[0].id, (*timeline)[1].id);
}

TEST_P(StoreContractTest, TmppNeedsAndCompacts) {
    AddOrganisation();
    auto ids = InWrite([](Repositories& r) -> Result<std::vector<Id>> {
        std::vector<Id> out;
        for (auto kind : {domain::NeedKind::kIsolating, domain::NeedKind::kOther}) {
            WARDEN_ASSIGN_OR_RETURN(
                Id id,
                r.needs.AddNeed({0, "A0001AA", "MDI", kind,
                                 kind == domain::NeedKind::kOther ? "why" : "", "sec", kNow}));
            out.push_back(id);
        }
        return out;
    });
    ASSERT_TRUE(ids.ok()) << ids.error().message;
    EXPECT_LT((*ids)[0], (*ids)[1]);
    auto needs =
        InRead([](Repositories& r) { return r.needs.NeedsOf("A0001AA", Scope::National()); });
    ASSERT_TRUE(needs.ok());
    ASSERT_EQ(needs->size(), 2u);
    EXPECT_EQ((*needs)[0].kind, domain::NeedKind::kIsolating);
    EXPECT_EQ((*needs)[1].detail, "why");
    EXPECT_EQ((*needs)[1].recorded_at, kNow);

    ASSERT_TRUE(InWrite([](Repositories& r) -> Status {
                    WARDEN_TRY(r.compacts.AddCompactVersion({"MDI", 2, "Two", true, "sec", kNow}));
                    return r.compacts.AddCompactVersion({"MDI", 1, "One", false, "sec", kNow});
                }).ok());
    auto dup = InWrite([](Repositories& r) {
        return r.compacts.AddCompactVersion({"MDI", 1, "Again", false, "sec", kNow});
    });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
    auto versions = InRead(
        [](Repositories& r) { return r.compacts.CompactVersions("MDI", Scope::National()); });
    ASSERT_TRUE(versions.ok());
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].version, 1);
    EXPECT_FALSE((*versions)[0].requires_resign);
    EXPECT_TRUE((*versions)[1].requires_resign);
    EXPECT_EQ((*versions)[1].text, "Two");
    auto sig = InWrite([](Repositories& r) {
        return r.compacts.AddSignature(
            {0, "A0001AA", "MDI", 2, "2026-11-21", "Officer Jones", "off", kNow});
    });
    ASSERT_TRUE(sig.ok()) << sig.error().message;
    auto sigs = InRead(
        [](Repositories& r) { return r.compacts.SignaturesOf("A0001AA", Scope::National()); });
    ASSERT_TRUE(sigs.ok());
    ASSERT_EQ(sigs->size(), 1u);
    EXPECT_EQ((*sigs)[0].version, 2);
    EXPECT_EQ((*sigs)[0].signed_on, "2026-11-21");
    EXPECT_EQ((*sigs)[0].witnessed_by, "Officer Jones");
}

TEST_P(StoreContractTest, TmppRecommendationsBulkAndLatest) {
    AddOrganisation();
    std::vector<domain::StoredRecommendation> recs;
    for (int i = 0; i < 1234; ++i) {
        domain::StoredRecommendation r;
        r.prison_number = Number(i);
        r.establishment = "MDI";
        r.assessed_at = kNow;
        r.assessed_by = "sec";
        r.recommendation.rules_version = "default-1";
        r.recommendation.score = i % 100;
        r.recommendation.band = i % 3 == 0 ? domain::RiskBand::kRed : domain::RiskBand::kGreen;
        if (i % 3 == 0)
            r.recommendation.fired = {{"xel", 0, true, "alert XEL"},
                                      {"finds", 80, false, "n = 3\t(cap)\\\n"}};
        recs.push_back(std::move(r));
    }
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.AddRecommendations(recs); }).ok());
    recs.resize(1);
    recs[0].assessed_at = kNow + 1h;
    recs[0].recommendation.score = 5;
    recs[0].recommendation.band = domain::RiskBand::kAmber;
    recs[0].recommendation.fired.clear();
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.AddRecommendations(recs); }).ok());
    auto latest = InRead(
        [](Repositories& r) { return r.risk.LatestRecommendation(Number(0), Scope::National()); });
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    ASSERT_TRUE(latest->has_value());
    EXPECT_EQ((*latest)->recommendation.band, domain::RiskBand::kAmber);
    EXPECT_EQ((*latest)->assessed_at, kNow + 1h);
    EXPECT_TRUE((*latest)->recommendation.fired.empty());
    auto red = InRead([](Repositories& r) {
        return r.risk.LatestRecommendation(Number(1233), Scope::National());
    });
    ASSERT_TRUE(red.ok());
    ASSERT_TRUE(red->has_value());
    EXPECT_EQ((*red)->recommendation.score, 33);
    EXPECT_EQ((*red)->recommendation.rules_version, "default-1");
    ASSERT_EQ((*red)->recommendation.fired.size(), 2u);
    EXPECT_TRUE((*red)->recommendation.fired[0].forces_red);
    EXPECT_EQ((*red)->recommendation.fired[1].points, 80);
    EXPECT_EQ((*red)->recommendation.fired[1].evidence, "n = 3\t(cap)\\\n");
    auto nothing = InRead(
        [](Repositories& r) { return r.risk.LatestRecommendation("Z9999ZZ", Scope::National()); });
    ASSERT_TRUE(nothing.ok());
    EXPECT_FALSE(nothing->has_value());
}

TEST_P(StoreContractTest, TmppBulkAssessmentOfAnEstablishment) {
    AddOrganisation();
    std::vector<Prisoner> rows;
    for (int i = 0; i < 20000; ++i) {
        Prisoner p = MakePrisoner(Number(i % 10000, i < 10000 ? 'A' : 'B'), "F", "L");
        if (i % 5 == 0) p.alerts = {"XEL"};
        if (i % 7 == 0) p.phone_finds_12m = 1;
        rows.push_back(std::move(p));
    }
    ASSERT_TRUE(Import("MDI", rows, true).ok());
    FixedClock clock(kNow);
    domain::RiskRulesService rules(*store_, clock);
    domain::AccessService service(*store_, clock, rules);
    const auto t0 = std::chrono::steady_clock::now();
    auto summary = service.AssessEstablishment(domain::Actor::System(), "MDI");
    const auto t1 = std::chrono::steady_clock::now();
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary->assessed, 20000);
    EXPECT_EQ(summary->green + summary->amber + summary->red, 20000);
    EXPECT_EQ(summary->red, 4000);
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    std::int64_t stored = 0;
    ASSERT_TRUE(
        QueryOne(*raw, "SELECT COUNT(*) FROM tmpp_recommendations", {}, [&](const SqlRow& row) {
            stored = row.Int(0);
        }).ok());
    EXPECT_EQ(stored, 20000);
    std::cerr << "[          ] 20,000-prisoner assessment: "
              << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms\n";
}

// A0001AA's AMBER decision at MDI, an override with no recommendation, decided at kNow.
domain::RiskDecision AmberOverride() {
    domain::RiskDecision d;
    d.prison_number = "A0001AA";
    d.establishment = "MDI";
    d.band = domain::RiskBand::kAmber;
    d.is_override = true;
    d.reason = "intel";
    d.decided_by = "sec";
    d.decided_at = kNow;
    d.expires_at = kNow + std::chrono::days{90};
    d.inputs = "SENTENCED|C||0|0|0";
    return d;
}

TEST_P(StoreContractTest, TmppDecisions) {
    AddOrganisation();
    domain::RiskDecision d = AmberOverride();
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.PutDecision(d); }).ok());
    auto got =
        InRead([](Repositories& r) { return r.risk.GetDecision("A0001AA", Scope::National()); });
    ASSERT_TRUE(got.ok()) << got.error().message;
    ASSERT_TRUE(got->has_value());
    EXPECT_FALSE((*got)->recommended_band.has_value());
    EXPECT_TRUE((*got)->is_override);
    EXPECT_EQ((*got)->expires_at, kNow + std::chrono::days{90});
    EXPECT_EQ((*got)->inputs, d.inputs);
    d.recommended_band = domain::RiskBand::kGreen;
    d.needs_review = true;
    d.review_reason = "changed";
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.PutDecision(d); }).ok());
    auto at = InRead([](Repositories& r) { return r.risk.DecisionsAt("MDI", Scope::National()); });
    ASSERT_TRUE(at.ok());
    ASSERT_EQ(at->size(), 1u);
    EXPECT_EQ((*at)[0].recommended_band, domain::RiskBand::kGreen);
    EXPECT_TRUE((*at)[0].needs_review);
    EXPECT_EQ((*at)[0].review_reason, "changed");
    auto none =
        InRead([](Repositories& r) { return r.risk.GetDecision("A0002AA", Scope::National()); });
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
}

// The import, the expiry job and a tampering incident mark a decision for review as they read
// it, never writing back over a decision Security recorded meanwhile (PostgreSQL runs writers at
// READ COMMITTED, so that decision can commit between their read and their write).
TEST_P(StoreContractTest, MarkingADecisionForReviewKeepsOneRecordedMeanwhile) {
    AddOrganisation();
    domain::RiskDecision d = AmberOverride();
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.PutDecision(d); }).ok());
    const auto get = [&] {
        auto got = InRead(
            [](Repositories& r) { return r.risk.GetDecision("A0001AA", Scope::National()); });
        EXPECT_TRUE(got.ok() && got->has_value());
        return got.ok() && got->has_value() ? **got : domain::RiskDecision{};
    };
    const domain::RiskDecision read = get();
    const auto mark = [&](const domain::RiskDecision& as_read, const std::string& reason) {
        auto marked =
            InWrite([&](Repositories& r) { return r.risk.MarkDecisionForReview(as_read, reason); });
        EXPECT_TRUE(marked.ok()) << marked.error().message;
        return marked.ok() && *marked;
    };

    // Security's decision of `band` by `by`, `hours` after kNow.
    const auto decided = [&](domain::RiskBand band, const std::string& by, int hours) {
        domain::RiskDecision out = d;
        out.band = band;
        out.decided_by = by;
        out.decided_at = kNow + std::chrono::hours{hours};
        out.expires_at = out.decided_at + std::chrono::days{90};
        return out;
    };

    // Security decides again after the read: the new decision stands, unmarked.
    const domain::RiskDecision again = decided(domain::RiskBand::kGreen, "sec2", 1);
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.PutDecision(again); }).ok());
    EXPECT_FALSE(mark(read, "the decision expired"));
    domain::RiskDecision now = get();
    EXPECT_EQ(now.band, domain::RiskBand::kGreen);
    EXPECT_EQ(now.decided_by, "sec2");
    EXPECT_FALSE(now.needs_review);
    EXPECT_EQ(now.review_reason, "");

    // The same decision with other inputs (a decision from facts read before an import).
    domain::RiskDecision other_inputs = now;
    other_inputs.inputs = "REMAND|C||0|0|0";
    EXPECT_FALSE(mark(other_inputs, "a later import changed a risk input"));

    // As read: marked, with its reason and nothing else changed; then not again.
    EXPECT_TRUE(mark(now, "a later import changed a risk input"));
    domain::RiskDecision marked = get();
    EXPECT_TRUE(marked.needs_review);
    EXPECT_EQ(marked.review_reason, "a later import changed a risk input");
    EXPECT_EQ(marked.band, domain::RiskBand::kGreen);
    EXPECT_EQ(marked.decided_by, "sec2");
    EXPECT_EQ(marked.expires_at, again.expires_at);
    EXPECT_FALSE(mark(now, "the decision expired"));
    EXPECT_EQ(get().review_reason, "a later import changed a risk input");
    domain::RiskDecision elsewhere = now;
    elsewhere.prison_number = "A0002AA";
    EXPECT_FALSE(mark(elsewhere, "the decision expired"));

    if (GetParam() != Dialect::kPostgres) return;  // SQLite has one writer: no interleaving
    // PostgreSQL: the marking transaction reads, Security's decision commits in another
    // transaction, then the mark is refused and the new decision kept.
    const domain::RiskDecision third = decided(domain::RiskBand::kRed, "sec2", 2);
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.PutDecision(third); }).ok());
    std::atomic<bool> has_read{false};
    std::atomic<bool> committed{false};
    std::thread security([&] {
        for (int i = 0; i < 10'000 && !has_read; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const domain::RiskDecision fourth = decided(domain::RiskBand::kAmber, "sec3", 3);
        EXPECT_TRUE(InWrite([&](Repositories& r) { return r.risk.PutDecision(fourth); }).ok());
        committed = true;
    });
    auto result = InWrite([&](Repositories& r) -> Result<bool> {
        WARDEN_ASSIGN_OR_RETURN(auto in_tx, r.risk.GetDecision("A0001AA", Scope::National()));
        if (!in_tx) return Error::NotFound("no decision");
        has_read = true;
        for (int i = 0; i < 10'000 && !committed; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return r.risk.MarkDecisionForReview(*in_tx, "the decision expired");
    });
    security.join();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_FALSE(*result);
    now = get();
    EXPECT_EQ(now.band, domain::RiskBand::kAmber);
    EXPECT_EQ(now.decided_by, "sec3");
    EXPECT_FALSE(now.needs_review);
}

TEST_P(StoreContractTest, TmppPhaseTable) {
    AddOrganisation();
    auto defaults =
        InRead([](Repositories& r) { return r.phases.PhaseTable("MDI", Scope::National()); });
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->size(), domain::DefaultPhaseTable().size());
    auto table = domain::DefaultPhaseTable();
    table[1].bands.push_back(domain::RiskBand::kAmber);
    table.pop_back();
    ASSERT_TRUE(
        InWrite([&](Repositories& r) { return r.phases.PutPhaseTable("MDI", table); }).ok());
    ASSERT_TRUE(
        InWrite([&](Repositories& r) { return r.phases.PutPhaseTable("MDI", table); }).ok());
    auto stored =
        InRead([](Repositories& r) { return r.phases.PhaseTable("MDI", Scope::National()); });
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    ASSERT_EQ(stored->size(), 3u);
    EXPECT_EQ((*stored)[1].bands.size(), 2u);
    EXPECT_EQ((*stored)[2].needs, table[2].needs);
    EXPECT_EQ((*stored)[2].amber_conditions, std::vector<std::string>{"SUPERVISED_USE"});
    EXPECT_TRUE((*stored)[0].needs.empty());
}

TEST_P(StoreContractTest, TmppRiskRules) {
    auto none = InRead([](Repositories& r) { return r.risk.CurrentRiskRules(); });
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_FALSE(none->has_value());
    auto empty = InRead([](Repositories& r) { return r.risk.RiskRulesHistory(); });
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->empty());

    const domain::StoredRiskRules first{"local-1", "version local-1\n# a\ttab\n", "admin", kNow};
    const domain::StoredRiskRules second{"local-0", "version local-0\n", "root",
                                         kNow + std::chrono::seconds(5)};
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.AddRiskRules(first); }).ok());
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.risk.AddRiskRules(second); }).ok());
    auto dup = InWrite([&](Repositories& r) { return r.risk.AddRiskRules(first); });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

    // The newest stored is in force, whatever its version sorts as.
    auto current = InRead([](Repositories& r) { return r.risk.CurrentRiskRules(); });
    ASSERT_TRUE(current.ok()) << current.error().message;
    ASSERT_TRUE(current->has_value());
    EXPECT_EQ((*current)->version, "local-0");
    EXPECT_EQ((*current)->uploaded_by, "root");
    EXPECT_EQ((*current)->uploaded_at, kNow + std::chrono::seconds(5));
    auto history = InRead([](Repositories& r) { return r.risk.RiskRulesHistory(); });
    ASSERT_TRUE(history.ok()) << history.error().message;
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].version, "local-0");
    EXPECT_EQ((*history)[1].version, "local-1");
    EXPECT_EQ((*history)[1].text, first.text);
    EXPECT_EQ((*history)[1].uploaded_at, kNow);
}

TEST_P(StoreContractTest, TmppQueueAtJoinsEverythingInOneRead) {
    AddOrganisation();
    ASSERT_TRUE(Import("MDI",
                       {MakePrisoner("A0001AA", "Ann", "One", "A"),
                        MakePrisoner("A0002AA", "Bob", "Two", "B"),
                        MakePrisoner("A0003AA", "Cat", "Three", "A"),
                        MakePrisoner("A0004AA", "Dan", "Gone", "A")},
                       true)
                    .ok());
    ASSERT_TRUE(Import("LEI", {MakePrisoner("L0001AA", "L", "Leeds", "A")}, true).ok());
    ASSERT_TRUE(
        InWrite([&](Repositories& r) -> Status {
            // A0001AA: needs (one before a withdrawal), two recommendations, a decision
            // and an active grant. A0002AA: a recommendation only. A0003AA: nothing.
            WARDEN_TRY(r.needs.AddNeed(
                {0, "A0001AA", "MDI", domain::NeedKind::kOther, "old", "sec", kNow}));
            WARDEN_ASSIGN_OR_RETURN(
                Id old_need, r.needs.AddNeed({0, "A0001AA", "MDI", domain::NeedKind::kShielding, "",
                                              "sec", kNow}));
            WARDEN_TRY(r.needs.AddNeed(
                {0, "A0001AA", "MDI", domain::NeedKind::kIsolating, "", "sec", kNow}));
            WARDEN_TRY(r.needs.AddNeed(
                {0, "A0001AA", "MDI", domain::NeedKind::kNoSafeFixedPhone, "", "sec", kNow}));
            WARDEN_TRY(r.needs.AddNeed(
                {0, "A0001AA", "MDI", domain::NeedKind::kIsolating, "", "sec", kNow}));
            WARDEN_TRY(r.needs.AddNeed(
                {0, "L0001AA", "LEI", domain::NeedKind::kIsolating, "", "sec", kNow}));
            WARDEN_TRY(r.access.PutAccess(
                {"A0001AA", "MDI", domain::AccessState::kGranted, kNow, old_need}));
            std::vector<domain::StoredRecommendation> recs(3);
            for (auto& rec : recs) {
                rec.prison_number = "A0001AA";
                rec.establishment = "MDI";
                rec.assessed_at = kNow;
                rec.assessed_by = "sec";
                rec.recommendation.rules_version = "old-1";
                rec.recommendation.score = 10;
                rec.recommendation.fired = {{"finds", 10, false, "n = 1"}};
            }
            recs[1].prison_number = "A0002AA";
            recs[1].recommendation.band = domain::RiskBand::kRed;
            recs[2].recommendation.rules_version = "local-2";
            recs[2].recommendation.score = 45;
            recs[2].recommendation.band = domain::RiskBand::kAmber;
            recs[2].assessed_at = kNow + 1h;
            WARDEN_TRY(r.risk.AddRecommendations(recs));
            domain::RiskDecision d;
            d.prison_number = "A0001AA";
            d.establishment = "MDI";
            d.band = domain::RiskBand::kAmber;
            d.recommended_band = domain::RiskBand::kAmber;
            d.decided_by = "sec";
            d.decided_at = kNow;
            d.expires_at = kNow + std::chrono::days{90};
            WARDEN_TRY(r.risk.PutDecision(d));
            domain::Grant g;
            g.prison_number = "A0001AA";
            g.establishment = "MDI";
            g.phase = 2;
            g.band = domain::RiskBand::kAmber;
            g.conditions = {"SUPERVISED_USE"};
            g.review_on = "2027-01-01";
            g.granted_by = "sec";
            g.granted_at = kNow;
            g.active = false;  // an ended grant is not the active one
            g.ended_at = kNow;
            WARDEN_TRY(r.grants.AddGrant(g));
            g.active = true;
            g.ended_at.reset();
            WARDEN_TRY(r.grants.AddGrant(g));
            return Ok();
        }).ok());
    ASSERT_TRUE(Import("MDI",
                       {MakePrisoner("A0001AA", "Ann", "One", "A"),
                        MakePrisoner("A0002AA", "Bob", "Two", "B"),
                        MakePrisoner("A0003AA", "Cat", "Three", "A")},
                       true)
                    .ok());

    auto queue = InRead([](Repositories& r) { return r.access.QueueAt("MDI", Scope::National()); });
    ASSERT_TRUE(queue.ok()) << queue.error().message;
    ASSERT_EQ(queue->size(), 3u);  // not the gone prisoner, nor Leeds
    const auto& one = (*queue)[0];
    EXPECT_EQ(one.prisoner.prison_number, "A0001AA");
    EXPECT_EQ(one.prisoner.first_name, "Ann");
    EXPECT_EQ(one.prisoner.wing, "A");
    EXPECT_EQ(one.state, domain::AccessState::kGranted);
    EXPECT_EQ(one.needs, (std::vector<domain::NeedKind>{domain::NeedKind::kIsolating,
                                                        domain::NeedKind::kNoSafeFixedPhone}));
    ASSERT_TRUE(one.recommendation);
    EXPECT_EQ(one.recommendation->recommendation.rules_version, "local-2");
    EXPECT_EQ(one.recommendation->recommendation.score, 45);
    EXPECT_EQ(one.recommendation->recommendation.band, domain::RiskBand::kAmber);
    EXPECT_EQ(one.recommendation->assessed_at, kNow + 1h);
    EXPECT_TRUE(one.recommendation->recommendation.fired.empty());
    ASSERT_TRUE(one.decision);
    EXPECT_EQ(one.decision->band, domain::RiskBand::kAmber);
    EXPECT_EQ(one.decision->recommended_band, domain::RiskBand::kAmber);
    EXPECT_EQ(one.decision->expires_at, kNow + std::chrono::days{90});
    ASSERT_TRUE(one.grant);
    EXPECT_TRUE(one.grant->active);
    EXPECT_EQ(one.grant->conditions, std::vector<std::string>{"SUPERVISED_USE"});
    EXPECT_FALSE(one.grant->ended_at);

    const auto& two = (*queue)[1];
    EXPECT_EQ(two.prisoner.prison_number, "A0002AA");
    EXPECT_EQ(two.state, domain::AccessState::kNone);
    EXPECT_TRUE(two.needs.empty());
    ASSERT_TRUE(two.recommendation);
    EXPECT_EQ(two.recommendation->recommendation.band, domain::RiskBand::kRed);
    EXPECT_FALSE(two.decision);
    EXPECT_FALSE(two.grant);

    const auto& three = (*queue)[2];
    EXPECT_EQ(three.prisoner.prison_number, "A0003AA");
    EXPECT_FALSE(three.recommendation);
    EXPECT_FALSE(three.decision);
    EXPECT_FALSE(three.grant);

    auto empty = InRead([](Repositories& r) { return r.access.QueueAt("BMI", Scope::National()); });
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_TRUE(empty->empty());
}

// The Security queue's page is filtered, ordered and paged in SQL exactly as domain::QueueMatches
// and domain::QueueBefore say, for every order, direction and filter, on both databases.
TEST_P(StoreContractTest, TmppQueuePageOrdersFiltersAndPagesLikeTheDomain) {
    AddOrganisation();
    const std::vector<std::string> lasts = {"Smith",  "de Souza", "Dawson", "Smith",
                                            "O'Neil", "smith",    "Zed",    "Able"};
    const std::vector<std::string> cells = {"A-1-10", "A-1-9", "B-2-001", "A-1-10"};
    std::vector<Prisoner> rows;
    for (int i = 1; i <= 30; ++i) {
        Prisoner p = MakePrisoner(Number(i), i % 3 == 0 ? "Ann" : "Bob",
                                  lasts[static_cast<size_t>(i) % lasts.size()],
                                  std::string(1, static_cast<char>('A' + i % 3)));
        p.cell = cells[static_cast<size_t>(i) % cells.size()];
        rows.push_back(p);
    }
    // Another establishment's prisoners between MDI's prison numbers, and an MDI prisoner who
    // is gone: the page skips both (SQLite reads the table in prison-number order).
    std::vector<Prisoner> lei;
    for (const char* n : {"A0002AB", "A0005AB", "A0009AB", "A0017AB", "A0029AB"}) {
        lei.push_back(MakePrisoner(n, "Lei", "Smith", "A"));
        lei.back().establishment = "LEI";
    }
    ASSERT_TRUE(Import("LEI", lei, true).ok());
    auto with_gone = rows;
    with_gone.push_back(MakePrisoner("A0010AB", "Gone", "Able", "A"));
    ASSERT_TRUE(Import("MDI", with_gone, true).ok());
    ASSERT_TRUE(Import("MDI", rows, true).ok());
    ASSERT_TRUE(
        InWrite([&](Repositories& r) -> Status {
            std::vector<domain::StoredRecommendation> recs;
            for (int i = 1; i <= 30; ++i) {
                if (i % 4 != 0) {
                    WARDEN_TRY(r.access.PutAccess(
                        {Number(i), "MDI", static_cast<domain::AccessState>(i % 7), kNow, 0}));
                }
                if (i % 5 == 0) continue;  // no recommendation
                auto& rec = recs.emplace_back();
                rec.prison_number = Number(i);
                rec.establishment = "MDI";
                rec.assessed_at = kNow;
                rec.assessed_by = "sec";
                rec.recommendation.rules_version = "v1";
                rec.recommendation.score = (i * 7) % 4 * 10;  // ties
                rec.recommendation.band = static_cast<domain::RiskBand>(i % 3);
            }
            return r.risk.AddRecommendations(recs);
        }).ok());
    auto all = InRead([](Repositories& r) { return r.access.QueueAt("MDI", Scope::National()); });
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->size(), 30u);

    std::vector<domain::QueueQuery> filters(5);
    filters[1].wing = "B";
    filters[2].state = domain::AccessState::kNone;
    filters[3].band = domain::RiskBand::kRed;
    filters[4].state = domain::AccessState::kRequested;
    filters[4].band = domain::RiskBand::kAmber;
    for (const std::string sort : {"number", "name", "wing", "state", "band", "score", "other"}) {
        for (const bool descending : {false, true}) {
            for (domain::QueueQuery query : filters) {
                query.establishment = "MDI";
                query.sort = sort;
                query.descending = descending;
                std::vector<domain::TmppQueueEntry> expected;
                for (const auto& e : *all) {
                    if (domain::QueueMatches(e, query)) expected.push_back(e);
                }
                std::stable_sort(
                    expected.begin(), expected.end(),
                    [&](const auto& a, const auto& b) { return domain::QueueBefore(a, b, query); });
                std::vector<std::string> want;
                for (const auto& e : expected) want.push_back(e.prisoner.prison_number);
                std::vector<std::string> got;
                query.limit = 7;
                for (query.offset = 0; query.offset < 35; query.offset += 7) {
                    auto page = InRead([&](Repositories& r) {
                        return r.access.QueuePage(query, Scope::National());
                    });
                    ASSERT_TRUE(page.ok()) << page.error().message;
                    EXPECT_EQ(page->total, static_cast<int>(want.size()));
                    EXPECT_LE(page->entries.size(), 7u);
                    for (const auto& e : page->entries) got.push_back(e.prisoner.prison_number);
                }
                EXPECT_EQ(got, want)
                    << "sort=" << sort << " descending=" << descending << " wing=" << query.wing;
            }
        }
    }
    domain::QueueQuery outside;
    outside.establishment = "MDI";
    auto none =
        InRead([&](Repositories& r) { return r.access.QueuePage(outside, Scope::Of({"LEI"})); });
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->total, 0);
    EXPECT_TRUE(none->entries.empty());
}

// Runs every statement on the connection it wraps, and keeps each with its parameters.
class RecordingConnection final : public SqlConnection {
  public:
    explicit RecordingConnection(SqlConnection& c) : c_(c) {}
    Dialect dialect() const override { return c_.dialect(); }
    Status Query(const std::string& sql, const SqlParams& params,
                 const RowHandler& on_row) override {
        statements.emplace_back(sql, params);
        return c_.Query(sql, params, on_row);
    }
    Result<std::int64_t> Exec(const std::string& sql, const SqlParams& params) override {
        statements.emplace_back(sql, params);
        return c_.Exec(sql, params);
    }
    Status ExecScript(const std::string& sql) override { return c_.ExecScript(sql); }
    Status CopyIn(const std::string& copy_sql, const std::string& data) override {
        return c_.CopyIn(copy_sql, data);
    }
    bool Healthy() const override { return c_.Healthy(); }
    std::vector<std::pair<std::string, SqlParams>> statements;

  private:
    SqlConnection& c_;
};

// The Security queue and the wing list's "withdrawn since" read an establishment's TMPP rows by
// prisoner. When TMPP starts at an establishment, the statistics of the TMPP tables hold other
// establishments' rows only, and PostgreSQL expects none of this one's: each read must still
// find a prisoner's row by its key, never by reading all of the establishment's rows for each
// prisoner (10,000 prisoners: 11 s for the queue). Counted, not timed: EXPLAIN ANALYZE reports
// the rows that scans and joins read and threw away.
TEST_P(StoreContractTest, TmppReadsProbeByKeyWhenStatisticsSawAnotherEstablishmentOnly) {
    if (GetParam() != Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL's plans";
    AddOrganisation();
    constexpr int kPrisoners = 1500;
    const auto start_tmpp = [&](const std::string& est, char letter) {
        std::vector<Prisoner> rows;
        for (int i = 0; i < kPrisoners; ++i) {
            rows.push_back(MakePrisoner(Number(i, letter), "F", "L" + std::to_string(i % 50)));
            rows.back().establishment = est;
        }
        ASSERT_TRUE(Import(est, rows, true).ok());
        ASSERT_TRUE(
            InWrite([&](Repositories& r) -> Status {
                domain::WingList list;
                list.establishment = est;
                list.wing = "A";
                list.version = 1;
                list.published_by = "sec";
                list.published_at = kNow;
                for (int i = 0; i < kPrisoners; ++i) {
                    const std::string number = Number(i, letter);
                    WARDEN_TRY(
                        r.access.PutAccess({number, est, domain::AccessState::kGranted, kNow, 0}));
                    domain::Grant g;
                    g.prison_number = number;
                    g.establishment = est;
                    g.phase = 2;
                    g.band = domain::RiskBand::kGreen;
                    g.review_on = "2027-01-01";
                    g.granted_by = "sec";
                    g.granted_at = kNow;
                    WARDEN_ASSIGN_OR_RETURN(g.id, r.grants.AddGrant(g));
                    list.entries.push_back(
                        {number, "F", "L", "A-1-001", domain::RiskBand::kGreen, {}, "2027-01-01"});
                    if (i % 3 == 0) {
                        g.active = false;
                        g.ended_at = kNow + 2h;
                        g.ended_by = "sec";
                        g.withdrawn = true;
                        g.end_reason = "misuse";
                        WARDEN_TRY(r.grants.UpdateGrant(g));
                    }
                }
                WARDEN_TRY(r.wing_lists.AddWingList(list));
                std::vector<domain::StoredRecommendation> recs(kPrisoners);
                for (int i = 0; i < kPrisoners; ++i) {
                    auto& rec = recs[static_cast<size_t>(i)];
                    rec.prison_number = Number(i, letter);
                    rec.establishment = est;
                    rec.assessed_at = kNow;
                    rec.assessed_by = "sec";
                    rec.recommendation.rules_version = "v1";
                    rec.recommendation.score = i % 40;
                    rec.recommendation.band = static_cast<domain::RiskBand>(i % 3);
                }
                return r.risk.AddRecommendations(recs);
            }).ok());
    };
    ASSERT_NO_FATAL_FAILURE(start_tmpp("LEI", 'L'));
    auto raw = db_->Raw();
    ASSERT_NE(raw, nullptr);
    // This schema's tables only (other tests run beside this one in the same database).
    ASSERT_TRUE(raw->ExecScript("ANALYZE prisoners, tmpp_access, tmpp_decisions, tmpp_grants, "
                                "tmpp_recommendations, tmpp_needs, tmpp_wing_lists, "
                                "tmpp_wing_list_entries")
                    .ok());
    ASSERT_NO_FATAL_FAILURE(start_tmpp("MDI", 'M'));

    RecordingConnection recording(*raw);
    SqlAccess access(recording);
    SqlGrants grants(recording);
    auto queue = access.QueueAt("MDI", Scope::National());
    ASSERT_TRUE(queue.ok()) << queue.error().message;
    EXPECT_EQ(queue->size(), static_cast<size_t>(kPrisoners));
    domain::QueueQuery query;
    query.establishment = "MDI";
    query.state = domain::AccessState::kGranted;
    query.sort = "state";
    auto page = access.QueuePage(query, Scope::Of({"MDI"}));
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_EQ(page->total, kPrisoners);
    domain::QueueQuery by_band;
    by_band.establishment = "MDI";
    by_band.sort = "band";
    auto banded = access.QueuePage(by_band, Scope::Of({"MDI"}));
    ASSERT_TRUE(banded.ok()) << banded.error().message;
    EXPECT_EQ(banded->total, kPrisoners);
    auto ended = grants.EndedSince("MDI", "A", kNow + 1h, Scope::Of({"MDI"}));
    ASSERT_TRUE(ended.ok()) << ended.error().message;
    EXPECT_EQ(ended->size(), static_cast<size_t>(kPrisoners / 3));

    ASSERT_GE(recording.statements.size(), 6u);
    for (const auto& [sql, params] : recording.statements) {
        std::string plan;
        EXPECT_LT(RowsThrownAway(*raw, sql, params, plan), 2 * kPrisoners) << sql << "\n" << plan;
    }
}

TEST_P(StoreContractTest, TmppGrantsAndWingLists) {
    AddOrganisation();
    ASSERT_TRUE(
        Import("MDI",
               {MakePrisoner("A0001AA", "A", "A", "A"), MakePrisoner("A0002AA", "B", "B", "B")},
               true)
            .ok());
    domain::Grant g;
    g.prison_number = "A0001AA";
    g.establishment = "MDI";
    g.phase = 2;
    g.band = domain::RiskBand::kAmber;
    g.conditions = {"SUPERVISED_USE", "EVENINGS"};
    g.review_on = "2027-01-01";
    g.granted_by = "sec";
    g.granted_at = kNow;
    auto id = InWrite([&](Repositories& r) { return r.grants.AddGrant(g); });
    ASSERT_TRUE(id.ok()) << id.error().message;
    auto second = InWrite([&](Repositories& r) { return r.grants.AddGrant(g); });
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
    g.prison_number = "A0002AA";
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.grants.AddGrant(g); }).ok());
    auto active =
        InRead([](Repositories& r) { return r.grants.ActiveGrant("A0001AA", Scope::National()); });
    ASSERT_TRUE(active.ok()) << active.error().message;
    ASSERT_TRUE(active->has_value());
    EXPECT_EQ((*active)->id, *id);
    EXPECT_EQ((*active)->conditions, (std::vector<std::string>{"SUPERVISED_USE", "EVENINGS"}));
    EXPECT_FALSE((*active)->ended_at.has_value());
    auto at =
        InRead([](Repositories& r) { return r.grants.ActiveGrantsAt("MDI", Scope::National()); });
    ASSERT_TRUE(at.ok());
    EXPECT_EQ(at->size(), 2u);

    domain::Grant ended = **active;
    ended.active = false;
    ended.ended_at = kNow + 2h;
    ended.ended_by = "sec";
    ended.withdrawn = true;
    ended.end_reason = "misuse";
    ended.incident_ref = "IR-1";
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.grants.UpdateGrant(ended); }).ok());
    ended.id = 9999;
    EXPECT_EQ(InWrite([&](Repositories& r) { return r.grants.UpdateGrant(ended); }).error().code,
              ErrorCode::kNotFound);
    auto after =
        InRead([](Repositories& r) { return r.grants.ActiveGrant("A0001AA", Scope::National()); });
    ASSERT_TRUE(after.ok());
    EXPECT_FALSE(after->has_value());
    // EndedSince finds the grants of prisoners on a published list of the wing (wherever they
    // are now): none before A0001AA is on a list of wing A.
    EXPECT_TRUE(InRead([](Repositories& r) {
                    return r.grants.EndedSince("MDI", "A", kNow + 1h, Scope::National());
                })->empty());

    domain::WingList list;
    list.establishment = "MDI";
    list.wing = "A";
    list.version = 1;
    list.published_by = "sec";
    list.published_at = kNow;
    list.entries = {{"A0001AA",
                     "A",
                     "A",
                     "A-1-001",
                     domain::RiskBand::kAmber,
                     {"SUPERVISED_USE"},
                     "2027-01-01"}};
    list.added = {"A0001AA"};
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.wing_lists.AddWingList(list); }).ok());
    EXPECT_EQ(InWrite([&](Repositories& r) { return r.wing_lists.AddWingList(list); }).error().code,
              ErrorCode::kConflict);
    auto since = InRead([](Repositories& r) {
        return r.grants.EndedSince("MDI", "A", kNow + 1h, Scope::National());
    });
    ASSERT_TRUE(since.ok()) << since.error().message;
    ASSERT_EQ(since->size(), 1u);
    EXPECT_EQ((*since)[0].incident_ref, "IR-1");
    EXPECT_EQ((*since)[0].ended_at, kNow + 2h);
    EXPECT_TRUE((*since)[0].withdrawn);
    EXPECT_TRUE(InRead([](Repositories& r) {
                    return r.grants.EndedSince("MDI", "A", kNow + 3h, Scope::National());
                })->empty());
    EXPECT_TRUE(InRead([](Repositories& r) {
                    return r.grants.EndedSince("MDI", "B", kNow, Scope::National());
                })->empty());
    list.version = 2;
    list.published_at = kNow + 3h;
    list.entries.clear();
    list.added.clear();
    list.removed = {"A0001AA"};
    ASSERT_TRUE(InWrite([&](Repositories& r) { return r.wing_lists.AddWingList(list); }).ok());
    auto latest = InRead(
        [](Repositories& r) { return r.wing_lists.LatestWingList("MDI", "A", Scope::National()); });
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    ASSERT_TRUE(latest->has_value());
    EXPECT_EQ((*latest)->version, 2);
    EXPECT_TRUE((*latest)->entries.empty());
    EXPECT_EQ((*latest)->removed, std::vector<std::string>{"A0001AA"});
    EXPECT_EQ((*latest)->published_at, kNow + 3h);
    auto none = InRead(
        [](Repositories& r) { return r.wing_lists.LatestWingList("MDI", "B", Scope::National()); });
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
