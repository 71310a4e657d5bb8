#pragma once
// The full-text candidate condition of joining up (ADR 0014), per dialect: FTS5 MATCH on SQLite,
// a tsvector @@ tsquery on PostgreSQL. Both index the domain's search terms verbatim, so a term
// matches the same rows on both; the ranking is the domain's (RankMatches).

#include <string>
#include <vector>

#include "storage/sql.hpp"

namespace warden::storage {

/// The query text that matches any of `terms` (letters and digits only, see SearchTerms):
/// "\"a\" OR \"b\"" for FTS5, "'a' | 'b'" for a tsquery.
inline std::string AnyTermQuery(Dialect d, const std::vector<std::string>& terms) {
    std::string out;
    for (const auto& t : terms) {
        if (!out.empty()) out += d == Dialect::kSqlite ? " OR " : " | ";
        out += d == Dialect::kSqlite ? "\"" + t + "\"" : "'" + t + "'";
    }
    return out;
}

/// "`alias`.id is a row of `table` whose terms match $n": `fts_table` is the FTS5 index on
/// SQLite; `alias`.search_vector is used on PostgreSQL.
inline std::string TermCondition(Dialect d, const std::string& alias, const std::string& fts_table,
                                 int n) {
    const std::string param = "$" + std::to_string(n);
    if (d == Dialect::kSqlite) {
        return alias + ".id IN (SELECT rowid FROM " + fts_table + " WHERE " + fts_table +
               " MATCH " + param + ")";
    }
    return alias + ".search_vector @@ CAST(" + param + " AS tsquery)";
}

}  // namespace warden::storage
