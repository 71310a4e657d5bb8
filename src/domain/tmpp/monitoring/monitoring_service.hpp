#pragma once
// The national TMPP monitoring view (issue 10 item 9): MONITORING reads it across the estate,
// SECURITY for their caseload (the policy's tmpp.monitoring.read; the Scope decides which
// establishments). One read transaction takes every table, so the figures agree, and the read is
// audited ("tmpp.monitoring.read", with counts only).

#include "domain/ports.hpp"
#include "domain/tmpp/monitoring/monitoring.hpp"

namespace warden::domain {

/// Builds the monitoring view.
class MonitoringService {
  public:
    MonitoringService(Store& store, const Clock& clock);

    /// The view for `by` over the last kMonitoringMonths months (incidents) and now (open
    /// incidents, handsets and grants).
    Result<MonitoringView> View(const Actor& by);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
