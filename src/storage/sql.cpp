#include "storage/sql.hpp"

#include <algorithm>

#include "core/strings.hpp"

namespace warden::storage {

Result<bool> QueryOne(SqlConnection& c, const std::string& sql, const SqlParams& params,
                      const std::function<void(const SqlRow&)>& on_row) {
    bool found = false;
    WARDEN_TRY(c.Query(sql, params, [&](const SqlRow& row) -> Status {
        if (found) return Ok();
        found = true;
        on_row(row);
        return Ok();
    }));
    return found;
}

std::string Qualified(const char* alias, std::string_view columns) {
    std::string out;
    for (const auto& c : Split(columns, ',')) {
        if (!out.empty()) out += ", ";
        out += std::string(alias) + "." + std::string(Trim(c));
    }
    return out;
}

int CountColumns(std::string_view columns) {
    return static_cast<int>(std::count(columns.begin(), columns.end(), ',')) + 1;
}

namespace {
constexpr char kListSeparator = '\x1f';
}  // namespace

std::string SqliteList(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += kListSeparator;
        for (char c : item) {
            if (static_cast<unsigned char>(c) >= 0x20) out += c;
        }
    }
    return out;
}

bool SqliteListHas(std::string_view list, std::string_view value) {
    // Items are compared whole: a value holding a separator can equal no item.
    while (!list.empty()) {
        list.remove_prefix(1);  // the separator that opens each item
        const size_t end = list.find(kListSeparator);
        if (list.substr(0, end) == value) return true;
        if (end == std::string_view::npos) return false;
        list.remove_prefix(end);
    }
    return false;
}

}  // namespace warden::storage
