#pragma once
// PostgreSQL COPY text format: escaping one field.

#include <string>
#include <string_view>

namespace warden::storage {

/// Appends `value` to `out` escaped for COPY's text format (backslash, tab, newline, return).
inline void AppendCopyField(std::string& out, std::string_view value) {
    for (char ch : value) {
        switch (ch) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += ch;
        }
    }
}

}  // namespace warden::storage
