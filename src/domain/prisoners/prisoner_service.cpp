#include "domain/prisoners/prisoner_service.hpp"

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/csv.hpp"
#include "core/memory.hpp"
#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::domain {

namespace {

enum Column {
    kPrisonNumber,
    kFirstName,
    kLastName,
    kDateOfBirth,
    kEstablishment,
    kWing,
    kCell,
    kLegalStatus,
    kSecurityCategory,
    kAlerts,
    kPhoneFinds,
    kPhoneAdjudications,
    kPhoneIntel,
    kColumnCount,
};

constexpr size_t kMaxNameLength = 100;
constexpr size_t kMaxCellLength = 20;
constexpr size_t kMaxAlertLength = 10;

std::string Quoted(std::string_view value) { return "'" + Clip(value) + "'"; }

// The file line each prison number was first on: open addressing, kept at most half full,
// keyed by the number's seven upper-case ASCII characters packed into one integer (never 0).
// One allocation for the whole file, where a hash map allocated a node per row and divided for
// every bucket.
class FirstLines {
  public:
    explicit FirstLines(size_t rows) { Resize(rows); }
    // The line of the first row with `key`, or 0 when this row (on `line`) is its first.
    int Seen(std::uint64_t key, int line) {
        if (2 * (used_ + 1) > slots_.size()) Resize(slots_.size());
        Slot& slot = Find(key);
        if (slot.key == key) return slot.line;
        slot = {key, line};
        ++used_;
        return 0;
    }

  private:
    struct Slot {
        std::uint64_t key = 0;
        int line = 0;
    };
    // The slot holding `key`, or the empty slot where it goes.
    Slot& Find(std::uint64_t key) {
        const size_t mask = slots_.size() - 1;
        size_t i = (key * 0x9E3779B97F4A7C15ULL) >> (64 - bits_);
        while (slots_[i].key != key && slots_[i].key != 0) i = (i + 1) & mask;
        return slots_[i];
    }
    // Room for `rows` keys at most half full, keeping the keys held.
    void Resize(size_t rows) {
        while ((size_t{1} << bits_) < 2 * rows) ++bits_;
        std::vector<Slot> old(size_t{1} << bits_);
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.key != 0) Find(s.key) = s;
        }
    }
    int bits_ = 4;
    size_t used_ = 0;
    std::vector<Slot> slots_;
};

// The fewest bytes a row that parses can take: a prison number (7), a first and last name (1
// each), a date of birth (10), an establishment code (3), a wing (1), no cell, the shortest legal
// status (OTHER, 5), a category (1), no alerts, three counts (1 each) and 12 commas. It bounds
// the rows a file can hold however many blank or short lines it has
// (ParseImportTest.TheShortestRowThatParses).
constexpr size_t kShortestRow = 44;

