// Fuzzes the stocktake's parser (ParseStocktakeLines in src/domain/tmpp/handsets/stocktake.hpp),
// which reads what a TMPP SPoC scans or types: one asset tag a line, optionally its seal number.
// On any bytes: no crash (a line of separators only once read past an empty word list); either
// errors and nothing kept, or no errors and every kept entry a valid tag (upper case, unique) with
// an empty or valid seal.

#include <set>
#include <string>
#include <vector>

#include "domain/tmpp/handsets/handset.hpp"
#include "domain/tmpp/handsets/stocktake.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace warden::domain;
    std::vector<StocktakeSeen> seen;
    const auto errors = ParseStocktakeLines(warden::fuzz::AsText(data, size), seen);
    if (!errors.empty()) {
        FUZZ_CHECK(seen.empty(), "entries kept alongside errors");
        for (const auto& e : errors) FUZZ_CHECK(!e.message.empty(), "an error without a message");
        return 0;
    }
    FUZZ_CHECK(!seen.empty(), "no errors and no entries");
    std::set<std::string> tags;
    for (const auto& s : seen) {
        FUZZ_CHECK(CheckTag(s.tag).empty(), "a kept tag that is not valid");
        FUZZ_CHECK(s.seal.empty() || CheckSeal(s.seal).empty(), "a kept seal that is not valid");
        FUZZ_CHECK(tags.insert(s.tag).second, "a tag kept twice");
        for (char c : s.tag) FUZZ_CHECK(!(c >= 'a' && c <= 'z'), "a tag not in upper case");
    }
    return 0;
}
