#pragma once
// The joining-up results of the proposals read since the last change to what they are computed
// from (ADR 0030): a proposal's page or agenda item read again reuses its related proposals and
// catalogue matches instead of running the candidate queries again. Every committed change to a
// proposal ever submitted, the term counts or the catalogue advances the database's joining-up
// version (ProposalRepository::JoiningUpVersion), and an entry serves only a reader who read
// that same version, for the same probe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "domain/demand/similarity.hpp"

namespace warden::domain {

/// What JoinUp computes for a probe from the database at one joining-up version. The same for
/// every reader: the view decides what a reader sees of it (ADR 0014).
struct JoinedUp {
    std::vector<SimilarMatch> related;
    std::vector<SimilarMatch> catalogue_matches;
};

/// A bounded map from a proposal's id to its latest JoinedUp, safe to share between threads.
class JoiningUpCache {
  public:
    /// At most `capacity` proposals are kept: when full, entries of an older version go first,
    /// then all (the next reads compute them again).
    explicit JoiningUpCache(std::size_t capacity = kDefaultCapacity);

    /// The result stored for `probe` (its exclude_id is the proposal's id) at `version`, or
    /// nullptr.
    std::shared_ptr<const JoinedUp> Find(std::int64_t version, const SimilarityProbe& probe) const;
    /// Keeps `result`, computed for `probe` from reads that began at `version` or later; an
    /// entry of a later version is kept instead.
    void Keep(std::int64_t version, const SimilarityProbe& probe,
              std::shared_ptr<const JoinedUp> result);

    std::size_t size() const;

    /// About 1.2 KB a proposal (measured: 10 MB for 7,968 by bench/demand.sh): 16,384 in about
    /// 20 MB.
    static constexpr std::size_t kDefaultCapacity = 16384;

  private:
    struct Entry {
        std::int64_t version = 0;
        SimilarityProbe probe;
        std::shared_ptr<const JoinedUp> result;
    };

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<Id, Entry> entries_;
    std::int64_t newest_version_ = 0;
};

}  // namespace warden::domain
