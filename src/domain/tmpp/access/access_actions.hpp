#pragma once
// What an actor may do next on a prisoner's TMPP record: the policy's actions combined with the
// record's state. Pages offer exactly these; the services enforce the same rules.

#include "domain/people/roles.hpp"
#include "domain/tmpp/access/access_service.hpp"

namespace warden::domain {

/// The next steps offered on a prisoner's TMPP record.
struct AccessActions {
    bool record_need = false;
    bool record_compact = false;
    bool decide = false;
    bool grant = false;
    bool withdraw = false;

    bool Any() const { return record_need || record_compact || decide || grant || withdraw; }
};

/// Where `by` reads and edits establishments' compacts: the compact's text is not prisoner data,
/// so a role without prisoner data (ADMIN) works on every establishment's; others on their
/// caseload's.
Scope CompactScope(const Actor& by);

/// The steps `by` may take on `view`, the record of a prisoner who is `present` (not gone).
AccessActions ActionsOn(const Actor& by, bool present, const AccessView& view);

}  // namespace warden::domain
