#pragma once
// Joining up (issue 11 item 4; ADR 0014): similar proposals at other establishments and matching
// services of the catalogue. The database only FINDS candidates (a shared search term through its
// full-text index or the same supplier, each bounded); the score and the
// order are computed once, here, so that SQLite and PostgreSQL give the same ranking.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ids.hpp"

namespace warden::domain {

struct ProposalFields;

/// The search terms of `text`: runs of ASCII letters and digits, lower-cased, 3 to 40
/// characters, without common English words; sorted, without repeats. Both databases index these
/// terms as given (FTS5 unicode61; PostgreSQL's 'simple' configuration), so that a term matches
/// the same rows on both.
std::vector<std::string> SearchTerms(std::string_view text);
/// The runs of term characters (a-z, 0-9) of `stored`, in order, viewing it: the terms of a
/// stored search-terms string (as SearchTerms made them); SearchTerms filters them from text.
std::vector<std::string_view> StoredTerms(std::string_view stored);
/// The terms of a proposal's title, summary and need, space-separated (as stored).
std::string ProposalSearchText(const ProposalFields& f);
/// A supplier as compared: lower case, spaces collapsed ("" for none).
std::string SupplierKey(std::string_view supplier);

/// How many stored proposals hold each of some terms (the database's counts: ADR 0020).
struct TermCounts {
    std::int64_t proposals = 0;  // every stored proposal
    /// (term, proposals holding it), sorted by term; a term no proposal holds may be absent.
    std::vector<std::pair<std::string, std::int64_t>> terms;
};

/// A term held by more than kCommonTermPercent per cent of the proposals, and by more than
/// kCommonTermFloor of them, is too common to say that two proposals are alike ("reduce",
/// "time"); the floor keeps every word of a small estate.
inline constexpr std::int64_t kCommonTermPercent = 5;
inline constexpr std::int64_t kCommonTermFloor = 20;
/// Whether a term held by `holding` of `proposals` proposals is common (see above).
bool IsCommonTerm(std::int64_t holding, std::int64_t proposals);
/// `terms` (sorted) without the common ones by `counts`, in the same order.
std::vector<std::string> DistinctiveTerms(const std::vector<std::string>& terms,
                                          const TermCounts& counts);

/// What a proposal (or catalogue lookup) looks for.
struct SimilarityProbe {
    Id exclude_id = 0;          // the proposal itself (0 for none)
    std::string establishment;  // proposals of this establishment are not "related"
    std::vector<std::string> terms;
    std::string category;      // "" for none
    std::string supplier_key;  // "" for none

    bool operator==(const SimilarityProbe&) const = default;
};

/// The probe of a stored proposal.
SimilarityProbe ProbeFor(Id id, const ProposalFields& f);

/// A candidate the database found: a proposal or a catalogue entry.
struct SimilarCandidate {
    Id id = 0;
    std::string establishment;  // "" for a catalogue entry
    std::string title;          // a proposal's title or an entry's name
    std::string category;
    std::string supplier_key;
    std::string terms;     // its stored search terms, space-separated
    std::string supplier;  // as entered, for display
    std::string contact;   // a catalogue entry's contact ("" for a proposal)
};

/// A ranked match and why it matched.
struct SimilarMatch {
    Id id = 0;
    std::string establishment;  // "" for a catalogue entry
    std::string title;          // a proposal's title or an entry's name
    std::string category;
    std::string supplier;
    std::string contact;
    int score = 0;
    std::vector<std::string> shared_terms;  // sorted
    bool same_supplier = false;
    bool same_category = false;
    /// "Same supplier; same category; shares the terms biometric, kiosk"
    std::string why;
};

/// Points of one shared term, of the same supplier and of the same category.
inline constexpr int kTermPoints = 2;
inline constexpr int kSupplierPoints = 5;
inline constexpr int kCategoryPoints = 3;
/// How many shared terms count towards the score (and are named in `why`).
inline constexpr std::size_t kMaxSharedTerms = 8;
/// A match needs at least this score: two shared terms, the supplier, or the category and one
/// term.
inline constexpr int kMinScore = 4;
/// How many related proposals and catalogue matches a proposal shows.
inline constexpr std::size_t kShownMatches = 5;
/// How many candidates each kind of candidate query (term, supplier) returns at most,
/// newest first.
inline constexpr int kCandidateLimit = 100;

/// The candidates that score at least kMinScore, best first (ties by id, lowest first), at most
/// `limit`; duplicates (by id) and `probe.exclude_id` are ignored.
std::vector<SimilarMatch> RankMatches(const SimilarityProbe& probe,
                                      const std::vector<SimilarCandidate>& candidates,
                                      std::size_t limit = kShownMatches);
/// The same over candidates held elsewhere (the estate view's leads), without copying them.
std::vector<SimilarMatch> RankMatches(const SimilarityProbe& probe,
                                      const std::vector<const SimilarCandidate*>& candidates,
                                      std::size_t limit = kShownMatches);

}  // namespace warden::domain
