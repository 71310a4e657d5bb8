#pragma once
// The full-text candidate source of joining up (ADR 0014), per dialect: FTS5 MATCH on SQLite,
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

/// Where candidate rows of `table` (as `alias`) come from, which of them match the terms in $n,
/// and their order, newest first. On SQLite the FTS5 index drives the query (`fts_table` joined to
/// its content table), walking its rowids from the newest so a LIMIT stops early however many rows
/// share a term; on PostgreSQL `alias`.search_vector is matched against a tsquery.
struct TermSource {
    std::string from;
    std::string condition;
    std::string newest_first;
};

inline TermSource TermSourceFor(Dialect d, const std::string& table, const std::string& alias,
                                const std::string& fts_table, int n) {
    std::string param = "$";
    param += std::to_string(n);
    TermSource out;
    if (d == Dialect::kSqlite) {
        out.from.append(fts_table).append(" JOIN ").append(table).append(" ").append(alias);
        out.from.append(" ON ").append(alias).append(".id = ").append(fts_table).append(".rowid");
        out.condition.append(fts_table).append(" MATCH ").append(param);
        out.newest_first.append(fts_table).append(".rowid DESC");
        return out;
    }
    out.from.append(table).append(" ").append(alias);
    out.condition.append(alias).append(".search_vector @@ CAST(").append(param);
    out.condition.append(" AS tsquery)");
    out.newest_first.append(alias).append(".id DESC");
    return out;
}

/// The statement that merges what writes have added to a full-text index into it (ADR 0024):
/// FTS5's 'optimize' of `fts_table` on SQLite (every segment into one; nothing to do when there
/// is one), the pending list of the GIN index `gin_index` on PostgreSQL.
inline std::string MergeSearchIndexSql(Dialect d, const std::string& fts_table,
                                       const std::string& gin_index) {
    if (d == Dialect::kSqlite) {
        return "INSERT INTO " + fts_table + " (" + fts_table + ") VALUES ('optimize')";
    }
    return "SELECT gin_clean_pending_list('" + gin_index + "'::regclass)";
}

/// The same shape for a plain condition on `table` (a supplier), newest first.
inline TermSource PlainSource(const std::string& table, const std::string& alias,
                              std::string condition) {
    return {table + " " + alias, std::move(condition), alias + ".id DESC"};
}

}  // namespace warden::storage
