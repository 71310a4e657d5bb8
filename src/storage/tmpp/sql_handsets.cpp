// The TMPP handset register over SqlConnection. Every read puts the caller's Scope into its
// WHERE clause; the unique indexes of handset_issues keep one open issue per handset and per
// prisoner (migration 0011), and MarkIssued is a conditional UPDATE.

#include "storage/tmpp/sql_handsets.hpp"

#include "storage/sql_repositories.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::Handset;
using domain::HandsetEvent;
using domain::HandsetIssue;
using domain::Scope;
using tmpp::IsUniqueViolation;
using tmpp::Time;

namespace {

// The handset columns (h.) and its open issue's prisoner and time (i.), in ReadHandset's order,
// and the tables they come from.
constexpr const char* kHandsetColumns =
    "h.tag, h.imei, h.model, h.iccid, h.phone_number, h.seal, h.establishment, h.home_wing, "
    "h.status, h.updated_at, i.prison_number, i.issued_at, i.recall_requested_at";
constexpr const char* kHandsetFrom =
    " FROM handsets h LEFT JOIN handset_issues i ON i.tag = h.tag AND i.returned_at IS NULL";
const std::string kHandsetSelect =
    std::string("SELECT ") + kHandsetColumns + kHandsetFrom + " WHERE ";

Status ReadHandset(const SqlRow& row, Handset& h) {
    h.tag = row.String(0);
    h.imei = row.String(1);
    h.model = row.String(2);
    h.iccid = row.String(3);
    h.phone_number = row.String(4);
    h.seal = row.String(5);
    h.establishment = row.String(6);
    h.home_wing = row.String(7);
    auto status = domain::ParseHandsetStatus(row.Text(8));
    if (!status) return Error::Internal("bad handset status in the database");
    h.status = *status;
    WARDEN_ASSIGN_OR_RETURN(h.updated_at, Time(row.Text(9), "handset updated_at"));
    if (!row.IsNull(10)) {
        h.issued_to = row.String(10);
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(11), "issued_at"));
        h.issued_at = at;
        if (!row.IsNull(12)) {
            WARDEN_ASSIGN_OR_RETURN(auto recall, Time(row.Text(12), "recall_requested_at"));
            h.recall_requested_at = recall;
        }
    }
    return Ok();
}

constexpr const char* kIssueColumns =
    "id, tag, establishment, prison_number, seal_out, issued_by, issued_at, returned_at, "
    "returned_by, seal_seen, sim_present, condition, outcome, recall_requested_at";

Status ReadIssue(const SqlRow& row, HandsetIssue& i) {
    i.id = row.Int(0);
    i.tag = row.String(1);
    i.establishment = row.String(2);
    i.prison_number = row.String(3);
    i.seal_out = row.String(4);
    i.issued_by = row.String(5);
    WARDEN_ASSIGN_OR_RETURN(i.issued_at, Time(row.Text(6), "issued_at"));
    if (!row.IsNull(7)) {
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(7), "returned_at"));
        i.returned_at = at;
    }
    i.returned_by = row.String(8);
    i.seal_seen = row.String(9);
    i.sim_present = row.Bool(10);
    i.condition = row.String(11);
    i.outcome = row.String(12);
    if (!row.IsNull(13)) {
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(13), "recall_requested_at"));
        i.recall_requested_at = at;
    }
    return Ok();
}

}  // namespace

Status SqlHandsets::Add(const Handset& h) {
    auto added = c_.Exec(
        "INSERT INTO handsets (tag, imei, model, iccid, phone_number, seal, establishment, "
        "home_wing, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {h.tag, h.imei, h.model, h.iccid, h.phone_number, h.seal, h.establishment, h.home_wing,
         domain::HandsetStatusName(h.status), FormatRfc3339(h.updated_at)});
    if (!added.ok()) {
        if (IsUniqueViolation(added.error())) return Error::Conflict(added.error().message);
        return added.error();
    }
    return Ok();
}

