#include "storage/postgres/pg_store.hpp"

#include <chrono>

#include "storage/transaction.hpp"

namespace warden::storage {

namespace {

constexpr auto kAcquireTimeout = std::chrono::seconds(30);

}  // namespace

PgStore::PgStore(std::string url, std::unique_ptr<PgConnection> first, int max_connections,
                 std::shared_ptr<const domain::AuditSeal> seal)
    : url_(std::move(url)),
      max_connections_(max_connections < 1 ? 1 : max_connections),
      seal_(std::move(seal)) {
    if (first) {
        idle_.push_back(std::move(first));
        open_ = 1;
    }
}

PgStore::~PgStore() = default;

Result<std::unique_ptr<PgConnection>> PgStore::Acquire() {
    {
        std::unique_lock lock(mutex_);
        if (!available_.wait_for(lock, kAcquireTimeout,
                                 [&] { return !idle_.empty() || open_ < max_connections_; })) {
            return Error::Unavailable("all " + std::to_string(max_connections_) +
                                      " PostgreSQL connections are busy");
        }
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return conn;
        }
        ++open_;  // reserve a slot, then connect without holding the lock
    }
    auto opened = PgConnection::Open(url_);
    if (!opened.ok()) {
        std::lock_guard lock(mutex_);
        --open_;
        available_.notify_one();
    }
    return opened;
}

void PgStore::Release(std::unique_ptr<PgConnection> conn) {
    std::lock_guard lock(mutex_);
    if (conn->Healthy()) {
        idle_.push_back(std::move(conn));
    } else {
        --open_;
        conn.reset();
    }
    available_.notify_one();
}

Status PgStore::Run(const std::string& begin,
                    const std::function<Status(domain::Repositories&)>& work) {
    for (int attempt = 0;; ++attempt) {
        WARDEN_ASSIGN_OR_RETURN(auto conn, Acquire());
        bool started = false;
        Status status = Ok();
        {
            struct ReleaseGuard {
                PgStore& store;
                std::unique_ptr<PgConnection>& conn;
                ~ReleaseGuard() { store.Release(std::move(conn)); }
            } guard{*this, conn};
            status = RunTransaction(
                *conn, begin,
                [&](domain::Repositories& repos) {
                    started = true;
                    return work(repos);
                },
                *seal_);
            // A pooled connection that the server closed (a restart, an idle timeout) fails
            // at BEGIN: try once more on a fresh one, since nothing has run yet.
            if (status.ok() || started || conn->Healthy() || attempt > 0) return status;
        }
    }
}

Status PgStore::Write(const std::function<Status(domain::Repositories&)>& work) {
    WARDEN_TRY(NestedWriteGuard::Check(this));
    NestedWriteGuard guard(this);
    return Run("BEGIN ISOLATION LEVEL READ COMMITTED", work);
}

Status PgStore::Read(const std::function<Status(domain::Repositories&)>& work) {
    return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
}

Status PgStore::Ping() {
    Status status = Run("BEGIN READ ONLY", [](domain::Repositories&) -> Status { return Ok(); });
    if (!status.ok()) return Error::Unavailable(status.error().message);
    return Ok();
}

}  // namespace warden::storage
