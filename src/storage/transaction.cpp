#include "storage/transaction.hpp"

#include <algorithm>
#include <vector>

#include "storage/sql_repositories.hpp"

namespace warden::storage {

namespace {

thread_local std::vector<const void*> t_writing;

// BEGIN, COMMIT and ROLLBACK. On SQLite they go through the connection's cache of prepared
// statements: sqlite3_exec would parse them again for every transaction, and a page runs
// several (issue 9's profile: 8 % of the list page).
Status Control(SqlConnection& c, const std::string& sql) {
    if (c.dialect() != Dialect::kSqlite) return c.ExecScript(sql);
    WARDEN_TRY(c.Exec(sql, {}));
    return Ok();
}

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
    WARDEN_TRY(Control(c, begin));
    Status status = Ok();
    try {
        SqlRepositories repos(c, seal);
        status = work(repos.repos());
    } catch (...) {
        (void)Control(c, "ROLLBACK");
        throw;
    }
    if (!status.ok()) {
        (void)Control(c, "ROLLBACK");
        return status;
    }
    Status committed = Control(c, "COMMIT");
    if (!committed.ok()) {
        (void)Control(c, "ROLLBACK");
        return Error{committed.error().code == ErrorCode::kInternal ? ErrorCode::kUnavailable
                                                                    : committed.error().code,
                     "the transaction could not be committed: " + committed.error().message,
                     {}};
    }
    return Ok();
}

void RunGroupTransaction(SqlConnection& c, const std::string& begin,
                         std::span<GroupedWork* const> batch, const domain::AuditSeal& seal) {
    if (batch.size() == 1) {
        GroupedWork& only = *batch.front();
        try {
            only.result = RunTransaction(c, begin, *only.work, seal);
        } catch (...) {
            only.thrown = std::current_exception();
        }
        return;
    }
    const auto fail_all = [&](const Error& e) {
        for (GroupedWork* w : batch) {
            if (!w->thrown) w->result = e;
        }
    };
    if (Status begun = Control(c, begin); !begun.ok()) return fail_all(begun.error());
    for (GroupedWork* w : batch) {
        if (Status s = Control(c, "SAVEPOINT grouped_work"); !s.ok()) {
            (void)Control(c, "ROLLBACK");
            return fail_all(s.error());
        }
        try {
            SqlRepositories repos(c, seal);
            w->result = (*w->work)(repos.repos());
        } catch (...) {
            w->thrown = std::current_exception();
        }
        const bool keep = w->result.ok() && !w->thrown;
        Status undone = keep ? Ok() : Control(c, "ROLLBACK TO grouped_work");
        Status released = undone.ok() ? Control(c, "RELEASE grouped_work") : undone;
        if (!released.ok()) {
            (void)Control(c, "ROLLBACK");
            return fail_all(released.error());
        }
    }
    Status committed = Control(c, "COMMIT");
    if (!committed.ok()) {
        (void)Control(c, "ROLLBACK");
        const Error e{committed.error().code == ErrorCode::kInternal ? ErrorCode::kUnavailable
                                                                     : committed.error().code,
                      "the transaction could not be committed: " + committed.error().message,
                      {}};
        for (GroupedWork* w : batch) {
            if (w->result.ok() && !w->thrown) w->result = e;
        }
    }
}

}  // namespace warden::storage
