#include "domain/demand/joining_up_cache.hpp"

#include <utility>

namespace warden::domain {

namespace {

/// What a string holds on the heap (a short one is kept inside the string itself).
std::size_t HeapBytes(const std::string& s) {
    return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

std::size_t StringBytes(const std::string& s) { return sizeof(std::string) + HeapBytes(s); }

std::size_t MatchBytes(const SimilarMatch& m) {
    std::size_t out = sizeof(SimilarMatch);
    for (const std::string* s :
         {&m.establishment, &m.title, &m.category, &m.supplier, &m.contact, &m.why}) {
        out += HeapBytes(*s);
    }
    for (const auto& t : m.shared_terms) out += StringBytes(t);
    return out;
}

}  // namespace

std::size_t KeptBytes(const SimilarityProbe& probe, const JoinedUp& result) {
    // The map's node and the shared result's control block, roughly.
    std::size_t out = 128 + sizeof(JoinedUp);
    out +=
        HeapBytes(probe.establishment) + HeapBytes(probe.category) + HeapBytes(probe.supplier_key);
    for (const auto& t : probe.terms) out += StringBytes(t);
    for (const auto& m : result.related) out += MatchBytes(m);
    for (const auto& m : result.catalogue_matches) out += MatchBytes(m);
    return out;
}

JoiningUpCache::JoiningUpCache(std::size_t budget_bytes, std::size_t largest_bytes)
    : budget_bytes_(budget_bytes), largest_bytes_(largest_bytes) {}

std::shared_ptr<const JoinedUp> JoiningUpCache::Find(const JoiningUpVersion& version,
                                                     const SimilarityProbe& probe) const {
    std::lock_guard lock(mutex_);
    if (version.origin != origin_) return nullptr;
    auto it = entries_.find(probe.exclude_id);
    if (it == entries_.end() || it->second.number != version.number ||
        !(it->second.probe == probe)) {
        return nullptr;
    }
    return it->second.result;
}

void JoiningUpCache::Clear() {
    entries_.clear();
    bytes_ = 0;
}

void JoiningUpCache::Keep(const JoiningUpVersion& version, const SimilarityProbe& probe,
                          std::shared_ptr<const JoinedUp> result) {
    if (!result) return;
    const std::size_t bytes = KeptBytes(probe, *result);
    if (bytes > largest_bytes_ || bytes > budget_bytes_) return;
    std::lock_guard lock(mutex_);
    if (version.origin != origin_) {
        Clear();
        origin_ = version.origin;
        newest_number_ = version.number;
    }
    if (version.number > newest_number_) newest_number_ = version.number;
    auto it = entries_.find(probe.exclude_id);
    if (it != entries_.end()) {
        if (it->second.number > version.number) return;
        bytes_ -= it->second.bytes;
        entries_.erase(it);
    }
    if (bytes_ + bytes > budget_bytes_) {
        // Entries of an older version serve no reader who starts now; then any, until a quarter
        // of the budget is free (so that a full cache does not drop one entry a read).
        std::erase_if(entries_, [&](const auto& kv) {
            if (kv.second.number >= newest_number_) return false;
            bytes_ -= kv.second.bytes;
            return true;
        });
        const std::size_t room = budget_bytes_ - budget_bytes_ / 4;
        for (auto e = entries_.begin(); e != entries_.end() && bytes_ + bytes > room;) {
            bytes_ -= e->second.bytes;
            e = entries_.erase(e);
        }
    }
    entries_.emplace(probe.exclude_id, Entry{version.number, probe, std::move(result), bytes});
    bytes_ += bytes;
}

std::size_t JoiningUpCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

std::size_t JoiningUpCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace warden::domain
