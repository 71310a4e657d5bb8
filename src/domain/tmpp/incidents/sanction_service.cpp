// IncidentService::RecordSanction: Security records a sanction against a prisoner of an incident
// (issue 10 item 7). WITHDRAWAL is the TMPP withdrawal itself (WithdrawAccessIn), in the same
// transaction as the sanction, its timeline step and the audit entries.

#include "core/strings.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_effects.hpp"
#include "domain/tmpp/incidents/incident_service.hpp"
#include "domain/tmpp/incidents/incident_support.hpp"

namespace warden::domain {

using namespace incident_support;

namespace {

// The WITHDRAWAL of `number`, named on incident `i`, at i's establishment; what it did, for the
// timeline.
Result<std::string> Withdraw(Repositories& repos, const Actor& by, TimePoint now, const Incident& i,
                             const std::string& number) {
    auto p = repos.prisoners.Get(number, by.PrisonerScope());
    if (!p.ok() && p.error().code != ErrorCode::kNotFound) return p.error();
    if (!p.ok() || p->establishment != i.establishment) {
        // Transferred: the transfer ended their access here; the new establishment decides.
        return std::string("no longer held at " + i.establishment +
                           ": their TMPP access here ended at the transfer");
    }
    WARDEN_ASSIGN_OR_RETURN(
        Withdrawal w, WithdrawAccessIn(repos, by, now, *p,
                                       "Sanction for TMPP incident " + i.reference, i.reference));
    std::string out = w.grant ? "TMPP access withdrawn, the wing list is stale"
                              : "no active TMPP access to withdraw";
    if (!w.recalled_handset.empty()) {
        out += "; handset " + w.recalled_handset + " is flagged for recall";
    }
    return out;
}

}  // namespace

Result<Sanction> IncidentService::RecordSanction(const Actor& by, const std::string& reference,
                                                 const SanctionInput& input) {
    WARDEN_TRY(Require(by, Action::kIncidentsSanction));
    const TimePoint now = clock_.Now();
    const Scope scope = by.PrisonerScope();
    Sanction out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Incident i, LoadIncident(repos, reference, scope));
        if (i.status != IncidentStatus::kReported && i.status != IncidentStatus::kRiuNotified) {
            return NotInState(i, "REPORTED or RIU_NOTIFIED", "sanctioned");
        }
        auto fields = CheckSanctionInput(input, i, out);
        if (!fields.empty()) return FieldsError(std::move(fields));
        out.incident_id = i.id;
        out.recorded_by = by.username;
        out.recorded_at = now;
        WARDEN_ASSIGN_OR_RETURN(out.id, repos.incidents.AddSanction(out));
        const std::string kind(SanctionKindName(out.kind));
        std::string detail = kind + " against " + out.prison_number;
        switch (out.kind) {
            case SanctionKind::kWithdrawal: {
                WARDEN_ASSIGN_OR_RETURN(auto did, Withdraw(repos, by, now, i, out.prison_number));
                detail += ": " + did;
                break;
            }
            case SanctionKind::kPlacedOnReport:
                detail += " (adjudication " + out.reference + ")";
                break;
            case SanctionKind::kOther:
                detail += ": " + out.description;
                break;
        }
        std::string codes = "kind=" + kind + " sanctioned=" + out.prison_number;
        if (!out.reference.empty()) codes += " adjudication=" + out.reference;
        return Step(repos, by, now, i, "SANCTION", detail, "sanction", 0, codes);
    }));
    return out;
}

}  // namespace warden::domain
