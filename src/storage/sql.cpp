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

}  // namespace warden::storage
