#pragma once
// The demo's TMPP stocktakes and incidents (`warden demo`): at each establishment in a phase, a
// stocktake that finds one handset missing and one seal mismatch (their drafts), and incidents in
// every state, some discovered in earlier months, so that the incident lists and the monitoring
// view have something to show.

#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace warden::cli {

/// Takes one stocktake at each of `establishments` and raises, reports, notifies and closes
/// incidents there through the services (as the demo system actor); skipped when any incident
/// exists already (an earlier run). `public_url` starts the links of the emails enqueued; the
/// monitoring mailbox is not copied on the demo's RIU emails. Returns the summary line
/// ("Incidents: MDI 6 (1 CLOSED, ...)").
Result<std::string> LoadDemoIncidents(CliServices& s,
                                      const std::vector<std::string>& establishments,
                                      const std::string& public_url);

}  // namespace warden::cli
