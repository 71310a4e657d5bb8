// The TMPP risk and phase repositories over SqlConnection: risk recommendations (the bulk insert
// takes each backend's fast path), decisions, risk rules and phase tables (the caller's Scope in
// each read of establishment or prisoner data).

#include <algorithm>
#include <cstdint>

#include "core/strings.hpp"
#include "storage/copy_text.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::PhaseRule;
using domain::RiskDecision;
using domain::StoredRecommendation;
using tmpp::BandText;
using tmpp::kDecisionColumns;
using tmpp::kRecommendationColumns;
using tmpp::ReadDecision;
using tmpp::ReadRecommendation;
using tmpp::Time;

namespace {

constexpr size_t kRecommendationsPerInsert = 100;

// The multi-row INSERT of `rows` recommendations (9 parameters each).
std::string RecommendationInsert(size_t rows) {
    std::string sql =
        "INSERT INTO tmpp_recommendations (prison_number, establishment, assessed_at, "
        "assessed_by, rules_version, score, band, fired) VALUES ";
    int n = 1;
    for (size_t i = 0; i < rows; ++i) {
        if (i > 0) sql += ", ";
        sql += "(";
        for (int k = 0; k < 8; ++k) {
            if (k > 0) sql += ", ";
            sql += "$" + std::to_string(n++);
        }
        sql += ")";
    }
    return sql;
}

}  // namespace

// ---- recommendations ----

Status SqlRisk::AddRecommendations(const std::vector<StoredRecommendation>& recs) {
    if (recs.empty()) return Ok();
    if (c_.dialect() == Dialect::kPostgres) {
        std::string data;
        data.reserve(recs.size() * 96);
        for (const auto& r : recs) {
            AppendCopyField(data, r.prison_number);
            data += '\t';
            AppendCopyField(data, r.establishment);
            data += '\t';
            data += FormatRfc3339(r.assessed_at);
            data += '\t';
            AppendCopyField(data, r.assessed_by);
            data += '\t';
            AppendCopyField(data, r.recommendation.rules_version);
            data += '\t';
            data += std::to_string(r.recommendation.score);
            data += '\t';
            data += domain::RiskBandName(r.recommendation.band);
            data += '\t';
            AppendCopyField(data, domain::EncodeFiredRules(r.recommendation.fired));
            data += '\n';
        }
        return c_.CopyIn(
            "COPY tmpp_recommendations (prison_number, establishment, assessed_at, assessed_by, "
            "rules_version, score, band, fired) FROM STDIN",
            data);
    }
    // SQLite: a multi-row INSERT prepared once per connection and reused for every chunk.
    const std::string full = RecommendationInsert(kRecommendationsPerInsert);
    SqlParams params;
    params.reserve(kRecommendationsPerInsert * 8);
    const std::string assessed_at = FormatRfc3339(recs.front().assessed_at);
    for (size_t start = 0; start < recs.size(); start += kRecommendationsPerInsert) {
        const size_t count = std::min(kRecommendationsPerInsert, recs.size() - start);
        params.clear();
        for (size_t i = start; i < start + count; ++i) {
            const auto& r = recs[i];
            params.emplace_back(r.prison_number);
            params.emplace_back(r.establishment);
            params.emplace_back(r.assessed_at == recs.front().assessed_at
                                    ? assessed_at
                                    : FormatRfc3339(r.assessed_at));
            params.emplace_back(r.assessed_by);
            params.emplace_back(r.recommendation.rules_version);
            params.emplace_back(r.recommendation.score);
            params.emplace_back(domain::RiskBandName(r.recommendation.band));
            params.emplace_back(domain::EncodeFiredRules(r.recommendation.fired));
        }
        WARDEN_TRY(c_.Exec(count == kRecommendationsPerInsert ? full : RecommendationInsert(count),
                           params));
    }
    return Ok();
}

Result<std::optional<StoredRecommendation>> SqlRisk::LatestRecommendation(
    const std::string& prison_number, const domain::Scope& scope) {
    std::optional<StoredRecommendation> out;
    Status status = Ok();
    SqlParams params{prison_number};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(QueryOne(c_,
                        std::string("SELECT ") + kRecommendationColumns +
                            " FROM tmpp_recommendations WHERE prison_number = $1 AND " +
                            ScopeCondition(c_.dialect(), "tmpp_recommendations.establishment", 2) +
                            " ORDER BY id DESC LIMIT 1",
                        params, [&](const SqlRow& row) {
                            out.emplace();
                            status = ReadRecommendation(row, *out);
                        }));
    WARDEN_TRY(status);
    return out;
}