bool IsAlertCode(std::string_view code) {
    if (code.empty() || code.size() > kMaxAlertLength) return false;
    return std::all_of(code.begin(), code.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// ASCII upper case in place.
void UpperInPlace(std::string& s) {
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
}

// Parses one count column; an error message when it is not a non-negative integer.
bool ParseCount(std::string_view value, const char* column, int& out, std::string& error) {
    out = ParseNonNegativeInt(value);
    if (out < 0) {
        error = std::string(column) + " " + Quoted(value) + " is not a whole number of 0 or more";
        return false;
    }
    return true;
}

// Validates one data record's trimmed fields into `p`; false with `error` when it is rejected.
bool ParseRow(std::vector<std::string_view>& f, const std::string& establishment,
              std::chrono::year_month_day today, Prisoner& p, std::string& error) {
    p.prison_number.assign(f[kPrisonNumber]);
    UpperInPlace(p.prison_number);
    if (!IsPrisonNumber(p.prison_number)) {
        error = "prison_number " + Quoted(f[kPrisonNumber]) + " is not like A1234BC";
        return false;
    }
    if (f[kFirstName].empty()) {
        error = "first_name is empty";
        return false;
    }
    if (f[kFirstName].size() > kMaxNameLength) {
        error = "first_name is longer than 100 characters";
        return false;
    }
    if (f[kLastName].empty()) {
        error = "last_name is empty";
        return false;
    }
    if (f[kLastName].size() > kMaxNameLength) {
        error = "last_name is longer than 100 characters";
        return false;
    }
    p.first_name.assign(f[kFirstName]);
    p.last_name.assign(f[kLastName]);

    auto dob = ParseDate(f[kDateOfBirth]);
    if (!dob) {
        error = "date_of_birth " + Quoted(f[kDateOfBirth]) + " is not a real date (YYYY-MM-DD)";
        return false;
    }
    if (std::chrono::sys_days{*dob} > std::chrono::sys_days{today}) {
        error = "date_of_birth " + std::string(f[kDateOfBirth]) + " is in the future";
        return false;
    }
    p.date_of_birth.assign(f[kDateOfBirth]);

    std::string_view est = f[kEstablishment];
    bool same = est.size() == establishment.size();
    for (size_t i = 0; same && i < est.size(); ++i) {
        char c = est[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        same = c == establishment[i];
    }
    if (!same) {
        error = "establishment " + (est.empty() ? std::string("(empty)") : Clip(est, 10)) +
                " is not " + establishment;
        return false;
    }
    p.establishment = establishment;

    if (f[kWing].empty()) {
        error = "wing is empty";
        return false;
    }
    p.wing.assign(f[kWing]);
    UpperInPlace(p.wing);
    if (!IsLocationCode(p.wing)) {
        error = "wing " + Quoted(f[kWing]) + " is not a wing code (up to 10 letters, digits, '-')";
        return false;
    }
    if (f[kCell].size() > kMaxCellLength) {
        error = "cell is longer than 20 characters";
        return false;
    }
    p.cell.assign(f[kCell]);

    auto status = ParseLegalStatus(f[kLegalStatus]);
    if (!status) {
        error = "legal_status " + Quoted(f[kLegalStatus]) +
                " is not one of REMAND, CONVICTED_UNSENTENCED, SENTENCED, RECALL, "
                "IMMIGRATION_DETAINEE, CIVIL_PRISONER, OTHER";
        return false;
    }
    p.legal_status = *status;
    auto category = ParseSecurityCategory(f[kSecurityCategory]);
    if (!category) {
        error = "security_category " + Quoted(f[kSecurityCategory]) +
                " is not one of A, B, C, D, YOI, U";
        return false;
    }
    p.security_category = *category;

    p.alerts.clear();
    std::string_view alerts = f[kAlerts];
    while (!alerts.empty()) {
        size_t semi = alerts.find(';');
        std::string_view piece = Trim(alerts.substr(0, semi));
        alerts = semi == std::string_view::npos ? std::string_view() : alerts.substr(semi + 1);
        if (piece.empty()) continue;
        std::string code(piece);
        UpperInPlace(code);
        if (!IsAlertCode(code)) {
            error = "alert " + Quoted(piece) + " is not an alert code (1 to 10 letters or digits)";
            return false;
        }
        p.alerts.push_back(std::move(code));
    }
    std::sort(p.alerts.begin(), p.alerts.end());
    p.alerts.erase(std::unique(p.alerts.begin(), p.alerts.end()), p.alerts.end());

    return ParseCount(f[kPhoneFinds], "phone_finds_12m", p.phone_finds_12m, error) &&
           ParseCount(f[kPhoneAdjudications], "phone_adjudications_12m", p.phone_adjudications_12m,
                      error) &&
           ParseCount(f[kPhoneIntel], "phone_intel_12m", p.phone_intel_12m, error);
}

// A list read's filter for the audit log: codes only. A prison number searched for is kept; a
// name is not (the entry says only that a name was searched for).
std::string ListFilterDetail(const PrisonerQuery& q) {
    std::string out = "limit=" + std::to_string(q.limit);
    if (!q.wing.empty()) out += " wing=" + q.wing;
    if (!q.text.empty()) {
        const std::string text = ToUpper(q.text);
        out += IsPrisonNumber(text) ? " search=" + text : std::string(" search=name");
    }
    if (q.include_gone) out += " gone=true";
    out += q.cursor.empty() ? " page=first" : " page=next";
    return out;
}

Error NotFoundEstablishment(const std::string& code) {
    return Error::NotFound("Establishment " + Clip(code, 10) + " was not found");
}

}  // namespace

const std::vector<std::string>& ImportColumns() {
    static const std::vector<std::string> columns = {
        "prison_number",
        "first_name",
        "last_name",
        "date_of_birth",
        "establishment",
        "wing",
        "cell",
        "legal_status",
        "security_category",
        "alerts",
        "phone_finds_12m",
        "phone_adjudications_12m",
        "phone_intel_12m",
    };
    return columns;
}

Result<ParsedImport> ParseImport(std::string_view csv, const std::string& establishment,
                                 std::chrono::year_month_day today) {
    if (Trim(csv).empty() || Trim(csv) == "\xEF\xBB\xBF")
        return Error::Invalid("The file is empty");
    if (!IsValidUtf8(csv) || csv.find('\0') != std::string_view::npos) {
        return Error::Invalid("The file is not UTF-8 text: save it as CSV UTF-8 and try again");
    }
    const std::string target = ToUpper(Trim(establishment));
    const auto& columns = ImportColumns();

    CsvReader reader(csv);
    CsvRecord record;
    std::string error;
    if (!reader.Next(record, error)) return Error::Invalid("The file is empty");
    if (!error.empty()) {
        return Error::Invalid("The header row (line 1) cannot be read: " + error);
    }
    if (record.fields.size() != columns.size()) {
        return Error::Invalid("The header row has " + std::to_string(record.fields.size()) +
                              " columns; it must have " + std::to_string(columns.size()) + ": " +
                              Join(columns, ","));
    }
    for (size_t i = 0; i < columns.size(); ++i) {
        std::string name = ToLower(Trim(record.fields[i]));
        if (name != columns[i]) {
            return Error::Invalid("Column " + std::to_string(i + 1) + " of the header is " +
                                  Quoted(record.fields[i]) + "; it must be " + columns[i] +
                                  " (the columns are " + Join(columns, ",") + ")");
        }
    }

    ParsedImport out;
    // At most one row a line, and one every kShortestRow bytes: reserving that avoids regrowing
    // (and copying) the rows.
    const size_t lines = static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')) + 1;
    const size_t estimate = std::min(lines, csv.size() / kShortestRow + 1);
    out.rows.reserve(estimate);
    // A 100,000-row file's rows take about 28 MB, filled once: in huge pages (where the process
    // allowed it: ADR 0032) the import took 6,600 page faults fewer (docs/performance.md, "The
    // import's own work").
    AdviseHugePages(out.rows.data(), out.rows.capacity() * sizeof(Prisoner));
    // Prison numbers are validated before they are looked up, so seven upper-case ASCII
    // characters pack into one integer key.
    FirstLines first_lines(estimate);
    std::vector<std::string_view> trimmed(columns.size());
    while (reader.Next(record, error)) {
        if (!error.empty()) {
            out.rejected.push_back({record.line, error});
            continue;
        }
        if (record.fields.size() != columns.size()) {
            out.rejected.push_back({record.line, "has " + std::to_string(record.fields.size()) +
                                                     " fields; expected " +
                                                     std::to_string(columns.size())});
            continue;
        }
        for (size_t i = 0; i < columns.size(); ++i) trimmed[i] = Trim(record.fields[i]);
        std::string reason;
        Prisoner& row = out.rows.emplace_back();  // parsed in place; dropped when rejected
        if (!ParseRow(trimmed, target, today, row, reason)) {
            out.rows.pop_back();
            out.rejected.push_back({record.line, std::move(reason)});
            continue;
        }
        std::uint64_t key = 0;
        for (char c : row.prison_number) key = (key << 8) | static_cast<unsigned char>(c);
        if (const int first = first_lines.Seen(key, record.line); first != 0) {
            out.rejected.push_back({record.line, "prison_number " + row.prison_number +
                                                     " is already on line " +
                                                     std::to_string(first)});
            out.rows.pop_back();
            continue;
        }
    }
    return out;
}

PrisonerService::PrisonerService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

Result<PrisonerPage> PrisonerService::List(const Actor& by, const PrisonerQuery& query) {
    return ListPage(by, query, nullptr);
}

Result<PrisonerListing> PrisonerService::ListAt(const Actor& by, const PrisonerQuery& query) {
    PrisonerListing out;
    WARDEN_ASSIGN_OR_RETURN(out.page, ListPage(by, query, &out.establishment));
    return out;
}

Result<PrisonerPage> PrisonerService::ListPage(const Actor& by, const PrisonerQuery& input,
                                               Establishment* establishment) {
    PrisonerQuery query = input;
    query.establishment = ToUpper(Trim(query.establishment));
    query.wing = ToUpper(Trim(query.wing));
    query.text = std::string(Trim(query.text));
    const Scope scope = by.PrisonerScope();
    if (!scope.Allows(query.establishment)) return NotFoundEstablishment(query.establishment);
    if (query.limit < 1 || query.limit > 500) {
        return FieldsError({{"limit", "Choose a page size from 1 to 500"}});
    }
    PrisonerPage page;
    const TimePoint now = clock_.Now();
    // The page is read from a snapshot (reads run in parallel), then its audit entry is written;
    // nothing is returned unless the entry is stored. Concurrent entries share a commit.
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        auto listed = repos.prisoners.List(query, scope);
        if (!listed.ok()) {
            if (listed.error().code == ErrorCode::kNotFound) {
                return NotFoundEstablishment(query.establishment);
            }
            return listed.error();
        }
        page = std::move(listed).value();
        if (establishment == nullptr) return Ok();
        auto e = repos.establishments.Get(query.establishment, by.EstablishmentScope());
        if (!e.ok()) {
            if (e.error().code == ErrorCode::kNotFound) {
                return NotFoundEstablishment(query.establishment);
            }
            return e.error();
        }
        *establishment = std::move(e).value();
        return Ok();
    }));
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        return repos.audit.Append(
            NewAuditEntry(by, now, "prisoners.list", "establishment:" + query.establishment,
                          ListFilterDetail(query) + " count=" + std::to_string(page.items.size()) +
                              " total=" + std::to_string(page.total)));
    }));
    return page;
}

