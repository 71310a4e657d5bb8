#pragma once
// Opens the database named by WARDEN_DATABASE_URL and migrates it.

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/jobs/scheduler.hpp"
#include "domain/ports.hpp"

namespace warden::storage {

/// Opens `database_url` (`sqlite:PATH`, `postgresql://USER@HOST:PORT/DB` or `postgres://...`),
/// first applying pending migrations from `migrations_dir` when `migrate` is true (when false, a
/// database with pending migrations is kUnavailable). kUnavailable with a one-line reason when
/// the database cannot be opened; kInvalidInput for a URL of another kind. The audit log seals
/// its entries with `seal` (ADR 0007).
Result<std::unique_ptr<domain::Store>> OpenStore(const std::string& database_url,
                                                 const std::string& migrations_dir, bool migrate,
                                                 std::shared_ptr<const domain::AuditSeal> seal);

/// Applies the pending migrations of `migrations_dir` (`sqlite/` or `postgres/`, by the URL) to
/// `database_url`; returns the names applied, empty when the database is up to date.
Result<std::vector<std::string>> Migrate(const std::string& database_url,
                                         const std::string& migrations_dir);

/// The background jobs' claims on `database_url` (ADR 0004), on a connection of their own that
/// opens at the first claim. kInvalidInput for a URL of another kind.
Result<std::unique_ptr<domain::JobClaims>> OpenJobClaims(const std::string& database_url);

}  // namespace warden::storage