// ---- decisions ----

Result<std::optional<RiskDecision>> SqlRisk::GetDecision(const std::string& prison_number,
                                                         const domain::Scope& scope) {
    std::optional<RiskDecision> out;
    Status status = Ok();
    SqlParams params{prison_number};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(QueryOne(c_,
                        std::string("SELECT ") + kDecisionColumns +
                            " FROM tmpp_decisions WHERE prison_number = $1 AND " +
                            ScopeCondition(c_.dialect(), "tmpp_decisions.establishment", 2) +
                            " ORDER BY decided_at DESC, establishment LIMIT 1",
                        params, [&](const SqlRow& row) {
                            out.emplace();
                            status = ReadDecision(row, *out);
                        }));
    WARDEN_TRY(status);
    return out;
}

Status SqlRisk::PutDecision(const RiskDecision& d) {
    WARDEN_TRY(c_.Exec(
        "INSERT INTO tmpp_decisions (prison_number, establishment, band, recommended_band, "
        "is_override, reason, decided_by, decided_at, expires_at, needs_review, review_reason, "
        "inputs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (prison_number, establishment) DO UPDATE SET band = excluded.band, "
        "recommended_band = excluded.recommended_band, "
        "is_override = excluded.is_override, reason = excluded.reason, "
        "decided_by = excluded.decided_by, decided_at = excluded.decided_at, "
        "expires_at = excluded.expires_at, needs_review = excluded.needs_review, "
        "review_reason = excluded.review_reason, inputs = excluded.inputs",
        {d.prison_number, d.establishment, BandText(d.band),
         d.recommended_band ? SqlParam(BandText(*d.recommended_band)) : SqlParam(), d.is_override,
         d.reason, d.decided_by, FormatRfc3339(d.decided_at), FormatRfc3339(d.expires_at),
         d.needs_review, d.review_reason, d.inputs}));
    return Ok();
}

Result<bool> SqlRisk::MarkDecisionForReview(const RiskDecision& read, const std::string& reason) {
    WARDEN_ASSIGN_OR_RETURN(
        const std::int64_t n,
        c_.Exec("UPDATE tmpp_decisions SET needs_review = $1, review_reason = $2 "
                "WHERE prison_number = $3 AND establishment = $4 AND needs_review = $5 "
                "AND band = $6 AND inputs = $7 AND decided_at = $8 AND expires_at = $9",
                {true, reason, read.prison_number, read.establishment, false, BandText(read.band),
                 read.inputs, FormatRfc3339(read.decided_at), FormatRfc3339(read.expires_at)}));
    return n == 1;
}

Result<std::vector<RiskDecision>> SqlRisk::DecisionsAt(const std::string& establishment,
                                                       const domain::Scope& scope) {
    std::vector<RiskDecision> out;
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query(std::string("SELECT ") + kDecisionColumns +
                     " FROM tmpp_decisions WHERE establishment = $1 AND " +
                     ScopeCondition(c_.dialect(), "establishment", 2) + " ORDER BY prison_number",
                 params, [&](const SqlRow& row) { return ReadDecision(row, out.emplace_back()); }));
    return out;
}

Result<std::vector<RiskDecision>> SqlRisk::DecisionsExpiredBy(TimePoint now, int limit,
                                                              const domain::Scope& scope) {
    std::vector<RiskDecision> out;
    SqlParams params{FormatRfc3339(now), false, limit};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kDecisionColumns +
                            " FROM tmpp_decisions WHERE expires_at <= $1 AND needs_review = $2 "
                            "AND " +
                            ScopeCondition(c_.dialect(), "establishment", 4) +
                            " ORDER BY expires_at, prison_number LIMIT $3",
                        params,
                        [&](const SqlRow& row) { return ReadDecision(row, out.emplace_back()); }));
    return out;
}

// ---- risk rules ----

namespace {

constexpr const char* kRiskRulesColumns = "version, text, uploaded_by, uploaded_at";

Status ReadRiskRules(const SqlRow& row, domain::StoredRiskRules& r) {
    r.version = row.String(0);
    r.text = row.String(1);
    r.uploaded_by = row.String(2);
    WARDEN_ASSIGN_OR_RETURN(r.uploaded_at, Time(row.Text(3), "uploaded_at"));
    return Ok();
}

}  // namespace