namespace {

// Update's statement: its parameters are $1 to $12, or from $N+1 after `first` - 1 others.
std::string UpdateSql(int first) {
    const auto p = [&](int n) { return "$" + std::to_string(first + n - 1); };
    return "UPDATE handsets SET model = " + p(2) + ", phone_number = " + p(3) + ", seal = " + p(4) +
           ", home_wing = " + p(5) + ", status = " + p(6) + ", updated_at = " + p(7) +
           " WHERE tag = " + p(1) + " AND model = " + p(8) + " AND phone_number = " + p(9) +
           " AND seal = " + p(10) + " AND home_wing = " + p(11) + " AND status = " + p(12);
}

void AppendUpdateParams(const Handset& h, const Handset& as_read, SqlParams& params) {
    for (SqlParam& v : SqlParams{h.tag, h.model, h.phone_number, h.seal, h.home_wing,
                                 domain::HandsetStatusName(h.status), FormatRfc3339(h.updated_at),
                                 as_read.model, as_read.phone_number, as_read.seal,
                                 as_read.home_wing, domain::HandsetStatusName(as_read.status)}) {
        params.push_back(std::move(v));
    }
}

// Handsets are never deleted, and the caller read this one in the same transaction: no row
// means another transaction changed it since.
Error ChangedMeanwhile(const Handset& h) {
    return Error::Conflict("Handset " + h.tag +
                           " was changed by someone else meanwhile: look at it again");
}

constexpr const char* kCloseIssueSql =
    "UPDATE handset_issues SET returned_at = $2, returned_by = $3, seal_seen = $4, "
    "sim_present = $5, condition = $6, outcome = $7 WHERE id = $1 AND returned_at IS NULL";

SqlParams CloseIssueParams(const HandsetIssue& i) {
    return {static_cast<std::int64_t>(i.id),
            i.returned_at ? SqlParam(FormatRfc3339(*i.returned_at)) : SqlParam(),
            i.returned_by,
            i.seal_seen,
            i.sim_present,
            i.condition,
            i.outcome};
}

Error NoOpenIssue() { return Error::NotFound("no such open issue"); }

}  // namespace

Status SqlHandsets::Update(const Handset& h, const Handset& as_read) {
    SqlParams params;
    AppendUpdateParams(h, as_read, params);
    static const std::string sql = UpdateSql(1);
    WARDEN_ASSIGN_OR_RETURN(auto n, c_.Exec(sql, params));
    if (n == 0) return ChangedMeanwhile(h);
    return Ok();
}

Result<bool> SqlHandsets::MarkIssued(const std::string& tag, const std::string& seal,
                                     TimePoint now) {
    WARDEN_ASSIGN_OR_RETURN(auto n,
                            c_.Exec("UPDATE handsets SET status = 'ISSUED', updated_at = $3 "
                                    "WHERE tag = $1 AND seal = $2 AND status = 'AVAILABLE'",
                                    {tag, seal, FormatRfc3339(now)}));
    return n == 1;
}

Result<Handset> SqlHandsets::Get(const std::string& tag, const Scope& scope) {
    SqlParams params{tag};
    AppendScopeParams(c_.dialect(), scope, params);
    Handset out;
    Status status = Ok();
    WARDEN_ASSIGN_OR_RETURN(
        bool found, QueryOne(c_,
                             kHandsetSelect + "h.tag = $1 AND " +
                                 ScopeCondition(c_.dialect(), "h.establishment", 2),
                             params, [&](const SqlRow& row) { status = ReadHandset(row, out); }));
    WARDEN_TRY(status);
    if (!found) return Error::NotFound("Handset " + tag + " was not found");
    return out;
}

Result<domain::HandsetWithIssue> SqlHandsets::GetWithOpenIssue(const std::string& tag,
                                                               const Scope& scope) {
    const int issue_at = CountColumns(kHandsetColumns);
    SqlParams params{tag};
    AppendScopeParams(c_.dialect(), scope, params);
    domain::HandsetWithIssue out;
    bool found = false;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kHandsetColumns + ", " +
                            Qualified("i", kIssueColumns) + kHandsetFrom +
                            " WHERE h.tag = $1 AND " +
                            ScopeCondition(c_.dialect(), "h.establishment", 2),
                        params, [&](const SqlRow& row) -> Status {
                            found = true;
                            WARDEN_TRY(ReadHandset(row, out.handset));
                            if (row.IsNull(issue_at)) return Ok();
                            return ReadIssue(OffsetRow(row, issue_at), out.open.emplace());
                        }));
    if (!found) return Error::NotFound("Handset " + tag + " was not found");
    return out;
}

