#include "storage/migrator.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "storage/sql_repositories.hpp"

namespace warden::storage {

namespace {

namespace fs = std::filesystem;

const std::string kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)";

// Parses "NNNN_name.sql" into a version and a name; false for any other file name.
bool ParseFileName(const std::string& file, int& version, std::string& name) {
    if (file.size() < 6 || file.substr(file.size() - 4) != ".sql") return false;
    size_t digits = 0;
    while (digits < file.size() && file[digits] >= '0' && file[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9 || digits >= file.size() || file[digits] != '_') return false;
    version = std::stoi(file.substr(0, digits));
    name = file.substr(0, file.size() - 4);
    return version > 0;
}

Result<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Invalid("cannot read migration " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string BeginFor(Dialect d) { return d == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"; }

// Inside a transaction on PostgreSQL: waits for any other migrating process.
Status Lock(SqlConnection& c) {
    if (c.dialect() != Dialect::kPostgres) return Ok();  // BEGIN IMMEDIATE locks on SQLite
    return c.Query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey},
                   [](const SqlRow&) -> Status { return Ok(); });
}

Result<bool> TableExists(SqlConnection& c) {
    const std::string sql =
        c.dialect() == Dialect::kSqlite
            ? "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
            : "SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL";
    return QueryOne(c, sql, {}, [](const SqlRow&) {});
}

Result<std::set<int>> Applied(SqlConnection& c) {
    std::set<int> versions;
    WARDEN_TRY(c.Query("SELECT version FROM schema_migrations", {}, [&](const SqlRow& row) {
        versions.insert(static_cast<int>(row.Int(0)));
        return Ok();
    }));
    return versions;
}

std::string NowText() {
    return FormatRfc3339(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

}  // namespace

Status InMigrationTransaction(SqlConnection& c, const std::function<Status()>& body) {
    WARDEN_TRY(c.ExecScript(BeginFor(c.dialect())));
    Status status = Lock(c);
    if (status.ok()) status = body();
    if (status.ok()) status = c.ExecScript("COMMIT");
    if (!status.ok()) (void)c.ExecScript("ROLLBACK");
    return status;
}

Result<std::vector<Migration>> ListMigrations(const std::string& migrations_dir, Dialect dialect) {
    const fs::path dir =
        fs::path(migrations_dir) / (dialect == Dialect::kSqlite ? "sqlite" : "postgres");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return Error::Invalid("the migrations folder " + dir.string() + " does not exist");
    }
    std::vector<Migration> out;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        Migration m;
        if (!ParseFileName(entry.path().filename().string(), m.version, m.name)) continue;
        m.path = entry.path().string();
        out.push_back(std::move(m));
    }
    if (ec) return Error::Invalid("cannot list " + dir.string() + ": " + ec.message());
    std::sort(out.begin(), out.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (size_t i = 1; i < out.size(); ++i) {
        if (out[i].version == out[i - 1].version) {
            return Error::Invalid("migrations " + out[i - 1].name + " and " + out[i].name +
                                  " have the same number");
        }
    }
    return out;
}

Result<std::vector<std::string>> PendingMigrations(SqlConnection& c,
                                                   const std::string& migrations_dir) {
    WARDEN_ASSIGN_OR_RETURN(auto migrations, ListMigrations(migrations_dir, c.dialect()));
    std::set<int> applied;
    WARDEN_ASSIGN_OR_RETURN(bool exists, TableExists(c));
    if (exists) {
        WARDEN_ASSIGN_OR_RETURN(applied, Applied(c));
    }
    std::vector<std::string> pending;
    for (const auto& m : migrations) {
        if (!applied.count(m.version)) pending.push_back(m.name);
    }
    return pending;
}

Result<std::vector<std::string>> ApplyMigrations(SqlConnection& c,
                                                 const std::string& migrations_dir) {
    WARDEN_ASSIGN_OR_RETURN(auto migrations, ListMigrations(migrations_dir, c.dialect()));
    WARDEN_TRY(InMigrationTransaction(c, [&] { return c.ExecScript(kCreateTable); }));
    WARDEN_ASSIGN_OR_RETURN(std::set<int> applied, Applied(c));
    std::vector<std::string> names;
    for (const auto& m : migrations) {
        if (applied.count(m.version)) continue;
        WARDEN_ASSIGN_OR_RETURN(std::string script, ReadFile(m.path));
        bool ran = false;
        Status status = InMigrationTransaction(c, [&]() -> Status {
            // Another process may have applied it while this one waited for the lock.
            WARDEN_ASSIGN_OR_RETURN(
                bool done, QueryOne(c, "SELECT 1 FROM schema_migrations WHERE version = $1",
                                    {m.version}, [](const SqlRow&) {}));
            if (done) return Ok();
            WARDEN_TRY(c.ExecScript(script));
            WARDEN_TRY(c.Exec(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                {m.version, m.name, NowText()}));
            ran = true;
            return Ok();
        });
        if (!status.ok()) {
            return Error{status.error().code,
                         "migration " + m.name + " failed: " + status.error().message,
                         {}};
        }
        if (ran) names.push_back(m.name);
    }
    return names;
}

}  // namespace warden::storage
