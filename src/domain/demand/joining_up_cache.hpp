#pragma once
// The joining-up results of the proposals read since the last change to what they are computed
// from (ADR 0030): a proposal's page or agenda item read again reuses its related proposals and
// catalogue matches instead of running the candidate queries again. Every committed change to a
// proposal ever submitted, the term counts or the catalogue advances the database's joining-up
// version (ProposalRepository::CurrentJoiningUpVersion), and an entry serves only a reader who read
// that same version, for the same probe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/demand/similarity.hpp"

namespace warden::domain {

/// The database's joining-up version: a number the database advances with every change joining
/// up reads, and where it counts from (on PostgreSQL, when its server started: a standby promoted
/// or a recovery to an earlier time counts numbers again, from other data).
struct JoiningUpVersion {
    std::string origin;
    std::int64_t number = 0;
    bool operator==(const JoiningUpVersion&) const = default;
};

/// What JoinUp computes for a probe from the database at one joining-up version. The same for
/// every reader: the view decides what a reader sees of it (ADR 0014).
struct JoinedUp {
    std::vector<SimilarMatch> related;
    std::vector<SimilarMatch> catalogue_matches;
};

/// About how much memory `probe` and `result` take, kept.
std::size_t KeptBytes(const SimilarityProbe& probe, const JoinedUp& result);

/// A map from a proposal's id to its latest JoinedUp, bounded in memory, safe to share between
/// threads.
class JoiningUpCache {
  public:
    /// At most `budget_bytes` (KeptBytes) are kept: when full, entries of an older version go
    /// first, then others until a quarter of the budget is free (the next reads of those
    /// compute them again); a result of more than
    /// `largest_bytes` (a probe of thousands of terms) is not kept.
    explicit JoiningUpCache(std::size_t budget_bytes = kDefaultBudgetBytes,
                            std::size_t largest_bytes = kDefaultLargestBytes);

    /// The result stored for `probe` (its exclude_id is the proposal's id) at `version`, or
    /// nullptr.
    std::shared_ptr<const JoinedUp> Find(const JoiningUpVersion& version,
                                         const SimilarityProbe& probe) const;
    /// Keeps `result`, computed for `probe` from the reads of `version`; an entry of a later
    /// version is kept instead, and a version of another origin than the latest drops every entry
    /// of the old one.
    void Keep(const JoiningUpVersion& version, const SimilarityProbe& probe,
              std::shared_ptr<const JoinedUp> result);

    std::size_t size() const;
    std::size_t bytes() const;

    static constexpr std::size_t kDefaultBudgetBytes = std::size_t{64} << 20;
    static constexpr std::size_t kDefaultLargestBytes = std::size_t{64} << 10;

  private:
    struct Entry {
        std::int64_t number = 0;
        SimilarityProbe probe;
        std::shared_ptr<const JoinedUp> result;
        std::size_t bytes = 0;
    };

    void Clear();

    std::size_t budget_bytes_;
    std::size_t largest_bytes_;
    mutable std::mutex mutex_;
    std::unordered_map<Id, Entry> entries_;
    std::string origin_;  // of every entry
    std::int64_t newest_number_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace warden::domain
