#pragma once
// RFC 4180 CSV reading, record by record, keeping the file's line numbers.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace warden {

/// One CSV record and the file line on which it starts (the header is line 1).
struct CsvRecord {
    int line = 0;
    std::vector<std::string> fields;
};

/// Reads records one at a time from a whole buffer (quotes, doubled quotes, CRLF, embedded
/// newlines; a leading UTF-8 BOM is dropped and blank lines hold no record). A malformed record
/// (e.g. an unterminated quote or text after a closing quote) is reported as an error for that
/// record; reading continues at the next line.
class CsvReader {
  public:
    explicit CsvReader(std::string_view text);
    /// False at the end of input. Otherwise fills `record`, or `error` (with `record.line` set)
    /// when the record is malformed.
    bool Next(CsvRecord& record, std::string& error);

  private:
    std::string_view text_;
    size_t pos_ = 0;
    int line_ = 1;
};

/// One CSV cell (RFC 4180) for every CSV Warden writes, neutralised against formula injection: a
/// cell starting with = + - @, a tab or a carriage return is prefixed with a single quote, so a
/// spreadsheet shows it as text and never runs it.
std::string CsvCell(std::string_view value);

}  // namespace warden
