// TMPP incident reports over SqlConnection. Every read puts the caller's Scope into its WHERE
// clause on the incident's establishment; NextNumber is one upsert on the (establishment, year)
// counter row, whose lock serialises concurrent incidents of one establishment on PostgreSQL.

#include "storage/tmpp/sql_incidents.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::Incident;
using domain::IncidentEvent;
using domain::Scope;
using tmpp::IsUniqueViolation;
using tmpp::Time;

namespace {

constexpr const char* kIncidentColumns =
    "id, reference, establishment, wing, type, status, handset, prisoners, occurred_at, "
    "discovered_at, reporter, description, local_ir_number, evidence, created_at, reported_at, "
    "updated_at, riu_notified_at, closed_at, outcome, no_prisoner_reason";

SqlParam OptionalTime(const std::optional<TimePoint>& t) {
    return t ? SqlParam(FormatRfc3339(*t)) : SqlParam();
}

Status ReadIncident(const SqlRow& row, Incident& i) {
    i.id = row.Int(0);
    i.reference = row.String(1);
    i.establishment = row.String(2);
    i.wing = row.String(3);
    auto type = domain::ParseIncidentType(row.Text(4));
    auto status = domain::ParseIncidentStatus(row.Text(5));
    if (!type || !status) return Error::Internal("bad incident type or status in the database");
    i.type = *type;
    i.status = *status;
    i.handset = row.String(6);
    const std::string prisoners = row.String(7);
    i.prisoners.clear();
    if (!prisoners.empty()) i.prisoners = Split(prisoners, ',');
    if (!row.IsNull(8)) {
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(8), "incident occurred_at"));
        i.occurred_at = at;
    }
    WARDEN_ASSIGN_OR_RETURN(i.discovered_at, Time(row.Text(9), "incident discovered_at"));
    i.reporter = row.String(10);
    i.description = row.String(11);
    i.local_ir_number = row.String(12);
    i.evidence = row.String(13);
    WARDEN_ASSIGN_OR_RETURN(i.created_at, Time(row.Text(14), "incident created_at"));
    if (!row.IsNull(15)) {
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(15), "incident reported_at"));
        i.reported_at = at;
    }
    WARDEN_ASSIGN_OR_RETURN(i.updated_at, Time(row.Text(16), "incident updated_at"));
    if (!row.IsNull(17)) {
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(17), "incident riu_notified_at"));
        i.riu_notified_at = at;
    }
    if (!row.IsNull(18)) {
        WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(18), "incident closed_at"));
        i.closed_at = at;
    }
    i.outcome = row.String(19);
    i.no_prisoner_reason = row.String(20);
    return Ok();
}

// Replaces the incident's rows of incident_prisoners with `i.prisoners` (migration 0020).
Status PutPrisoners(SqlConnection& c, const Incident& i) {
    WARDEN_TRY(c.Exec("DELETE FROM incident_prisoners WHERE incident_id = $1",
                      {static_cast<std::int64_t>(i.id)}));
    std::vector<std::string> seen;
    for (const auto& number : i.prisoners) {
        if (std::find(seen.begin(), seen.end(), number) != seen.end()) continue;
        seen.push_back(number);
        WARDEN_TRY(
            c.Exec("INSERT INTO incident_prisoners (incident_id, prison_number) "
                   "VALUES ($1, $2)",
                   {static_cast<std::int64_t>(i.id), number}));
    }
    return Ok();
}

// The incident (a row of `incidents`) waits for placing on report past $n (discovered before).
std::string ReportOverdueCondition(const std::string& n) {
    return "(type IN ('SEAL_TAMPERED', 'SIM_TAMPERED', 'MISUSE', 'NON_COMPLIANCE') AND status "
           "IN ('REPORTED', 'RIU_NOTIFIED') AND no_prisoner_reason = '' AND discovered_at < " +
           n +
           " AND EXISTS (SELECT 1 FROM incident_prisoners ip WHERE ip.incident_id = incidents.id "
           "AND NOT EXISTS (SELECT 1 FROM incident_sanctions s WHERE s.incident_id = "
           "ip.incident_id AND s.prison_number = ip.prison_number AND s.kind = "
           "'PLACED_ON_REPORT')))";
}

}  // namespace

