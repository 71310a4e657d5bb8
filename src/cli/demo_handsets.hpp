#pragma once
// The demo's TMPP handsets (`warden demo`): a register at each establishment in a phase, and a
// handset out on each wing with a published list.

#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace warden::cli {

/// Adds six handsets to each of `establishments` (skipping those an earlier run added) and, on
/// each of their `wings` with a published list and no handset out, issues one to the first
/// prisoner listed; returns the summary line ("Handsets: MDI 6 (1 ISSUED ...)").
Result<std::string> LoadDemoHandsets(CliServices& s, const std::vector<std::string>& establishments,
                                     const std::vector<std::string>& wings);

}  // namespace warden::cli
