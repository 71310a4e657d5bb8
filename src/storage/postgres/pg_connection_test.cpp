// PgConnection and PgStore against the test PostgreSQL: a transaction's BEGIN goes in one
// pipeline with its first statement (the statement runs inside it, with its isolation level; an
// error aborts it; a script after BEGIN runs inside it too); a read-only COMMIT sent without
// waiting leaves the connection usable, and one after a failed statement is still an error; a
// pooled connection the server closed while idle is replaced before use; a deferred write goes
// with the next statement or the COMMIT, and its failure fails the transaction; a query planned
// each time runs like a prepared one. Skipped without WARDEN_TEST_POSTGRES_URL.

#include "storage/postgres/pg_connection.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_store.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;

/// The first column of the first row of `sql`, or "(error)".
std::string One(PgConnection& c, const std::string& sql) {
    std::string out = "(none)";
    Status s = c.Query(sql, {}, [&](const SqlRow& row) -> Status {
        out = row.String(0);
        return Ok();
    });
    return s.ok() ? out : "(error)";
}

/// Ends the server's side of backend `pid` and waits until the server has let it go.
void Terminate(const std::string& pid) {
    auto admin = PgConnection::Open(testing::PostgresUrl());
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    EXPECT_EQ(One(**admin, "SELECT pg_terminate_backend(" + pid + ")"), "t");
    for (int i = 0; i < 200; ++i) {
        if (One(**admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) == "0") {
            return;
        }
        std::this_thread::sleep_for(10ms);
    }
    FAIL() << "backend " << pid << " still there";
}

class PgConnectionTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (testing::PostgresUrl().empty()) GTEST_SKIP() << "set WARDEN_TEST_POSTGRES_URL";
        auto opened = PgConnection::Open(testing::PostgresUrl());
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        conn_ = std::move(opened).value();
    }

    std::unique_ptr<PgConnection> conn_;
};

TEST_F(PgConnectionTest, TheFirstStatementRunsInsideTheHeldBackBegin) {
    PgConnection& c = *conn_;
    ASSERT_TRUE(c.ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").ok());
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_isolation')"), "repeatable read");
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_read_only')"), "on");
    // Both statements see the transaction's start time: one transaction.
    const std::string started = One(c, "SELECT now()::text");
    std::this_thread::sleep_for(5ms);
    EXPECT_EQ(One(c, "SELECT now()::text"), started);
    // The read-only COMMIT is sent without waiting; the connection is usable, and idle, after.
    ASSERT_TRUE(c.ExecScript("COMMIT").ok());
    std::this_thread::sleep_for(20ms);  // its answer has arrived: Alive reads it first
    EXPECT_TRUE(c.Alive());
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_isolation')"), "read committed");
    EXPECT_NE(One(c, "SELECT now()::text"), started);
    ASSERT_TRUE(c.ExecScript("BEGIN READ ONLY").ok());
    EXPECT_EQ(One(c, "SELECT 2"), "2");
    ASSERT_TRUE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_read_only')"), "off");
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
}

TEST_F(PgConnectionTest, AReadOnlyTransactionWithAFailedStatementCommitsAsAnError) {
    PgConnection& c = *conn_;
    ASSERT_TRUE(c.ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").ok());
    EXPECT_EQ(One(c, "SELECT 1"), "1");
    EXPECT_EQ(One(c, "SELECT 1 / 0"), "(error)");
    EXPECT_FALSE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, "SELECT 1"), "1");
}

TEST_F(PgConnectionTest, AFailingFirstStatementAbortsTheTransaction) {
    PgConnection& c = *conn_;
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    auto failed = c.Exec("SELECT 1 / $1::int", {0});
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("division by zero"), std::string::npos)
        << failed.error().message;
    // The transaction is aborted: the next statement is refused until the rollback.
    EXPECT_EQ(One(c, "SELECT 1"), "(error)");
    EXPECT_FALSE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, "SELECT 1"), "1");
}

TEST_F(PgConnectionTest, AnErrorPreparingTheFirstStatementAbortsTheTransaction) {
    PgConnection& c = *conn_;
    for (const char* then : {"COMMIT", "SELECT 1"}) {
        ASSERT_TRUE(c.ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").ok());
        EXPECT_EQ(One(c, "SELECT no_such_column FROM pg_class"), "(error)");
        if (std::string(then) == "SELECT 1") {
            EXPECT_EQ(One(c, "SELECT 1"), "(error)") << "the transaction goes on after an error";
        }
        EXPECT_FALSE(c.ExecScript("COMMIT").ok()) << then;
        ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    }
    EXPECT_EQ(One(c, "SELECT 1"), "1");
}

TEST_F(PgConnectionTest, AScriptAfterBeginRunsInsideItAndAnEmptyTransactionIsNothing) {
    PgConnection& c = *conn_;
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecScript("CREATE TEMP TABLE held_back (x int)").ok());
    ASSERT_TRUE(c.Exec("INSERT INTO held_back VALUES ($1)", {7}).ok());
    EXPECT_EQ(One(c, "SELECT x FROM held_back"), "7");
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, "SELECT to_regclass('pg_temp.held_back') IS NULL"), "t");

    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_isolation')"), "read committed");
}

