#include "domain/tmpp/access/access_effects.hpp"

#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_support.hpp"

namespace warden::domain {

using namespace access_support;

Result<std::string> RecallHeldHandset(Repositories& repos, const Actor& by, TimePoint now,
                                      const std::string& prison_number, const Scope& where,
                                      const std::string& why) {
    WARDEN_ASSIGN_OR_RETURN(auto issue, repos.handsets.OpenIssueOfPrisoner(prison_number, where));
    if (!issue || issue->recall_requested_at) return std::string();
    WARDEN_ASSIGN_OR_RETURN(bool flagged, repos.handsets.RequestRecall(issue->id, now));
    if (!flagged) return std::string();  // a concurrent request flagged it first
    HandsetEvent e;
    e.tag = issue->tag;
    e.at = now;
    e.by = by.username;
    e.what = "RECALL_REQUESTED";
    e.detail = "TMPP access of " + prison_number + " " + why + ": recall the handset";
    WARDEN_TRY(repos.handsets.AddEvent(e));
    AuditEntry entry =
        NewAuditEntry(by, now, "handsets.recall_requested", "handset:" + issue->tag,
                      "establishment=" + issue->establishment + " prison_number=" + prison_number);
    entry.establishment = issue->establishment;
    WARDEN_TRY(repos.audit.Append(entry));
    return issue->tag;
}

Result<Withdrawal> WithdrawAccessIn(Repositories& repos, const Actor& by, TimePoint now,
                                    const Prisoner& p, const std::string& reason,
                                    const std::string& incident) {
    Withdrawal out;
    const std::string& number = p.prison_number;
    WARDEN_ASSIGN_OR_RETURN(auto grant, LockedActiveGrant(repos, number, Here(p)));
    if (grant) {
        Grant g = *grant;
        g.active = false;
        g.ended_at = now;
        g.ended_by = by.username;
        g.withdrawn = true;
        g.end_reason = reason;
        g.incident_ref = incident;
        WARDEN_TRY(repos.grants.UpdateGrant(g));
        WARDEN_ASSIGN_OR_RETURN(AccessRecord access, repos.access.GetAccess(number, Here(p)));
        WARDEN_ASSIGN_OR_RETURN(auto needs, repos.needs.NeedsOf(number, Here(p)));
        access.prison_number = number;
        access.establishment = p.establishment;
        access.state = AccessState::kWithdrawn;
        access.ended_need_id = MaxNeedId(needs);
        access.updated_at = now;
        WARDEN_TRY(repos.access.PutAccess(access));
        TimelineEvent event;
        event.kind = EventKind::kAccessWithdrawn;
        event.reason = Clip(reason, 200);
        event.incident = incident;
        WARDEN_TRY(Record(repos, by, p, now, std::move(event)));
        out.grant = std::move(g);
    }
    WARDEN_ASSIGN_OR_RETURN(out.recalled_handset,
                            RecallHeldHandset(repos, by, now, number, Here(p), "withdrawn"));
    return out;
}

Result<std::vector<std::string>> ReviewDecisionsForTampering(
    Repositories& repos, const Actor& by, TimePoint now,
    const std::vector<std::string>& prison_numbers, const std::string& reference) {
    std::vector<std::string> out;
    for (const auto& number : prison_numbers) {
        auto p = repos.prisoners.Get(number, Scope::National());
        if (!p.ok()) {
            if (p.error().code == ErrorCode::kNotFound) continue;
            return p.error();
        }
        WARDEN_ASSIGN_OR_RETURN(auto decision, repos.risk.GetDecision(number, Here(*p)));
        if (!decision || decision->needs_review || decision->band == RiskBand::kRed) continue;
        // A decision Security recorded meanwhile is kept, and marked too unless it is RED.
        const std::string reason =
            "a previous TMPP tampering incident (" + reference + ") makes the band RED";
        WARDEN_ASSIGN_OR_RETURN(
            const bool marked,
            MarkDecisionForReviewIf(repos, *decision, reason, Here(*p), [](const RiskDecision& d) {
                return d.band != RiskBand::kRed;
            }));
        if (!marked) continue;
        TimelineEvent event;
        event.kind = EventKind::kDecisionReview;
        event.reason = reason;
        WARDEN_TRY(Record(repos, by, *p, now, std::move(event)));
        out.push_back(number);
    }
    return out;
}

}  // namespace warden::domain
