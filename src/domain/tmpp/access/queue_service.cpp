#include "domain/tmpp/access/queue_service.hpp"

#include <algorithm>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "domain/policy/policy.hpp"
#include "domain/service_support.hpp"
#include "domain/tmpp/access/access_actions.hpp"
#include "domain/tmpp/access/access_support.hpp"

namespace warden::domain {

namespace {

Result<Establishment> LoadEstablishment(Repositories& repos, const Actor& by,
                                        const std::string& code) {
    if (!IsEstablishmentCode(code)) {
        return Error::NotFound("Establishment " + code.substr(0, 10) + " was not found");
    }
    return repos.establishments.Get(code, by.PrisonerScope());
}

// Fills preview.would_stop and reasons: the active grants of the prisoners of `code` that
// preview.rule (phase preview.to) does not allow, from one bulk read in `scope`.
Status GrantsThatWouldStop(Repositories& repos, const std::string& code, const Scope& scope,
                           PhasePreview& preview) {
    preview.would_stop.clear();
    preview.reasons.clear();
    WARDEN_ASSIGN_OR_RETURN(auto entries, repos.access.QueueAt(code, scope));
    for (auto& entry : entries) {
        auto problem = GrantPhaseProblem(preview.rule, preview.to, entry);
        if (!problem) continue;
        preview.reasons.push_back(*problem);
        preview.would_stop.push_back(std::move(*entry.grant));
    }
    return Ok();
}

}  // namespace

QueueService::QueueService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

namespace {

// The queue read's filter and count for the audit log (codes only).
std::string QueueAuditDetail(const QueueQuery& q, int total) {
    const int limit = std::clamp(q.limit, 1, 500);
    const int offset = std::clamp(q.offset, 0, total);
    const int count = std::min(total - offset, limit);
    std::string out;
    if (!q.wing.empty()) out += "wing=" + q.wing + " ";
    if (q.state) out += "state=" + std::string(AccessStateName(*q.state)) + " ";
    if (q.band) out += "band=" + std::string(RiskBandName(*q.band)) + " ";
    out += "sort=" + q.sort + (q.descending ? " dir=desc" : " dir=asc");
    out += " offset=" + std::to_string(offset) + " limit=" + std::to_string(limit) +
           " count=" + std::to_string(count) + " total=" + std::to_string(total);
    return out;
}

}  // namespace

Result<QueuePage> QueueService::Queue(const Actor& by, const QueueQuery& input) {
    WARDEN_TRY(Require(by, Action::kTmppAssess));
    QueueQuery query = input;
    query.establishment = ToUpper(Trim(input.establishment));
    query.limit = std::clamp(query.limit, 1, 500);
    query.offset = std::max(query.offset, 0);
    const std::string& code = query.establishment;
    const TimePoint now = clock_.Now();
    // Filtered, ordered and paged in the store's query: only the page is read (a 25,000-prisoner
    // establishment's queue is one page of rows, not 25,000). The page is returned only once its
    // audit entry is stored.
    TmppQueuePage read;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_TRY(LoadEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(read, repos.access.QueuePage(query, by.PrisonerScope()));
        return Ok();
    }));
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        return repos.audit.Append(NewAuditEntry(by, now, "tmpp.queue.read", "establishment:" + code,
                                                QueueAuditDetail(query, read.total)));
    }));
    QueuePage page;
    page.total = read.total;
    page.rows.reserve(read.entries.size());
    for (auto& e : read.entries) {
        QueueRow& row = page.rows.emplace_back();
        row.prisoner = std::move(e.prisoner);
        row.state = e.state;
        row.recommendation = std::move(e.recommendation);
        row.decision = std::move(e.decision);
        row.decision_expired = row.decision && now >= row.decision->expires_at;
        row.confirmable = RecommendationConfirmable(row.recommendation, row.decision, now);
    }
    return page;
}

Result<std::vector<CompactVersion>> QueueService::CompactVersions(const Actor& by,
                                                                  const std::string& code) {
    WARDEN_TRY(Require(by, Action::kTmppCompactsRead));
    const std::string c = ToUpper(Trim(code));
    std::vector<CompactVersion> out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        if (!IsEstablishmentCode(c)) return Error::NotFound("Establishment was not found");
        WARDEN_TRY(repos.establishments.Get(c, CompactScope(by)));
        WARDEN_ASSIGN_OR_RETURN(out, repos.compacts.CompactVersions(c, CompactScope(by)));
        return Ok();
    }));
    return out;
}