Result<domain::IssueFacts> SqlHandsets::IssueFactsOf(const std::string& tag,
                                                     const std::string& prison_number,
                                                     const Scope& scope) {
    // Each join finds at most one row: a prisoner by number, their one open issue and one active
    // grant (unique indexes), their wing's latest list and their entry on it.
    const Dialect d = c_.dialect();
    const int prisoner_at = CountColumns(kHandsetColumns);
    const int held_at = prisoner_at + CountColumns(kPrisonerColumns);
    const int grant_at = held_at + CountColumns(kIssueColumns);
    const int list_at = grant_at + CountColumns(tmpp::kGrantColumns);
    const int entry_at = list_at + CountColumns(tmpp::kWingListColumns);
    const std::string sql =
        std::string("SELECT ") + kHandsetColumns + ", " + Qualified("p", kPrisonerColumns) + ", " +
        Qualified("o", kIssueColumns) + ", " + Qualified("g", tmpp::kGrantColumns) + ", " +
        Qualified("l", tmpp::kWingListColumns) + ", " +
        Qualified("e", tmpp::kWingListEntryColumns) + kHandsetFrom +
        " LEFT JOIN prisoners p ON p.prison_number = $2 AND " +
        ScopeCondition(d, "p.establishment", 3) +
        " LEFT JOIN handset_issues o ON o.prison_number = $2 AND o.returned_at IS NULL AND " +
        ScopeCondition(d, "o.establishment", 3) +
        " LEFT JOIN tmpp_grants g ON g.prison_number = $2 AND g.active AND " +
        ScopeCondition(d, "g.establishment", 3) +
        " LEFT JOIN tmpp_wing_lists l ON l.establishment = p.establishment AND l.wing = p.wing "
        "AND l.version = (SELECT MAX(m.version) FROM tmpp_wing_lists m "
        "WHERE m.establishment = p.establishment AND m.wing = p.wing)"
        " LEFT JOIN tmpp_wing_list_entries e ON e.establishment = l.establishment "
        "AND e.wing = l.wing AND e.version = l.version AND e.prison_number = $2"
        " WHERE h.tag = $1 AND " +
        ScopeCondition(d, "h.establishment", 3);
    SqlParams params{tag, prison_number};
    AppendScopeParams(d, scope, params);
    domain::IssueFacts out;
    bool found = false;
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        found = true;
        WARDEN_TRY(ReadHandset(row, out.handset));
        if (!row.IsNull(prisoner_at)) {
            WARDEN_TRY(ReadPrisoner(OffsetRow(row, prisoner_at), out.prisoner.emplace()));
        }
        if (!row.IsNull(held_at))
            WARDEN_TRY(ReadIssue(OffsetRow(row, held_at), out.held.emplace()));
        if (!row.IsNull(grant_at)) {
            WARDEN_TRY(tmpp::ReadGrant(OffsetRow(row, grant_at), out.grant.emplace()));
        }
        if (!row.IsNull(list_at)) {
            WARDEN_TRY(tmpp::ReadWingList(OffsetRow(row, list_at), out.wing_list.emplace()));
            if (!row.IsNull(entry_at)) {
                WARDEN_TRY(tmpp::ReadWingListEntry(OffsetRow(row, entry_at),
                                                   out.wing_list->entries.emplace_back()));
            }
        }
        return Ok();
    }));
    if (!found) return Error::NotFound("Handset " + tag + " was not found");
    return out;
}

Result<std::vector<Handset>> SqlHandsets::List(const domain::HandsetQuery& q, const Scope& scope) {
    SqlParams params;
    AppendScopeParams(c_.dialect(), scope, params);
    std::string sql = kHandsetSelect + ScopeCondition(c_.dialect(), "h.establishment", 1);
    if (!q.establishment.empty()) {
        params.emplace_back(q.establishment);
        sql += " AND h.establishment = $" + std::to_string(params.size());
    }
    if (q.status) {
        params.emplace_back(domain::HandsetStatusName(*q.status));
        sql += " AND h.status = $" + std::to_string(params.size());
    }
    if (!q.wing.empty()) {
        params.emplace_back(q.wing);
        sql += " AND h.home_wing = $" + std::to_string(params.size());
    }
    sql += " ORDER BY h.establishment, h.tag";
    std::vector<Handset> out;
    WARDEN_TRY(c_.Query(sql, params,
                        [&](const SqlRow& row) { return ReadHandset(row, out.emplace_back()); }));
    return out;
}

