// The establishment-wide parts of AccessService: the phase and its table (flagging the grants
// that stop qualifying), published wing lists, the effects of a prisoner import, and the
// scheduler's expiry of risk decisions.

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <unordered_map>

#include "core/strings.hpp"
#include "domain/policy/policy.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_effects.hpp"
#include "domain/tmpp/access/access_service.hpp"
#include "domain/tmpp/access/access_support.hpp"

namespace warden::domain {

using namespace access_support;

namespace {

// Flags the active grants of the establishment's prisoners that `rule` (phase `phase`) does not
// allow for review (one bulk read); returns them.
Result<std::vector<Grant>> FlagGrantsForReview(Repositories& repos, const Actor& by, TimePoint now,
                                               const std::string& code,
                                               const std::optional<PhaseRule>& rule, int phase) {
    std::vector<Grant> out;
    WARDEN_ASSIGN_OR_RETURN(auto entries, repos.access.QueueAt(code, by.PrisonerScope()));
    for (auto& entry : entries) {
        auto problem = GrantPhaseProblem(rule, phase, entry);
        if (!problem) continue;
        Grant& g = *entry.grant;
        // Written back whole: under its lock, and only while still active, so a withdrawal
        // committed since the bulk read is not undone (ADR 0012).
        WARDEN_ASSIGN_OR_RETURN(const bool still, repos.grants.LockActiveGrant(g.id));
        if (!still) continue;
        g.needs_review = true;
        g.review_reason = "no longer qualifies: " + *problem;
        WARDEN_TRY(repos.grants.UpdateGrant(g));
        TimelineEvent event;
        event.kind = EventKind::kGrantReview;
        event.reason = g.review_reason;
        WARDEN_TRY(
            AddEvent(repos, g.prison_number, g.establishment, by.username, now, std::move(event)));
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace

Result<PhaseChange> AccessService::SetPhase(const Actor& by, const std::string& establishment,
                                            int phase, const std::string& reason) {
    WARDEN_TRY(Require(by, Action::kTmppPhaseSet));
    const std::string code = Normalise(establishment);
    const std::string why(Trim(reason));
    WARDEN_TRY(
        RequireText(why, "reason", "Give the reason for the phase change", kMaxReasonLength));
    const TimePoint now = clock_.Now();
    PhaseChange out;
    out.establishment = code;
    out.to = phase;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        // In the caller's caseload (kNotFound otherwise); the phase it replaces comes from
        // SetPhase, read under the row's lock.
        WARDEN_TRY(LoadEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(auto table, repos.phases.PhaseTable(code, by.PrisonerScope()));
        const auto rule = FindPhase(table, phase);
        if (!rule) {
            int max = 0;
            for (const auto& r : table) max = std::max(max, r.phase);
            return FieldsError({{"phase", "Choose a phase from 0 to " + std::to_string(max)}});
        }
        WARDEN_ASSIGN_OR_RETURN(out.from, repos.establishments.SetPhase(code, phase));
        WARDEN_ASSIGN_OR_RETURN(out.no_longer_qualify,
                                FlagGrantsForReview(repos, by, now, code, rule, phase));
        // The reason is kept in the phase history (shown on the phase page); the audit entry
        // holds the codes and the history row's id.
        WARDEN_ASSIGN_OR_RETURN(Id history, repos.phases.AddPhaseChange(
                                                {0, code, now, by.username, out.from, phase, why}));
        return repos.audit.Append(
            NewAuditEntry(by, now, "tmpp.phase.set", "establishment:" + code,
                          "from=" + std::to_string(out.from) + " to=" + std::to_string(phase) +
                              " grants_for_review=" + std::to_string(out.no_longer_qualify.size()) +
                              " id=" + std::to_string(history)));
    }));
    return out;
}

Result<PhaseTableChange> AccessService::SetPhaseTable(const Actor& by,
                                                      const std::string& establishment,
                                                      const std::vector<PhaseRule>& phases) {
    WARDEN_TRY(Require(by, Action::kTmppPhaseSet));
    const std::string code = Normalise(establishment);
    WARDEN_ASSIGN_OR_RETURN(auto table, ValidatePhaseTable(phases));
    const TimePoint now = clock_.Now();
    PhaseTableChange out;
    out.establishment = code;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(auto before, repos.phases.PhaseTable(code, by.PrisonerScope()));
        WARDEN_TRY(repos.phases.PutPhaseTable(code, table));
        WARDEN_ASSIGN_OR_RETURN(
            out.no_longer_qualify,
            FlagGrantsForReview(repos, by, now, code, FindPhase(table, e.phase), e.phase));
        const auto describe = [](const std::vector<PhaseRule>& t) {
            std::string text;
            for (const auto& r : t) {
                if (r.phase == 0) continue;
                if (!text.empty()) text += ";";
                text +=
                    std::to_string(r.phase) + ":" + JoinNeeds(r.needs) + "/" + JoinBands(r.bands);
                if (!r.amber_conditions.empty()) text += "/AMBER+" + JoinList(r.amber_conditions);
            }
            return text;
        };
        return repos.audit.Append(NewAuditEntry(
            by, now, "tmpp.phase_table.set", "establishment:" + code,
            "from=" + describe(before) + " to=" + describe(table) +
                " grants_for_review=" + std::to_string(out.no_longer_qualify.size())));
    }));
    out.table = std::move(table);
    return out;
}

