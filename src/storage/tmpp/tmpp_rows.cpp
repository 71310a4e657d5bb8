#include "storage/tmpp/tmpp_rows.hpp"

#include "core/strings.hpp"
#include "storage/sql_repositories.hpp"

namespace warden::storage::tmpp {

using domain::AccessRecord;
using domain::Grant;
using domain::RiskBand;
using domain::RiskDecision;
using domain::StoredRecommendation;

Result<TimePoint> Time(std::string_view text, const char* what) {
    auto t = ParseRfc3339(text);
    if (!t) {
        return Error::Internal(std::string("stored ") + what + " '" + std::string(text) +
                               "' is not an RFC 3339 time");
    }
    return *t;
}

Result<RiskBand> Band(std::string_view text) {
    auto band = domain::ParseRiskBand(text);
    if (!band) return Error::Internal("stored band '" + std::string(text) + "' is unknown");
    return *band;
}

std::string BandText(RiskBand band) { return std::string(domain::RiskBandName(band)); }

bool IsUniqueViolation(const Error& e) {
    const std::string m = ToLower(e.message);
    return m.find("unique") != std::string::npos || m.find("duplicate") != std::string::npos;
}

Status ReadAccess(const SqlRow& row, AccessRecord& a) {
    a.prison_number = row.String(0);
    a.establishment = row.String(1);
    auto state = domain::ParseAccessState(row.Text(2));
    if (!state) return Error::Internal("stored access state '" + row.String(2) + "' is unknown");
    a.state = *state;
    WARDEN_ASSIGN_OR_RETURN(a.updated_at, Time(row.Text(3), "updated_at"));
    a.ended_need_id = row.Int(4);
    return Ok();
}

Status ReadRecommendation(const SqlRow& row, StoredRecommendation& r) {
    r.id = row.Int(0);
    r.prison_number = row.String(1);
    r.establishment = row.String(2);
    WARDEN_ASSIGN_OR_RETURN(r.assessed_at, Time(row.Text(3), "assessed_at"));
    r.assessed_by = row.String(4);
    r.recommendation.rules_version = row.String(5);
    r.recommendation.score = static_cast<int>(row.Int(6));
    WARDEN_ASSIGN_OR_RETURN(r.recommendation.band, Band(row.Text(7)));
    WARDEN_ASSIGN_OR_RETURN(r.recommendation.fired, domain::DecodeFiredRules(row.Text(8)));
    return Ok();
}

Status ReadDecision(const SqlRow& row, RiskDecision& d) {
    d.prison_number = row.String(0);
    d.establishment = row.String(1);
    WARDEN_ASSIGN_OR_RETURN(d.band, Band(row.Text(2)));
    if (!row.IsNull(3)) {
        WARDEN_ASSIGN_OR_RETURN(RiskBand recommended, Band(row.Text(3)));
        d.recommended_band = recommended;
    }
    d.is_override = row.Bool(4);
    d.reason = row.String(5);
    d.decided_by = row.String(6);
    WARDEN_ASSIGN_OR_RETURN(d.decided_at, Time(row.Text(7), "decided_at"));
    WARDEN_ASSIGN_OR_RETURN(d.expires_at, Time(row.Text(8), "expires_at"));
    d.needs_review = row.Bool(9);
    d.review_reason = row.String(10);
    d.inputs = row.String(11);
    return Ok();
}

Status ReadGrant(const SqlRow& row, Grant& g) {
    g.id = row.Int(0);
    g.prison_number = row.String(1);
    g.establishment = row.String(2);
    g.phase = static_cast<int>(row.Int(3));
    WARDEN_ASSIGN_OR_RETURN(g.band, Band(row.Text(4)));
    g.conditions = domain::SplitList(row.Text(5));
    g.review_on = row.String(6);
    g.granted_by = row.String(7);
    WARDEN_ASSIGN_OR_RETURN(g.granted_at, Time(row.Text(8), "granted_at"));
    g.active = row.Bool(9);
    g.needs_review = row.Bool(10);
    g.review_reason = row.String(11);
    if (!row.IsNull(12)) {
        WARDEN_ASSIGN_OR_RETURN(TimePoint ended, Time(row.Text(12), "ended_at"));
        g.ended_at = ended;
    }
    g.ended_by = row.String(13);
    g.withdrawn = row.Bool(14);
    g.end_reason = row.String(15);
    g.incident_ref = row.String(16);
    return Ok();
}

Status ReadWingList(const SqlRow& row, domain::WingList& l) {
    l.establishment = row.String(0);
    l.wing = row.String(1);
    l.version = static_cast<int>(row.Int(2));
    l.published_by = row.String(3);
    WARDEN_ASSIGN_OR_RETURN(l.published_at, Time(row.Text(4), "published_at"));
    l.added = domain::SplitList(row.Text(5));
    l.removed = domain::SplitList(row.Text(6));
    return Ok();
}

Status ReadWingListEntry(const SqlRow& row, domain::WingListEntry& e) {
    e.prison_number = row.String(0);
    e.first_name = row.String(1);
    e.last_name = row.String(2);
    e.cell = row.String(3);
    WARDEN_ASSIGN_OR_RETURN(e.band, Band(row.Text(4)));
    e.conditions = domain::SplitList(row.Text(5));
    e.review_on = row.String(6);
    return Ok();
}

SqlParams GrantParams(const Grant& g) {
    return {g.prison_number,
            g.establishment,
            g.phase,
            BandText(g.band),
            domain::JoinList(g.conditions),
            g.review_on,
            g.granted_by,
            FormatRfc3339(g.granted_at),
            g.active,
            g.needs_review,
            g.review_reason,
            g.ended_at ? SqlParam(FormatRfc3339(*g.ended_at)) : SqlParam(),
            g.ended_by,
            g.withdrawn,
            g.end_reason,
            g.incident_ref};
}

}  // namespace warden::storage::tmpp
