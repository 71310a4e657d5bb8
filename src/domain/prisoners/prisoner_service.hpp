#pragma once
// Reading prisoners (each read of a record is audited) and the NOMIS-style CSV import.

#include <string>
#include <string_view>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain {

/// The audit entry of a read of prisoner `p`'s record ("prisoner.read"): PrisonerService::Get's,
/// and the prisoner page's (AccessService::PrisonerRecord).
AuditEntry PrisonerReadAuditEntry(const Actor& by, TimePoint now, const Prisoner& p);

/// The columns of the import file, in order.
const std::vector<std::string>& ImportColumns();

/// A parsed import file: good rows (for one establishment) and rejected lines.
struct ParsedImport {
    std::vector<Prisoner> rows;
    std::vector<ImportRejection> rejected;
};

/// Parses and validates a whole import file for `establishment` (pure; no storage).
/// kInvalidInput for an empty file, a non-UTF-8 file or a header that is not ImportColumns().
/// A row is rejected (with its file line and reason) for a wrong field count, a bad prison number,
/// a bad or future date of birth, another establishment, an empty wing, an unknown legal status
/// or category, a bad alert code, a negative or non-numeric count, or a prison number repeated in
/// the file (the later line is rejected).
Result<ParsedImport> ParseImport(std::string_view csv, const std::string& establishment,
                                 std::chrono::year_month_day today);

/// An establishment's prisoner list page: the establishment (with its wings and their counts, as
/// OrganisationService::GetEstablishment gives it) and one page of its prisoners.
struct PrisonerListing {
    Establishment establishment;
    PrisonerPage page;
};

/// Lists, reads and imports prisoners within the actor's PrisonerScope().
class PrisonerService {
  public:
    /// Largest import accepted (kTooLarge above it).
    static constexpr std::size_t kMaxImportBytes = 64 * 1024 * 1024;

    PrisonerService(Store& store, const Clock& clock);

    /// kNotFound when the establishment is outside the actor's scope.
    Result<PrisonerPage> List(const Actor& by, const PrisonerQuery& query);
    /// List, with the establishment read from the same snapshot (kNotFound as List, or when the
    /// establishment is outside the actor's EstablishmentScope()). Audits as List.
    Result<PrisonerListing> ListAt(const Actor& by, const PrisonerQuery& query);
    /// kNotFound when absent or outside scope. Audits "prisoner.read".
    Result<Prisoner> Get(const Actor& by, const std::string& prison_number);
    /// SECURITY in the establishment's caseload, or the system actor. One transaction: wings not
    /// seen before are created, the rows upserted, missing prisoners marked gone unless
    /// `partial`, one audit entry with the counts. kInvalidInput / kTooLarge (nothing changes).
    Result<ImportResult> Import(const Actor& by, const std::string& establishment,
                                std::string_view csv, bool partial);

  private:
    // List, and ListAt when `establishment` is not null.
    Result<PrisonerPage> ListPage(const Actor& by, const PrisonerQuery& query,
                                  Establishment* establishment);

    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
