#include "storage/postgres/pg_store.hpp"

#include <chrono>

#include "storage/sql_repositories.hpp"
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
    while (true) {
        std::unique_ptr<PgConnection> conn;
        {
            std::unique_lock lock(mutex_);
            if (!available_.wait_for(lock, kAcquireTimeout,
                                     [&] { return !idle_.empty() || open_ < max_connections_; })) {
                return Error::Unavailable("all " + std::to_string(max_connections_) +
                                          " PostgreSQL connections are busy");
            }
            if (idle_.empty()) {
                ++open_;  // reserve a slot, then connect without holding the lock
                break;
            }
            conn = std::move(idle_.back());
            idle_.pop_back();
        }
        // A pooled connection the server closed while it was idle (a restart, an idle
        // timeout) is dropped for a fresh one: nothing has been sent on it yet.
        if (conn->Alive()) return conn;
        conn.reset();
        std::lock_guard lock(mutex_);
        --open_;
        available_.notify_one();
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

Status PgStore::OnConnection(const std::function<Status(PgConnection&)>& use) {
    WARDEN_ASSIGN_OR_RETURN(auto conn, Acquire());
    struct ReleaseGuard {
        PgStore& store;
        std::unique_ptr<PgConnection>& conn;
        ~ReleaseGuard() { store.Release(std::move(conn)); }
    } guard{*this, conn};
    return use(*conn);
}

Status PgStore::Run(const std::string& begin,
                    const std::function<Status(domain::Repositories&)>& work) {
    return OnConnection(
        [&](PgConnection& conn) { return RunTransaction(conn, begin, work, *seal_); });
}

Status PgStore::Write(const std::function<Status(domain::Repositories&)>& work) {
    WARDEN_TRY(NestedWriteGuard::Check(this));
    NestedWriteGuard guard(this);
    return Run("BEGIN ISOLATION LEVEL READ COMMITTED", work);
}

Status PgStore::Read(const std::function<Status(domain::Repositories&)>& work) {
    return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
}

Status PgStore::ReadOneStatement(const std::function<Status(domain::Repositories&)>& work) {
    return OnConnection([&](PgConnection& conn) {
        // Ended before the connection goes back to the pool, however `work` ends.
        struct OneStatement {
            PgConnection& conn;
            explicit OneStatement(PgConnection& c) : conn(c) { conn.BeginOneStatement(); }
            ~OneStatement() { conn.EndOneStatement(); }
            OneStatement(const OneStatement&) = delete;
            OneStatement& operator=(const OneStatement&) = delete;
        } one{conn};
        SqlRepositories repos(conn, *seal_);
        return work(repos.repos());
    });
}

Status PgStore::Ping() {
    // A statement, not an empty transaction: the connection holds an empty one back.
    WARDEN_ASSIGN_OR_RETURN(auto conn, Acquire());
    Status status = conn->ExecScript("SELECT 1");
    Release(std::move(conn));
    if (!status.ok()) return Error::Unavailable(status.error().message);
    return Ok();
}

}  // namespace warden::storage