Result<int> SqlIncidents::NextNumber(const std::string& establishment, int year) {
    int out = 0;
    WARDEN_ASSIGN_OR_RETURN(
        bool found, QueryOne(c_,
                             "INSERT INTO incident_numbers (establishment, year, last_number) "
                             "VALUES ($1, $2, 1) ON CONFLICT (establishment, year) DO UPDATE "
                             "SET last_number = incident_numbers.last_number + 1 "
                             "RETURNING last_number",
                             {establishment, year},
                             [&](const SqlRow& row) { out = static_cast<int>(row.Int(0)); }));
    if (!found) return Error::Internal("the incident counter returned no row");
    return out;
}

Result<Id> SqlIncidents::Add(const Incident& i) {
    Id id = 0;
    auto inserted = QueryOne(
        c_,
        "INSERT INTO incidents (reference, establishment, wing, type, status, handset, prisoners, "
        "occurred_at, discovered_at, reporter, description, local_ir_number, evidence, "
        "created_at, reported_at, updated_at, riu_notified_at, closed_at, outcome, "
        "no_prisoner_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18, $19, $20) RETURNING id",
        {i.reference,
         i.establishment,
         i.wing,
         domain::IncidentTypeName(i.type),
         domain::IncidentStatusName(i.status),
         i.handset,
         Join(i.prisoners, ","),
         OptionalTime(i.occurred_at),
         FormatRfc3339(i.discovered_at),
         i.reporter,
         i.description,
         i.local_ir_number,
         i.evidence,
         FormatRfc3339(i.created_at),
         OptionalTime(i.reported_at),
         FormatRfc3339(i.updated_at),
         OptionalTime(i.riu_notified_at),
         OptionalTime(i.closed_at),
         i.outcome,
         i.no_prisoner_reason},
        [&](const SqlRow& row) { id = row.Int(0); });
    if (!inserted.ok()) {
        if (IsUniqueViolation(inserted.error())) {
            return Error::Conflict("Incident " + i.reference + " already exists");
        }
        return inserted.error();
    }
    Incident stored = i;
    stored.id = id;
    WARDEN_TRY(PutPrisoners(c_, stored));
    return id;
}

Status SqlIncidents::Update(const Incident& i, domain::IncidentStatus was) {
    WARDEN_ASSIGN_OR_RETURN(
        auto n,
        c_.Exec("UPDATE incidents SET status = $2, wing = $3, handset = $4, prisoners = $5, "
                "occurred_at = $6, discovered_at = $7, description = $8, local_ir_number = $9, "
                "reported_at = $10, updated_at = $11, riu_notified_at = $12, closed_at = $13, "
                "outcome = $14, no_prisoner_reason = $15 WHERE id = $1 AND status = $16",
                {static_cast<std::int64_t>(i.id), domain::IncidentStatusName(i.status), i.wing,
                 i.handset, Join(i.prisoners, ","), OptionalTime(i.occurred_at),
                 FormatRfc3339(i.discovered_at), i.description, i.local_ir_number,
                 OptionalTime(i.reported_at), FormatRfc3339(i.updated_at),
                 OptionalTime(i.riu_notified_at), OptionalTime(i.closed_at), i.outcome,
                 i.no_prisoner_reason, domain::IncidentStatusName(was)}));
    // Incidents are never deleted, and the caller read this one in the same transaction: no
    // row means another transaction moved it on since.
    if (n == 0) {
        return Error::Conflict("Incident " + i.reference +
                               " was changed by someone else meanwhile: look at it again");
    }
    return PutPrisoners(c_, i);
}