Status SqlHandsets::AddEvent(const HandsetEvent& e) {
    return c_.ExecDeferred(
        "INSERT INTO handset_events (tag, at, by_user, what, detail) VALUES ($1, $2, $3, $4, $5)",
        {e.tag, FormatRfc3339(e.at), e.by, e.what, e.detail});
}

Result<std::vector<HandsetEvent>> SqlHandsets::Timeline(const std::string& tag,
                                                        const Scope& scope) {
    SqlParams params{tag};
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<HandsetEvent> out;
    WARDEN_TRY(
        c_.Query("SELECT e.id, e.tag, e.at, e.by_user, e.what, e.detail FROM handset_events e "
                 "JOIN handsets h ON h.tag = e.tag WHERE e.tag = $1 AND " +
                     ScopeCondition(c_.dialect(), "h.establishment", 2) + " ORDER BY e.id",
                 params, [&](const SqlRow& row) -> Status {
                     HandsetEvent& e = out.emplace_back();
                     e.id = row.Int(0);
                     e.tag = row.String(1);
                     WARDEN_ASSIGN_OR_RETURN(e.at, Time(row.Text(2), "handset event at"));
                     e.by = row.String(3);
                     e.what = row.String(4);
                     e.detail = row.String(5);
                     return Ok();
                 }));
    return out;
}

Result<Id> SqlHandsets::OpenIssue(const HandsetIssue& i) {
    Id id = 0;
    auto inserted = QueryOne(c_,
                             "INSERT INTO handset_issues (tag, establishment, prison_number, "
                             "seal_out, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5, $6) "
                             "RETURNING id",
                             {i.tag, i.establishment, i.prison_number, i.seal_out, i.issued_by,
                              FormatRfc3339(i.issued_at)},
                             [&](const SqlRow& row) { id = row.Int(0); });
    if (!inserted.ok()) {
        if (IsUniqueViolation(inserted.error())) return Error::Conflict(inserted.error().message);
        return inserted.error();
    }
    return id;
}

Result<domain::IssueWrite> SqlHandsets::IssueUnderGrant(Id grant_id, const HandsetIssue& i) {
    domain::IssueWrite out;
    if (c_.dialect() != Dialect::kPostgres) {
        WARDEN_ASSIGN_OR_RETURN(out.granted, SqlGrants(c_).LockActiveGrant(grant_id));
        if (!out.granted) return out;
        WARDEN_ASSIGN_OR_RETURN(bool marked, MarkIssued(i.tag, i.seal_out, i.issued_at));
        if (!marked) return out;
        WARDEN_ASSIGN_OR_RETURN(out.issue_id, OpenIssue(i));
        return out;
    }
    // PostgreSQL: the same three steps in one statement (one round trip and one statement's
    // work instead of three). The grant is locked first: `h` waits for `g` (its uncorrelated
    // EXISTS is a one-time filter evaluated before the handset is read), so the locks come in
    // the order a withdrawal takes them. At READ COMMITTED the grant's FOR UPDATE and the
    // handset's conditional UPDATE see the committed row after any wait, as the separate
    // statements do; a unique open-issue index refuses the INSERT and so the whole statement.
    auto ran =
        QueryOne(c_,
                 "WITH g AS (SELECT id FROM tmpp_grants WHERE id = $7 AND active FOR UPDATE), "
                 "h AS (UPDATE handsets SET status = 'ISSUED', updated_at = $6 WHERE tag = $1 AND "
                 "seal = $4 AND status = 'AVAILABLE' AND EXISTS (SELECT 1 FROM g) RETURNING tag), "
                 "i AS (INSERT INTO handset_issues (tag, establishment, prison_number, seal_out, "
                 "issued_by, issued_at) SELECT $1, $2, $3, $4, $5, $6 FROM h RETURNING id) "
                 "SELECT EXISTS (SELECT 1 FROM g), (SELECT id FROM i)",
                 {i.tag, i.establishment, i.prison_number, i.seal_out, i.issued_by,
                  FormatRfc3339(i.issued_at), static_cast<std::int64_t>(grant_id)},
                 [&](const SqlRow& row) {
                     out.granted = row.Bool(0);
                     if (!row.IsNull(1)) out.issue_id = row.Int(1);
                 });
    if (!ran.ok()) {
        if (IsUniqueViolation(ran.error())) return Error::Conflict(ran.error().message);
        return ran.error();
    }
    return out;
}

