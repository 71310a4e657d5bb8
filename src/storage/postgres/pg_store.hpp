#pragma once
// The PostgreSQL Store: a bounded pool of connections; writes in READ COMMITTED transactions,
// reads in REPEATABLE READ READ ONLY ones (a consistent snapshot).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace warden::storage {

/// A Store on one PostgreSQL database.
class PgStore final : public domain::Store {
  public:
    /// Keeps `first` (already open) in the pool; opens more on demand, up to `max_connections`.
    PgStore(std::string url, std::unique_ptr<PgConnection> first, int max_connections,
            std::shared_ptr<const domain::AuditSeal> seal);
    ~PgStore() override;

    Status Write(const std::function<Status(domain::Repositories&)>& work) override;
    Status Read(const std::function<Status(domain::Repositories&)>& work) override;
    Status ReadOneStatement(const std::function<Status(domain::Repositories&)>& work) override;
    Status Ping() override;
    std::string Backend() const override { return "postgresql"; }

  private:
    Result<std::unique_ptr<PgConnection>> Acquire();
    void Release(std::unique_ptr<PgConnection> conn);
    /// Runs `use` on a pooled connection, and gives it back however `use` ends.
    Status OnConnection(const std::function<Status(PgConnection&)>& use);
    Status Run(const std::string& begin, const std::function<Status(domain::Repositories&)>& work);

    const std::string url_;
    const int max_connections_;
    const std::shared_ptr<const domain::AuditSeal> seal_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PgConnection>> idle_;
    int open_ = 0;
};

}  // namespace warden::storage
