#pragma once
// Reading the audit log (ADMIN, MONITORING).

#include <string>
#include <vector>

#include "domain/ports.hpp"

namespace warden::domain {

/// Lists audit entries for the people allowed to read them.
class AuditService {
  public:
    /// Largest page List returns.
    static constexpr int kMaxLimit = 500;

    explicit AuditService(Store& store);

    /// Newest first; `subject` empty for all; only entries with seq < before_seq when
    /// before_seq > 0. ADMIN or MONITORING (or the system actor), else kForbidden;
    /// kInvalidInput when limit is not 1..kMaxLimit or before_seq is negative.
    Result<std::vector<AuditEntry>> List(const Actor& by, const std::string& subject, int limit,
                                         Id before_seq);

  private:
    Store& store_;
};

}  // namespace warden::domain
