#pragma once
#include <cstdint>

namespace warden {
/// Database identity of a row.
using Id = std::int64_t;
}  // namespace warden
