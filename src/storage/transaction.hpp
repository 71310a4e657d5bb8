#pragma once
// Runs a Store work function inside one transaction on one connection.

#include <functional>
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

}  // namespace warden::storage
