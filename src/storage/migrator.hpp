#pragma once
// Numbered SQL migrations: <dir>/sqlite/NNNN_name.sql and <dir>/postgres/NNNN_name.sql, applied in
// order, each in its own transaction, and recorded in schema_migrations.

#include <functional>
#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace warden::storage {

/// One migration file.
struct Migration {
    int version = 0;
    std::string name;  // "0001_initial"
    std::string path;
};

/// The migrations of `dialect` under `migrations_dir`, by version; kInvalidInput when the folder
/// is missing or two files share a number.
Result<std::vector<Migration>> ListMigrations(const std::string& migrations_dir, Dialect dialect);

/// Applies the pending migrations; returns the names applied (empty when up to date). Safe
/// against other processes migrating at the same time (a lock is held for each migration).
Result<std::vector<std::string>> ApplyMigrations(SqlConnection& c,
                                                 const std::string& migrations_dir);

/// Runs `body` in a transaction holding the migration lock (waiting for any other migrating
/// process); rolls back when it fails.
Status InMigrationTransaction(SqlConnection& c, const std::function<Status()>& body);

/// The names of the migrations not yet applied, without changing anything.
Result<std::vector<std::string>> PendingMigrations(SqlConnection& c,
                                                   const std::string& migrations_dir);

}  // namespace warden::storage
