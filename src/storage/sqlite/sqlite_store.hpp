#pragma once
// The SQLite Store: one writer connection (writes serialised on it and grouped: concurrent writes
// share one transaction and one sync, each in its own SAVEPOINT) and a pool of read-only
// connections, each read in a deferred transaction (a consistent snapshot).

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/transaction.hpp"

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
    Status ReadOneStatement(const std::function<Status(domain::Repositories&)>& work) override;
    Status Ping() override;
    std::string Backend() const override { return "sqlite"; }

  private:
    Result<std::unique_ptr<SqliteConnection>> AcquireReader();
    void ReleaseReader(std::unique_ptr<SqliteConnection> reader);

    /// A write waiting in Write: its work, and the condition its thread sleeps on, so that the
    /// leader of a batch wakes exactly the threads it has news for.
    struct Waiter {
        GroupedWork work;
        std::condition_variable wake;
    };

    const std::string path_;
    const std::shared_ptr<const domain::AuditSeal> seal_;
    std::mutex queue_mutex_;  // guards queued_, leading_ and every waiter's work.done
    std::deque<Waiter*> queued_;
    bool leading_ = false;  // a batch is running on writer_
    std::unique_ptr<SqliteConnection> writer_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
};

}  // namespace warden::storage
