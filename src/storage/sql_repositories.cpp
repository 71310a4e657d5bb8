#include "storage/sql_repositories.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "core/strings.hpp"
#include "storage/prisoner_import.hpp"

namespace warden::storage {

using domain::Establishment;
using domain::ImportResult;
using domain::Location;
using domain::Prisoner;
using domain::PrisonerPage;
using domain::PrisonerQuery;
using domain::Region;
using domain::Scope;
using domain::Session;
using domain::User;

namespace {

Result<TimePoint> StoredTime(std::string_view text, const char* what) {
    auto t = ParseRfc3339(text);
    if (!t) {
        return Error::Internal(std::string("stored ") + what + " '" + std::string(text) +
                               "' is not an RFC 3339 time");
    }
    return *t;
}

// Escapes a code for an element of a PostgreSQL array literal.
std::string Quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;  // codes never hold control bytes
        out += c;
    }
    return out + "\"";
}

// ---- regions ----

constexpr const char* kRegionColumns = "code, name, riu_email";

Region ReadRegion(const SqlRow& row) { return {row.String(0), row.String(1), row.String(2)}; }

// ---- establishments ----

constexpr const char* kEstablishmentColumns =
    "code, name, region_code, spoc_email, security_email, phase";

Establishment ReadEstablishment(const SqlRow& row) {
    Establishment e;
    e.code = row.String(0);
    e.name = row.String(1);
    e.region_code = row.String(2);
    e.spoc_email = row.String(3);
    e.security_email = row.String(4);
    e.phase = static_cast<int>(row.Int(5));
    return e;
}

Result<bool> Exists(SqlConnection& c, const std::string& sql, const SqlParams& params) {
    return QueryOne(c, sql, params, [](const SqlRow&) {});
}

// ---- users ----

std::string RolesText(const std::vector<domain::Role>& roles) {
    std::string out;
    for (auto role : roles) {
        if (!out.empty()) out += ',';
        out += domain::RoleName(role);
    }
    return out;
}

SqlParam OptionalTime(const std::optional<TimePoint>& t) {
    if (!t) return SqlParam();
    return FormatRfc3339(*t);
}

Result<std::optional<TimePoint>> OptionalStoredTime(const SqlRow& row, int col, const char* what) {
    if (row.IsNull(col)) return std::optional<TimePoint>();
    WARDEN_ASSIGN_OR_RETURN(TimePoint t, StoredTime(row.Text(col), what));
    return std::optional<TimePoint>(t);
}

// ---- prisoners ----

// The page cursor: hex of last name, first name and prison number, joined by '.'.
std::string EncodeCursor(const Prisoner& p) {
    return ToHex(p.last_name) + "." + ToHex(p.first_name) + "." + ToHex(p.prison_number);
}

bool FromHex(std::string_view hex, std::string& out) {
    if (hex.size() % 2 != 0) return false;
    out.clear();
    out.reserve(hex.size() / 2);
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]);
        int lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi * 16 + lo);
    }
    return true;
}

struct Cursor {
    std::string last_name;
    std::string first_name;
    std::string prison_number;
};

Result<Cursor> DecodeCursor(std::string_view text) {
    auto parts = Split(text, '.');
    Cursor c;
    if (parts.size() != 3 || !FromHex(parts[0], c.last_name) || !FromHex(parts[1], c.first_name) ||
        !FromHex(parts[2], c.prison_number) || c.prison_number.empty()) {
        return Error::Invalid("The cursor is not valid", {{"cursor", "The cursor is not valid"}});
    }
    return c;
}

}  // namespace

const char* const kUserColumns =
    "u.id, u.username, u.full_name, u.email, u.roles, u.caseload, u.disabled, u.password_hash, "
    "u.failed_signins, u.locked_until, u.created_at";

Status ReadUser(const SqlRow& row, User& u) {
    u.id = row.Int(0);
    u.username = row.String(1);
    u.full_name = row.String(2);
    u.email = row.String(3);
    u.roles.clear();
    for (const auto& name : Split(row.Text(4), ',')) {
        if (auto role = domain::ParseRole(name)) u.roles.push_back(*role);
    }
    u.caseload.clear();
    for (auto& code : Split(row.Text(5), ',')) {
        if (!code.empty()) u.caseload.push_back(std::move(code));
    }
    u.disabled = row.Bool(6);
    u.password_hash = row.String(7);
    u.failed_signins = static_cast<int>(row.Int(8));
    u.locked_until.reset();
    if (!row.IsNull(9)) {
        WARDEN_ASSIGN_OR_RETURN(u.locked_until, StoredTime(row.Text(9), "locked_until"));
    }
    WARDEN_ASSIGN_OR_RETURN(u.created_at, StoredTime(row.Text(10), "created_at"));
    return Ok();
}

