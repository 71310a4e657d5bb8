#pragma once
// Runs a Store work function inside one transaction on one connection.

#include <exception>
#include <functional>
#include <span>
#include <string>

#include "domain/ports.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// The work a Store runs.
using StoreWork = std::function<Status(domain::Repositories&)>;

/// Marks, for the current thread, that a Store is inside Write: a nested Write on the same
/// thread would commit on its own (or wait for the outer one forever), so it is refused.
class NestedWriteGuard {
  public:
    explicit NestedWriteGuard(const void* store);
    ~NestedWriteGuard();
    NestedWriteGuard(const NestedWriteGuard&) = delete;
    NestedWriteGuard& operator=(const NestedWriteGuard&) = delete;
    /// kInternal when this thread is already inside a Write of `store`.
    static Status Check(const void* store);

  private:
    const void* store_;
};

/// Runs `begin`, then `work` over the connection's repositories; commits when it returns Ok and
/// rolls back when it fails or throws (the exception is rethrown).
/// The audit log seals its entries with `seal`.
Status RunTransaction(SqlConnection& c, const std::string& begin, const StoreWork& work,
                      const domain::AuditSeal& seal);

/// One caller's work in a group commit, and what became of it.
struct GroupedWork {
    const StoreWork* work = nullptr;
    Status result = Ok();
    std::exception_ptr thrown;  // rethrown on the caller's thread
    bool done = false;          // set by the batch's leader, under the store's queue mutex
};

/// Group commit: runs every work of `batch` in one transaction, each inside its own SAVEPOINT, so
/// that one work's failure (or exception) rolls back that work alone, and then commits once: one
/// sync to disk for the whole batch. When the commit fails, every work of the batch fails with it
/// and nothing of the batch is stored. A batch of one is exactly RunTransaction.
void RunGroupTransaction(SqlConnection& c, const std::string& begin,
                         std::span<GroupedWork* const> batch, const domain::AuditSeal& seal);

}  // namespace warden::storage
