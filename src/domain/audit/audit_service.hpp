#pragma once
// Reading the audit log, scoped by the reader's roles (ADMIN, MONITORING, SECURITY).

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
    /// before_seq > 0. Only the entries the reader's scope allows (the policy's audit.read.*:
    /// ADMIN the administration entries, MONITORING every establishment's, SECURITY their
    /// caseload's; the system actor all), each detail cut to its codes (AuditDetailCodes).
    /// kForbidden without audit.read; kInvalidInput when limit is not 1..kMaxLimit or
    /// before_seq is negative.
    Result<std::vector<AuditEntry>> List(const Actor& by, const std::string& subject, int limit,
                                         Id before_seq);

  private:
    Store& store_;
};

}  // namespace warden::domain
