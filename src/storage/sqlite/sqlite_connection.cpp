#include "storage/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <charconv>
#include <vector>

namespace warden::storage {

namespace {

constexpr int kBusyTimeoutMs = 10000;

/// A row of a stepping statement.
class SqliteRow final : public SqlRow {
  public:
    explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
    bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::string_view Text(int col) const override {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        if (text == nullptr) return {};
        return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
    }
    std::int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
    bool Bool(int col) const override { return sqlite3_column_int64(stmt_, col) != 0; }

  private:
    sqlite3_stmt* stmt_;
};

/// Resets a statement when the scope ends, whatever happens in it.
class ResetGuard {
  public:
    explicit ResetGuard(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ~ResetGuard() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    ResetGuard(const ResetGuard&) = delete;
    ResetGuard& operator=(const ResetGuard&) = delete;

  private:
    sqlite3_stmt* stmt_;
};

ErrorCode CodeFor(int rc) {
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return ErrorCode::kInvalidInput;
            if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
                return ErrorCode::kConflict;
            }
            return ErrorCode::kInvalidInput;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_CANTOPEN:
        case SQLITE_NOTADB:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CORRUPT:
            return ErrorCode::kUnavailable;
        default:
            return ErrorCode::kInternal;
    }
}

// warden_listed(list, value): whether `value` is an item of `list`, a SqliteList (sql.hpp). The
// scope condition of every scoped read on SQLite (ScopeCondition).
void Listed(sqlite3_context* ctx, int, sqlite3_value** args) {
    const auto text = [](sqlite3_value* v) -> std::string_view {
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
        if (p == nullptr) return {};
        return {p, static_cast<size_t>(sqlite3_value_bytes(v))};
    };
    if (sqlite3_value_type(args[1]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    sqlite3_result_int(ctx, SqliteListHas(text(args[0]), text(args[1])) ? 1 : 0);
}

// SQLite's memory statistics take one process-wide mutex on every allocation and free, which
// the readers of a busy server contend for (ADR 0022); Warden never reads them. Set once, before
// the library initialises on the first open; a later call would be refused, and is not made.
void ConfigureSqliteOnce() {
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)configured;
}

}  // namespace

SqliteConnection::Prepared::~Prepared() { sqlite3_finalize(stmt); }

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 SqliteMode mode) {
    ConfigureSqliteOnce();
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return Error::Unavailable("cannot open SQLite database " + path + ": " + reason);
    }
    std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    rc = sqlite3_create_function_v2(db, "warden_listed", 2,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    Listed, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        return Error::Unavailable("cannot open SQLite database " + path + ": " +
                                  sqlite3_errmsg(db));
    }
    const auto fail = [&](const Error& e) {
        return Error::Unavailable("cannot open SQLite database " + path + ": " + e.message);
    };
    if (mode == SqliteMode::kWriter) {
        std::string journal;
        auto wal = QueryOne(*conn, "PRAGMA journal_mode=WAL", {},
                            [&](const SqlRow& row) { journal = row.String(0); });
        if (!wal.ok()) return fail(wal.error());
        if (journal != "wal") {
            return Error::Unavailable("cannot open SQLite database " + path +
                                      ": WAL journal mode is not available (got '" + journal +
                                      "')");
        }
    }
    // Page caches. The writer is the only connection whose cache no commit empties, so it keeps
    // every page it has touched up to its limit: at 64 MB, a server under load grew by the pages
    // of the audit entries it appended (75 MB peak RSS after 25 s of list pages, 41 MB at 8 MB).
    // 8 MB holds the pages writes come back to; the 100,000-row import and `assess --all` took
    // as long with it (docs/performance.md, "The writer's page cache"). A reader's cache lasts
    // until the next commit, so its limit only bounds one long read.
    std::string pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
    pragmas += mode == SqliteMode::kWriter ? " PRAGMA cache_size=-8192;"
                                           : " PRAGMA query_only=ON; PRAGMA cache_size=-16384;";
    if (auto s = conn->ExecScript(pragmas); !s.ok()) return fail(s.error());
    // Reading the schema proves the file is a database.
    auto probe = QueryOne(*conn, "SELECT count(*) FROM sqlite_schema", {}, [](const SqlRow&) {});
    if (!probe.ok()) return fail(probe.error());
    return conn;
}

