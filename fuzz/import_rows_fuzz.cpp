// Fuzzes the prisoner import's parser (ParseImport in src/domain/prisoners/prisoner_service.hpp):
// the whole file as uploaded, and the same bytes after a correct header row, so the fuzzer spends
// its time in the row parser. On any bytes: no crash, and when the file is accepted every row
// kept is valid (a prison number, this establishment, a wing code, counts >= 0, sorted unique
// alerts), prison numbers are unique, and every rejected line is a line of the file after the
// header.

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/prisoners/prisoner_service.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace std::chrono;

void Check(std::string_view csv) {
    const year_month_day today{year{2026}, month{11}, day{30}};
    auto parsed = warden::domain::ParseImport(csv, "MDI", today);
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().message.empty(), "a refused file without a reason");
        return;
    }
    const int last_line = 1 + static_cast<int>(std::count(csv.begin(), csv.end(), '\n'));
    std::set<std::string> numbers;
    for (const auto& row : parsed->rows) {
        FUZZ_CHECK(warden::IsPrisonNumber(row.prison_number), "a kept row's prison number");
        FUZZ_CHECK(numbers.insert(row.prison_number).second, "a prison number kept twice");
        FUZZ_CHECK(row.establishment == "MDI", "a kept row at another establishment");
        FUZZ_CHECK(warden::IsLocationCode(row.wing), "a kept row's wing");
        FUZZ_CHECK(row.phone_finds_12m >= 0 && row.phone_adjudications_12m >= 0 &&
                       row.phone_intel_12m >= 0,
                   "a negative count kept");
        FUZZ_CHECK(std::is_sorted(row.alerts.begin(), row.alerts.end()) &&
                       std::adjacent_find(row.alerts.begin(), row.alerts.end()) == row.alerts.end(),
                   "alerts not sorted and unique");
        FUZZ_CHECK(warden::IsValidUtf8(row.first_name) && warden::IsValidUtf8(row.last_name),
                   "a kept name is not UTF-8");
    }
    for (const auto& rejected : parsed->rejected) {
        FUZZ_CHECK(rejected.line >= 2 && rejected.line <= last_line, "a rejected line number");
        FUZZ_CHECK(!rejected.error.empty(), "a rejected line without a reason");
        FUZZ_CHECK(warden::IsValidUtf8(rejected.error), "a rejection reason is not UTF-8");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = warden::fuzz::AsText(data, size);
    Check(text);
    std::string with_header = warden::Join(warden::domain::ImportColumns(), ",") + "\n";
    with_header.append(text);
    Check(with_header);
    return 0;
}