namespace {

constexpr const char* kSessionColumns =
    "s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at, s.idle_expires_at";

Status ReadSession(const SqlRow& row, Session& out) {
    out.token_hash = row.String(0);
    out.user_id = row.Int(1);
    out.csrf_token = row.String(2);
    WARDEN_ASSIGN_OR_RETURN(out.created_at, StoredTime(row.Text(3), "created_at"));
    WARDEN_ASSIGN_OR_RETURN(out.expires_at, StoredTime(row.Text(4), "expires_at"));
    WARDEN_ASSIGN_OR_RETURN(out.idle_expires_at, OptionalStoredTime(row, 5, "idle_expires_at"));
    return Ok();
}

}  // namespace

// A summary's columns come first, so that ReadPrisoner reads a summary and then the rest.
const char* const kPrisonerSummaryColumns =
    "prison_number, first_name, last_name, establishment, wing, cell, legal_status, "
    "security_category, gone";
const char* const kPrisonerColumns =
    "prison_number, first_name, last_name, establishment, wing, cell, legal_status, "
    "security_category, gone, date_of_birth, alerts, phone_finds_12m, phone_adjudications_12m, "
    "phone_intel_12m, updated_at";

namespace {

/// Reads a summary from columns 0.. of `row` (kPrisonerSummaryColumns).
void ReadPrisonerSummary(const SqlRow& row, Prisoner& p) {
    p.prison_number = row.String(0);
    p.first_name = row.String(1);
    p.last_name = row.String(2);
    p.establishment = row.String(3);
    p.wing = row.String(4);
    p.cell = row.String(5);
    p.legal_status = domain::ParseLegalStatus(row.Text(6)).value_or(domain::LegalStatus::kOther);
    p.security_category =
        domain::ParseSecurityCategory(row.Text(7)).value_or(domain::SecurityCategory::kU);
    p.gone = row.Bool(8);
}

}  // namespace

Status ReadPrisoner(const SqlRow& row, Prisoner& p) {
    ReadPrisonerSummary(row, p);
    p.date_of_birth = row.String(9);
    p.alerts.clear();
    for (auto& code : Split(row.Text(10), ';')) {
        if (!code.empty()) p.alerts.push_back(std::move(code));
    }
    p.phone_finds_12m = static_cast<int>(row.Int(11));
    p.phone_adjudications_12m = static_cast<int>(row.Int(12));
    p.phone_intel_12m = static_cast<int>(row.Int(13));
    WARDEN_ASSIGN_OR_RETURN(p.updated_at, StoredTime(row.Text(14), "updated_at"));
    return Ok();
}

std::string ScopeCondition(Dialect d, const std::string& column, int n) {
    const std::string a = "$" + std::to_string(n);
    const std::string b = "$" + std::to_string(n + 1);
    // On SQLite a function of the connection's, not `IN (SELECT value FROM json_each(b))`: that
    // parsed the list and built a temporary table on every run of the statement, which for the
    // one-row lookups that most reads are cost more than the lookup (issue 9: nearly every read of
    // the prisoner page is one). Either way SQLite uses the scope as a filter on the rows the
    // rest of the statement finds: it takes no index for an OR that has a parameter as a term.
    if (d == Dialect::kSqlite) return "(" + a + " OR warden_listed(" + b + ", " + column + "))";
    return "(" + a + "::boolean OR " + column + " = ANY(" + b + "::text[]))";
}

void AppendScopeParams(Dialect d, const Scope& scope, SqlParams& params) {
    params.emplace_back(scope.all);
    if (d == Dialect::kSqlite) {
        params.emplace_back(SqliteList(scope.establishments));
        return;
    }
    std::string list;
    for (const auto& code : scope.establishments) {
        if (!list.empty()) list += ',';
        list += Quote(code);
    }
    params.emplace_back("{" + list + "}");
}

// ---- SqlRegions ----

Status SqlRegions::Add(const Region& region) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n, c_.Exec("INSERT INTO regions (code, name, riu_email) VALUES ($1, $2, $3) "
                                "ON CONFLICT (code) DO NOTHING",
                                {region.code, region.name, region.riu_email}));
    if (n == 0) return Error::Conflict("region exists");
    return Ok();
}

