#include "storage/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <exception>

#include "storage/transaction.hpp"

namespace warden::storage {

namespace {

constexpr size_t kMaxIdleReaders = 32;
// The most writes one group commit takes (a bound on how long a batch holds the writer).
constexpr size_t kMaxBatch = 64;

}  // namespace

SqliteStore::SqliteStore(std::string path, std::unique_ptr<SqliteConnection> writer,
                         std::shared_ptr<const domain::AuditSeal> seal)
    : path_(std::move(path)), seal_(std::move(seal)), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() = default;

Status SqliteStore::Write(const std::function<Status(domain::Repositories&)>& work) {
    WARDEN_TRY(NestedWriteGuard::Check(this));
    NestedWriteGuard guard(this);
    // Group commit: the first writer to find no batch running leads; it takes the writes queued
    // so far, from the front and at most kMaxBatch (its own among them unless more were ahead of
    // it; then it leads again), and runs them in one transaction, while later writers queue for
    // the next batch. Under load many writes share one sync to disk; alone, a write is a
    // transaction of its own, as before. Each waiting thread sleeps on its own condition: when a
    // batch ends, its leader wakes the batch's writers and the first writer still queued (to lead
    // the next batch, unless another writer has begun one, which then takes it), not every
    // waiting thread.
    Waiter mine;
    mine.work.work = &work;
    std::unique_lock lock(queue_mutex_);
    queued_.push_back(&mine);
    while (!mine.work.done) {
        if (leading_) {
            mine.wake.wait(lock);
            continue;
        }
        leading_ = true;
        const size_t n = std::min(queued_.size(), kMaxBatch);
        std::vector<Waiter*> waiters(queued_.begin(),
                                     queued_.begin() + static_cast<std::ptrdiff_t>(n));
        queued_.erase(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(n));
        lock.unlock();
        std::vector<GroupedWork*> batch;
        batch.reserve(n);
        for (Waiter* w : waiters) batch.push_back(&w->work);
        RunGroupTransaction(*writer_, "BEGIN IMMEDIATE", batch, *seal_);
        lock.lock();
        leading_ = false;
        // Notified under the lock: a woken waiter returns and its Waiter (on its stack) ends.
        for (Waiter* w : waiters) {
            w->work.done = true;
            if (w != &mine) w->wake.notify_one();
        }
        if (!queued_.empty()) queued_.front()->wake.notify_one();
    }
    lock.unlock();
    if (mine.work.thrown) std::rethrow_exception(mine.work.thrown);
    return mine.work.result;
}

Result<std::unique_ptr<SqliteConnection>> SqliteStore::AcquireReader() {
    {
        std::lock_guard lock(pool_mutex_);
        if (!idle_readers_.empty()) {
            auto reader = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return reader;
        }
    }
    return SqliteConnection::Open(path_, SqliteMode::kReader);
}

void SqliteStore::ReleaseReader(std::unique_ptr<SqliteConnection> reader) {
    std::lock_guard lock(pool_mutex_);
    if (reader->Healthy() && idle_readers_.size() < kMaxIdleReaders) {
        idle_readers_.push_back(std::move(reader));
    }
}

Status SqliteStore::Read(const std::function<Status(domain::Repositories&)>& work) {
    WARDEN_ASSIGN_OR_RETURN(auto reader, AcquireReader());
    struct Release {
        SqliteStore& store;
        std::unique_ptr<SqliteConnection>& reader;
        ~Release() { store.ReleaseReader(std::move(reader)); }
    } release{*this, reader};
    return RunTransaction(*reader, "BEGIN", work, *seal_);
}

Status SqliteStore::Ping() {
    WARDEN_ASSIGN_OR_RETURN(auto reader, AcquireReader());
    auto probe = QueryOne(*reader, "SELECT count(*) FROM sqlite_schema", {}, [](const SqlRow&) {});
    ReleaseReader(std::move(reader));
    if (!probe.ok()) return Error::Unavailable(probe.error().message);
    return Ok();
}

}  // namespace warden::storage
