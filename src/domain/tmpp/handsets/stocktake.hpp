#pragma once
// TMPP handset stocktake (DOMAIN.md, "TMPP: handsets"; issue 10 item 3): what the TMPP SPoC saw
// on the shelf, checked against the register. Plain functions over loaded data, so that the page
// that reads scanned lines, the API that reads JSON and the service share one set of rules.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/tmpp/handsets/handset.hpp"

namespace warden::domain {

/// One handset the SPoC saw: its asset tag and, when read, its seal number.
struct StocktakeSeen {
    std::string tag;
    std::string seal;  // empty: the seal was not read (the tag alone was scanned)
};

/// The most tags one stocktake takes (an establishment holds a few dozen handsets).
inline constexpr size_t kMaxStocktakeSeen = 2000;

/// The lines a scanner or the SPoC typed, one handset a line: `TAG` or `TAG SEAL` (separated by
/// spaces, a tab or a comma). Blank lines are skipped; a line read twice with the same seal
/// counts once (a double scan). One FieldError on "seen" for each bad line, naming it ("Line 3:
/// ..."); empty when every line reads. `out` receives the handsets seen, in order, upper case.
std::vector<FieldError> ParseStocktakeLines(std::string_view text, std::vector<StocktakeSeen>& out);

/// The same checks over the API's `seen` array: each entry normalised (trimmed, upper case) and
/// checked; errors name the entry ("seen[2].tag"). A repeat with the same seal counts once; a
/// repeat with another seal is an error. `seen` is replaced by the deduplicated list.
std::vector<FieldError> CheckStocktakeSeen(std::vector<StocktakeSeen>& seen);

/// What a stocktake found about one handset.
enum class StocktakeFinding {
    kMissing,       // in the register, in hand (not ISSUED, LOST or RETIRED), and not seen
    kUnknown,       // seen but not in the establishment's register
    kSealMismatch,  // seen with a seal other than the recorded one
    kOut,           // ISSUED: out with a prisoner
    kSeen,          // seen, and the seal matches or was not read (SealNotChecked)
};
/// "MISSING", "UNKNOWN", "SEAL_MISMATCH", "OUT", "SEEN".
std::string_view StocktakeFindingName(StocktakeFinding finding);
std::optional<StocktakeFinding> ParseStocktakeFinding(std::string_view name);

/// One line of a stocktake's result.
struct StocktakeItem {
    StocktakeFinding finding = StocktakeFinding::kSeen;
    std::string tag;
    std::string status_before;  // the register's status when the stocktake began ("" if unknown)
    std::string seal_recorded;
    std::string seal_seen;
    std::string prisoner;                // OUT: who holds it
    std::optional<TimePoint> issued_at;  // OUT: since when
    std::string incident;                // the draft opened (MISSING, SEAL_MISMATCH), if any
};

/// What a stocktake decided before anything is written: every item, in the register's tag order
/// then the unknown tags in the order seen. StocktakeChangesHandset names the items whose handset
/// changes (missing: LOST with a LOSS draft; a seal mismatch on a handset AVAILABLE or DAMAGED:
/// QUARANTINED with a SEAL_TAMPERED draft; a QUARANTINED one is listed and left as it is).
struct StocktakePlan {
    std::vector<StocktakeItem> items;
};

/// True when a handset in `status` should be on the shelf (not ISSUED, LOST or RETIRED).
bool ExpectedInHand(HandsetStatus status);

/// Compares `seen` (checked, deduplicated) with `register_` (the establishment's handsets).
StocktakePlan DecideStocktake(const std::vector<Handset>& register_,
                              const std::vector<StocktakeSeen>& seen);

/// True when the plan's item changes its handset: MISSING, or SEAL_MISMATCH of a handset that is
/// AVAILABLE or DAMAGED.
bool StocktakeChangesHandset(const StocktakeItem& item);
/// The status an item that changes its handset gives it: LOST when missing, else QUARANTINED.
HandsetStatus StocktakeChangeTo(const StocktakeItem& item);
/// The handset's status once the stocktake is stored: LOST when missing, QUARANTINED when a
/// seal mismatch changed it, otherwise the status it had (a QUARANTINED, LOST or RETIRED handset
/// seen with another seal is listed and left as it is).
std::string StocktakeStatusAfter(const StocktakeItem& item);

/// True when the item's handset was seen by its tag alone: in hand, but its seal not checked
/// against the register (DOMAIN.md: every handset is seen and its seal checked). It changes
/// nothing; the stocktake lists it so that the SPoC checks those seals.
bool SealNotChecked(const StocktakeItem& item);
/// True when the item's handset was seen with the seal the register records.
bool SealMatched(const StocktakeItem& item);

/// The evidence written on the draft a stocktake opens.
std::string StocktakeEvidence(const StocktakeItem& item);

/// A stocktake as kept: when, where, who, how many lines were seen, and its items.
struct Stocktake {
    Id id = 0;
    std::string establishment;
    TimePoint taken_at{};
    std::string taken_by;
    int seen_count = 0;
    std::vector<StocktakeItem> items;
    /// The items of one finding, in order.
    std::vector<StocktakeItem> Of(StocktakeFinding finding) const;
    /// The items seen with their recorded seal, and those seen by their tag alone.
    int MatchedCount() const;
    std::vector<StocktakeItem> SealsNotChecked() const;
};

}  // namespace warden::domain
