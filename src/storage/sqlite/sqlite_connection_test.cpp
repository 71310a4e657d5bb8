// SqliteConnection: opening a connection turns SQLite's memory statistics off (ADR 0022), so an
// allocation in one reader takes no lock that the other readers wait on; the writer's page cache,
// which no commit empties, is bounded at 8 MB; every connection has warden_listed, the scope
// condition's function, which matches whole items only.

#include "storage/sqlite/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "storage/contract_test_support.hpp"

namespace warden::storage {
namespace {

// A directory of its own for each test's database, removed after the test's connections close.
class SqliteConnectionTest : public ::testing::Test {
  protected:
    SqliteConnectionTest() { std::filesystem::create_directories(dir_); }
    ~SqliteConnectionTest() override { std::filesystem::remove_all(dir_); }
    std::string Db() const { return (dir_ / "warden.db").string(); }

  private:
    std::filesystem::path dir_ =
        std::filesystem::temp_directory_path() / testing::UniqueName("warden-sqlite-conn-test-");
};

TEST_F(SqliteConnectionTest, OpeningTurnsTheProcessWideMemoryStatisticsOff) {
    auto conn = SqliteConnection::Open(Db(), SqliteMode::kWriter);
    ASSERT_TRUE(conn.ok()) << conn.error().message;
    ASSERT_TRUE((*conn)
                    ->ExecScript("CREATE TABLE t (x TEXT); INSERT INTO t VALUES "
                                 "(printf('%.*c', 100000, 'x'));")
                    .ok());
    std::string x;
    ASSERT_TRUE((*conn)
                    ->Query("SELECT x FROM t", {},
                            [&](const SqlRow& row) -> Status {
                                x = row.String(0);
                                return Ok();
                            })
                    .ok());
    EXPECT_EQ(x.size(), 100000u);
    // With the statistics on, SQLite counts every byte it holds (well over 100 KB here).
    sqlite3_int64 used = -1;
    sqlite3_int64 highwater = -1;
    ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highwater, 0), SQLITE_OK);
    EXPECT_EQ(used, 0);
    EXPECT_EQ(highwater, 0);
}

TEST_F(SqliteConnectionTest, TheWriterKeepsAnEightMegabytePageCacheAndReadersSixteen) {
    const auto cache_size = [](SqliteConnection& c) {
        std::int64_t n = 0;
        EXPECT_TRUE(c.Query("PRAGMA cache_size", {}, [&](const SqlRow& row) -> Status {
                         n = row.Int(0);
                         return Ok();
                     }).ok());
        return n;
    };
    auto writer = SqliteConnection::Open(Db(), SqliteMode::kWriter);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    auto reader = SqliteConnection::Open(Db(), SqliteMode::kReader);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ(cache_size(**writer), -8192);  // negative: KiB, not pages
    EXPECT_EQ(cache_size(**reader), -16384);
}

TEST(SqliteListTest, AnItemMatchesOnlyAWholeEqualValue) {
    const std::string two = SqliteList({"MDI", "LEI"});
    EXPECT_EQ(two, "\x1fMDI\x1fLEI");
    EXPECT_TRUE(SqliteListHas(two, "MDI"));
    EXPECT_TRUE(SqliteListHas(two, "LEI"));
    for (const char* other : {"", "MD", "MDIX", "DI", "LE", "MDI\x1fLEI", "\x1fMDI", "mdi"}) {
        EXPECT_FALSE(SqliteListHas(two, other)) << other;
    }
    // The empty list holds nothing, not even the empty text; a list of one empty item holds it.
    EXPECT_EQ(SqliteList({}), "");
    EXPECT_FALSE(SqliteListHas(SqliteList({}), ""));
    EXPECT_TRUE(SqliteListHas(SqliteList({""}), ""));
    EXPECT_FALSE(SqliteListHas(SqliteList({""}), "MDI"));
    // Control bytes never reach the list, so no item can split in two.
    EXPECT_EQ(SqliteList({"M\x1f"
                          "DI"}),
              "\x1fMDI");
    EXPECT_FALSE(SqliteListHas(SqliteList({"M\x1f"
                                           "DI"}),
                               "M"));
}

TEST_F(SqliteConnectionTest, EveryConnectionHasTheScopeFunction) {
    auto writer = SqliteConnection::Open(Db(), SqliteMode::kWriter);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    ASSERT_TRUE((*writer)
                    ->ExecScript("CREATE TABLE t (code TEXT); INSERT INTO t VALUES ('MDI'), "
                                 "('LEI'), ('MD'), (''), (NULL);")
                    .ok());
    auto reader = SqliteConnection::Open(Db(), SqliteMode::kReader);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    for (SqliteConnection* c : {writer->get(), reader->get()}) {
        const auto listed = [&](const std::vector<std::string>& items) {
            std::vector<std::string> out;
            EXPECT_TRUE(c->Query("SELECT code FROM t WHERE warden_listed($1, code) ORDER BY code",
                                 {SqliteList(items)},
                                 [&](const SqlRow& row) -> Status {
                                     out.push_back(row.String(0));
                                     return Ok();
                                 })
                            .ok());
            return out;
        };
        EXPECT_EQ(listed({"MDI", "LEI"}), (std::vector<std::string>{"LEI", "MDI"}));
        EXPECT_EQ(listed({"MD"}), (std::vector<std::string>{"MD"}));
        EXPECT_TRUE(listed({}).empty());  // neither '' nor NULL
        EXPECT_EQ(listed({""}), (std::vector<std::string>{""}));
    }
}

TEST_F(SqliteConnectionTest, RollbackIfOpenEndsAnOpenTransactionAndIsANoOpWithoutOne) {
    auto writer = SqliteConnection::Open(Db(), SqliteMode::kWriter);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    SqliteConnection& c = **writer;
    ASSERT_TRUE(c.ExecScript("CREATE TABLE kept (x INTEGER)").ok());
    c.RollbackIfOpen();  // no transaction: nothing happens
    ASSERT_TRUE(c.ExecScript("BEGIN IMMEDIATE; INSERT INTO kept VALUES (1);"
                             "CREATE TABLE undone (x INTEGER)")
                    .ok());
    c.RollbackIfOpen();
    // The transaction is gone: a new one begins, and nothing of the old one was kept.
    EXPECT_TRUE(c.ExecScript("BEGIN IMMEDIATE; COMMIT").ok());
    std::int64_t rows = -1;
    std::int64_t tables = -1;
    ASSERT_TRUE(c.Query("SELECT (SELECT count(*) FROM kept), (SELECT count(*) FROM "
                        "sqlite_schema WHERE name = 'undone')",
                        {},
                        [&](const SqlRow& row) -> Status {
                            rows = row.Int(0);
                            tables = row.Int(1);
                            return Ok();
                        })
                    .ok());
    EXPECT_EQ(rows, 0);
    EXPECT_EQ(tables, 0);
}

}  // namespace
}  // namespace warden::storage