Result<WingList> AccessService::PublishWingList(const Actor& by, const std::string& establishment,
                                                const std::string& wing) {
    WARDEN_TRY(Require(by, Action::kTmppListsPublish));
    const std::string code = Normalise(establishment);
    const std::string wing_code = Normalise(wing);
    const TimePoint now = clock_.Now();
    WingList out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        const bool known = std::any_of(e.wings.begin(), e.wings.end(),
                                       [&](const Location& l) { return l.code == wing_code; });
        if (!known) return Error::NotFound("Wing " + Clip(wing_code, 10) + " was not found");
        WARDEN_ASSIGN_OR_RETURN(auto grants, repos.grants.ActiveGrantsAt(code, by.PrisonerScope()));
        out.establishment = code;
        out.wing = wing_code;
        out.published_by = by.username;
        out.published_at = now;
        for (const auto& g : grants) {
            auto found = repos.prisoners.Get(g.prison_number, Scope::Of({code}));
            if (!found.ok()) {
                // Held elsewhere now (a transfer): not eligible here, and no reason to fail.
                if (found.error().code == ErrorCode::kNotFound) continue;
                return found.error();
            }
            const Prisoner& p = *found;
            if (p.gone || p.wing != wing_code) continue;
            out.entries.push_back({p.prison_number, p.first_name, p.last_name, p.cell, g.band,
                                   g.conditions, g.review_on});
        }
        std::sort(out.entries.begin(), out.entries.end(),
                  [](const WingListEntry& a, const WingListEntry& b) {
                      return a.prison_number < b.prison_number;
                  });
        WARDEN_ASSIGN_OR_RETURN(
            auto previous, repos.wing_lists.LatestWingList(code, wing_code, by.PrisonerScope()));
        std::set<std::string> before;
        if (previous) {
            for (const auto& entry : previous->entries) before.insert(entry.prison_number);
        }
        std::set<std::string> after;
        for (const auto& entry : out.entries) after.insert(entry.prison_number);
        for (const auto& n : after) {
            if (!before.count(n)) out.added.push_back(n);
        }
        for (const auto& n : before) {
            if (!after.count(n)) out.removed.push_back(n);
        }
        out.version = previous ? previous->version + 1 : 1;
        WARDEN_TRY(repos.wing_lists.AddWingList(out));
        return repos.audit.Append(NewAuditEntry(
            by, now, "tmpp.wing_list.published", "wing:" + code + "/" + wing_code,
            "version=" + std::to_string(out.version) +
                " entries=" + std::to_string(out.entries.size()) + " added=" + JoinList(out.added) +
                " removed=" + JoinList(out.removed)));
    }));
    return out;
}

Result<CurrentWingList> AccessService::CurrentList(const Actor& by,
                                                   const std::string& establishment,
                                                   const std::string& wing,
                                                   std::string_view format) {
    WARDEN_TRY(Require(by, Action::kTmppListsRead));
    const std::string code = Normalise(establishment);
    const std::string wing_code = Normalise(wing);
    const TimePoint now = clock_.Now();
    CurrentWingList out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Establishment e, LoadEstablishment(repos, by, code));
        const bool known = std::any_of(e.wings.begin(), e.wings.end(),
                                       [&](const Location& l) { return l.code == wing_code; });
        if (!known) return Error::NotFound("Wing " + Clip(wing_code, 10) + " was not found");
        WARDEN_ASSIGN_OR_RETURN(
            out.list, repos.wing_lists.LatestWingList(code, wing_code, by.PrisonerScope()));
        const auto audit = [&] {
            std::string detail = "format=" + std::string(format);
            if (out.list) {
                detail += " version=" + std::to_string(out.list->version) +
                          " count=" + std::to_string(out.list->entries.size()) +
                          " stale=" + (out.stale ? "true" : "false");
            } else {
                detail += " count=0";
            }
            return repos.audit.Append(NewAuditEntry(by, now, "tmpp.wing_list.read",
                                                    "wing:" + code + "/" + wing_code, detail));
        };
        if (!out.list) return audit();
        WARDEN_ASSIGN_OR_RETURN(
            auto ended,
            repos.grants.EndedSince(code, wing_code, out.list->published_at, by.PrisonerScope()));
        std::set<std::string> listed;
        for (const auto& entry : out.list->entries) listed.insert(entry.prison_number);
        for (const auto& g : ended) {
            if (!listed.count(g.prison_number)) continue;
            out.withdrawn_since.push_back(
                {g.prison_number, g.ended_at.value_or(TimePoint{}), g.end_reason, g.incident_ref});
        }
        out.stale = !out.withdrawn_since.empty();
        return audit();
    }));
    return out;
}

