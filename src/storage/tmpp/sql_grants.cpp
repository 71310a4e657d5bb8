// The TMPP compact, grant and wing-list repositories over SqlConnection (one SQL text for both
// databases; the caller's Scope in each read).

#include "core/strings.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::CompactSignature;
using domain::CompactVersion;
using domain::Grant;
using domain::WingList;
using tmpp::BandText;
using tmpp::GrantParams;
using tmpp::IsUniqueViolation;
using tmpp::kGrantColumns;
using tmpp::kWingListColumns;
using tmpp::kWingListEntryColumns;
using tmpp::ReadGrant;
using tmpp::ReadWingList;
using tmpp::ReadWingListEntry;
using tmpp::Time;

// ---- compacts ----

Status SqlCompacts::AddCompactVersion(const CompactVersion& v) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("INSERT INTO tmpp_compact_versions (establishment, version, text, "
                "requires_resign, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
                "ON CONFLICT (establishment, version) DO NOTHING",
                {v.establishment, v.version, v.text, v.requires_resign, v.created_by,
                 FormatRfc3339(v.created_at)}));
    if (n == 0) return Error::Conflict("compact version exists");
    return Ok();
}

Result<std::vector<CompactVersion>> SqlCompacts::CompactVersions(const std::string& establishment,
                                                                 const domain::Scope& scope) {
    std::vector<CompactVersion> out;
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query("SELECT establishment, version, text, requires_resign, created_by, created_at "
                 "FROM tmpp_compact_versions WHERE establishment = $1 AND " +
                     ScopeCondition(c_.dialect(), "establishment", 2) + " ORDER BY version",
                 params, [&](const SqlRow& row) -> Status {
                     CompactVersion& v = out.emplace_back();
                     v.establishment = row.String(0);
                     v.version = static_cast<int>(row.Int(1));
                     v.text = row.String(2);
                     v.requires_resign = row.Bool(3);
                     v.created_by = row.String(4);
                     WARDEN_ASSIGN_OR_RETURN(v.created_at, Time(row.Text(5), "created_at"));
                     return Ok();
                 }));
    return out;
}

Result<Id> SqlCompacts::AddSignature(const CompactSignature& s) {
    Id id = 0;
    WARDEN_TRY(QueryOne(c_,
                        "INSERT INTO tmpp_compact_signatures (prison_number, establishment, "
                        "version, signed_on, witnessed_by, recorded_by, recorded_at) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        {s.prison_number, s.establishment, s.version, s.signed_on, s.witnessed_by,
                         s.recorded_by, FormatRfc3339(s.recorded_at)},
                        [&](const SqlRow& row) { id = row.Int(0); }));
    return id;
}

Result<std::vector<CompactSignature>> SqlCompacts::SignaturesOf(const std::string& prison_number,
                                                                const domain::Scope& scope) {
    std::vector<CompactSignature> out;
    SqlParams params{prison_number};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query("SELECT id, prison_number, establishment, version, signed_on, witnessed_by, "
                 "recorded_by, recorded_at FROM tmpp_compact_signatures WHERE prison_number = $1 "
                 "AND " +
                     ScopeCondition(c_.dialect(), "tmpp_compact_signatures.establishment", 2) +
                     " ORDER BY id",
                 params, [&](const SqlRow& row) -> Status {
                     CompactSignature& s = out.emplace_back();
                     s.id = row.Int(0);
                     s.prison_number = row.String(1);
                     s.establishment = row.String(2);
                     s.version = static_cast<int>(row.Int(3));
                     s.signed_on = row.String(4);
                     s.witnessed_by = row.String(5);
                     s.recorded_by = row.String(6);
                     WARDEN_ASSIGN_OR_RETURN(s.recorded_at, Time(row.Text(7), "recorded_at"));
                     return Ok();
                 }));
    return out;
}

// ---- grants ----

Result<Id> SqlGrants::AddGrant(const Grant& g) {
    Id id = 0;
    auto status = QueryOne(
        c_,
        "INSERT INTO tmpp_grants (prison_number, establishment, phase, band, conditions, "
        "review_on, granted_by, granted_at, active, needs_review, review_reason, ended_at, "
        "ended_by, withdrawn, end_reason, incident_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        GrantParams(g), [&](const SqlRow& row) { id = row.Int(0); });
    if (!status.ok()) {
        if (IsUniqueViolation(status.error())) {
            return Error::Conflict("the prisoner already has an active grant");
        }
        return status.error();
    }
    return id;
}

Status SqlGrants::UpdateGrant(const Grant& g) {
    SqlParams params = GrantParams(g);
    params.emplace_back(static_cast<std::int64_t>(g.id));
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE tmpp_grants SET prison_number = $1, establishment = $2, phase = $3, "
                "band = $4, conditions = $5, review_on = $6, granted_by = $7, granted_at = $8, "
                "active = $9, needs_review = $10, review_reason = $11, ended_at = $12, "
                "ended_by = $13, withdrawn = $14, end_reason = $15, incident_ref = $16 "
                "WHERE id = $17",
                params));
    if (n == 0) return Error::NotFound("no such grant");
    return Ok();
}

