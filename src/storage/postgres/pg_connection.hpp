#pragma once
// An SqlConnection over libpq, with a cache of server-side prepared statements.

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
    Result<std::int64_t> Exec(const std::string& sql, const SqlParams& params = {}) override;
    Status ExecScript(const std::string& sql) override;
    Status CopyIn(const std::string& copy_sql, const std::string& data) override;
    bool Healthy() const override;

  private:
    struct Prepared {
        std::string name;
        int params = 0;
    };
    explicit PgConnection(pg_conn* conn) : conn_(conn) {}
    Result<const Prepared*> Prepare(const std::string& sql);
    /// Runs a prepared statement; the caller owns the result (never null on success).
    Result<pg_result*> Run(const std::string& sql, const SqlParams& params);
    /// Turns a failed result (or none) into an Error, freeing it.
    Error ResultError(pg_result* res, std::string_view what);

    pg_conn* conn_ = nullptr;
    std::unordered_map<std::string, Prepared> cache_;
    int next_statement_ = 0;
};

}  // namespace warden::storage