TEST_F(PgConnectionTest, AOneStatementReadRefusesAnythingButOneSelectAndSaysWhat) {
    PgConnection& c = *conn_;
    ASSERT_TRUE(c.ExecScript("CREATE TEMP TABLE one_statement (x int)").ok());
    const auto refusal = [&](const std::function<Status()>& run) {
        c.BeginOneStatement();
        Status s = run();
        c.EndOneStatement();
        EXPECT_FALSE(s.ok());
        return s.ok() ? std::string("(ran)") : s.error().message;
    };
    EXPECT_EQ(refusal([&] { return c.ExecScript("SELECT 1"); }),
              "a one-statement read may run only a SELECT, not a script");
    EXPECT_EQ(refusal([&] { return c.CopyIn("COPY one_statement FROM STDIN", "1\n"); }),
              "a one-statement read may run only a SELECT, not a COPY");
    EXPECT_EQ(refusal([&] { return c.ExecDeferred("INSERT INTO one_statement VALUES (1)", {}); }),
              "a one-statement read may run only a SELECT, not a deferred write");
    EXPECT_EQ(refusal([&]() -> Status {
                  WARDEN_TRY(c.Exec("UPDATE one_statement SET x = 2", {}));
                  return Ok();
              }),
              "a one-statement read may run only a SELECT, not UPDATE");
    EXPECT_EQ(refusal([&]() -> Status {
                  EXPECT_EQ(One(c, "SELECT 1"), "1");
                  return c.ExecScript("SELECT 2");
              }),
              "a one-statement read ran a second statement: a script");
    // Nothing was written, and the connection is an ordinary one again.
    EXPECT_EQ(One(c, "SELECT count(*) FROM one_statement"), "0");
}

/// A connection with a temporary table of distinct numbers to write to.
class PgDeferredWriteTest : public PgConnectionTest {
  protected:
    void SetUp() override {
        PgConnectionTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        ASSERT_TRUE(conn_->ExecScript("CREATE TEMP TABLE deferred_rows (x int PRIMARY KEY)").ok());
    }

    const std::string insert = "INSERT INTO deferred_rows VALUES ($1)";
    const std::string count = "SELECT count(*) FROM deferred_rows";
};

TEST_F(PgDeferredWriteTest, ADeferredWriteGoesWithTheNextStatementOrTheCommit) {
    PgConnection& c = *conn_;
    // Outside a transaction it runs at once (and is prepared on the connection).
    ASSERT_TRUE(c.ExecDeferred(insert, {1}).ok());
    EXPECT_EQ(One(c, count), "1");

    // Inside one, the next statement sees it; the rest go with the COMMIT.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {2}).ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {3}).ok());
    EXPECT_EQ(One(c, count), "3");
    ASSERT_TRUE(c.ExecDeferred(insert, {4}).ok());
    ASSERT_TRUE(c.ExecScript("COMMIT").ok());
    EXPECT_EQ(One(c, count), "4");
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_isolation')"), "read committed");

    // A deferred write as the transaction's first statement goes with its held-back BEGIN.
    ASSERT_TRUE(c.ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ").ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {5}).ok());
    EXPECT_EQ(One(c, "SELECT current_setting('transaction_isolation')"), "repeatable read");
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, count), "4");
}

TEST_F(PgDeferredWriteTest, AFailedDeferredWriteFailsTheTransaction) {
    PgConnection& c = *conn_;
    ASSERT_TRUE(c.ExecDeferred(insert, {1}).ok());

    // Its error is the COMMIT's: nothing of the transaction is stored.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.Exec(insert, {2}).ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {1}).ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {3}).ok());
    Status committed = c.ExecScript("COMMIT");
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().code, ErrorCode::kConflict) << committed.error().message;
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, count), "1");

    // Or the next statement's, and the transaction is aborted.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {1}).ok());
    EXPECT_EQ(One(c, "SELECT 1"), "(error)");
    EXPECT_EQ(One(c, "SELECT 1"), "(error)");
    EXPECT_FALSE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, count), "1");
    EXPECT_TRUE(c.Alive());
}