Result<std::vector<Incident>> SqlIncidents::List(const domain::IncidentFilter& f,
                                                 const Scope& scope) {
    SqlParams params;
    AppendScopeParams(c_.dialect(), scope, params);
    std::string sql = std::string("SELECT ") + kIncidentColumns + " FROM incidents WHERE " +
                      ScopeCondition(c_.dialect(), "establishment", 1);
    auto next = [&params] { return "$" + std::to_string(params.size()); };
    if (!f.establishment.empty()) {
        params.emplace_back(f.establishment);
        sql += " AND establishment = " + next();
    }
    if (f.status) {
        params.emplace_back(domain::IncidentStatusName(*f.status));
        sql += " AND status = " + next();
    }
    if (f.type) {
        params.emplace_back(domain::IncidentTypeName(*f.type));
        sql += " AND type = " + next();
    }
    if (f.riu_overdue) {
        // RFC 3339 UTC text of one fixed shape compares in time order.
        params.emplace_back(FormatRfc3339(f.riu_due_before));
        std::string overdue =
            "(status = 'REPORTED' AND reported_at IS NOT NULL AND reported_at < " + next() + ")";
        if (f.report_due_before != TimePoint{}) {
            params.emplace_back(FormatRfc3339(f.report_due_before));
            overdue = "(" + overdue + " OR " + ReportOverdueCondition(next()) + ")";
        }
        sql += *f.riu_overdue ? " AND " + overdue : " AND NOT " + overdue;
    }
    if (f.before_id != 0) {
        params.emplace_back(static_cast<std::int64_t>(f.before_id));
        sql += " AND id < " + next();
    }
    params.emplace_back(static_cast<std::int64_t>(f.limit));
    sql += " ORDER BY id DESC LIMIT " + next();
    std::vector<Incident> out;
    WARDEN_TRY(c_.Query(sql, params,
                        [&](const SqlRow& row) { return ReadIncident(row, out.emplace_back()); }));
    return out;
}

Result<Incident> SqlIncidents::Get(const std::string& reference, const Scope& scope) {
    SqlParams params{reference};
    AppendScopeParams(c_.dialect(), scope, params);
    Incident out;
    Status status = Ok();
    WARDEN_ASSIGN_OR_RETURN(
        bool found, QueryOne(c_,
                             std::string("SELECT ") + kIncidentColumns +
                                 " FROM incidents WHERE reference = $1 AND " +
                                 ScopeCondition(c_.dialect(), "establishment", 2),
                             params, [&](const SqlRow& row) { status = ReadIncident(row, out); }));
    WARDEN_TRY(status);
    if (!found) return Error::NotFound("Incident " + reference + " was not found");
    return out;
}

Result<Id> SqlIncidents::AddEvent(const IncidentEvent& e) {
    Id id = 0;
    WARDEN_TRY(QueryOne(
        c_,
        "INSERT INTO incident_events (incident_id, at, by_user, what, detail, "
        "outbox_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {static_cast<std::int64_t>(e.incident_id), FormatRfc3339(e.at), e.by, e.what, e.detail,
         e.outbox_id ? SqlParam(static_cast<std::int64_t>(e.outbox_id)) : SqlParam()},
        [&](const SqlRow& row) { id = row.Int(0); }));
    return id;
}

Result<std::vector<IncidentEvent>> SqlIncidents::Timeline(Id incident_id, const Scope& scope) {
    SqlParams params{static_cast<std::int64_t>(incident_id)};
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<IncidentEvent> out;
    WARDEN_TRY(c_.Query(
        "SELECT e.id, e.incident_id, e.at, e.by_user, e.what, e.detail, e.outbox_id "
        "FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE e.incident_id = $1 "
        "AND " +
            ScopeCondition(c_.dialect(), "i.establishment", 2) + " ORDER BY e.id",
        params, [&](const SqlRow& row) -> Status {
            IncidentEvent& e = out.emplace_back();
            e.id = row.Int(0);
            e.incident_id = row.Int(1);
            WARDEN_ASSIGN_OR_RETURN(e.at, Time(row.Text(2), "incident event at"));
            e.by = row.String(3);
            e.what = row.String(4);
            e.detail = row.String(5);
            e.outbox_id = row.IsNull(6) ? 0 : row.Int(6);
            return Ok();
        }));
    return out;
}