AuditEntry PrisonerReadAuditEntry(const Actor& by, TimePoint now, const Prisoner& p) {
    return NewPrisonerAuditEntry(by, now, "prisoner.read", p.prison_number, p.establishment,
                                 "establishment=" + p.establishment);
}

Result<Prisoner> PrisonerService::Get(const Actor& by, const std::string& prison_number) {
    const std::string number = ToUpper(Trim(prison_number));
    const auto not_found = [&] {
        return Error::NotFound("Prisoner " + Clip(number, 10) + " was not found");
    };
    if (!IsPrisonNumber(number)) return not_found();
    const Scope scope = by.PrisonerScope();
    const TimePoint now = clock_.Now();
    Prisoner out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        auto found = repos.prisoners.Get(number, scope);
        if (!found.ok()) {
            return found.error().code == ErrorCode::kNotFound ? Status(not_found())
                                                              : Status(found.error());
        }
        out = std::move(found).value();
        return Ok();
    }));
    // Returned only once its audit entry is stored.
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        return repos.audit.Append(PrisonerReadAuditEntry(by, now, out));
    }));
    return out;
}

Result<ImportResult> PrisonerService::Import(const Actor& by, const std::string& establishment,
                                             std::string_view csv, bool partial) {
    const std::string est = ToUpper(Trim(establishment));
    const Scope scope = by.PrisonerScope();
    if (!IsEstablishmentCode(est) || !scope.Allows(est)) return NotFoundEstablishment(est);
    WARDEN_TRY(Require(by, Action::kPrisonersImport));
    if (csv.size() > kMaxImportBytes) {
        return Error::TooLarge("The file is larger than " +
                               std::to_string(kMaxImportBytes / (1024 * 1024)) + " MB");
    }
    const TimePoint now = clock_.Now();
    const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(now)};
    WARDEN_ASSIGN_OR_RETURN(ParsedImport parsed, ParseImport(csv, est, today));
    if (!partial && parsed.rows.empty()) {
        return Error::Invalid(
            "The file has no prisoners that can be loaded, so nothing was imported (a full "
            "import would mark every prisoner at " +
            est + " as gone)");
    }
    const bool mark_gone = !partial && parsed.rejected.empty();

    ImportResult result;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        auto found = repos.establishments.Get(est, scope);
        if (!found.ok()) {
            return found.error().code == ErrorCode::kNotFound ? Status(NotFoundEstablishment(est))
                                                              : Status(found.error());
        }
        std::set<std::string> known;
        for (const auto& wing : found->wings) known.insert(wing.code);
        std::set<std::string> created;
        for (const auto& row : parsed.rows) {
            if (known.count(row.wing)) continue;
            known.insert(row.wing);
            Location location{est, row.wing, LocationKind::kStandard, 0};
            WARDEN_ASSIGN_OR_RETURN(bool was_created,
                                    repos.establishments.EnsureLocation(location));
            if (was_created) created.insert(row.wing);
        }
        WARDEN_ASSIGN_OR_RETURN(result, repos.prisoners.Import(est, parsed.rows, mark_gone, now));
        WARDEN_TRY(ApplyImportToAccess(repos, by, est, parsed.rows, result.transferred_in,
                                       mark_gone, now));
        result.rejected = std::move(parsed.rejected);
        result.wings_created.assign(created.begin(), created.end());
        result.gone_skipped = !partial && !mark_gone;
        std::string detail = "inserted=" + std::to_string(result.inserted) +
                             " updated=" + std::to_string(result.updated) +
                             " unchanged=" + std::to_string(result.unchanged) +
                             " gone=" + std::to_string(result.gone) +
                             " rejected=" + std::to_string(result.rejected.size()) +
                             " partial=" + (partial ? "true" : "false");
        if (!result.wings_created.empty()) {
            detail += " wings_created=" + Join(result.wings_created, ",");
        }
        if (result.gone_skipped) detail += " gone_skipped=true";
        if (!result.transferred_in.empty()) {
            detail += " transferred_in=" + std::to_string(result.transferred_in.size());
        }
        return repos.audit.Append(
            NewAuditEntry(by, now, "prisoners.import", "establishment:" + est, detail));
    }));
    return result;
}

}  // namespace warden::domain
