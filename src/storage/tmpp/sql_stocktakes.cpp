// TMPP handset stocktakes over SqlConnection (migration 0021): the conditional status change a
// stocktake makes, and the stocktakes kept with their items. Every read puts the caller's Scope
// into its WHERE clause.

#include "storage/sql_repositories.hpp"
#include "storage/tmpp/sql_handsets.hpp"
#include "storage/tmpp/tmpp_rows.hpp"

namespace warden::storage {

using domain::Scope;
using domain::Stocktake;
using domain::StocktakeItem;
using tmpp::Time;

namespace {

constexpr const char* kStocktakeColumns = "id, establishment, taken_at, taken_by, seen_count";

Status ReadStocktake(const SqlRow& row, Stocktake& s) {
    s.id = row.Int(0);
    s.establishment = row.String(1);
    WARDEN_ASSIGN_OR_RETURN(s.taken_at, Time(row.Text(2), "stocktake taken_at"));
    s.taken_by = row.String(3);
    s.seen_count = static_cast<int>(row.Int(4));
    return Ok();
}

}  // namespace

Result<bool> SqlHandsets::ChangeStatus(const std::string& tag, domain::HandsetStatus from,
                                       domain::HandsetStatus to, TimePoint now) {
    WARDEN_ASSIGN_OR_RETURN(auto n, c_.Exec("UPDATE handsets SET status = $3, updated_at = $4 "
                                            "WHERE tag = $1 AND status = $2",
                                            {tag, domain::HandsetStatusName(from),
                                             domain::HandsetStatusName(to), FormatRfc3339(now)}));
    return n == 1;
}

Result<Id> SqlHandsets::AddStocktake(const Stocktake& s) {
    Id id = 0;
    WARDEN_TRY(QueryOne(c_,
                        "INSERT INTO stocktakes (establishment, taken_at, taken_by, seen_count) "
                        "VALUES ($1, $2, $3, $4) RETURNING id",
                        {s.establishment, FormatRfc3339(s.taken_at), s.taken_by, s.seen_count},
                        [&](const SqlRow& row) { id = row.Int(0); }));
    int position = 0;
    for (const StocktakeItem& i : s.items) {
        WARDEN_TRY(c_.Exec(
            "INSERT INTO stocktake_items (stocktake_id, position, finding, tag, status_before, "
            "seal_recorded, seal_seen, prison_number, issued_at, incident) VALUES ($1, $2, $3, "
            "$4, $5, $6, $7, $8, $9, $10)",
            {static_cast<std::int64_t>(id), ++position, domain::StocktakeFindingName(i.finding),
             i.tag, i.status_before, i.seal_recorded, i.seal_seen, i.prisoner,
             i.issued_at ? SqlParam(FormatRfc3339(*i.issued_at)) : SqlParam(), i.incident}));
    }
    return id;
}

Status SqlHandsets::LoadItems(Stocktake& s) {
    s.items.clear();
    return c_.Query(
        "SELECT finding, tag, status_before, seal_recorded, seal_seen, prison_number, issued_at, "
        "incident FROM stocktake_items WHERE stocktake_id = $1 ORDER BY position",
        {static_cast<std::int64_t>(s.id)}, [&](const SqlRow& row) -> Status {
            StocktakeItem& i = s.items.emplace_back();
            auto finding = domain::ParseStocktakeFinding(row.Text(0));
            if (!finding) return Error::Internal("bad stocktake finding in the database");
            i.finding = *finding;
            i.tag = row.String(1);
            i.status_before = row.String(2);
            i.seal_recorded = row.String(3);
            i.seal_seen = row.String(4);
            i.prisoner = row.String(5);
            if (!row.IsNull(6)) {
                WARDEN_ASSIGN_OR_RETURN(auto at, Time(row.Text(6), "stocktake issued_at"));
                i.issued_at = at;
            }
            i.incident = row.String(7);
            return Ok();
        });
}

Result<std::vector<Stocktake>> SqlHandsets::Stocktakes(const std::string& establishment,
                                                       const Scope& scope, int limit) {
    SqlParams params{establishment};
    AppendScopeParams(c_.dialect(), scope, params);
    params.emplace_back(limit);
    std::vector<Stocktake> out;
    WARDEN_TRY(c_.Query(
        std::string("SELECT ") + kStocktakeColumns +
            " FROM stocktakes WHERE establishment = $1 AND " +
            ScopeCondition(c_.dialect(), "establishment", 2) + " ORDER BY id DESC LIMIT $4",
        params, [&](const SqlRow& row) { return ReadStocktake(row, out.emplace_back()); }));
    for (auto& s : out) WARDEN_TRY(LoadItems(s));
    return out;
}

Result<Stocktake> SqlHandsets::GetStocktake(Id id, const Scope& scope) {
    SqlParams params{static_cast<std::int64_t>(id)};
    AppendScopeParams(c_.dialect(), scope, params);
    Stocktake out;
    Status status = Ok();
    WARDEN_ASSIGN_OR_RETURN(
        bool found, QueryOne(c_,
                             std::string("SELECT ") + kStocktakeColumns +
                                 " FROM stocktakes WHERE id = $1 AND " +
                                 ScopeCondition(c_.dialect(), "establishment", 2),
                             params, [&](const SqlRow& row) { status = ReadStocktake(row, out); }));
    WARDEN_TRY(status);
    if (!found) return Error::NotFound("Stocktake " + std::to_string(id) + " was not found");
    WARDEN_TRY(LoadItems(out));
    return out;
}

}  // namespace warden::storage