Status SqlRegions::Update(const Region& region) {
    WARDEN_ASSIGN_OR_RETURN(std::int64_t n,
                            c_.Exec("UPDATE regions SET name = $2, riu_email = $3 WHERE code = $1",
                                    {region.code, region.name, region.riu_email}));
    if (n == 0) return Error::NotFound("no such region");
    return Ok();
}

Result<Region> SqlRegions::Get(const std::string& code) {
    Region out;
    WARDEN_ASSIGN_OR_RETURN(
        bool found,
        QueryOne(c_, std::string("SELECT ") + kRegionColumns + " FROM regions WHERE code = $1",
                 {code}, [&](const SqlRow& row) { out = ReadRegion(row); }));
    if (!found) return Error::NotFound("no such region");
    return out;
}

Result<std::vector<Region>> SqlRegions::List() {
    std::vector<Region> out;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kRegionColumns + " FROM regions ORDER BY code", {},
                        [&](const SqlRow& row) -> Status {
                            out.push_back(ReadRegion(row));
                            return Ok();
                        }));
    return out;
}

// ---- SqlEstablishments ----

Status SqlEstablishments::Add(const Establishment& e) {
    WARDEN_ASSIGN_OR_RETURN(bool exists,
                            Exists(c_, "SELECT 1 FROM establishments WHERE code = $1", {e.code}));
    if (exists) return Error::Conflict("establishment exists");
    WARDEN_ASSIGN_OR_RETURN(bool region,
                            Exists(c_, "SELECT 1 FROM regions WHERE code = $1", {e.region_code}));
    if (!region) return Error::Invalid("no such region");
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("INSERT INTO establishments (code, name, region_code, spoc_email, "
                "security_email, phase) VALUES ($1, $2, $3, $4, $5, $6) "
                "ON CONFLICT (code) DO NOTHING",
                {e.code, e.name, e.region_code, e.spoc_email, e.security_email, e.phase}));
    if (n == 0) return Error::Conflict("establishment exists");
    return Ok();
}

Status SqlEstablishments::Update(const Establishment& e) {
    WARDEN_ASSIGN_OR_RETURN(bool exists,
                            Exists(c_, "SELECT 1 FROM establishments WHERE code = $1", {e.code}));
    if (!exists) return Error::NotFound("no such establishment");
    WARDEN_ASSIGN_OR_RETURN(bool region,
                            Exists(c_, "SELECT 1 FROM regions WHERE code = $1", {e.region_code}));
    if (!region) return Error::Invalid("no such region");
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE establishments SET name = $2, region_code = $3, spoc_email = $4, "
                "security_email = $5 WHERE code = $1",
                {e.code, e.name, e.region_code, e.spoc_email, e.security_email}));
    if (n == 0) return Error::NotFound("no such establishment");
    return Ok();
}

Result<int> SqlEstablishments::SetPhase(const std::string& code, int phase) {
    std::optional<int> before;
    WARDEN_TRY(c_.Query(std::string("SELECT phase FROM establishments WHERE code = $1") +
                            (c_.dialect() == Dialect::kPostgres ? " FOR UPDATE" : ""),
                        {code}, [&](const SqlRow& row) -> Status {
                            before = static_cast<int>(row.Int(0));
                            return Ok();
                        }));
    if (!before) return Error::NotFound("no such establishment");
    WARDEN_TRY(c_.Exec("UPDATE establishments SET phase = $2 WHERE code = $1", {code, phase}));
    return *before;
}

Result<Establishment> SqlEstablishments::Get(const std::string& code, const Scope& scope) {
    const Dialect d = c_.dialect();
    const std::string sql = std::string("SELECT ") + kEstablishmentColumns +
                            " FROM establishments WHERE code = $1 AND " +
                            ScopeCondition(d, "code", 2);
    SqlParams params{code};
    AppendScopeParams(d, scope, params);
    Establishment out;
    WARDEN_ASSIGN_OR_RETURN(bool found, QueryOne(c_, sql, params, [&](const SqlRow& row) {
                                out = ReadEstablishment(row);
                            }));
    if (!found) return Error::NotFound("no such establishment");
    WARDEN_TRY(c_.Query(
        "SELECT code, kind, prisoner_count FROM locations WHERE establishment = $1 ORDER BY code",
        {out.code}, [&](const SqlRow& row) -> Status {
            Location l;
            l.establishment = out.code;
            l.code = row.String(0);
            l.kind =
                domain::ParseLocationKind(row.Text(1)).value_or(domain::LocationKind::kStandard);
            l.prisoner_count = static_cast<int>(row.Int(2));
            out.wings.push_back(std::move(l));
            return Ok();
        }));
    return out;
}

