#pragma once
// An SqlConnection over the SQLite C API, with a cache of prepared statements.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sql.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace warden::storage {

/// How a SQLite connection is used.
enum class SqliteMode { kWriter, kReader };

/// One SQLite connection: WAL, synchronous=FULL, foreign keys on, a busy timeout, and the scope
/// condition's function warden_listed (SqliteList, sql.hpp).
class SqliteConnection final : public SqlConnection {
  public:
    /// Opens (creating when absent) the database file; kUnavailable when it cannot.
    static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, SqliteMode mode);
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Dialect dialect() const override { return Dialect::kSqlite; }
    Status Query(const std::string& sql, const SqlParams& params,
                 const RowHandler& on_row) override;
    Result<std::int64_t> Exec(const std::string& sql, const SqlParams& params = {}) override;
    Status ExecScript(const std::string& sql) override;
    Status CopyIn(const std::string& copy_sql, const std::string& data) override;
    bool Healthy() const override { return db_ != nullptr; }
    /// Rolls back the transaction open on this connection, if any, without allocating: the
    /// group commit's last resort when an exception (only an allocation failure can) leaves one
    /// open, so that the writer's next BEGIN does not fail for ever.
    void RollbackIfOpen() noexcept;

  private:
    /// A prepared statement and, for each of its parameter slots, which `$N` it binds.
    struct Prepared {
        sqlite3_stmt* stmt = nullptr;
        std::vector<int> slots;  // slot i (from 0) binds params[slots[i]]
        Prepared() = default;
        Prepared(const Prepared&) = delete;
        Prepared& operator=(const Prepared&) = delete;
        ~Prepared();
    };
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    Result<Prepared*> Prepare(const std::string& sql);
    Status Bind(Prepared& p, const SqlParams& params);
    Status Run(const std::string& sql, const SqlParams& params, const RowHandler* on_row);
    Error LastError(int rc, std::string_view what) const;

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, std::unique_ptr<Prepared>> cache_;
};

}  // namespace warden::storage
