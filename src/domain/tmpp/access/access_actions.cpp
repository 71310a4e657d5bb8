#include "domain/tmpp/access/access_actions.hpp"

#include "domain/policy/policy.hpp"

namespace warden::domain {

Scope CompactScope(const Actor& by) {
    return Allowed(by, Action::kPrisonersRead) ? by.PrisonerScope() : by.EstablishmentScope();
}

AccessActions ActionsOn(const Actor& by, bool present, const AccessView& view) {
    AccessActions out;
    out.record_need = present && Allowed(by, Action::kTmppNeedsRecord);
    out.record_compact = present && Allowed(by, Action::kTmppCompactsSign);
    out.decide = present && Allowed(by, Action::kTmppDecide);
    out.grant = present && !view.grant && Allowed(by, Action::kTmppGrant);
    out.withdraw = view.grant.has_value() && Allowed(by, Action::kTmppWithdraw);
    return out;
}

}  // namespace warden::domain