Result<std::vector<Establishment>> SqlEstablishments::List(const Scope& scope) {
    const Dialect d = c_.dialect();
    const std::string sql = std::string("SELECT ") + kEstablishmentColumns +
                            " FROM establishments WHERE " + ScopeCondition(d, "code", 1) +
                            " ORDER BY code";
    SqlParams params;
    AppendScopeParams(d, scope, params);
    std::vector<Establishment> out;
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        out.push_back(ReadEstablishment(row));
        return Ok();
    }));
    return out;
}

Result<bool> SqlEstablishments::EnsureLocation(const Location& location) {
    WARDEN_ASSIGN_OR_RETURN(bool exists, Exists(c_, "SELECT 1 FROM establishments WHERE code = $1",
                                                {location.establishment}));
    if (!exists) return Error::Invalid("no such establishment");
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("INSERT INTO locations (establishment, code, kind) VALUES ($1, $2, $3) "
                "ON CONFLICT (establishment, code) DO NOTHING",
                {location.establishment, location.code,
                 std::string(domain::LocationKindName(location.kind))}));
    return n > 0;
}

Status SqlEstablishments::UpdateLocation(const Location& location) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE locations SET kind = $3 WHERE establishment = $1 AND code = $2",
                {location.establishment, location.code,
                 std::string(domain::LocationKindName(location.kind))}));
    if (n == 0) return Error::NotFound("no such location");
    return Ok();
}

// ---- SqlUsers ----

Result<Id> SqlUsers::Add(const User& user) {
    Id id = 0;
    WARDEN_ASSIGN_OR_RETURN(
        bool inserted,
        QueryOne(c_,
                 "INSERT INTO users (username, full_name, email, roles, caseload, disabled, "
                 "password_hash, failed_signins, locked_until, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                 "ON CONFLICT (username) DO NOTHING RETURNING id",
                 {user.username, user.full_name, user.email, RolesText(user.roles),
                  Join(user.caseload, ","), user.disabled, user.password_hash, user.failed_signins,
                  OptionalTime(user.locked_until), FormatRfc3339(user.created_at)},
                 [&](const SqlRow& row) { id = row.Int(0); }));
    if (!inserted) return Error::Conflict("username exists");
    return id;
}

Status SqlUsers::Update(const User& user) {
    WARDEN_ASSIGN_OR_RETURN(
        std::int64_t n,
        c_.Exec("UPDATE users SET full_name = $2, email = $3, roles = $4, caseload = $5, "
                "disabled = $6, password_hash = $7 WHERE id = $1",
                {user.id, user.full_name, user.email, RolesText(user.roles),
                 Join(user.caseload, ","), user.disabled, user.password_hash}));
    if (n == 0) return Error::NotFound("no such user");
    return Ok();
}

Result<User> SqlUsers::GetWhere(const std::string& sql, const SqlParams& params) {
    User out;
    bool found = false;
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        found = true;
        return ReadUser(row, out);
    }));
    if (!found) return Error::NotFound("no such user");
    return out;
}

Result<User> SqlUsers::GetByUsername(const std::string& username) {
    return GetWhere(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.username = $1",
                    {username});
}

Result<User> SqlUsers::GetById(Id id) {
    return GetWhere(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = $1", {id});
}

Result<User> SqlUsers::GetByUsernameForUpdate(const std::string& username) {
    return GetWhere(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.username = $1" +
                        (c_.dialect() == Dialect::kPostgres ? " FOR UPDATE" : ""),
                    {username});
}

Result<User> SqlUsers::GetByIdForUpdate(Id id) {
    return GetWhere(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = $1" +
                        (c_.dialect() == Dialect::kPostgres ? " FOR UPDATE" : ""),
                    {id});
}

Result<std::vector<User>> SqlUsers::List() {
    std::vector<User> out;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kUserColumns + " FROM users u ORDER BY u.username",
                        {}, [&](const SqlRow& row) -> Status {
                            WARDEN_TRY(ReadUser(row, out.emplace_back()));
                            return Ok();
                        }));
    return out;
}