Status SqlHandsets::CloseIssue(const HandsetIssue& i) {
    WARDEN_ASSIGN_OR_RETURN(auto n, c_.Exec(kCloseIssueSql, CloseIssueParams(i)));
    if (n == 0) return NoOpenIssue();
    return Ok();
}

Status SqlHandsets::CloseIssueAndUpdate(const HandsetIssue& i, const Handset& h,
                                        const Handset& as_read) {
    if (c_.dialect() != Dialect::kPostgres) {
        WARDEN_TRY(CloseIssue(i));
        return Update(h, as_read);
    }
    // PostgreSQL: both in one statement, in the same order: `u` waits for `c` (a one-time
    // filter), so the issue row is written first and the handset only when the issue was open.
    SqlParams params = CloseIssueParams(i);
    AppendUpdateParams(h, as_read, params);
    static const std::string sql = std::string("WITH c AS (") + kCloseIssueSql +
                                   " RETURNING id), u AS (" + UpdateSql(8) +
                                   " AND EXISTS (SELECT 1 FROM c) RETURNING tag) "
                                   "SELECT EXISTS (SELECT 1 FROM c), EXISTS (SELECT 1 FROM u)";
    bool closed = false;
    bool updated = false;
    WARDEN_TRY(QueryOne(c_, sql, params, [&](const SqlRow& row) {
        closed = row.Bool(0);
        updated = row.Bool(1);
    }));
    if (!closed) return NoOpenIssue();
    if (!updated) return ChangedMeanwhile(h);
    return Ok();
}

Result<bool> SqlHandsets::RequestRecall(Id issue_id, TimePoint at) {
    // The row's own condition decides, so that of two concurrent requests exactly one flags it.
    WARDEN_ASSIGN_OR_RETURN(
        auto n, c_.Exec("UPDATE handset_issues SET recall_requested_at = $2 WHERE id = $1 AND "
                        "returned_at IS NULL AND recall_requested_at IS NULL",
                        {static_cast<std::int64_t>(issue_id), FormatRfc3339(at)}));
    return n > 0;
}

Result<std::optional<HandsetIssue>> SqlHandsets::OpenIssueWhere(const std::string& column,
                                                                const std::string& value,
                                                                const Scope& scope) {
    SqlParams params{value};
    AppendScopeParams(c_.dialect(), scope, params);
    std::optional<HandsetIssue> out;
    Status status = Ok();
    WARDEN_TRY(QueryOne(
        c_,
        std::string("SELECT ") + kIssueColumns + " FROM handset_issues WHERE " + column +
            " = $1 AND returned_at IS NULL AND " + ScopeCondition(c_.dialect(), "establishment", 2),
        params, [&](const SqlRow& row) { status = ReadIssue(row, out.emplace()); }));
    WARDEN_TRY(status);
    return out;
}

Result<std::optional<HandsetIssue>> SqlHandsets::OpenIssueOfPrisoner(
    const std::string& prison_number, const Scope& scope) {
    return OpenIssueWhere("prison_number", prison_number, scope);
}

Result<int> SqlHandsets::OverdueMinutes(const std::string& establishment, const Scope& scope) {
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    int out = domain::kDefaultOverdueMinutes;
    WARDEN_TRY(QueryOne(c_,
                        "SELECT overdue_minutes FROM handset_settings WHERE establishment = $1 "
                        "AND " +
                            ScopeCondition(c_.dialect(), "establishment", 2),
                        params, [&](const SqlRow& row) { out = static_cast<int>(row.Int(0)); }));
    return out;
}

Status SqlHandsets::SetOverdueMinutes(const std::string& establishment, int minutes) {
    WARDEN_TRY(c_.Exec(
        "INSERT INTO handset_settings (establishment, overdue_minutes) VALUES ($1, $2) "
        "ON CONFLICT (establishment) DO UPDATE SET overdue_minutes = excluded.overdue_minutes",
        {establishment, minutes}));
    return Ok();
}

}  // namespace warden::storage
