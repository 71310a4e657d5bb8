#pragma once
// The bulk prisoner import of each backend (see PrisonerRepository::Import): prepared statements
// over an in-memory map of the establishment on SQLite, COPY into a temporary table and two
// set-based statements on PostgreSQL.

#include <string>
#include <vector>

#include "domain/prisoners/prisoner.hpp"
#include "storage/sql.hpp"

namespace warden::storage {

/// Lower-case "first last", the text that the name filter searches.
std::string NameSearch(const domain::Prisoner& p);

/// Imports `rows` (unique prison numbers) on SQLite.
Result<domain::ImportResult> ImportPrisonersSqlite(SqlConnection& c,
                                                   const std::string& establishment,
                                                   const std::vector<domain::Prisoner>& rows,
                                                   bool full, TimePoint now);

/// Imports `rows` (unique prison numbers) on PostgreSQL.
Result<domain::ImportResult> ImportPrisonersPostgres(SqlConnection& c,
                                                     const std::string& establishment,
                                                     const std::vector<domain::Prisoner>& rows,
                                                     bool full, TimePoint now);

}  // namespace warden::storage