Status SqlRisk::AddRiskRules(const domain::StoredRiskRules& r) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("INSERT INTO tmpp_risk_rules (version, text, uploaded_by, uploaded_at) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING",
                {r.version, r.text, r.uploaded_by, FormatRfc3339(r.uploaded_at)}));
    if (n == 0) return Error::Conflict("risk rules version " + r.version + " exists");
    return Ok();
}

Result<std::optional<domain::StoredRiskRules>> SqlRisk::CurrentRiskRules() {
    std::optional<domain::StoredRiskRules> out;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kRiskRulesColumns +
                            " FROM tmpp_risk_rules ORDER BY id DESC LIMIT 1",
                        {}, [&](const SqlRow& row) { return ReadRiskRules(row, out.emplace()); }));
    return out;
}

Result<std::vector<domain::StoredRiskRules>> SqlRisk::RiskRulesHistory() {
    std::vector<domain::StoredRiskRules> out;
    WARDEN_TRY(c_.Query(
        std::string("SELECT ") + kRiskRulesColumns + " FROM tmpp_risk_rules ORDER BY id DESC", {},
        [&](const SqlRow& row) { return ReadRiskRules(row, out.emplace_back()); }));
    return out;
}

// ---- phases ----

Result<std::vector<PhaseRule>> SqlPhases::PhaseTable(const std::string& establishment,
                                                     const domain::Scope& scope) {
    std::vector<PhaseRule> out;
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query("SELECT phase, needs, bands, amber_conditions FROM tmpp_phase_rules "
                 "WHERE establishment = $1 AND " +
                     ScopeCondition(c_.dialect(), "establishment", 2) + " ORDER BY phase",
                 params, [&](const SqlRow& row) -> Status {
                     PhaseRule& r = out.emplace_back();
                     r.phase = static_cast<int>(row.Int(0));
                     WARDEN_ASSIGN_OR_RETURN(r.needs, domain::SplitNeeds(row.Text(1)));
                     WARDEN_ASSIGN_OR_RETURN(r.bands, domain::SplitBands(row.Text(2)));
                     r.amber_conditions = domain::SplitList(row.Text(3));
                     return Ok();
                 }));
    if (out.empty()) return domain::DefaultPhaseTable();
    return out;
}

Status SqlPhases::PutPhaseTable(const std::string& establishment,
                                const std::vector<PhaseRule>& table) {
    WARDEN_TRY(c_.Exec("DELETE FROM tmpp_phase_rules WHERE establishment = $1", {establishment}));
    for (const auto& r : table) {
        WARDEN_TRY(c_.Exec(
            "INSERT INTO tmpp_phase_rules (establishment, phase, needs, bands, amber_conditions) "
            "VALUES ($1, $2, $3, $4, $5)",
            {establishment, r.phase, domain::JoinNeeds(r.needs), domain::JoinBands(r.bands),
             domain::JoinList(r.amber_conditions)}));
    }
    return Ok();
}

Result<Id> SqlPhases::AddPhaseChange(const domain::PhaseHistoryEntry& h) {
    Id id = 0;
    WARDEN_TRY(QueryOne(c_,
                        "INSERT INTO tmpp_phase_changes (establishment, changed_at, changed_by, "
                        "from_phase, to_phase, reason) VALUES ($1, $2, $3, $4, $5, $6) "
                        "RETURNING id",
                        {h.establishment, FormatRfc3339(h.at), h.by, h.from, h.to, h.reason},
                        [&](const SqlRow& row) { id = row.Int(0); }));
    return id;
}

Result<std::vector<domain::PhaseHistoryEntry>> SqlPhases::PhaseHistory(
    const std::string& establishment, const domain::Scope& scope) {
    std::vector<domain::PhaseHistoryEntry> out;
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    WARDEN_TRY(
        c_.Query("SELECT id, establishment, changed_at, changed_by, from_phase, to_phase, reason "
                 "FROM tmpp_phase_changes WHERE establishment = $1 AND " +
                     ScopeCondition(c_.dialect(), "establishment", 2) + " ORDER BY id DESC",
                 params, [&](const SqlRow& row) -> Status {
                     domain::PhaseHistoryEntry& h = out.emplace_back();
                     h.id = row.Int(0);
                     h.establishment = row.String(1);
                     WARDEN_ASSIGN_OR_RETURN(h.at, Time(row.Text(2), "changed_at"));
                     h.by = row.String(3);
                     h.from = static_cast<int>(row.Int(4));
                     h.to = static_cast<int>(row.Int(5));
                     h.reason = row.String(6);
                     return Ok();
                 }));
    return out;
}

}  // namespace warden::storage
