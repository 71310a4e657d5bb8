// The TMPP access and need repositories over SqlConnection: the access state and timeline, the
// Security queue and needs (one SQL text for both databases; the caller's Scope in each read).

#include <algorithm>

#include "core/strings.hpp"
#include "storage/copy_text.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::AccessEvent;
using domain::AccessRecord;
using domain::Need;
using tmpp::kAccessColumns;
using tmpp::kDecisionColumns;
using tmpp::kGrantColumns;
using tmpp::ReadAccess;
using tmpp::ReadDecision;
using tmpp::ReadGrant;
using tmpp::ReadRecommendation;
using tmpp::Time;

// ---- access and timeline ----

Result<AccessRecord> SqlAccess::GetAccess(const std::string& prison_number,
                                          const domain::Scope& scope) {
    AccessRecord out;
    out.prison_number = prison_number;
    Status status = Ok();
    SqlParams params{prison_number};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(QueryOne(c_,
                        std::string("SELECT ") + kAccessColumns +
                            " FROM tmpp_access WHERE prison_number = $1 AND " +
                            ScopeCondition(c_.dialect(), "tmpp_access.establishment", 2) +
                            " ORDER BY updated_at DESC, establishment LIMIT 1",
                        params, [&](const SqlRow& row) { status = ReadAccess(row, out); }));
    WARDEN_TRY(status);
    return out;
}

Status SqlAccess::PutAccess(const AccessRecord& a) {
    WARDEN_TRY(c_.Exec(
        "INSERT INTO tmpp_access (prison_number, establishment, state, updated_at, ended_need_id) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (prison_number, establishment) DO UPDATE SET "
        "state = excluded.state, "
        "updated_at = excluded.updated_at, ended_need_id = excluded.ended_need_id",
        {a.prison_number, a.establishment, domain::AccessStateName(a.state),
         FormatRfc3339(a.updated_at), static_cast<std::int64_t>(a.ended_need_id)}));
    return Ok();
}

Result<std::vector<AccessRecord>> SqlAccess::OpenAccessAt(const std::string& establishment,
                                                          const domain::Scope& scope) {
    std::vector<AccessRecord> out;
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query(std::string("SELECT ") + kAccessColumns +
                     " FROM tmpp_access WHERE establishment = $1 AND state <> 'NONE' "
                     "AND state <> 'ENDED' AND " +
                     ScopeCondition(c_.dialect(), "establishment", 2) + " ORDER BY prison_number",
                 params, [&](const SqlRow& row) { return ReadAccess(row, out.emplace_back()); }));
    return out;
}

Status SqlAccess::AddEvent(const AccessEvent& e) {
    return c_.ExecDeferred(
        "INSERT INTO tmpp_events (prison_number, at, by_user, what, why, establishment) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {e.prison_number, FormatRfc3339(e.at), e.by, e.what, e.why, e.establishment});
}

Result<std::vector<AccessEvent>> SqlAccess::Timeline(const std::string& prison_number,
                                                     const domain::Scope& scope) {
    std::vector<AccessEvent> out;
    SqlParams params{prison_number};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query("SELECT id, prison_number, at, by_user, what, why, establishment FROM tmpp_events "
                 "WHERE prison_number = $1 AND " +
                     ScopeCondition(c_.dialect(), "tmpp_events.establishment", 2) + " ORDER BY id",
                 params, [&](const SqlRow& row) -> Status {
                     AccessEvent& e = out.emplace_back();
                     e.id = row.Int(0);
                     e.prison_number = row.String(1);
                     WARDEN_ASSIGN_OR_RETURN(e.at, Time(row.Text(2), "at"));
                     e.by = row.String(3);
                     e.what = row.String(4);
                     e.why = row.String(5);
                     e.establishment = row.String(6);
                     return Ok();
                 }));
    return out;
}

// ---- needs ----

