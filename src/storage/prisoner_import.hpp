#pragma once
// The bulk prisoner import of each backend (see PrisonerRepository::Import): prepared statements
// over an in-memory map of the establishment on SQLite, COPY into a temporary table and two
// set-based statements on PostgreSQL.

#include <map>
#include <set>
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

/// Stores each wing's count of prisoners not gone (`locations.prisoner_count`, which the pages
/// read instead of counting): `counts` by wing code for every wing of `establishment` that has
/// any; the establishment's other wings get 0.
Status StoreWingCounts(SqlConnection& c, const std::string& establishment,
                       const std::map<std::string, int>& counts);

/// Counts again (in SQL) the prisoners not gone on each wing of `establishments`.
Status RecountWings(SqlConnection& c, const std::set<std::string>& establishments);

}  // namespace warden::storage
