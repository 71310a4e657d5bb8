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

int BandRank(const QueueRow& r) {
    return r.recommendation ? static_cast<int>(r.recommendation->recommendation.band) : -1;
}

int Score(const QueueRow& r) {
    return r.recommendation ? r.recommendation->recommendation.score : -1;
}

}  // namespace

QueueService::QueueService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

namespace {

// The queue read's filter and count for the audit log (codes only).
std::string QueueAuditDetail(const QueueQuery& q, size_t total) {
    const int limit = std::clamp(q.limit, 1, 500);
    const int offset = std::clamp(q.offset, 0, static_cast<int>(total));
    const int count = std::min(static_cast<int>(total) - offset, limit);
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

Result<QueuePage> QueueService::Queue(const Actor& by, const QueueQuery& query) {
    WARDEN_TRY(Require(by, Action::kTmppAssess));
    const std::string code = ToUpper(Trim(query.establishment));
    const TimePoint now = clock_.Now();
    std::vector<QueueRow> rows;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_TRY(LoadEstablishment(repos, by, code));
        WARDEN_ASSIGN_OR_RETURN(auto entries, repos.access.QueueAt(code, by.PrisonerScope()));
        rows.reserve(entries.size());
        for (auto& e : entries) {
            if (!query.wing.empty() && e.prisoner.wing != query.wing) continue;
            if (query.state && e.state != *query.state) continue;
            if (query.band &&
                (!e.recommendation || e.recommendation->recommendation.band != *query.band)) {
                continue;
            }
            QueueRow& row = rows.emplace_back();
            row.prisoner = std::move(e.prisoner);
            row.state = e.state;
            row.recommendation = std::move(e.recommendation);
            row.decision = std::move(e.decision);
            row.decision_expired = row.decision && now >= row.decision->expires_at;
            row.confirmable = RecommendationConfirmable(row.recommendation, row.decision, now);
        }
        return repos.audit.Append(NewAuditEntry(by, now, "tmpp.queue.read", "establishment:" + code,
                                                QueueAuditDetail(query, rows.size())));
    }));
    const auto key = [&](const QueueRow& a, const QueueRow& b) {
        const auto& pa = a.prisoner;
        const auto& pb = b.prisoner;
        if (query.sort == "name") {
            return std::tie(pa.last_name, pa.first_name, pa.prison_number) <
                   std::tie(pb.last_name, pb.first_name, pb.prison_number);
        }
        if (query.sort == "wing") {
            return std::tie(pa.wing, pa.cell, pa.prison_number) <
                   std::tie(pb.wing, pb.cell, pb.prison_number);
        }
        if (query.sort == "state") {
            return std::make_pair(static_cast<int>(a.state), pa.prison_number) <
                   std::make_pair(static_cast<int>(b.state), pb.prison_number);
        }
        if (query.sort == "band") {
            return std::make_tuple(BandRank(a), Score(a), pa.prison_number) <
                   std::make_tuple(BandRank(b), Score(b), pb.prison_number);
        }
        if (query.sort == "score") {
            return std::make_pair(Score(a), pa.prison_number) <
                   std::make_pair(Score(b), pb.prison_number);
        }
        return pa.prison_number < pb.prison_number;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const QueueRow& a, const QueueRow& b) {
        return query.descending ? key(b, a) : key(a, b);
    });
    QueuePage page;
    page.total = static_cast<int>(rows.size());
    const int limit = std::clamp(query.limit, 1, 500);
    const int offset = std::clamp(query.offset, 0, page.total);
    const int end = std::min(page.total, offset + limit);
    page.rows.assign(std::make_move_iterator(rows.begin() + offset),
                     std::make_move_iterator(rows.begin() + end));
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