Result<Id> SqlNeeds::AddNeed(const Need& n) {
    Id id = 0;
    WARDEN_TRY(
        QueryOne(c_,
                 "INSERT INTO tmpp_needs (prison_number, establishment, kind, detail, recorded_by, "
                 "recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                 {n.prison_number, n.establishment, domain::NeedKindName(n.kind), n.detail,
                  n.recorded_by, FormatRfc3339(n.recorded_at)},
                 [&](const SqlRow& row) { id = row.Int(0); }));
    return id;
}

Result<std::vector<Need>> SqlNeeds::NeedsOf(const std::string& prison_number,
                                            const domain::Scope& scope) {
    std::vector<Need> out;
    SqlParams params{prison_number};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query("SELECT id, prison_number, establishment, kind, detail, recorded_by, recorded_at "
                 "FROM tmpp_needs WHERE prison_number = $1 AND " +
                     ScopeCondition(c_.dialect(), "tmpp_needs.establishment", 2) + " ORDER BY id",
                 params, [&](const SqlRow& row) -> Status {
                     Need& n = out.emplace_back();
                     n.id = row.Int(0);
                     n.prison_number = row.String(1);
                     n.establishment = row.String(2);
                     auto kind = domain::ParseNeedKind(row.Text(3));
                     if (!kind)
                         return Error::Internal("stored need '" + row.String(3) + "' is unknown");
                     n.kind = *kind;
                     n.detail = row.String(4);
                     n.recorded_by = row.String(5);
                     WARDEN_ASSIGN_OR_RETURN(n.recorded_at, Time(row.Text(6), "recorded_at"));
                     return Ok();
                 }));
    return out;
}

// ---- the queue ----

namespace {

// The queue's columns (prisoner, access state, current needs, latest recommendation, decision,
// active grant) over `prisoners AS p` and its joins, and the reader of one row.
struct QueueSql {
    static constexpr const char* kRecColumns =  // without the fired rules
        "id, prison_number, establishment, assessed_at, assessed_by, rules_version, score, band";
    int prisoner_at = 0;
    int access_at = prisoner_at + CountColumns(kPrisonerColumns);
    int needs_at = access_at + 2;
    int rec_at = needs_at + 1;
    int decision_at = rec_at + CountColumns(kRecColumns) + 1;
    int grant_at = decision_at + CountColumns(kDecisionColumns);

    static std::string Select(Dialect d) {
        const std::string needs_agg = d == Dialect::kPostgres
                                          ? "string_agg(n.kind, ',' ORDER BY n.id)"
                                          : "group_concat(n.kind, ',')";
        return "SELECT " + Qualified("p", kPrisonerColumns) +
               ", a.state, a.ended_need_id, (SELECT " + needs_agg +
               " FROM tmpp_needs AS n WHERE n.prison_number = p.prison_number AND n.establishment "
               "= "
               "p.establishment AND n.id > COALESCE(a.ended_need_id, 0)), " +
               Qualified("r", kRecColumns) + ", '', " + Qualified("d", kDecisionColumns) + ", " +
               Qualified("g", kGrantColumns) + From(d, true) + JoinOne(d, "tmpp_decisions", "d") +
               JoinOne(d, "tmpp_grants", "g", " AND g.active");
    }
    // The prisoners with their latest recommendation and, when `access`, their access record
    // (what filters and orders). PostgreSQL left out an unused join to the access records by
    // itself; it cannot leave out a LATERAL subquery, so the caller says.
    static std::string From(Dialect d, bool access) {
        return " FROM prisoners AS p" + (access ? JoinOne(d, "tmpp_access", "a") : "") +
               " LEFT JOIN tmpp_recommendations AS r ON r.id = (SELECT MAX(r2.id) FROM "
               "tmpp_recommendations AS r2 WHERE r2.prison_number = p.prison_number"
               " AND r2.establishment = p.establishment)";
    }
    // The prisoner's row of `table` (as `alias`), by its key. On PostgreSQL a subquery for each
    // prisoner (LATERAL; OFFSET 0 keeps the planner from turning it back into a join), so it is
    // always a lookup by the key: as a join, the establishment's condition on the prisoners
    // carried over to the table, and planned from statistics that predate the establishment's
    // rows there (TMPP just started at it), the inner side of a nested loop read all of them for
    // each prisoner (10,000 prisoners: 11 s; docs/performance.md).
    static std::string JoinOne(Dialect d, const std::string& table, const std::string& alias,
                               const std::string& also = "") {
        const std::string on = alias + ".prison_number = p.prison_number AND " + alias +
                               ".establishment = p.establishment" + also;
        if (d == Dialect::kPostgres) {
            return " LEFT JOIN LATERAL (SELECT * FROM " + table + " AS " + alias + " WHERE " + on +
                   " OFFSET 0) AS " + alias + " ON TRUE";
        }
        return " LEFT JOIN " + table + " AS " + alias + " ON " + on;
    }

