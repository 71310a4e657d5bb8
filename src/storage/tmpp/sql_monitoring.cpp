// The national TMPP monitoring view's aggregates (issue 10 item 9). Each query groups in SQL
// and puts the reader's Scope in its WHERE clause. Months are the first seven characters of the
// RFC 3339 UTC text ("2026-11"), the same on SQLite and PostgreSQL.

#include "storage/tmpp/sql_monitoring.hpp"

#include "storage/sql_repositories.hpp"

namespace warden::storage {

using domain::Scope;

Result<std::vector<domain::IncidentCount>> SqlMonitoring::IncidentCounts(TimePoint since,
                                                                         const Scope& scope) {
    SqlParams params{FormatRfc3339(since)};
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<domain::IncidentCount> out;
    WARDEN_TRY(
        c_.Query("SELECT substr(discovered_at, 1, 7) AS month, establishment, type, COUNT(*) "
                 "FROM incidents WHERE discovered_at >= $1 AND status <> 'NOT_REPORTABLE' AND " +
                     ScopeCondition(c_.dialect(), "establishment", 2) +
                     " GROUP BY substr(discovered_at, 1, 7), establishment, type "
                     "ORDER BY month, establishment, type",
                 params, [&](const SqlRow& row) -> Status {
                     domain::IncidentCount& c = out.emplace_back();
                     c.month = row.String(0);
                     c.establishment = row.String(1);
                     c.type = row.String(2);
                     c.count = static_cast<int>(row.Int(3));
                     return Ok();
                 }));
    return out;
}

Result<std::vector<domain::HandsetStatusCount>> SqlMonitoring::HandsetCounts(const Scope& scope) {
    SqlParams params;
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<domain::HandsetStatusCount> out;
    WARDEN_TRY(
        c_.Query("SELECT establishment, status, COUNT(*) FROM handsets WHERE " +
                     ScopeCondition(c_.dialect(), "establishment", 1) +
                     " GROUP BY establishment, status ORDER BY establishment, status",
                 params, [&](const SqlRow& row) -> Status {
                     out.push_back({row.String(0), row.String(1), static_cast<int>(row.Int(2))});
                     return Ok();
                 }));
    return out;
}

Result<std::vector<domain::GrantPhaseCount>> SqlMonitoring::GrantCounts(const Scope& scope) {
    SqlParams params;
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<domain::GrantPhaseCount> out;
    WARDEN_TRY(c_.Query("SELECT establishment, phase, COUNT(*) FROM tmpp_grants WHERE active AND " +
                            ScopeCondition(c_.dialect(), "establishment", 1) +
                            " GROUP BY establishment, phase ORDER BY establishment, phase",
                        params, [&](const SqlRow& row) -> Status {
                            out.push_back({row.String(0), static_cast<int>(row.Int(1)),
                                           static_cast<int>(row.Int(2))});
                            return Ok();
                        }));
    return out;
}

}  // namespace warden::storage
