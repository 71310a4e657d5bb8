// The PostgreSQL prisoner import: COPY every row into a temporary table, then three
// set-based statements: update the changed rows, insert the new ones, mark the establishment's
// missing prisoners gone if it held any (each counting its rows); then the wings of the
// establishment (and of any establishment a transfer in came from) are counted again. The update
// returns each changed row's old establishment and gone flag, so transfers in are found in the same
// statement. Imports are serialised by an advisory lock.

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "storage/copy_text.hpp"
#include "storage/prisoner_import.hpp"
#include "storage/sql_repositories.hpp"

namespace warden::storage {

namespace {

using domain::ImportResult;
using domain::Prisoner;

// The imported rows go into a table of this transaction's own, keyed by prison number once they
// are in (building the key after the COPY takes about a third less time than keeping it during
// it). Every statement below joins on that key. It matters most when the prisoners table's
// statistics have seen other establishments only (autovacuum analyses it after one
// establishment's first import): PostgreSQL then expects none of this establishment's prisoners
// and may join them to the imported rows in a nested loop, whose inner side is a probe by this
// key; without it, a scan of every imported row for each prisoner (the second establishment's
// 100,000-row import ran for minutes).
const std::string kCreateTemp =
    "DROP TABLE IF EXISTS pg_temp.warden_prisoner_import;"
    "CREATE TEMP TABLE warden_prisoner_import ("
    " prison_number TEXT COLLATE \"C\" NOT NULL, first_name TEXT COLLATE \"C\" NOT NULL,"
    " last_name TEXT COLLATE \"C\" NOT NULL, name_search TEXT COLLATE \"C\" NOT NULL,"
    " date_of_birth TEXT NOT NULL, wing TEXT COLLATE \"C\" NOT NULL, cell TEXT NOT NULL,"
    " legal_status TEXT NOT NULL, security_category TEXT NOT NULL, alerts TEXT NOT NULL,"
    " phone_finds_12m INTEGER NOT NULL, phone_adjudications_12m INTEGER NOT NULL,"
    " phone_intel_12m INTEGER NOT NULL) ON COMMIT DROP";

const std::string kCopy =
    "COPY pg_temp.warden_prisoner_import (prison_number, first_name, last_name, name_search, "
    "date_of_birth, wing, cell, legal_status, security_category, alerts, phone_finds_12m, "
    "phone_adjudications_12m, phone_intel_12m) FROM STDIN";

const std::string kKeyAndAnalyse =
    "ALTER TABLE pg_temp.warden_prisoner_import ADD PRIMARY KEY (prison_number);"
    "ANALYZE pg_temp.warden_prisoner_import (prison_number)";

// Changed rows first, then the new ones: the insert skips every prison number that exists (the
// rows just updated included). Only the import writes prisoners, and imports hold
// kImportLockKey, so no other transaction can add a prison number between this statement's
// snapshot (READ COMMITTED: taken after the lock) and its insert: an anti-join by the primary key
// is enough, without ON CONFLICT's speculative insertion of every row (0.1-0.2 s of 100,000 new
// rows, docs/performance.md). Were the lock ever bypassed, the primary key would still refuse the
// duplicate and the import would roll back whole.
const std::string kUpdate = R"(
UPDATE prisoners AS p
   SET first_name = i.first_name, last_name = i.last_name, name_search = i.name_search,
       date_of_birth = i.date_of_birth, establishment = $1::text, wing = i.wing, cell = i.cell,
       legal_status = i.legal_status, security_category = i.security_category,
       alerts = i.alerts, phone_finds_12m = i.phone_finds_12m,
       phone_adjudications_12m = i.phone_adjudications_12m, phone_intel_12m = i.phone_intel_12m,
       gone = FALSE, updated_at = $2::text
  FROM pg_temp.warden_prisoner_import AS i, prisoners AS old
 WHERE p.prison_number = i.prison_number AND old.prison_number = p.prison_number
   AND (p.first_name, p.last_name, p.date_of_birth, p.establishment, p.wing, p.cell,
        p.legal_status, p.security_category, p.alerts, p.phone_finds_12m,
        p.phone_adjudications_12m, p.phone_intel_12m, p.gone)
       IS DISTINCT FROM
       (i.first_name, i.last_name, i.date_of_birth, $1::text, i.wing, i.cell, i.legal_status,
        i.security_category, i.alerts, i.phone_finds_12m, i.phone_adjudications_12m,
        i.phone_intel_12m, FALSE)
RETURNING old.establishment, old.gone, old.prison_number)";

const std::string kInsert = R"(
INSERT INTO prisoners (prison_number, first_name, last_name, name_search, date_of_birth,
                       establishment, wing, cell, legal_status, security_category, alerts,
                       phone_finds_12m, phone_adjudications_12m, phone_intel_12m, gone,
                       updated_at)
SELECT i.prison_number, i.first_name, i.last_name, i.name_search, i.date_of_birth, $1::text,
       i.wing, i.cell, i.legal_status, i.security_category, i.alerts, i.phone_finds_12m,
       i.phone_adjudications_12m, i.phone_intel_12m, FALSE, $2::text
  FROM pg_temp.warden_prisoner_import AS i
 WHERE NOT EXISTS (SELECT 1 FROM prisoners AS p WHERE p.prison_number = i.prison_number))";