namespace {

// Ends, at the establishment they came from, the TMPP access of a prisoner transferred in to
// `to`: a handset they still hold there is flagged for recall, the active grant ends with the
// reason (so the old wing list shows stale), the access record is ENDED, the old
// establishment's timeline says why, and the audit entry is against the prisoner at the old
// establishment. Nothing is written when nothing was open or held there.
Status EndAccessOnTransfer(Repositories& repos, const Actor& by, const TransferIn& t,
                           const std::string& to, TimePoint now) {
    const Scope there = Scope::Of({t.from});
    const std::string why = "Transferred to " + to;
    // The grant's lock before the handset's issue, as every writer takes them (ADR 0012).
    WARDEN_ASSIGN_OR_RETURN(auto grant, LockedActiveGrant(repos, t.prison_number, there));
    WARDEN_TRY(
        RecallHeldHandset(repos, by, now, t.prison_number, there, "ended on transfer to " + to));
    WARDEN_ASSIGN_OR_RETURN(AccessRecord access, repos.access.GetAccess(t.prison_number, there));
    const bool open = access.establishment == t.from && access.state != AccessState::kNone &&
                      access.state != AccessState::kEnded;
    if (!grant && !open) return Ok();
    std::string detail = "from=" + t.from + " to=" + to;
    if (grant) {
        grant->active = false;
        grant->ended_at = now;
        grant->ended_by = by.username;
        grant->withdrawn = false;
        grant->end_reason = why;
        WARDEN_TRY(repos.grants.UpdateGrant(*grant));
        detail += " grant=" + std::to_string(grant->id);
    }
    if (open) {
        WARDEN_ASSIGN_OR_RETURN(auto needs, repos.needs.NeedsOf(t.prison_number, there));
        access.state = AccessState::kEnded;
        access.ended_need_id = MaxNeedId(needs);
        access.updated_at = now;
        WARDEN_TRY(repos.access.PutAccess(access));
    }
    TimelineEvent event;
    event.kind = EventKind::kAccessEnded;
    event.reason = why;
    WARDEN_TRY(AddEvent(repos, t.prison_number, t.from, by.username, now, std::move(event)));
    return repos.audit.Append(NewPrisonerAuditEntry(
        by, now, "tmpp.access.transferred", t.prison_number, t.from, detail + " state=ENDED"));
}

}  // namespace

