// The TMPP access repository over SqlConnection, part 1: the access state and timeline, needs,
// the Security queue, compacts, grants and wing lists (one SQL text for both databases).

#include <algorithm>

#include "core/strings.hpp"
#include "storage/copy_text.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::AccessEvent;
using domain::AccessRecord;
using domain::CompactSignature;
using domain::CompactVersion;
using domain::Grant;
using domain::Need;
using domain::WingList;
using domain::WingListEntry;
using tmpp::Band;
using tmpp::BandText;
using tmpp::GrantParams;
using tmpp::IsUniqueViolation;
using tmpp::kAccessColumns;
using tmpp::kDecisionColumns;
using tmpp::kGrantColumns;
using tmpp::ReadAccess;
using tmpp::ReadDecision;
using tmpp::ReadGrant;
using tmpp::ReadRecommendation;
using tmpp::Time;

// ---- access and timeline ----

Result<AccessRecord> SqlTmpp::GetAccess(const std::string& prison_number) {
    AccessRecord out;
    out.prison_number = prison_number;
    Status status = Ok();
    WARDEN_TRY(QueryOne(
        c_, std::string("SELECT ") + kAccessColumns + " FROM tmpp_access WHERE prison_number = $1",
        {prison_number}, [&](const SqlRow& row) { status = ReadAccess(row, out); }));
    WARDEN_TRY(status);
    return out;
}

Status SqlTmpp::PutAccess(const AccessRecord& a) {
    WARDEN_TRY(c_.Exec(
        "INSERT INTO tmpp_access (prison_number, establishment, state, updated_at, ended_need_id) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (prison_number) DO UPDATE SET "
        "establishment = excluded.establishment, state = excluded.state, "
        "updated_at = excluded.updated_at, ended_need_id = excluded.ended_need_id",
        {a.prison_number, a.establishment, domain::AccessStateName(a.state),
         FormatRfc3339(a.updated_at), static_cast<std::int64_t>(a.ended_need_id)}));
    return Ok();
}

Result<std::vector<AccessRecord>> SqlTmpp::OpenAccessAt(const std::string& establishment) {
    std::vector<AccessRecord> out;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kAccessColumns +
                            " FROM tmpp_access WHERE establishment = $1 AND state <> 'NONE' "
                            "AND state <> 'ENDED' ORDER BY prison_number",
                        {establishment},
                        [&](const SqlRow& row) { return ReadAccess(row, out.emplace_back()); }));
    return out;
}

Status SqlTmpp::AddEvent(const AccessEvent& e) {
    WARDEN_TRY(
        c_.Exec("INSERT INTO tmpp_events (prison_number, at, by_user, what, why) "
                "VALUES ($1, $2, $3, $4, $5)",
                {e.prison_number, FormatRfc3339(e.at), e.by, e.what, e.why}));
    return Ok();
}

Result<std::vector<AccessEvent>> SqlTmpp::Timeline(const std::string& prison_number) {
    std::vector<AccessEvent> out;
    WARDEN_TRY(
        c_.Query("SELECT id, prison_number, at, by_user, what, why FROM tmpp_events "
                 "WHERE prison_number = $1 ORDER BY id",
                 {prison_number}, [&](const SqlRow& row) -> Status {
                     AccessEvent& e = out.emplace_back();
                     e.id = row.Int(0);
                     e.prison_number = row.String(1);
                     WARDEN_ASSIGN_OR_RETURN(e.at, Time(row.Text(2), "at"));
                     e.by = row.String(3);
                     e.what = row.String(4);
                     e.why = row.String(5);
                     return Ok();
                 }));
    return out;
}

// ---- needs ----

