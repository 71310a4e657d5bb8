#pragma once
// What every fuzz target uses: a check that crashes (so libFuzzer keeps the input) with a message.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

/// Aborts with `what` when `cond` is false: libFuzzer reports the input as a crash.
#define FUZZ_CHECK(cond, what)                                                                \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                         what, #cond);                                                        \
            std::abort();                                                                     \
        }                                                                                     \
    } while (false)

namespace warden::fuzz {

/// The fuzzer's bytes as a string_view.
inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace warden::fuzz
