#pragma once
// The digital demand part of `warden demo` (demo_demand.cpp).

#include <string>

#include "cli/cli.hpp"

namespace warden::cli {

/// Proposals at MDI, LEI and BWI in different states (a biometrics proposal from the same
/// supplier at MDI and LEI among them), made, submitted and advised through ProposalService as
/// the demo governors and reviewer, and three services in the catalogue (one matching the
/// biometrics proposals); skipped when the demo governor already has proposals.
/// Returns one summary line.
Result<std::string> LoadDemandDemo(CliServices& s);

}  // namespace warden::cli
