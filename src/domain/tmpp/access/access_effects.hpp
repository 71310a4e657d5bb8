#pragma once
// TMPP access effects that other features cause inside their own transaction: the withdrawal
// (AccessService::Withdraw and an incident's WITHDRAWAL sanction: one place for the rule), the
// recall of a handset whose holder's access ended (a withdrawal, a transfer, a prisoner gone)
// and the review of risk decisions that a reported tampering incident contradicts.

#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "domain/tmpp/access/access.hpp"

namespace warden::domain {

/// What a withdrawal did.
struct Withdrawal {
    std::optional<Grant> grant;    // the grant it ended; nullopt when there was none
    std::string recalled_handset;  // the tag of the handset flagged for recall, if one was held
};

/// The TMPP withdrawal of `p` (in `by`'s caseload, checked by the caller), in the caller's
/// transaction: ends the active grant at p's establishment (withdrawn, with `reason` and the
/// incident reference `incident`), makes the access WITHDRAWN (its wing list is stale from
/// now, and issuing is refused: no active grant), with the timeline event and audit entry; and
/// flags a handset p holds for recall, with the handset's timeline event and audit entry. With
/// no active grant only the recall is done.
Result<Withdrawal> WithdrawAccessIn(Repositories& repos, const Actor& by, TimePoint now,
                                    const Prisoner& p, const std::string& reason,
                                    const std::string& incident);

/// Flags for recall, in the caller's transaction, the handset `prison_number` holds at an
/// establishment of `where` (if any, and not already flagged), with the handset's
/// RECALL_REQUESTED timeline event ("TMPP access of N <why>: recall the handset") and a
/// handsets.recall_requested audit entry. `why` says how the access ended ("withdrawn",
/// "ended on transfer to LEI"). Returns the tag flagged, or "" when nothing was.
Result<std::string> RecallHeldHandset(Repositories& repos, const Actor& by, TimePoint now,
                                      const std::string& prison_number, const Scope& where,
                                      const std::string& why);

/// Marks for review, in the caller's transaction, the risk decision of each of `prison_numbers`
/// at the establishment where they are held that is not RED and not already flagged: a
/// reported tampering incident (`reference`) makes their later assessments RED. Writes each
/// decision's timeline event and audit entry. Returns the prison numbers flagged.
Result<std::vector<std::string>> ReviewDecisionsForTampering(
    Repositories& repos, const Actor& by, TimePoint now,
    const std::vector<std::string>& prison_numbers, const std::string& reference);

}  // namespace warden::domain