Status SqlUsers::AddSession(const Session& session) {
    WARDEN_TRY(c_.Exec(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, "
        "idle_expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token_hash) DO "
        "UPDATE SET user_id = excluded.user_id, csrf_token = excluded.csrf_token, "
        "created_at = excluded.created_at, expires_at = excluded.expires_at, "
        "idle_expires_at = excluded.idle_expires_at",
        {session.token_hash, session.user_id, session.csrf_token, FormatRfc3339(session.created_at),
         FormatRfc3339(session.expires_at), OptionalTime(session.idle_expires_at)}));
    return Ok();
}

Result<Session> SqlUsers::GetSession(const std::string& token_hash) {
    Session out;
    bool found = false;
    WARDEN_TRY(c_.Query(
        std::string("SELECT ") + kSessionColumns + " FROM sessions s WHERE s.token_hash = $1",
        {token_hash}, [&](const SqlRow& row) -> Status {
            found = true;
            return ReadSession(row, out);
        }));
    if (!found) return Error::NotFound("no such session");
    return out;
}

Result<domain::SessionOfUser> SqlUsers::GetSessionWithUser(const std::string& token_hash) {
    domain::SessionOfUser out;
    bool found = false;
    WARDEN_TRY(c_.Query(std::string("SELECT ") + kUserColumns + ", " + kSessionColumns +
                            " FROM sessions s JOIN users u ON u.id = s.user_id "
                            "WHERE s.token_hash = $1",
                        {token_hash}, [&](const SqlRow& row) -> Status {
                            found = true;
                            WARDEN_TRY(ReadUser(row, out.user));
                            return ReadSession(OffsetRow(row, CountColumns(kUserColumns)),
                                               out.session);
                        }));
    if (!found) return Error::NotFound("no such session");
    return out;
}

Status SqlUsers::DeleteSession(const std::string& token_hash) {
    WARDEN_TRY(c_.Exec("DELETE FROM sessions WHERE token_hash = $1", {token_hash}));
    return Ok();
}

Status SqlUsers::DeleteSessionsOf(Id user_id) {
    WARDEN_TRY(c_.Exec("DELETE FROM sessions WHERE user_id = $1", {user_id}));
    return Ok();
}

Status SqlUsers::DeleteExpiredSessions(TimePoint now) {
    WARDEN_TRY(c_.Exec("DELETE FROM sessions WHERE expires_at <= $1 OR idle_expires_at <= $1",
                       {FormatRfc3339(now)}));
    return Ok();
}

// ---- SqlPrisoners ----

Result<Prisoner> SqlPrisoners::Get(const std::string& prison_number, const Scope& scope) {
    const Dialect d = c_.dialect();
    const std::string sql = std::string("SELECT ") + kPrisonerColumns +
                            " FROM prisoners WHERE prison_number = $1 AND " +
                            ScopeCondition(d, "establishment", 2);
    SqlParams params{prison_number};
    AppendScopeParams(d, scope, params);
    Prisoner out;
    bool found = false;
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        found = true;
        return ReadPrisoner(row, out);
    }));
    if (!found) return Error::NotFound("no such prisoner");
    return out;
}

