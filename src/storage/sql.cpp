#include "storage/sql.hpp"

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

}  // namespace warden::storage
