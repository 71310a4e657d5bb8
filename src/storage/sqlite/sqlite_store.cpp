#include "storage/sqlite/sqlite_store.hpp"

#include "storage/transaction.hpp"

namespace warden::storage {

namespace {

constexpr size_t kMaxIdleReaders = 32;

}  // namespace

SqliteStore::SqliteStore(std::string path, std::unique_ptr<SqliteConnection> writer,
                         std::shared_ptr<const domain::AuditSeal> seal)
    : path_(std::move(path)), seal_(std::move(seal)), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() = default;

Status SqliteStore::Write(const std::function<Status(domain::Repositories&)>& work) {
    WARDEN_TRY(NestedWriteGuard::Check(this));
    NestedWriteGuard guard(this);
    std::lock_guard lock(write_mutex_);
    return RunTransaction(*writer_, "BEGIN IMMEDIATE", work, *seal_);
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
