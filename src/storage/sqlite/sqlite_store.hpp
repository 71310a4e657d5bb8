#pragma once
// The SQLite Store: one writer connection (writes serialised by a mutex and BEGIN IMMEDIATE) and
// a pool of read-only connections, each read in a deferred transaction (a consistent snapshot).

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace warden::storage {

/// A Store on one SQLite database file.
class SqliteStore final : public domain::Store {
  public:
    /// Takes the open writer connection of `path` (migrated already).
    SqliteStore(std::string path, std::unique_ptr<SqliteConnection> writer,
                std::shared_ptr<const domain::AuditSeal> seal);
    ~SqliteStore() override;

    Status Write(const std::function<Status(domain::Repositories&)>& work) override;
    Status Read(const std::function<Status(domain::Repositories&)>& work) override;
    Status Ping() override;
    std::string Backend() const override { return "sqlite"; }

  private:
    Result<std::unique_ptr<SqliteConnection>> AcquireReader();
    void ReleaseReader(std::unique_ptr<SqliteConnection> reader);

    const std::string path_;
    const std::shared_ptr<const domain::AuditSeal> seal_;
    std::mutex write_mutex_;
    std::unique_ptr<SqliteConnection> writer_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
};

}  // namespace warden::storage
