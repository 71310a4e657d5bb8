#pragma once
// The TMPP handset stocktake (issue 10 item 3): the TMPP SPoC lists the handsets on the shelf,
// and in one transaction every missing handset becomes LOST with a draft LOSS incident, every
// seal mismatch quarantines its handset with a draft SEAL_TAMPERED incident (OpenDraftIncident,
// as a return does), each change writes its timeline event and audit entry, and the stocktake is
// kept with its date, who took it and every item. Readers of the register read past stocktakes.

#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/handsets/stocktake.hpp"

namespace warden::domain {

/// Stocktakes of the handset register.
class StocktakeService {
  public:
    StocktakeService(Store& store, const Clock& clock);

    /// TMPP_SPOC of the establishment takes a stocktake of `seen` (CheckStocktakeSeen:
    /// kInvalidInput naming each bad entry). kConflict, with nothing changed, when a handset
    /// changed status while the stocktake ran.
    Result<Stocktake> Take(const Actor& by, const std::string& establishment,
                           std::vector<StocktakeSeen> seen);
    /// The establishment's stocktakes, newest first (at most 100), with their items.
    Result<std::vector<Stocktake>> List(const Actor& by, const std::string& establishment);
    /// One stocktake of the establishment.
    Result<Stocktake> Get(const Actor& by, const std::string& establishment, Id id);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace warden::domain
