// Fuzzes the CSV reader (src/core/csv.hpp), which reads every uploaded CSV (the prisoner import).
//  1. Any bytes: reading ends, never reads out of bounds, records' lines never go backwards and
//     never pass the file's last line, and a malformed record is reported with its line.
//  2. Round trip: the input split into records (0x1E) and cells (0x1F), written with CsvCell (the
//     one writer of every CSV Warden writes) and read back, gives the same cells, neutralised.

#include <algorithm>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "fuzz_check.hpp"

namespace {

using warden::CsvCell;
using warden::CsvReader;
using warden::CsvRecord;

std::vector<std::string> Split(std::string_view text, char separator) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t at = text.find(separator, start);
        out.emplace_back(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (at == std::string_view::npos) return out;
        start = at + 1;
    }
}

// What the reader gives back for a cell written by CsvCell: the cell, with a leading quote when
// it starts with a character a spreadsheet would run as a formula.
std::string Neutralised(const std::string& cell) {
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) {
        return "'" + cell;
    }
    return cell;
}

void ReadAnything(std::string_view text) {
    const int last_line = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    CsvReader reader(text);
    CsvRecord record;
    std::string error;
    size_t records = 0;
    int previous = 0;
    while (reader.Next(record, error)) {
        ++records;
        FUZZ_CHECK(records <= text.size() + 1, "more records than bytes: the reader is stuck");
        FUZZ_CHECK(record.line >= previous, "record lines go backwards");
        FUZZ_CHECK(record.line >= 1 && record.line <= last_line, "record line outside the file");
        previous = record.line;
        if (error.empty()) FUZZ_CHECK(!record.fields.empty(), "a record without fields");
    }
}

void RoundTrip(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& line : Split(text, '\x1e')) {
        auto cells = Split(line, '\x1f');
        // A record of one empty cell is a blank line, which holds no record: leave it out.
        if (cells.size() == 1 && cells[0].empty()) continue;
        rows.push_back(std::move(cells));
    }
    std::string csv;
    for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t c = 0; c < rows[r].size(); ++c) {
            if (c > 0) csv += ',';
            csv += CsvCell(rows[r][c]);
        }
        csv += (r % 2 == 0) ? "\n" : "\r\n";
    }
    // A leading byte-order mark is dropped by the reader, by design.
    if (csv.starts_with("\xEF\xBB\xBF")) return;

    CsvReader reader(csv);
    CsvRecord record;
    std::string error;
    size_t r = 0;
    while (reader.Next(record, error)) {
        FUZZ_CHECK(error.empty(), "a record written by CsvCell does not read back");
        FUZZ_CHECK(r < rows.size(), "more records read than written");
        FUZZ_CHECK(record.fields.size() == rows[r].size(), "a record read back has other cells");
        for (size_t c = 0; c < rows[r].size(); ++c) {
            FUZZ_CHECK(record.fields[c] == Neutralised(rows[r][c]), "a cell changed in the trip");
        }
        ++r;
    }
    FUZZ_CHECK(r == rows.size(), "fewer records read than written");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = warden::fuzz::AsText(data, size);
    ReadAnything(text);
    RoundTrip(text);
    return 0;
}