Result<PhaseOverview> QueueService::Phases(const Actor& by, const std::string& code) {
    WARDEN_TRY(Require(by, Action::kTmppRead));
    const std::string c = ToUpper(Trim(code));
    PhaseOverview out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out.establishment, LoadEstablishment(repos, by, c));
        WARDEN_ASSIGN_OR_RETURN(out.table, repos.phases.PhaseTable(c, by.PrisonerScope()));
        WARDEN_ASSIGN_OR_RETURN(out.history, repos.phases.PhaseHistory(c, by.PrisonerScope()));
        WARDEN_ASSIGN_OR_RETURN(auto grants, repos.grants.ActiveGrantsAt(c, by.PrisonerScope()));
        for (auto& g : grants) {
            if (g.needs_review) out.for_review.push_back(std::move(g));
        }
        return Ok();
    }));
    return out;
}

Result<PhasePreview> QueueService::PreviewPhase(const Actor& by, const std::string& code,
                                                int phase) {
    WARDEN_TRY(Require(by, Action::kTmppPhaseSet));
    const std::string c = ToUpper(Trim(code));
    PhasePreview out;
    out.to = phase;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out.establishment, LoadEstablishment(repos, by, c));
        out.from = out.establishment.phase;
        WARDEN_ASSIGN_OR_RETURN(auto table, repos.phases.PhaseTable(c, by.PrisonerScope()));
        out.rule = FindPhase(table, phase);
        if (!out.rule) {
            int max = 0;
            for (const auto& r : table) max = std::max(max, r.phase);
            return Error::Invalid("Choose a phase from 0 to " + std::to_string(max),
                                  {{"phase", "Choose a phase from 0 to " + std::to_string(max)}});
        }
        return GrantsThatWouldStop(repos, c, by.PrisonerScope(), out);
    }));
    return out;
}

Result<PhasePreview> QueueService::PreviewPhaseTable(const Actor& by, const std::string& code,
                                                     const std::vector<PhaseRule>& phases) {
    WARDEN_TRY(Require(by, Action::kTmppPhaseSet));
    const std::string c = ToUpper(Trim(code));
    WARDEN_ASSIGN_OR_RETURN(auto table, ValidatePhaseTable(phases));
    PhasePreview out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out.establishment, LoadEstablishment(repos, by, c));
        out.from = out.to = out.establishment.phase;
        out.rule = FindPhase(table, out.to);
        return GrantsThatWouldStop(repos, c, by.PrisonerScope(), out);
    }));
    return out;
}

Result<GrantChecklist> QueueService::Checklist(const Actor& by, const std::string& prison_number) {
    WARDEN_TRY(Require(by, Action::kTmppGrant));
    const std::string number = ToUpper(Trim(prison_number));
    const TimePoint now = clock_.Now();
    GrantChecklist out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        if (!IsPrisonNumber(number)) return Error::NotFound("Prisoner was not found");
        WARDEN_ASSIGN_OR_RETURN(out.prisoner, repos.prisoners.Get(number, by.PrisonerScope()));
        const Prisoner& p = out.prisoner;
        WARDEN_ASSIGN_OR_RETURN(Establishment e,
                                repos.establishments.Get(p.establishment, by.PrisonerScope()));
        out.phase = e.phase;
        WARDEN_ASSIGN_OR_RETURN(auto table, repos.phases.PhaseTable(e.code, by.PrisonerScope()));
        out.rule = FindPhase(table, e.phase);
        WARDEN_ASSIGN_OR_RETURN(AccessFacts facts,
                                LoadAccessFacts(repos, p, access_support::Here(p)));
        GrantRuling ruling = RuleOnGrant(p, facts, e.phase, out.rule, {}, now);
        out.decision = std::move(facts.decision);
        out.grant = std::move(facts.grant);
        out.checks = std::move(ruling.checks);
        out.all_met = !ruling.refusal;
        return repos.audit.Append(
            NewPrisonerAuditEntry(by, now, "tmpp.checklist.read", number, p.establishment,
                                  std::string("all_met=") + (out.all_met ? "true" : "false")));
    }));
    return out;
}

}  // namespace warden::domain
