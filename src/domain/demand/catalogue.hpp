#pragma once
// The catalogue of assured national services (issue 11 item 4), kept by DIGITAL_REVIEWER and
// matched against proposals (similarity.hpp).

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/demand/similarity.hpp"

namespace warden::domain {

/// An assured national service.
struct CatalogueEntry {
    Id id = 0;
    std::string name;
    std::string category;  // one of ProposalCategories
    std::string supplier;
    std::string description;
    std::string contact;  // who to ask: a team, an email address
    std::string added_by;
    TimePoint added_at{};
};

/// Checks an entry, naming each bad field: name, supplier, description and contact are required
/// (with sane lengths) and the category is a known code.
Status ValidateCatalogueEntry(const CatalogueEntry& e);
/// The terms of an entry's name and description, space-separated (as stored).
std::string CatalogueSearchText(const CatalogueEntry& e);

/// The catalogue's storage (SQL in src/storage/demand/). The catalogue is national: no scope.
class CatalogueRepository {
  public:
    virtual ~CatalogueRepository() = default;
    /// Stores a new entry (id ignored); returns its id.
    virtual Result<Id> Add(const CatalogueEntry& entry) = 0;
    /// Every entry, by name then id.
    virtual Result<std::vector<CatalogueEntry>> List() = 0;
    /// Entries sharing a term of `probe` (full-text) or its supplier; at most `limit` of each
    /// kind, newest first. Unranked: RankMatches orders them.
    virtual Result<std::vector<SimilarCandidate>> Candidates(const SimilarityProbe& probe,
                                                             int limit) = 0;
    /// Merges what writes have added to the catalogue's full-text index into it, as
    /// ProposalRepository::MergeSearchIndex does for the proposals'.
    virtual Status MergeSearchIndex() = 0;
};

}  // namespace warden::domain