Status ApplyImportToAccess(Repositories& repos, const Actor& by, const std::string& establishment,
                           const std::vector<Prisoner>& rows,
                           const std::vector<TransferIn>& transfers, bool marked_gone,
                           TimePoint now) {
    for (const auto& t : transfers)
        WARDEN_TRY(EndAccessOnTransfer(repos, by, t, establishment, now));
    // The establishment's own rows (the caller checked it is in the actor's scope).
    const Scope mine = Scope::Of({establishment});
    WARDEN_ASSIGN_OR_RETURN(auto decisions, repos.risk.DecisionsAt(establishment, mine));
    std::vector<AccessRecord> open;
    if (marked_gone) {
        WARDEN_ASSIGN_OR_RETURN(open, repos.access.OpenAccessAt(establishment, mine));
    }
    if (decisions.empty() && open.empty()) return Ok();

    std::unordered_map<std::string_view, const Prisoner*> by_number;
    by_number.reserve(rows.size());
    for (const auto& row : rows) by_number.emplace(row.prison_number, &row);
    int reviewed = 0;
    int ended = 0;
    for (const auto& d : decisions) {
        if (d.needs_review) continue;
        auto it = by_number.find(d.prison_number);
        if (it == by_number.end()) continue;
        // A decision Security recorded meanwhile was decided on the facts before this import
        // (its transaction could not see the import's rows): marked too if they changed.
        const std::string reason = "a later import changed a risk input";
        const std::string imported = RiskInputsFingerprint(*it->second);
        WARDEN_ASSIGN_OR_RETURN(
            const bool marked,
            MarkDecisionForReviewIf(repos, d, reason, mine, [&](const RiskDecision& decision) {
                return decision.inputs != imported;
            }));
        if (!marked) continue;
        TimelineEvent event;
        event.kind = EventKind::kDecisionReview;
        event.reason = reason;
        WARDEN_TRY(
            AddEvent(repos, d.prison_number, establishment, by.username, now, std::move(event)));
        WARDEN_TRY(Refresh(repos, *it->second, now, mine));
        ++reviewed;
    }
    for (auto& access : open) {
        if (by_number.count(access.prison_number)) continue;
        auto found = repos.prisoners.Get(access.prison_number, mine);
        if (!found.ok() || !found->gone) continue;  // transferred away: not gone
        // The grant's lock before the handset's issue, as every writer takes them (ADR 0012).
        WARDEN_ASSIGN_OR_RETURN(auto grant, LockedActiveGrant(repos, access.prison_number, mine));
        WARDEN_TRY(RecallHeldHandset(repos, by, now, access.prison_number, mine,
                                     "ended as the prisoner is gone"));
        if (grant) {
            grant->active = false;
            grant->ended_at = now;
            grant->ended_by = by.username;
            grant->end_reason = "prisoner is gone";
            WARDEN_TRY(repos.grants.UpdateGrant(*grant));
        }
        WARDEN_ASSIGN_OR_RETURN(auto needs, repos.needs.NeedsOf(access.prison_number, mine));
        access.state = AccessState::kEnded;
        access.ended_need_id = MaxNeedId(needs);
        access.updated_at = now;
        WARDEN_TRY(repos.access.PutAccess(access));
        TimelineEvent event;
        event.kind = EventKind::kAccessEnded;
        event.reason = "prisoner is gone";
        WARDEN_TRY(AddEvent(repos, access.prison_number, establishment, by.username, now,
                            std::move(event)));
        ++ended;
    }
    if (reviewed == 0 && ended == 0) return Ok();
    return repos.audit.Append(NewAuditEntry(
        by, now, "tmpp.import_effects", "establishment:" + establishment,
        "decisions_for_review=" + std::to_string(reviewed) + " ended=" + std::to_string(ended)));
}

Result<int> AccessService::ExpireDecisions(const Actor& by) {
    if (!by.system) return Error::Forbidden("Only Warden itself expires risk decisions");
    constexpr int kBatch = 500;  // decisions per transaction
    const TimePoint now = clock_.Now();
    int marked = 0;
    for (;;) {
        std::size_t fetched = 0;
        int batch = 0;
        WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
            batch = 0;
            WARDEN_ASSIGN_OR_RETURN(auto due,
                                    repos.risk.DecisionsExpiredBy(now, kBatch, Scope::National()));
            fetched = due.size();
            for (const auto& d : due) {
                // A decision Security recorded meanwhile is kept, and marked in turn only with
                // the same expiry (the one the reason names).
                const std::string reason = "the decision expired on " + DateOf(d.expires_at);
                WARDEN_ASSIGN_OR_RETURN(
                    const bool flagged,
                    MarkDecisionForReviewIf(repos, d, reason, Scope::Of({d.establishment}),
                                            [&](const RiskDecision& decision) {
                                                return decision.expires_at == d.expires_at;
                                            }));
                if (!flagged) continue;
                TimelineEvent event;
                event.kind = EventKind::kDecisionExpired;
                event.reason = reason;
                // The decision's own establishment: a prisoner transferred away since keeps it
                // on the old establishment's timeline.
                auto p = repos.prisoners.Get(d.prison_number, Scope::Of({d.establishment}));
                if (p.ok()) {
                    WARDEN_TRY(Record(repos, by, *p, now, std::move(event)));
                } else if (p.error().code == ErrorCode::kNotFound) {
                    WARDEN_TRY(AddEvent(repos, d.prison_number, d.establishment, by.username, now,
                                        std::move(event)));
                    WARDEN_TRY(repos.audit.Append(
                        NewPrisonerAuditEntry(by, now, "tmpp.decision.expired", d.prison_number,
                                              d.establishment, "state=EXPIRED")));
                } else {
                    return p.error();
                }
                ++batch;
            }
            return Ok();
        }));
        marked += batch;
        if (fetched < static_cast<std::size_t>(kBatch)) return marked;
    }
}

}  // namespace warden::domain
