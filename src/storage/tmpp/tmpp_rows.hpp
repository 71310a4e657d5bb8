#pragma once
// Row readers, parameter lists and the scope condition shared by the TMPP repositories
// (sql_access.cpp, sql_grants.cpp, sql_risk.cpp, sql_handsets.cpp).

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ports.hpp"
#include "storage/sql.hpp"

namespace warden::storage::tmpp {

/// The columns each reader below reads, in its order.
inline constexpr const char* kAccessColumns =
    "prison_number, establishment, state, updated_at, ended_need_id";
inline constexpr const char* kRecommendationColumns =
    "id, prison_number, establishment, assessed_at, assessed_by, rules_version, score, band, "
    "fired";
inline constexpr const char* kDecisionColumns =
    "prison_number, establishment, band, recommended_band, is_override, reason, decided_by, "
    "decided_at, expires_at, needs_review, review_reason, inputs";
inline constexpr const char* kGrantColumns =
    "id, prison_number, establishment, phase, band, conditions, review_on, granted_by, "
    "granted_at, active, needs_review, review_reason, ended_at, ended_by, withdrawn, end_reason, "
    "incident_ref";
inline constexpr const char* kWingListColumns =
    "establishment, wing, version, published_by, published_at, added, removed";
inline constexpr const char* kWingListEntryColumns =
    "prison_number, first_name, last_name, cell, band, conditions, review_on";

/// An RFC 3339 column, or kInternal naming `what`.
Result<TimePoint> Time(std::string_view text, const char* what);
/// A band column.
Result<domain::RiskBand> Band(std::string_view text);
/// A band as stored.
std::string BandText(domain::RiskBand band);
/// True for a UNIQUE constraint violation on either database.
bool IsUniqueViolation(const Error& e);
/// The tmpp_access columns of `row`.
Status ReadAccess(const SqlRow& row, domain::AccessRecord& a);
/// The tmpp_recommendations columns of `row`.
Status ReadRecommendation(const SqlRow& row, domain::StoredRecommendation& r);
/// The tmpp_decisions columns of `row`.
Status ReadDecision(const SqlRow& row, domain::RiskDecision& d);
/// The tmpp_grants columns of `row`.
Status ReadGrant(const SqlRow& row, domain::Grant& g);
/// The tmpp_wing_lists columns of `row`, without the entries.
Status ReadWingList(const SqlRow& row, domain::WingList& l);
/// The tmpp_wing_list_entries columns of `row`.
Status ReadWingListEntry(const SqlRow& row, domain::WingListEntry& e);
/// A grant's columns as parameters, in the table's order.
SqlParams GrantParams(const domain::Grant& g);

}  // namespace warden::storage::tmpp
