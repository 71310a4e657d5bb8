#include "core/csv.hpp"

#include <algorithm>
#include <cstring>

namespace warden {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, kBom.size()) == kBom) text_.remove_prefix(kBom.size());
}

bool CsvReader::Next(CsvRecord& record, std::string& error) {
    error.clear();
    const char* d = text_.data();
    const size_t size = text_.size();

    // Blank lines (nothing between two line ends) hold no record: skip them.
    while (pos_ < size) {
        if (d[pos_] == '\n') {
            ++pos_;
            ++line_;
        } else if (d[pos_] == '\r' && pos_ + 1 < size && d[pos_ + 1] == '\n') {
            pos_ += 2;
            ++line_;
        } else if (d[pos_] == '\r' && pos_ + 1 == size) {
            ++pos_;
        } else {
            break;
        }
    }
    if (pos_ >= size) return false;

    record.line = line_;
    auto& fields = record.fields;
    size_t count = 0;
    size_t p = pos_;
    const size_t start = pos_;

    // Skips the rest of the physical line after a malformed record.
    auto fail = [&](const char* message, size_t resume_from) {
        error = message;
        size_t nl = text_.find('\n', resume_from);
        if (nl == std::string_view::npos) {
            pos_ = size;
        } else {
            pos_ = nl + 1;
            ++line_;
        }
        fields.resize(count);
        return true;
    };

    while (true) {
        std::string* field;
        if (count < fields.size()) {
            field = &fields[count];
            field->clear();
        } else {
            field = &fields.emplace_back();
        }
        ++count;

        if (p < size && d[p] == '"') {
            ++p;
            while (true) {
                const void* q = std::memchr(d + p, '"', size - p);
                if (q == nullptr) {
                    // The quote never closes: report the record, then carry on with the line
                    // after the one where it started.
                    line_ = record.line;
                    return fail("a quoted field is not closed", start);
                }
                size_t qi = static_cast<size_t>(static_cast<const char*>(q) - d);
                field->append(d + p, qi - p);
                line_ += static_cast<int>(std::count(d + p, d + qi, '\n'));
                p = qi + 1;
                if (p < size && d[p] == '"') {
                    field->push_back('"');
                    ++p;
                    continue;
                }
                break;
            }
            if (p >= size) break;
            char c = d[p];
            if (c == ',') {
                ++p;
                continue;
            }
            if (c == '\n') {
                ++p;
                ++line_;
                break;
            }
            if (c == '\r' && (p + 1 == size || d[p + 1] == '\n')) {
                p += (p + 1 == size) ? 1 : 2;
                if (p <= size && d[p - 1] == '\n') ++line_;
                break;
            }
            return fail("unexpected text after a closing quote", p);
        }

        const size_t s = p;
        while (p < size) {
            char c = d[p];
            if (c == ',' || c == '\n') break;
            if (c == '\r' && (p + 1 == size || d[p + 1] == '\n')) break;
            ++p;
        }
        field->append(d + s, p - s);
        if (p >= size) break;
        if (d[p] == ',') {
            ++p;  // at the end of input, the loop adds the last, empty field
            continue;
        }
        if (d[p] == '\r') {
            ++p;
            if (p < size) ++p;  // the '\n' of CRLF
        } else {
            ++p;
        }
        if (d[p - 1] == '\n') ++line_;
        break;
    }
    fields.resize(count);
    pos_ = p;
    return true;
}

std::string CsvCell(std::string_view value) {
    std::string cell(value);
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                          cell[0] == '\t' || cell[0] == '\r')) {
        cell.insert(cell.begin(), '\'');
    }
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace warden
