#include "storage/store_factory.hpp"

#include "storage/demand/sql_proposals.hpp"
#include "storage/migrator.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sql_job_claims.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace warden::storage {

namespace {

constexpr int kPgMaxConnections = 16;

/// The database a URL names.
struct Target {
    Dialect dialect = Dialect::kSqlite;
    std::string location;  // SQLite path, or the libpq URI
};

Result<Target> ParseUrl(const std::string& url) {
    if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) {
        return Target{Dialect::kSqlite, url.substr(7)};
    }
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
        return Target{Dialect::kPostgres, url};
    }
    return Error::Invalid("the database URL must be sqlite:PATH or postgresql://USER@HOST/DB");
}

Result<std::unique_ptr<SqlConnection>> Connect(const Target& target) {
    if (target.dialect == Dialect::kSqlite) {
        WARDEN_ASSIGN_OR_RETURN(auto c,
                                SqliteConnection::Open(target.location, SqliteMode::kWriter));
        return std::unique_ptr<SqlConnection>(std::move(c));
    }
    WARDEN_ASSIGN_OR_RETURN(auto c, PgConnection::Open(target.location));
    return std::unique_ptr<SqlConnection>(std::move(c));
}

// Migrates (or checks) the schema on `c`.
Status Prepare(SqlConnection& c, const std::string& migrations_dir, bool migrate) {
    if (migrate) {
        WARDEN_TRY(ApplyMigrations(c, migrations_dir));
        return InMigrationTransaction(c, [&] { return FillProposalSearchTerms(c); });
    }
    WARDEN_ASSIGN_OR_RETURN(auto pending, PendingMigrations(c, migrations_dir));
    if (!pending.empty()) {
        return Error::Unavailable("the database needs migrating (" +
                                  std::to_string(pending.size()) + " pending, the first " +
                                  pending.front() + "): run `warden migrate`");
    }
    return Ok();
}

}  // namespace

Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& database_url,
                                                 const std::string& migrations_dir, bool migrate,
                                                 std::shared_ptr<const domain::AuditSeal> seal) {
    if (!seal) return Error::Invalid("the audit log needs a key (WARDEN_AUDIT_KEY)");
    WARDEN_ASSIGN_OR_RETURN(Target target, ParseUrl(database_url));
    if (target.dialect == Dialect::kSqlite) {
        WARDEN_ASSIGN_OR_RETURN(auto writer,
                                SqliteConnection::Open(target.location, SqliteMode::kWriter));
        WARDEN_TRY(Prepare(*writer, migrations_dir, migrate));
        return std::unique_ptr<domain::Store>(
            std::make_unique<SqliteStore>(target.location, std::move(writer), std::move(seal)));
    }
    WARDEN_ASSIGN_OR_RETURN(auto first, PgConnection::Open(target.location));
    WARDEN_TRY(Prepare(*first, migrations_dir, migrate));
    return std::unique_ptr<domain::Store>(std::make_unique<PgStore>(
        target.location, std::move(first), kPgMaxConnections, std::move(seal)));
}

Result<std::vector<std::string>> Migrate(const std::string& database_url,
                                         const std::string& migrations_dir) {
    WARDEN_ASSIGN_OR_RETURN(Target target, ParseUrl(database_url));
    WARDEN_ASSIGN_OR_RETURN(auto c, Connect(target));
    WARDEN_ASSIGN_OR_RETURN(auto applied, ApplyMigrations(*c, migrations_dir));
    WARDEN_TRY(InMigrationTransaction(*c, [&] { return FillProposalSearchTerms(*c); }));
    return applied;
}

Result<std::unique_ptr<domain::JobClaims>> OpenJobClaims(const std::string& database_url) {
    WARDEN_ASSIGN_OR_RETURN(Target target, ParseUrl(database_url));
    return std::unique_ptr<domain::JobClaims>(
        std::make_unique<SqlJobClaims>([target] { return Connect(target); }));
}

}  // namespace warden::storage