Result<PrisonerPage> SqlPrisoners::List(const PrisonerQuery& query, const Scope& scope) {
    const Dialect d = c_.dialect();
    const bool pg = d == Dialect::kPostgres;
    SqlParams params{query.establishment};
    AppendScopeParams(d, scope, params);  // $2, $3
    const auto next = [&](SqlParam value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size()) + (pg ? "::text" : "");
    };
    // The establishment must be visible. Without a text filter the total is the wings' stored
    // counts of prisoners not gone (kept by the import), so no page counts a wing.
    PrisonerPage page;
    const bool stored_count = query.text.empty() && !query.include_gone;
    std::string wing;  // the wing's parameter, $4 when there is one
    std::string count = "NULL";
    if (stored_count) {
        count = "(SELECT sum(prisoner_count) FROM locations WHERE establishment = $1)";
        if (!query.wing.empty()) {
            wing = next(query.wing);
            count = "(SELECT prisoner_count FROM locations WHERE establishment = $1 AND code = " +
                    wing + ")";
        }
    }
    WARDEN_ASSIGN_OR_RETURN(
        bool visible, QueryOne(c_,
                               "SELECT " + count + " FROM establishments WHERE code = $1 AND " +
                                   ScopeCondition(d, "code", 2),
                               params, [&](const SqlRow& row) {
                                   page.total = row.IsNull(0) ? 0 : static_cast<int>(row.Int(0));
                               }));
    if (!visible) return Error::NotFound("no such establishment");

    // The filters, shared by the count and the page; the statement text depends only on which
    // filters are present, so each shape is prepared once per connection. Without `include_gone`
    // a wing's page reads the partial index prisoners_on_wing in name order.
    if (!query.wing.empty() && wing.empty()) wing = next(query.wing);
    std::string where = "establishment = $1 AND " + ScopeCondition(d, "establishment", 2);
    if (!wing.empty()) where += " AND wing = " + wing;
    if (!query.include_gone) where += " AND NOT gone";
    if (!query.text.empty()) {
        const std::string number = next(ToUpper(query.text));
        const std::string name = next(ToLower(query.text));
        where += " AND (substr(prison_number, 1, length(" + number + ")) = " + number + " OR " +
                 (pg ? "strpos(name_search, " + name + ") > 0"
                     : "instr(name_search, " + name + ") > 0") +
                 ")";
    }
    if (!stored_count) {
        WARDEN_TRY(QueryOne(c_, "SELECT count(*) FROM prisoners WHERE " + where, params,
                            [&](const SqlRow& row) { page.total = static_cast<int>(row.Int(0)); }));
    }

    if (!query.cursor.empty()) {
        WARDEN_ASSIGN_OR_RETURN(Cursor cursor, DecodeCursor(query.cursor));
        const std::string a = next(cursor.last_name);
        const std::string b = next(cursor.first_name);
        const std::string c = next(cursor.prison_number);
        where += " AND (last_name, first_name, prison_number) > (" + a + ", " + b + ", " + c + ")";
    }
    const int limit = std::max(1, query.limit);
    params.emplace_back(limit + 1);
    const std::string sql =
        std::string("SELECT ") + (query.summary ? kPrisonerSummaryColumns : kPrisonerColumns) +
        " FROM prisoners WHERE " + where +
        " ORDER BY last_name, first_name, prison_number LIMIT $" + std::to_string(params.size());
    page.items.reserve(static_cast<size_t>(std::min(limit, 1000)) + 1);
    WARDEN_TRY(c_.Query(sql, params, [&](const SqlRow& row) -> Status {
        if (!query.summary) return ReadPrisoner(row, page.items.emplace_back());
        ReadPrisonerSummary(row, page.items.emplace_back());
        return Ok();
    }));
    if (page.items.size() > static_cast<size_t>(limit)) {
        page.items.pop_back();
        page.next_cursor = EncodeCursor(page.items.back());
    }
    return page;
}

Status SqlPrisoners::ForEachAt(const std::string& establishment,
                               const std::function<Status(const Prisoner&)>& fn) {
    const std::string sql = std::string("SELECT ") + kPrisonerColumns +
                            " FROM prisoners WHERE establishment = $1 AND NOT gone "
                            "ORDER BY prison_number";
    Prisoner p;
    return c_.Query(sql, {establishment}, [&](const SqlRow& row) -> Status {
        WARDEN_TRY(ReadPrisoner(row, p));
        return fn(p);
    });
}

Result<ImportResult> SqlPrisoners::Import(const std::string& establishment,
                                          const std::vector<Prisoner>& rows, bool full,
                                          TimePoint now) {
    // In prison-number order, a number given twice is side by side; SQLite inserts in this order
    // too (its table is keyed by prison number, so the B-tree grows at its end).
    std::vector<const Prisoner*> in_order;
    in_order.reserve(rows.size());
    for (const auto& row : rows) in_order.push_back(&row);
    std::sort(in_order.begin(), in_order.end(), [](const Prisoner* a, const Prisoner* b) {
        return a->prison_number < b->prison_number;
    });
    const auto twice = std::adjacent_find(
        in_order.begin(), in_order.end(),
        [](const Prisoner* a, const Prisoner* b) { return a->prison_number == b->prison_number; });
    if (twice != in_order.end()) {
        return Error::Invalid("prison number " + (*twice)->prison_number +
                              " is more than once in the import");
    }
    if (c_.dialect() == Dialect::kSqlite) {
        return ImportPrisonersSqlite(c_, establishment, in_order, full, now);
    }
    return ImportPrisonersPostgres(c_, establishment, rows, full, now);
}

}  // namespace warden::storage
