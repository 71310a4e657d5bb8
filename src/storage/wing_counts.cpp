// Each wing's count of prisoners not gone, stored on its location (migration 0008) by the
// prisoner import, the only writer of prisoners, in the transaction that changes them. A wing
// with prisoners and no location yet gets one (STANDARD, as the import service would make it).

#include "storage/prisoner_import.hpp"

namespace warden::storage {

namespace {

const std::string kZero =
    "UPDATE locations SET prisoner_count = 0 WHERE establishment = $1 AND prisoner_count <> 0";

}  // namespace

Status StoreWingCounts(SqlConnection& c, const std::string& establishment,
                       const std::map<std::string, int>& counts) {
    WARDEN_TRY(c.Exec(kZero, {establishment}));
    for (const auto& [wing, count] : counts) {
        if (count == 0) continue;
        WARDEN_TRY(
            c.Exec("INSERT INTO locations (establishment, code, kind, prisoner_count) "
                   "VALUES ($1, $2, 'STANDARD', $3) ON CONFLICT (establishment, code) "
                   "DO UPDATE SET prisoner_count = excluded.prisoner_count",
                   {establishment, wing, count}));
    }
    return Ok();
}

Status RecountWings(SqlConnection& c, const std::set<std::string>& establishments) {
    const std::string text = c.dialect() == Dialect::kPostgres ? "::text" : "";
    for (const auto& code : establishments) {
        WARDEN_TRY(c.Exec(kZero, {code}));
        WARDEN_TRY(
            c.Exec("INSERT INTO locations (establishment, code, kind, prisoner_count) "
                   "SELECT $1" +
                       text +
                       ", wing, 'STANDARD', count(*) FROM prisoners "
                       "WHERE establishment = $1" +
                       text +
                       " AND NOT gone GROUP BY wing "
                       "ON CONFLICT (establishment, code) "
                       "DO UPDATE SET prisoner_count = excluded.prisoner_count",
                   {code}));
    }
    return Ok();
}

}  // namespace warden::storage
