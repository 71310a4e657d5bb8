#include "storage/transaction.hpp"

#include <algorithm>
#include <vector>

#include "storage/sql_repositories.hpp"

namespace warden::storage {

namespace {

thread_local std::vector<const void*> t_writing;

}  // namespace

NestedWriteGuard::NestedWriteGuard(const void* store) : store_(store) {
    t_writing.push_back(store);
}

NestedWriteGuard::~NestedWriteGuard() {
    auto it = std::find(t_writing.rbegin(), t_writing.rend(), store_);
    if (it != t_writing.rend()) t_writing.erase(std::next(it).base());
}

Status NestedWriteGuard::Check(const void* store) {
    if (std::find(t_writing.begin(), t_writing.end(), store) != t_writing.end()) {
        return Error::Internal("Store::Write called inside a Write of the same store");
    }
    return Ok();
}

Status RunTransaction(SqlConnection& c, const std::string& begin, const StoreWork& work,
                      const domain::AuditSeal& seal) {
    WARDEN_TRY(c.ExecScript(begin));
    Status status = Ok();
    try {
        SqlRepositories repos(c, seal);
        status = work(repos.repos());
    } catch (...) {
        (void)c.ExecScript("ROLLBACK");
        throw;
    }
    if (!status.ok()) {
        (void)c.ExecScript("ROLLBACK");
        return status;
    }
    Status committed = c.ExecScript("COMMIT");
    if (!committed.ok()) {
        (void)c.ExecScript("ROLLBACK");
        return Error{committed.error().code == ErrorCode::kInternal ? ErrorCode::kUnavailable
                                                                    : committed.error().code,
                     "the transaction could not be committed: " + committed.error().message,
                     {}};
    }
    return Ok();
}

}  // namespace warden::storage