// Whether the establishment holds a prisoner not gone, asked before the import writes: if not,
// no prisoner can be missing from it, and the statement below (which reads every prisoner of
// the establishment, the ones just written included: about 0.1 s of a first import of 100,000)
// is not run. Only imports write prisoners, one at a time (kImportLockKey), so the answer holds.
const std::string kHoldsAny =
    "SELECT 1 FROM prisoners WHERE establishment = $1::text AND NOT gone LIMIT 1";

const std::string kMarkGone = R"(
UPDATE prisoners AS p SET gone = TRUE, updated_at = $2::text
 WHERE p.establishment = $1::text AND NOT p.gone
   AND NOT EXISTS (SELECT 1 FROM pg_temp.warden_prisoner_import AS i
                    WHERE i.prison_number = p.prison_number))";

std::string CopyData(const std::vector<Prisoner>& rows) {
    std::string data;
    data.reserve(rows.size() * 160);
    for (const auto& p : rows) {
        AppendCopyField(data, p.prison_number);
        data += '\t';
        AppendCopyField(data, p.first_name);
        data += '\t';
        AppendCopyField(data, p.last_name);
        data += '\t';
        AppendCopyField(data, NameSearch(p));
        data += '\t';
        AppendCopyField(data, p.date_of_birth);
        data += '\t';
        AppendCopyField(data, p.wing);
        data += '\t';
        AppendCopyField(data, p.cell);
        data += '\t';
        data += domain::LegalStatusName(p.legal_status);
        data += '\t';
        data += domain::SecurityCategoryName(p.security_category);
        data += '\t';
        AppendCopyField(data, Join(p.alerts, ";"));
        data += '\t';
        data += std::to_string(p.phone_finds_12m);
        data += '\t';
        data += std::to_string(p.phone_adjudications_12m);
        data += '\t';
        data += std::to_string(p.phone_intel_12m);
        data += '\n';
    }
    return data;
}

}  // namespace

PostgresImportSql PostgresImportStatements() {
    return {kCreateTemp, kCopy, kKeyAndAnalyse, kUpdate, kInsert, kMarkGone};
}

Result<ImportResult> ImportPrisonersPostgres(SqlConnection& c, const std::string& establishment,
                                             const std::vector<Prisoner>& rows, bool full,
                                             TimePoint now) {
    WARDEN_TRY(c.Query("SELECT pg_advisory_xact_lock($1)", {kImportLockKey},
                       [](const SqlRow&) -> Status { return Ok(); }));
    WARDEN_TRY(c.ExecScript(kCreateTemp));
    if (!rows.empty()) WARDEN_TRY(c.CopyIn(kCopy, CopyData(rows)));
    WARDEN_TRY(c.ExecScript(kKeyAndAnalyse));
    bool held_any = false;
    if (full) {
        WARDEN_TRY(c.Query(kHoldsAny, {establishment}, [&](const SqlRow&) -> Status {
            held_any = true;
            return Ok();
        }));
    }
    const std::string updated_at = FormatRfc3339(now);
    ImportResult result;
    // Each updated row's establishment before the update (a self-join sees the old row), so
    // that a transfer in counts its old establishment's wings again.
    std::int64_t updated = 0;
    std::set<std::string> moved_from;
    WARDEN_TRY(c.Query(kUpdate, {establishment, updated_at}, [&](const SqlRow& row) -> Status {
        ++updated;
        if (row.Text(0) != establishment) {
            moved_from.insert(row.String(0));
            if (!row.Bool(1)) result.transferred_in.push_back({row.String(2), row.String(0)});
        }
        return Ok();
    }));
    WARDEN_ASSIGN_OR_RETURN(std::int64_t inserted, c.Exec(kInsert, {establishment, updated_at}));
    std::sort(result.transferred_in.begin(), result.transferred_in.end(),
              [](const domain::TransferIn& a, const domain::TransferIn& b) {
                  return a.prison_number < b.prison_number;
              });
    result.updated = static_cast<int>(updated);
    result.inserted = static_cast<int>(inserted);
    result.unchanged = static_cast<int>(rows.size()) - result.inserted - result.updated;
    if (full && held_any) {
        WARDEN_ASSIGN_OR_RETURN(std::int64_t gone, c.Exec(kMarkGone, {establishment, updated_at}));
        result.gone = static_cast<int>(gone);
    }
    moved_from.insert(establishment);
    WARDEN_TRY(RecountWings(c, moved_from));
    return result;
}

}  // namespace warden::storage
