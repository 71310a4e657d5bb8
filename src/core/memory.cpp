#include "core/memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace warden {

namespace {
std::atomic<bool> g_allowed{false};
}  // namespace

void AllowHugePageAdvice(bool allowed) { g_allowed.store(allowed); }

bool AdviseHugePages(const void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    if (!g_allowed.load() || data == nullptr) return false;
    const auto start = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t begin = (start + page - 1) / page * page;
    const std::uintptr_t end = (start + bytes) / page * page;
    if (end <= begin) return false;
    // The range's first whole page, reached from `data` (madvise changes no byte of it).
    char* first = const_cast<char*>(static_cast<const char*>(data)) + (begin - start);
    return madvise(first, end - begin, MADV_HUGEPAGE) == 0;
#else
    (void)data;
    (void)bytes;
    return false;
#endif
}

}  // namespace warden
