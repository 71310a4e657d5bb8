#pragma once
// Advice to the operating system about large buffers (ADR 0032).

#include <cstddef>

namespace warden {

/// Lets AdviseHugePages advise (or, with false, stops it again); it is off until a process says.
/// Only a short-lived process should allow it, such as the import command: in a server, the heap
/// pages of a freed buffer keep the advice, so later allocations there would get huge pages (more
/// memory, and the kernel may stall a page fault to compact memory for one).
void AllowHugePageAdvice(bool allowed = true);

/// When allowed, asks the kernel to back the whole pages of [data, data + bytes) with transparent
/// huge pages (`madvise(MADV_HUGEPAGE)` where the platform defines it), for a large buffer that is
/// about to be filled once, such as an import's parsed rows: it then costs a page fault per 2 MiB
/// instead of one per 4 KiB. Only advice: the buffer's content does not change, and where the
/// kernel has no such pages or refuses, nothing changes. Returns whether the advice was given
/// (false when not allowed, or for a range with no whole page).
bool AdviseHugePages(const void* data, std::size_t bytes);

}  // namespace warden
