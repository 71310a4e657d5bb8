#pragma once
// The bulk prisoner import of each backend (see PrisonerRepository::Import): prepared statements
// over an in-memory map of the establishment on SQLite, COPY into a temporary table and three
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

/// Imports the rows that `in_order` points to (unique prison numbers, in prison-number order) on
/// SQLite.
Result<domain::ImportResult> ImportPrisonersSqlite(
    SqlConnection& c, const std::string& establishment,
    const std::vector<const domain::Prisoner*>& in_order, bool full, TimePoint now);

/// Imports `rows` (unique prison numbers) on PostgreSQL.
Result<domain::ImportResult> ImportPrisonersPostgres(SqlConnection& c,
                                                     const std::string& establishment,
                                                     const std::vector<domain::Prisoner>& rows,
                                                     bool full, TimePoint now);

/// The PostgreSQL import's statements, in order, over the temporary table of imported rows that
/// it creates in its transaction, so that the store contract tests can check their plans.
/// `update`, `insert` and `mark_gone` take $1 the establishment and $2 the time written to each
/// row changed.
struct PostgresImportSql {
    const std::string& create_temp;  // a script: creates the table (dropped at commit)
    const std::string& copy;         // COPY FROM STDIN, text format, its columns named in it
    const std::string& key;          // a script: keys the rows copied and analyses them
    const std::string& update;
    const std::string& insert;
    const std::string& mark_gone;
};
PostgresImportSql PostgresImportStatements();

/// Stores each wing's count of prisoners not gone (`locations.prisoner_count`, which the pages
/// read instead of counting): `counts` by wing code for every wing of `establishment` that has
/// any; the establishment's other wings get 0.
Status StoreWingCounts(SqlConnection& c, const std::string& establishment,
                       const std::map<std::string, int>& counts);

/// Counts again (in SQL) the prisoners not gone on each wing of `establishments`.
Status RecountWings(SqlConnection& c, const std::set<std::string>& establishments);

}  // namespace warden::storage
