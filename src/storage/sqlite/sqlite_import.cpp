// The SQLite prisoner import: the establishment's stored prisoners are read once into a hash map,
// each row is compared in memory, and only new or changed rows are written, through prepared
// statements, in the prison-number order the repository sorted them in (the primary key's order,
// so the B-tree grows at its end).
// The wings' counts of prisoners not gone follow from the same map and rows, with no counting in
// SQL (a transfer in makes its old establishment's wings counted again). A row missing from the
// map is inserted; when another establishment holds it, one lookup finds where (a transfer in
// when not gone there), so transfers cost a query each and other rows none.

#include <map>
#include <set>
#include <unordered_map>

#include "core/strings.hpp"
#include "storage/prisoner_import.hpp"

namespace warden::storage {

namespace {

using domain::ImportResult;
using domain::Prisoner;

/// What the comparison needs of a stored prisoner.
struct Stored {
    std::string first_name;
    std::string last_name;
    std::string date_of_birth;
    std::string wing;
    std::string cell;
    std::string legal_status;
    std::string security_category;
    std::string alerts;
    std::int64_t phone_finds_12m = 0;
    std::int64_t phone_adjudications_12m = 0;
    std::int64_t phone_intel_12m = 0;
    bool gone = false;
    bool seen = false;  // in this import
};

bool Same(const Stored& s, const Prisoner& p, std::string_view alerts) {
    return !s.gone && s.first_name == p.first_name && s.last_name == p.last_name &&
           s.date_of_birth == p.date_of_birth && s.wing == p.wing && s.cell == p.cell &&
           s.legal_status == domain::LegalStatusName(p.legal_status) &&
           s.security_category == domain::SecurityCategoryName(p.security_category) &&
           s.alerts == alerts && s.phone_finds_12m == p.phone_finds_12m &&
           s.phone_adjudications_12m == p.phone_adjudications_12m &&
           s.phone_intel_12m == p.phone_intel_12m;
}

const std::string kLoad =
    "SELECT prison_number, first_name, last_name, date_of_birth, wing, cell, legal_status, "
    "security_category, alerts, phone_finds_12m, phone_adjudications_12m, phone_intel_12m, gone "
    "FROM prisoners WHERE establishment = $1";

const std::string kInsert =
    "INSERT INTO prisoners (prison_number, first_name, last_name, name_search, date_of_birth, "
    "establishment, wing, cell, legal_status, security_category, alerts, phone_finds_12m, "
    "phone_adjudications_12m, phone_intel_12m, gone, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15) "
    "ON CONFLICT (prison_number) DO NOTHING";

const std::string kUpdate =
    "UPDATE prisoners SET first_name = $2, last_name = $3, name_search = $4, "
    "date_of_birth = $5, establishment = $6, wing = $7, cell = $8, legal_status = $9, "
    "security_category = $10, alerts = $11, phone_finds_12m = $12, "
    "phone_adjudications_12m = $13, phone_intel_12m = $14, gone = 0, updated_at = $15 "
    "WHERE prison_number = $1";

const std::string kHeldAt = "SELECT establishment, gone FROM prisoners WHERE prison_number = $1";

const std::string kMarkGone =
    "UPDATE prisoners SET gone = 1, updated_at = $2 WHERE prison_number = $1";

}  // namespace

std::string NameSearch(const Prisoner& p) {
    std::string out;
    out.reserve(p.first_name.size() + 1 + p.last_name.size());
    out += p.first_name;
    out += ' ';
    out += p.last_name;
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

Result<ImportResult> ImportPrisonersSqlite(SqlConnection& c, const std::string& establishment,
                                           const std::vector<const Prisoner*>& in_order, bool full,
                                           TimePoint now) {
    std::unordered_map<std::string, Stored> stored;
    stored.reserve(in_order.size() + 16);
    WARDEN_TRY(c.Query(kLoad, {establishment}, [&](const SqlRow& row) -> Status {
        Stored& s = stored[row.String(0)];
        s.first_name = row.Text(1);
        s.last_name = row.Text(2);
        s.date_of_birth = row.Text(3);
        s.wing = row.Text(4);
        s.cell = row.Text(5);
        s.legal_status = row.Text(6);
        s.security_category = row.Text(7);
        s.alerts = row.Text(8);
        s.phone_finds_12m = row.Int(9);
        s.phone_adjudications_12m = row.Int(10);
        s.phone_intel_12m = row.Int(11);
        s.gone = row.Bool(12);
        return Ok();
    }));

    const std::string updated_at = FormatRfc3339(now);
    ImportResult result;
    std::map<std::string, int> counts;  // wing: prisoners not gone after the import
    std::set<std::string> moved_from;   // establishments that transfers in came from
    SqlParams params(15);
    params[5] = establishment;
    params[14] = updated_at;
    for (const Prisoner* p : in_order) {
        ++counts[p->wing];
        std::string alerts = Join(p->alerts, ";");
        Stored* existing = nullptr;
        if (auto it = stored.find(p->prison_number); it != stored.end()) {
            existing = &it->second;
            existing->seen = true;
            if (Same(*existing, *p, alerts)) {
                ++result.unchanged;
                continue;
            }
        }
        params[0] = p->prison_number;
        params[1] = p->first_name;
        params[2] = p->last_name;
        params[3] = NameSearch(*p);
        params[4] = p->date_of_birth;
        params[6] = p->wing;
        params[7] = p->cell;
        params[8] = domain::LegalStatusName(p->legal_status);
        params[9] = domain::SecurityCategoryName(p->security_category);
        params[10] = std::move(alerts);
        params[11] = p->phone_finds_12m;
        params[12] = p->phone_adjudications_12m;
        params[13] = p->phone_intel_12m;
        if (existing == nullptr) {
            WARDEN_ASSIGN_OR_RETURN(std::int64_t n, c.Exec(kInsert, params));
            if (n > 0) {
                ++result.inserted;
                continue;
            }
            // Held by another establishment: an update, and a transfer in unless gone there.
            WARDEN_TRY(QueryOne(c, kHeldAt, {p->prison_number}, [&](const SqlRow& row) {
                moved_from.insert(row.String(0));
                if (!row.Bool(1))
                    result.transferred_in.push_back({p->prison_number, row.String(0)});
            }));
        }
        WARDEN_TRY(c.Exec(kUpdate, params));
        ++result.updated;
    }

    for (const auto& [number, s] : stored) {
        if (s.seen || s.gone) continue;
        if (!full) {
            ++counts[s.wing];
            continue;
        }
        WARDEN_TRY(c.Exec(kMarkGone, {number, updated_at}));
        ++result.gone;
    }
    WARDEN_TRY(StoreWingCounts(c, establishment, counts));
    moved_from.erase(establishment);
    WARDEN_TRY(RecountWings(c, moved_from));
    return result;
}

}  // namespace warden::storage