    Status Read(const SqlRow& row, domain::TmppQueueEntry& e) const {
        WARDEN_TRY(ReadPrisoner(OffsetRow(row, prisoner_at), e.prisoner));
        if (!row.IsNull(access_at)) {
            auto state = domain::ParseAccessState(row.Text(access_at));
            if (!state) {
                return Error::Internal("stored access state '" + row.String(access_at) +
                                       "' is unknown");
            }
            e.state = *state;
            e.ended_need_id = row.Int(access_at + 1);
        }
        WARDEN_ASSIGN_OR_RETURN(auto needs, domain::SplitNeeds(row.Text(needs_at)));
        std::sort(needs.begin(), needs.end());
        needs.erase(std::unique(needs.begin(), needs.end()), needs.end());
        e.needs = std::move(needs);
        if (!row.IsNull(rec_at)) {
            WARDEN_TRY(ReadRecommendation(OffsetRow(row, rec_at), e.recommendation.emplace()));
        }
        if (!row.IsNull(decision_at)) {
            WARDEN_TRY(ReadDecision(OffsetRow(row, decision_at), e.decision.emplace()));
        }
        if (!row.IsNull(grant_at)) {
            WARDEN_TRY(ReadGrant(OffsetRow(row, grant_at), e.grant.emplace()));
        }
        return Ok();
    }
};

// CASE expressions giving the enums' order (domain::QueueBefore compares the enum values).
std::string StateRank() {
    std::string out = "CASE COALESCE(a.state, 'NONE')";
    for (int i = 0; i <= static_cast<int>(domain::AccessState::kEnded); ++i) {
        out += " WHEN '" +
               std::string(domain::AccessStateName(static_cast<domain::AccessState>(i))) +
               "' THEN " + std::to_string(i);
    }
    return out + " ELSE -1 END";
}

std::string BandRank() {
    std::string out = "CASE r.band";
    for (int i = 0; i <= static_cast<int>(domain::RiskBand::kRed); ++i) {
        out += " WHEN '" + std::string(domain::RiskBandName(static_cast<domain::RiskBand>(i))) +
               "' THEN " + std::to_string(i);
    }
    return out + " ELSE -1 END";
}

// ORDER BY for QueueBefore: every key in the query's direction, the prison number last.
std::string QueueOrder(Dialect d, const domain::QueueQuery& q) {
    const std::string dir = q.descending ? " DESC" : " ASC";
    // PostgreSQL compares cells byte by byte, like std::string (the column has no "C" collation).
    const std::string cell = d == Dialect::kPostgres ? "p.cell COLLATE \"C\"" : "p.cell";
    std::vector<std::string> keys;
    if (q.sort == "name") {
        keys = {"p.last_name", "p.first_name"};
    } else if (q.sort == "wing") {
        keys = {"p.wing", cell};
    } else if (q.sort == "state") {
        keys = {StateRank()};
    } else if (q.sort == "band") {
        keys = {BandRank(), "COALESCE(r.score, -1)"};
    } else if (q.sort == "score") {
        keys = {"COALESCE(r.score, -1)"};
    }
    keys.emplace_back("p.prison_number");
    std::string out = " ORDER BY ";
    for (size_t i = 0; i < keys.size(); ++i) out += (i ? ", " : "") + keys[i] + dir;
    return out;
}

}  // namespace

