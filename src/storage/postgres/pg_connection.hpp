#pragma once
// An SqlConnection over libpq, with a cache of server-side prepared statements. A transaction's
// BEGIN is held back and sent in one pipeline with the transaction's first statement (one round
// trip instead of two); a transaction that ran no statement sends nothing; the COMMIT of a
// read-only transaction whose statements all succeeded is sent without waiting, and its answer
// read before the connection's next use. A deferred write (ExecDeferred) is sent in a pipeline
// that the next statement or the COMMIT ends: one round trip for the writes and the statement or
// COMMIT after them (ADR 0027, ADR 0029). BeginOneStatement lets one SELECT run on its own, with
// no transaction (Store::ReadOneStatement, ADR 0029).

#include <memory>
#include <string>
#include <unordered_map>

#include "storage/sql.hpp"

struct pg_conn;
struct pg_result;

namespace warden::storage {

/// One PostgreSQL connection (UTF-8 client encoding, notices silenced).
class PgConnection final : public SqlConnection {
  public:
    /// Connects to `url` (a libpq URI); kUnavailable with libpq's reason when it cannot.
    static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
    ~PgConnection() override;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Dialect dialect() const override { return Dialect::kPostgres; }
    Status Query(const std::string& sql, const SqlParams& params,
                 const RowHandler& on_row) override;
    Status QueryPlannedEachTime(const std::string& sql, const SqlParams& params,
                                const RowHandler& on_row) override;
    Result<std::int64_t> Exec(const std::string& sql, const SqlParams& params = {}) override;
    Status ExecDeferred(const std::string& sql, const SqlParams& params) override;
    Status ExecScript(const std::string& sql) override;
    Status CopyIn(const std::string& copy_sql, const std::string& data) override;
    bool Healthy() const override;
    /// Until EndOneStatement, the connection runs one SELECT on its own, outside any transaction
    /// (Store::ReadOneStatement); any other statement, script or COPY fails (kInternal) and runs
    /// nothing. Called outside a transaction.
    void BeginOneStatement();
    void EndOneStatement();
    /// Healthy, and the server sent nothing while the connection sat idle (what it sends then
    /// is its goodbye: a restart, an idle timeout, a terminated backend). No round trip.
    bool Alive();

  private:
    struct Prepared {
        std::string name;
        int params = 0;
    };
    explicit PgConnection(pg_conn* conn) : conn_(conn) {}
    Result<const Prepared*> Prepare(const std::string& sql);
    /// Runs a prepared statement (or, `each_time`, an unnamed one planned for its values); the
    /// caller owns the result (never null on success).
    Result<pg_result*> Run(const std::string& sql, const SqlParams& params, bool each_time = false);
    /// Checks a statement's parameters against its prepared form and lays them out for libpq.
    struct Values;
    static Status Bind(const Prepared& p, const SqlParams& params, Values& out);
    /// Runs `p` (or, when null, `sql` unnamed) after the held-back BEGIN, in one pipeline.
    Result<pg_result*> RunAfterBegin(const Prepared* p, const std::string& sql,
                                     const std::vector<const char*>& values);
    /// Runs `p` (or, when null, `sql` unnamed) after the deferred writes, in their pipeline: one
    /// round trip for them and it. The first failure among them is the error.
    Result<pg_result*> RunInPipeline(const Prepared* p, const std::string& sql,
                                     const std::vector<const char*>& values);
    /// Sends the held-back BEGIN on its own (before a script or a COPY).
    Status SendBegin();
    /// Sends a read-only transaction's COMMIT without waiting for its answer.
    Status SendCommit();
    /// Reads the answer of a COMMIT sent without waiting, if any.
    Status ReadCommit();
    /// Ends the pipeline of deferred writes, if any: sends it, reads every answer and leaves
    /// pipeline mode; the first failure is the error (the transaction is then aborted). Sets
    /// `last_status`, if given, to the command status of the last answer (e.g. "COMMIT"), and
    /// `last`, if given, to the last command's answer (the caller frees it).
    Status Flush(std::string* last_status = nullptr, pg_result** last = nullptr);
    /// Sends COMMIT in the pipeline of deferred writes and ends it.
    Status CommitPipeline();
    /// Turns a failed result (or none) into an Error, freeing it; the open transaction's
    /// COMMIT then reports the error (it is awaited, and answers ROLLBACK).
    Error ResultError(pg_result* res, std::string_view what);

    pg_conn* conn_ = nullptr;
    std::unordered_map<std::string, Prepared> cache_;
    int next_statement_ = 0;
    std::string pending_begin_;           // a BEGIN not sent yet
    bool read_only_ = false;              // the open transaction is READ ONLY
    bool failed_in_transaction_ = false;  // a statement of the open transaction failed
    bool commit_unread_ = false;          // a COMMIT was sent and its answer not read
    int deferred_ = 0;                    // commands sent in the open pipeline, answers unread
    bool broken_ = false;                 // left in pipeline mode: never reused
    enum class OneStatement { kOff, kArmed, kSpent };
    OneStatement one_statement_ = OneStatement::kOff;  // BeginOneStatement's state
    /// kInternal when BeginOneStatement limits the connection and `sql` may not run now; a
    /// non-empty `kind` ("a script", "a COPY", "a deferred write") is never the one SELECT and
    /// names what was refused.
    Status CheckOneStatement(const std::string& sql, std::string_view kind = {});
};

}  // namespace warden::storage