Result<Id> SqlTmpp::AddNeed(const Need& n) {
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

Result<std::vector<Need>> SqlTmpp::NeedsOf(const std::string& prison_number) {
    std::vector<Need> out;
    WARDEN_TRY(
        c_.Query("SELECT id, prison_number, establishment, kind, detail, recorded_by, recorded_at "
                 "FROM tmpp_needs WHERE prison_number = $1 ORDER BY id",
                 {prison_number}, [&](const SqlRow& row) -> Status {
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

// A row seen from column `offset` on, so that a reader of one table's columns reads them out of
// a join.
class OffsetRow final : public SqlRow {
  public:
    OffsetRow(const SqlRow& row, int offset) : row_(row), offset_(offset) {}
    bool IsNull(int col) const override { return row_.IsNull(col + offset_); }
    std::string_view Text(int col) const override { return row_.Text(col + offset_); }
    std::int64_t Int(int col) const override { return row_.Int(col + offset_); }
    bool Bool(int col) const override { return row_.Bool(col + offset_); }

  private:
    const SqlRow& row_;
    int offset_;
};

// "a.x, a.y, ..." for `columns` "x, y, ...".
std::string Qualified(const char* alias, std::string_view columns) {
    std::string out;
    for (const auto& c : Split(columns, ',')) {
        if (!out.empty()) out += ", ";
        out += std::string(alias) + "." + std::string(Trim(c));
    }
    return out;
}

int CountColumns(std::string_view columns) {
    return static_cast<int>(std::count(columns.begin(), columns.end(), ',')) + 1;
}

}  // namespace

Result<std::vector<domain::TmppQueueEntry>> SqlTmpp::QueueAt(const std::string& establishment) {
    // Recommendation columns without the fired rules (the queue shows score, band and version).
    constexpr const char* kRecColumns =
        "id, prison_number, establishment, assessed_at, assessed_by, rules_version, score, band";
    const int prisoner_at = 0;
    const int access_at = prisoner_at + CountColumns(kPrisonerColumns);
    const int needs_at = access_at + 2;
    const int rec_at = needs_at + 1;
    const int decision_at = rec_at + CountColumns(kRecColumns) + 1;
    const int grant_at = decision_at + CountColumns(kDecisionColumns);
    const std::string needs_agg = c_.dialect() == Dialect::kPostgres
                                      ? "string_agg(n.kind, ',' ORDER BY n.id)"
                                      : "group_concat(n.kind, ',')";
    const std::string sql =
        "SELECT " + Qualified("p", kPrisonerColumns) + ", a.state, a.ended_need_id, (SELECT " +
        needs_agg +
        " FROM tmpp_needs AS n WHERE n.prison_number = p.prison_number AND n.id > "
        "COALESCE(a.ended_need_id, 0)), " +
        Qualified("r", kRecColumns) + ", '', " + Qualified("d", kDecisionColumns) + ", " +
        Qualified("g", kGrantColumns) +
        " FROM prisoners AS p"
        " LEFT JOIN tmpp_access AS a ON a.prison_number = p.prison_number"
        " LEFT JOIN tmpp_recommendations AS r ON r.id = (SELECT MAX(r2.id) FROM "
        "tmpp_recommendations AS r2 WHERE r2.prison_number = p.prison_number)"
        " LEFT JOIN tmpp_decisions AS d ON d.prison_number = p.prison_number"
        " LEFT JOIN tmpp_grants AS g ON g.prison_number = p.prison_number AND g.active"
        " WHERE p.establishment = $1 AND NOT p.gone ORDER BY p.prison_number";
    std::vector<domain::TmppQueueEntry> out;
    WARDEN_TRY(c_.Query(sql, {establishment}, [&](const SqlRow& row) -> Status {
        domain::TmppQueueEntry& e = out.emplace_back();
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
    }));
    return out;
}

// ---- compacts ----

Status SqlTmpp::AddCompactVersion(const CompactVersion& v) {
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

Result<std::vector<CompactVersion>> SqlTmpp::CompactVersions(const std::string& establishment) {
    std::vector<CompactVersion> out;
    WARDEN_TRY(
        c_.Query("SELECT establishment, version, text, requires_resign, created_by, created_at "
                 "FROM tmpp_compact_versions WHERE establishment = $1 ORDER BY version",
                 {establishment}, [&](const SqlRow& row) -> Status {
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

Result<Id> SqlTmpp::AddSignature(const CompactSignature& s) {
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

Result<std::vector<CompactSignature>> SqlTmpp::SignaturesOf(const std::string& prison_number) {
    std::vector<CompactSignature> out;
    WARDEN_TRY(
        c_.Query("SELECT id, prison_number, establishment, version, signed_on, witnessed_by, "
                 "recorded_by, recorded_at FROM tmpp_compact_signatures WHERE prison_number = $1 "
                 "ORDER BY id",
                 {prison_number}, [&](const SqlRow& row) -> Status {
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

Result<Id> SqlTmpp::AddGrant(const Grant& g) {
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

Status SqlTmpp::UpdateGrant(const Grant& g) {
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

Result<std::vector<Grant>> SqlTmpp::GrantsWhere(const std::string& where, const SqlParams& params) {
    std::vector<Grant> out;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kGrantColumns + " FROM tmpp_grants " + where,
                        params,
                        [&](const SqlRow& row) { return ReadGrant(row, out.emplace_back()); }));
    return out;
}

Result<std::optional<Grant>> SqlTmpp::ActiveGrant(const std::string& prison_number) {
    WARDEN_ASSIGN_OR_RETURN(auto grants,
                            GrantsWhere("WHERE prison_number = $1 AND active", {prison_number}));
    if (grants.empty()) return std::optional<Grant>();
    return std::optional<Grant>(std::move(grants.front()));
}

Result<std::vector<Grant>> SqlTmpp::ActiveGrantsAt(const std::string& establishment) {
    return GrantsWhere("WHERE establishment = $1 AND active ORDER BY prison_number",
                       {establishment});
}

Result<std::vector<Grant>> SqlTmpp::EndedSince(const std::string& establishment,
                                               const std::string& wing, TimePoint since) {
    std::string columns;
    for (const auto& c : Split(kGrantColumns, ',')) {
        if (!columns.empty()) columns += ", ";
        columns += "g." + std::string(Trim(c));
    }
    std::vector<Grant> out;
    WARDEN_TRY(c_.Query(
        "SELECT " + columns +
            " FROM tmpp_grants AS g JOIN prisoners AS p ON p.prison_number = g.prison_number "
            "WHERE g.establishment = $1 AND p.wing = $2 AND NOT g.active AND g.ended_at >= $3 "
            "ORDER BY g.ended_at, g.id",
        {establishment, wing, FormatRfc3339(since)},
        [&](const SqlRow& row) { return ReadGrant(row, out.emplace_back()); }));
    return out;
}

// ---- wing lists ----

Result<std::optional<WingList>> SqlTmpp::LatestWingList(const std::string& establishment,
                                                        const std::string& wing) {
    std::optional<WingList> out;
    Status status = Ok();
    WARDEN_TRY(QueryOne(c_,
                        "SELECT version, published_by, published_at, added, removed "
                        "FROM tmpp_wing_lists WHERE establishment = $1 AND wing = $2 "
                        "ORDER BY version DESC LIMIT 1",
                        {establishment, wing}, [&](const SqlRow& row) {
                            WingList& l = out.emplace();
                            l.establishment = establishment;
                            l.wing = wing;
                            l.version = static_cast<int>(row.Int(0));
                            l.published_by = row.String(1);
                            auto at = Time(row.Text(2), "published_at");
                            if (at.ok()) {
                                l.published_at = *at;
                            } else {
                                status = at.error();
                            }
                            l.added = domain::SplitList(row.Text(3));
                            l.removed = domain::SplitList(row.Text(4));
                        }));
    WARDEN_TRY(status);
    if (!out) return out;
    WARDEN_TRY(c_.Query(
        "SELECT prison_number, first_name, last_name, cell, band, conditions, review_on "
        "FROM tmpp_wing_list_entries WHERE establishment = $1 AND wing = $2 AND version = $3 "
        "ORDER BY prison_number",
        {establishment, wing, out->version}, [&](const SqlRow& row) -> Status {
            WingListEntry& e = out->entries.emplace_back();
            e.prison_number = row.String(0);
            e.first_name = row.String(1);
            e.last_name = row.String(2);
            e.cell = row.String(3);
            WARDEN_ASSIGN_OR_RETURN(e.band, Band(row.Text(4)));
            e.conditions = domain::SplitList(row.Text(5));
            e.review_on = row.String(6);
            return Ok();
        }));
    return out;
}

Status SqlTmpp::AddWingList(const WingList& l) {
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