Result<bool> SqlGrants::LockActiveGrant(Id id) {
    // At READ COMMITTED, FOR UPDATE waits for a writer holding the row and then reads its
    // committed version, so a grant ended meanwhile is not active here.
    return QueryOne(c_,
                    std::string("SELECT 1 FROM tmpp_grants WHERE id = $1 AND active") +
                        (c_.dialect() == Dialect::kPostgres ? " FOR UPDATE" : ""),
                    {static_cast<std::int64_t>(id)}, [](const SqlRow&) {});
}

namespace {

// The grants `where` selects; `params` start with the caller's, then the scope's two.
Result<std::vector<Grant>> GrantsWhere(SqlConnection& c, const std::string& where, SqlParams params,
                                       const domain::Scope& scope) {
    AppendScopeParams(c.dialect(), scope, params);
    std::vector<Grant> out;
    WARDEN_TRY(c.Query(std::string("SELECT ") + kGrantColumns + " FROM tmpp_grants " + where,
                       params,
                       [&](const SqlRow& row) { return ReadGrant(row, out.emplace_back()); }));
    return out;
}

}  // namespace

Result<std::optional<Grant>> SqlGrants::ActiveGrant(const std::string& prison_number,
                                                    const domain::Scope& scope) {
    WARDEN_ASSIGN_OR_RETURN(
        auto grants, GrantsWhere(c_,
                                 "WHERE prison_number = $1 AND active AND " +
                                     ScopeCondition(c_.dialect(), "tmpp_grants.establishment", 2),
                                 {prison_number}, scope));
    if (grants.empty()) return std::optional<Grant>();
    return std::optional<Grant>(std::move(grants.front()));
}

Result<std::vector<Grant>> SqlGrants::ActiveGrantsAt(const std::string& establishment,
                                                     const domain::Scope& scope) {
    return GrantsWhere(c_,
                       "WHERE establishment = $1 AND active AND " +
                           ScopeCondition(c_.dialect(), "establishment", 2) +
                           " ORDER BY prison_number",
                       {establishment}, scope);
}

Result<std::vector<Grant>> SqlGrants::EndedSince(const std::string& establishment,
                                                 const std::string& wing, TimePoint since,
                                                 const domain::Scope& scope) {
    // Whether the grant's prisoner is on a list of the wing is a subquery per grant, a lookup in
    // migration 0027's index, not EXISTS: planned from statistics that predated the wing's list
    // entries, PostgreSQL made that a semi-join that read every entry of the wing for each grant
    // (docs/performance.md).
    const std::string columns = Qualified("g", kGrantColumns);
    SqlParams params{establishment, wing, FormatRfc3339(since)};
    AppendScopeParams(c_.dialect(), scope, params);
    std::vector<Grant> out;
    WARDEN_TRY(c_.Query(
        "SELECT " + columns +
            " FROM tmpp_grants AS g WHERE g.establishment = $1 AND NOT g.active "
            "AND g.ended_at >= $3 AND (SELECT 1 FROM tmpp_wing_list_entries AS e "
            "WHERE e.establishment = g.establishment AND e.wing = $2 "
            "AND e.prison_number = g.prison_number LIMIT 1) IS NOT NULL AND " +
            ScopeCondition(c_.dialect(), "g.establishment", 4) + " ORDER BY g.ended_at, g.id",
        params, [&](const SqlRow& row) { return ReadGrant(row, out.emplace_back()); }));
    return out;
}

// ---- wing lists ----

Result<std::optional<WingList>> SqlWingLists::LatestWingList(const std::string& establishment,
                                                             const std::string& wing,
                                                             const domain::Scope& scope) {
    std::optional<WingList> out;
    Status status = Ok();
    SqlParams params{establishment, wing};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(QueryOne(
        c_,
        std::string("SELECT ") + kWingListColumns +
            " FROM tmpp_wing_lists WHERE establishment = $1 AND wing = $2 AND " +
            ScopeCondition(c_.dialect(), "establishment", 3) + " ORDER BY version DESC LIMIT 1",
        params, [&](const SqlRow& row) { status = ReadWingList(row, out.emplace()); }));
    WARDEN_TRY(status);
    if (!out) return out;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kWingListEntryColumns +
                            " FROM tmpp_wing_list_entries WHERE establishment = $1 AND wing = $2 "
                            "AND version = $3 ORDER BY prison_number",
                        {establishment, wing, out->version}, [&](const SqlRow& row) {
                            return ReadWingListEntry(row, out->entries.emplace_back());
                        }));
    return out;
}

Status SqlWingLists::AddWingList(const WingList& l) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("INSERT INTO tmpp_wing_lists (establishment, wing, version, published_by, "
                "published_at, added, removed) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                "ON CONFLICT (establishment, wing, version) DO NOTHING",
                {l.establishment, l.wing, l.version, l.published_by, FormatRfc3339(l.published_at),
                 domain::JoinList(l.added), domain::JoinList(l.removed)}));
    if (n == 0) return Error::Conflict("wing list version exists");
    for (const auto& e : l.entries) {
        WARDEN_TRY(c_.Exec(
            "INSERT INTO tmpp_wing_list_entries (establishment, wing, version, prison_number, "
            "first_name, last_name, cell, band, conditions, review_on) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {l.establishment, l.wing, l.version, e.prison_number, e.first_name, e.last_name, e.cell,
             BandText(e.band), domain::JoinList(e.conditions), e.review_on}));
    }
    return Ok();
}

}  // namespace warden::storage