Result<Id> SqlIncidents::AddSanction(const domain::Sanction& x) {
    Id id = 0;
    auto inserted = QueryOne(
        c_,
        "INSERT INTO incident_sanctions (incident_id, prison_number, kind, reference, "
        "description, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {static_cast<std::int64_t>(x.incident_id), x.prison_number,
         domain::SanctionKindName(x.kind), x.reference, x.description, x.recorded_by,
         FormatRfc3339(x.recorded_at)},
        [&](const SqlRow& row) { id = row.Int(0); });
    if (!inserted.ok()) {
        if (IsUniqueViolation(inserted.error())) {
            return Error::Conflict(x.prison_number + " already has a " +
                                   std::string(domain::SanctionKindName(x.kind)) +
                                   " sanction for this incident");
        }
        return inserted.error();
    }
    return id;
}

Result<std::vector<domain::Sanction>> SqlIncidents::Sanctions(const std::vector<Id>& incident_ids,
                                                              const Scope& scope) {
    std::vector<domain::Sanction> out;
    if (incident_ids.empty()) return out;
    SqlParams params;
    AppendScopeParams(c_.dialect(), scope, params);
    std::string in;
    for (Id id : incident_ids) {
        params.emplace_back(static_cast<std::int64_t>(id));
        in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    WARDEN_TRY(c_.Query(
        "SELECT s.id, s.incident_id, s.prison_number, s.kind, s.reference, s.description, "
        "s.recorded_by, s.recorded_at FROM incident_sanctions s JOIN incidents i ON i.id = "
        "s.incident_id WHERE " +
            ScopeCondition(c_.dialect(), "i.establishment", 1) + " AND s.incident_id IN (" + in +
            ") ORDER BY s.id",
        params, [&](const SqlRow& row) -> Status {
            domain::Sanction& x = out.emplace_back();
            x.id = row.Int(0);
            x.incident_id = row.Int(1);
            x.prison_number = row.String(2);
            auto kind = domain::ParseSanctionKind(row.Text(3));
            if (!kind) return Error::Internal("bad sanction kind in the database");
            x.kind = *kind;
            x.reference = row.String(4);
            x.description = row.String(5);
            x.recorded_by = row.String(6);
            WARDEN_ASSIGN_OR_RETURN(x.recorded_at, Time(row.Text(7), "sanction recorded_at"));
            return Ok();
        }));
    return out;
}

Result<std::vector<domain::TamperingFact>> SqlIncidents::TamperingFacts(const Scope& prisoners) {
    SqlParams params;
    AppendScopeParams(c_.dialect(), prisoners, params);
    std::vector<domain::TamperingFact> out;
    WARDEN_TRY(c_.Query(
        "SELECT ip.prison_number, i.reference FROM incident_prisoners ip JOIN incidents i ON "
        "i.id = ip.incident_id JOIN prisoners p ON p.prison_number = ip.prison_number WHERE "
        "i.type IN ('SEAL_TAMPERED', 'SIM_TAMPERED') AND i.status IN ('REPORTED', "
        "'RIU_NOTIFIED', 'CLOSED') AND " +
            ScopeCondition(c_.dialect(), "p.establishment", 1) +
            " ORDER BY ip.prison_number, i.reference",
        params, [&](const SqlRow& row) -> Status {
            out.push_back({row.String(0), row.String(1)});
            return Ok();
        }));
    return out;
}

}  // namespace warden::storage