SqliteConnection::~SqliteConnection() {
    cache_.clear();  // finalizes every statement before the close
    sqlite3_close_v2(db_);
}

Error SqliteConnection::LastError(int rc, std::string_view what) const {
    std::string message = std::string(what) + ": " + sqlite3_errmsg(db_);
    return Error{CodeFor(rc), std::move(message), {}};
}

Result<SqliteConnection::Prepared*> SqliteConnection::Prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second.get();
    auto p = std::make_unique<Prepared>();
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &p->stmt, &tail);
    if (rc != SQLITE_OK) return LastError(rc, "SQL error");
    if (p->stmt == nullptr) return Error::Internal("SQL error: empty statement");
    int count = sqlite3_bind_parameter_count(p->stmt);
    p->slots.resize(static_cast<size_t>(count));
    for (int i = 1; i <= count; ++i) {
        const char* name = sqlite3_bind_parameter_name(p->stmt, i);
        int number = 0;
        if (name != nullptr && name[0] == '$') {
            std::string_view digits(name + 1);
            auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
            if (ec != std::errc{} || ptr != digits.data() + digits.size()) number = 0;
        }
        if (number < 1) {
            return Error::Internal("SQL error: parameters must be written $1, $2, ...");
        }
        p->slots[static_cast<size_t>(i - 1)] = number - 1;
    }
    Prepared* raw = p.get();
    cache_.emplace(sql, std::move(p));
    return raw;
}

Status SqliteConnection::Bind(Prepared& p, const SqlParams& params) {
    for (size_t slot = 0; slot < p.slots.size(); ++slot) {
        const auto index = static_cast<size_t>(p.slots[slot]);
        if (index >= params.size()) {
            return Error::Internal("SQL error: $" + std::to_string(index + 1) + " has no value");
        }
        const SqlParam& param = params[index];
        const int col = static_cast<int>(slot) + 1;
        int rc = SQLITE_OK;
        switch (param.kind()) {
            case SqlParam::Kind::kNull:
                rc = sqlite3_bind_null(p.stmt, col);
                break;
            case SqlParam::Kind::kInt:
            case SqlParam::Kind::kBool:
                rc = sqlite3_bind_int64(p.stmt, col, param.int_value());
                break;
            case SqlParam::Kind::kText:
                rc = sqlite3_bind_text(p.stmt, col, param.text().data(),
                                       static_cast<int>(param.text().size()), SQLITE_STATIC);
                break;
        }
        if (rc != SQLITE_OK) return LastError(rc, "SQL bind error");
    }
    return Ok();
}

Status SqliteConnection::Run(const std::string& sql, const SqlParams& params,
                             const RowHandler* on_row) {
    if (db_ == nullptr) return Error::Unavailable("the SQLite connection is closed");
    WARDEN_ASSIGN_OR_RETURN(Prepared * p, Prepare(sql));
    ResetGuard guard(p->stmt);
    WARDEN_TRY(Bind(*p, params));
    SqliteRow row(p->stmt);
    while (true) {
        int rc = sqlite3_step(p->stmt);
        if (rc == SQLITE_DONE) return Ok();
        if (rc != SQLITE_ROW) return LastError(rc, "SQL error");
        if (on_row != nullptr) WARDEN_TRY((*on_row)(row));
    }
}

Status SqliteConnection::Query(const std::string& sql, const SqlParams& params,
                               const RowHandler& on_row) {
    return Run(sql, params, &on_row);
}

Result<std::int64_t> SqliteConnection::Exec(const std::string& sql, const SqlParams& params) {
    WARDEN_TRY(Run(sql, params, nullptr));
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

void SqliteConnection::RollbackIfOpen() noexcept {
    if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0) {
        (void)sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

Status SqliteConnection::ExecScript(const std::string& sql) {
    if (db_ == nullptr) return Error::Unavailable("the SQLite connection is closed");
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        return Error{CodeFor(sqlite3_extended_errcode(db_)), "SQL error: " + text, {}};
    }
    return Ok();
}

Status SqliteConnection::CopyIn(const std::string& /*copy_sql*/, const std::string& /*data*/) {
    return Error::Internal("COPY is not available on SQLite");
}

}  // namespace warden::storage