TEST_F(PgDeferredWriteTest, AStatementAfterDeferredWritesGoesInTheirPipeline) {
    PgConnection& c = *conn_;
    EXPECT_EQ(One(c, count), "0");  // prepared on the connection: it can join a pipeline
    const std::string above = "SELECT count(*) FROM deferred_rows WHERE x > $1";
    const auto planned = [&](const SqlParams& params) {
        std::vector<std::string> rows;
        Status s = c.QueryPlannedEachTime(above, params, [&](const SqlRow& row) -> Status {
            rows.push_back(row.String(0));
            return Ok();
        });
        return s.ok() ? rows : std::vector<std::string>{"(error)"};
    };

    // Its answer is its own, and it sees the writes before it; a statement planned each time
    // joins too.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {1}).ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {2}).ok());
    EXPECT_EQ(One(c, count), "2");
    ASSERT_TRUE(c.ExecDeferred(insert, {3}).ok());
    EXPECT_EQ(planned({1}), std::vector<std::string>{"2"});
    // Every row of a longer answer comes.
    ASSERT_TRUE(c.ExecDeferred(insert, {4}).ok());
    std::vector<std::string> xs;
    ASSERT_TRUE(c.Query("SELECT x FROM deferred_rows ORDER BY x", {}, [&](const SqlRow& row) {
                     xs.push_back(row.String(0));
                     return Ok();
                 }).ok());
    EXPECT_EQ(xs, (std::vector<std::string>{"1", "2", "3", "4"}));
    ASSERT_TRUE(c.ExecScript("COMMIT").ok());

    // A failed write before it is its error, and the transaction is aborted.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {5}).ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {1}).ok());
    EXPECT_EQ(planned({0}), std::vector<std::string>{"(error)"});
    EXPECT_FALSE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, count), "4");

    // Its own failure fails it alone, after the writes were sent: the transaction is aborted.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    ASSERT_TRUE(c.ExecDeferred(insert, {6}).ok());
    EXPECT_EQ(planned({}), std::vector<std::string>{"(error)"}) << "$1 was not sent";
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(One(c, count), "4");
    EXPECT_TRUE(c.Alive());
}

TEST_F(PgConnectionTest, AQueryPlannedEachTimeRunsLikeAPreparedOne) {
    PgConnection& c = *conn_;
    const auto planned = [&](const std::string& sql, const SqlParams& params) {
        std::string out = "(none)";
        Status s = c.QueryPlannedEachTime(sql, params, [&](const SqlRow& row) -> Status {
            out = row.String(0);
            return Ok();
        });
        return s.ok() ? out : "(error)";
    };
    // Sent the parameters it names (up to its highest $N), typed by the server.
    EXPECT_EQ(planned("SELECT $2::int + $1 + $10", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), "(error)")
        << "a parameter it does not use has no type";
    EXPECT_EQ(planned("SELECT $2::int + $1", {1, 2, 3}), "3");
    EXPECT_EQ(planned("SELECT 'no parameters'", {7}), "no parameters");
    // Inside the held-back BEGIN as the transaction's first statement, with its isolation level.
    ASSERT_TRUE(c.ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").ok());
    EXPECT_EQ(planned("SELECT current_setting($1)", {"transaction_isolation"}), "repeatable read");
    ASSERT_TRUE(c.ExecScript("COMMIT").ok());
    // An error aborts the transaction, as any statement's.
    ASSERT_TRUE(c.ExecScript("BEGIN").ok());
    EXPECT_EQ(planned("SELECT 1 / $1::int", {0}), "(error)");
    EXPECT_EQ(One(c, "SELECT 1"), "(error)");
    EXPECT_FALSE(c.ExecScript("COMMIT").ok());
    ASSERT_TRUE(c.ExecScript("ROLLBACK").ok());
    EXPECT_EQ(planned("SELECT $1::text", {"again"}), "again");
}

TEST_F(PgConnectionTest, AConnectionTheServerClosedIsNotAlive) {
    EXPECT_TRUE(conn_->Alive());
    Terminate(One(*conn_, "SELECT pg_backend_pid()"));
    if (HasFatalFailure()) return;
    bool alive = true;
    for (int i = 0; i < 200 && alive; ++i) {
        alive = conn_->Alive();
        if (alive) std::this_thread::sleep_for(10ms);
    }
    EXPECT_FALSE(alive);
}

class PgStorePoolTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("pgpool");
        if (IsSkipped() || HasFatalFailure()) return;
    }
};

TEST_P(PgStorePoolTest, APooledConnectionTheServerClosedIsReplaced) {
    auto first = PgConnection::Open(url_);
    ASSERT_TRUE(first.ok()) << first.error().message;
    const std::string pid = One(**first, "SELECT pg_backend_pid()");
    PgStore store(url_, std::move(first).value(), 1, testing::TestSeal());
    Terminate(pid);
    if (HasFatalFailure()) return;

    // The one pooled connection is gone: the read runs on a fresh one.
    size_t users = 99;
    Status read = store.Read([&](domain::Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto list, repos.users.List());
        users = list.size();
        return Ok();
    });
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(users, 0u);
    EXPECT_TRUE(store.Ping().ok());
}

INSTANTIATE_TEST_SUITE_P(Postgres, PgStorePoolTest, ::testing::Values(Dialect::kPostgres));

}  // namespace
}  // namespace warden::storage