Result<std::vector<domain::TmppQueueEntry>> SqlAccess::QueueAt(const std::string& establishment,
                                                               const domain::Scope& scope) {
    const QueueSql q;
    const std::string sql =
        QueueSql::Select(c_.dialect()) + " WHERE p.establishment = $1 AND NOT p.gone AND " +
        ScopeCondition(c_.dialect(), "p.establishment", 2) + " ORDER BY p.prison_number";
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<domain::TmppQueueEntry> out;
    WARDEN_TRY(
        c_.Query(sql, params, [&](const SqlRow& row) { return q.Read(row, out.emplace_back()); }));
    return out;
}

Result<domain::TmppQueuePage> SqlAccess::QueuePage(const domain::QueueQuery& query,
                                                   const domain::Scope& scope) {
    const Dialect d = c_.dialect();
    const bool joined_filter = query.state || query.band;
    const bool access = query.state || query.sort == "state";  // joins the access records
    SqlParams params{query.establishment};
    AppendScopeParams(d, scope, params);
    // SQLite keeps prisoners in prison-number order (WITHOUT ROWID), so a page in that order
    // reads the table from the start and stops after the page, where the index by establishment
    // would first sort all of the establishment's prisoners. The unary + keeps SQLite from
    // choosing that index. A wing filter or an access filter has an index or join that is better.
    const bool clustered =
        d == Dialect::kSqlite && query.sort == "number" && query.wing.empty() && !joined_filter;
    const std::string est = clustered ? "+p.establishment" : "p.establishment";
    std::string where =
        " WHERE " + est + " = $1 AND NOT p.gone AND " + ScopeCondition(d, "p.establishment", 2);
    const auto param = [&](SqlParam value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    std::string wing;
    if (!query.wing.empty()) {
        wing = param(query.wing);
        where += " AND p.wing = " + wing;
    }
    if (query.state) {
        where += " AND COALESCE(a.state, 'NONE') = " +
                 param(std::string(domain::AccessStateName(*query.state)));
    }
    if (query.band)
        where += " AND r.band = " + param(std::string(domain::RiskBandName(*query.band)));
    domain::TmppQueuePage page;
    // Without a state or band filter the total is the wings' stored counts of prisoners not gone
    // (kept by the import in the transaction that changes them, storage/wing_counts.cpp), so no
    // request counts the establishment.
    const std::string count = joined_filter
                                  ? "SELECT COUNT(*)" + QueueSql::From(d, access) + where
                                  : "SELECT COALESCE(SUM(prisoner_count), 0) FROM locations WHERE "
                                    "establishment = $1 AND " +
                                        ScopeCondition(d, "establishment", 2) +
                                        (wing.empty() ? "" : " AND code = " + wing);
    WARDEN_TRY(QueryOne(c_, count, params,
                        [&](const SqlRow& row) { page.total = static_cast<int>(row.Int(0)); }));
    if (page.total == 0) return page;
    const std::string limit = param(static_cast<std::int64_t>(std::clamp(query.limit, 1, 500)));
    const std::string offset = param(static_cast<std::int64_t>(std::max(query.offset, 0)));
    const QueueSql q;
    // The page's prison numbers first, from the columns that filter and order; only then the
    // page's rows with everything joined (SQLite would otherwise build every joined row of the
    // establishment before sorting them).
    const std::string order = QueueOrder(d, query);
    const std::string numbers = "SELECT p.prison_number" + QueueSql::From(d, access) + where +
                                order + " LIMIT " + limit + " OFFSET " + offset;
    WARDEN_TRY(c_.Query(
        QueueSql::Select(d) + " WHERE p.prison_number IN (" + numbers + ")" + order, params,
        [&](const SqlRow& row) { return q.Read(row, page.entries.emplace_back()); }));
    return page;
}

}  // namespace warden::storage
