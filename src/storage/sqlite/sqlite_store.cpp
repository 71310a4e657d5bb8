#include "storage/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <array>
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
        // Nothing from here until leading_ is false again may throw out of this loop: a leader
        // that left with leading_ set would leave every later write waiting for ever. So the
        // batch lives in fixed arrays (no allocation), and an exception out of the transaction
        // (only an allocation failure can throw there: each work's own exceptions are caught in
        // its savepoint) rolls the batch back and fails each of its writes with it.
        const size_t n = std::min(queued_.size(), kMaxBatch);
        std::array<Waiter*, kMaxBatch> waiters{};
        std::array<GroupedWork*, kMaxBatch> batch{};
        for (size_t i = 0; i < n; ++i) {
            waiters[i] = queued_[i];
            batch[i] = &queued_[i]->work;
        }
        queued_.erase(queued_.begin(), queued_.begin() + static_cast<std::ptrdiff_t>(n));
        leading_ = true;
        lock.unlock();
        try {
            RunGroupTransaction(*writer_, "BEGIN IMMEDIATE", std::span(batch.data(), n), *seal_);
        } catch (...) {
            writer_->RollbackIfOpen();
            for (size_t i = 0; i < n; ++i) batch[i]->thrown = std::current_exception();
        }
        lock.lock();
        leading_ = false;
        // Notified under the lock: a woken waiter returns and its Waiter (on its stack) ends.
        for (size_t i = 0; i < n; ++i) {
            waiters[i]->work.done = true;
            if (waiters[i] != &mine) waiters[i]->wake.notify_one();
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

Status SqliteStore::ReadOneStatement(const std::function<Status(domain::Repositories&)>& work) {
    // A read transaction: on SQLite its BEGIN and COMMIT are steps of cached statements in this
    // process, not round trips.
    return Read(work);
}

Status SqliteStore::Ping() {
    WARDEN_ASSIGN_OR_RETURN(auto reader, AcquireReader());
    auto probe = QueryOne(*reader, "SELECT count(*) FROM sqlite_schema", {}, [](const SqlRow&) {});
    ReleaseReader(std::move(reader));
    if (!probe.ok()) return Error::Unavailable(probe.error().message);
    return Ok();
}

}  // namespace warden::storage
