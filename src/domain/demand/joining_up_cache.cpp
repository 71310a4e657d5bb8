#include "domain/demand/joining_up_cache.hpp"

#include <utility>

namespace warden::domain {

JoiningUpCache::JoiningUpCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::shared_ptr<const JoinedUp> JoiningUpCache::Find(std::int64_t version,
                                                     const SimilarityProbe& probe) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(probe.exclude_id);
    if (it == entries_.end() || it->second.version != version || !(it->second.probe == probe)) {
        return nullptr;
    }
    return it->second.result;
}

void JoiningUpCache::Keep(std::int64_t version, const SimilarityProbe& probe,
                          std::shared_ptr<const JoinedUp> result) {
    std::lock_guard lock(mutex_);
    if (version > newest_version_) newest_version_ = version;
    auto it = entries_.find(probe.exclude_id);
    if (it != entries_.end()) {
        if (it->second.version > version) return;
        it->second = Entry{version, probe, std::move(result)};
        return;
    }
    if (entries_.size() >= capacity_) {
        // Entries of an older version serve no reader who starts now.
        std::erase_if(entries_,
                      [&](const auto& kv) { return kv.second.version < newest_version_; });
        if (entries_.size() >= capacity_) entries_.clear();
    }
    entries_.emplace(probe.exclude_id, Entry{version, probe, std::move(result)});
}

std::size_t JoiningUpCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace warden::domain
