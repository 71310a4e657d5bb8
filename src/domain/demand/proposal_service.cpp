#include "domain/demand/proposal_service.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "core/strings.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

std::string Subject(Id id) { return "proposal:" + std::to_string(id); }

/// Establishment codes upper case; a title without surrounding spaces.
ProposalFields Normalised(ProposalFields f) {
    f.establishment = ToUpper(std::string(Trim(f.establishment)));
    f.title = std::string(Trim(f.title));
    f.supplier = std::string(Trim(f.supplier));
    f.wanted_start = std::string(Trim(f.wanted_start));
    return f;
}

/// The names of the fields that differ, comma-separated (for the audit detail: names, not values).
std::string ChangedFields(const ProposalFields& a, const ProposalFields& b) {
    std::string out;
    const auto note = [&](bool differs, const char* name) {
        if (!differs) return;
        if (!out.empty()) out += ',';
        out += name;
    };
    note(a.establishment != b.establishment, "establishment");
    note(a.title != b.title, "title");
    note(a.summary != b.summary, "summary");
    note(a.need != b.need, "need");
    note(a.category != b.category, "category");
    note(a.users != b.users, "users");
    note(a.supplier != b.supplier, "supplier");
    note(a.assured != b.assured, "assured");
    note(a.free_offer != b.free_offer, "free_offer");
    note(a.personal_data != b.personal_data, "personal_data");
    note(a.hmpps_network != b.hmpps_network, "hmpps_network");
    note(a.central_funding_assumed != b.central_funding_assumed, "central_funding_assumed");
    note(a.wanted_start != b.wanted_start, "wanted_start");
    note(a.one_off_hardware_software_pence != b.one_off_hardware_software_pence,
         "one_off_hardware_software_pence");
    note(a.one_off_labour_pence != b.one_off_labour_pence, "one_off_labour_pence");
    note(a.internal_staff_pence != b.internal_staff_pence, "internal_staff_pence");
    note(a.yearly_support_pence != b.yearly_support_pence, "yearly_support_pence");
    note(a.yearly_live_service_pence != b.yearly_live_service_pence, "yearly_live_service_pence");
    note(a.contract_years != b.contract_years, "contract_years");
    return out.empty() ? "none" : out;
}

/// The caseload a proposer works in (the estate for the system actor).
Scope ProposerScope(const Actor& by) {
    return by.system ? Scope::National() : Scope::Of(by.caseload);
}

/// The proposals a proposer may change: their caseload's (all for the system actor).
ProposalScope ProposerProposals(const Actor& by) { return {ProposerScope(by), Scope::Of({})}; }

/// kInvalidInput on "establishment" unless it exists inside the proposer's caseload (the same
/// answer for both, so that the form does not reveal establishments outside it).
Status CheckEstablishment(Repositories& repos, const Actor& by, const std::string& code) {
    auto found = repos.establishments.Get(code, ProposerScope(by));
    if (found.ok()) return Ok();
    if (found.error().code != ErrorCode::kNotFound) return found.error();
    return FieldsError({{"establishment", "Choose an establishment in your caseload"}});
}

}  // namespace

ProposalService::ProposalService(Store& store, const Clock& clock, std::int64_t spend_control_pence)
    : store_(store), clock_(clock), spend_control_pence_(spend_control_pence) {}

ProposalScope ProposalService::ScopeFor(const Actor& by) {
    ProposalScope scope{Scope::Of({}), Scope::Of({})};
    if (by.system) return {Scope::National(), Scope::National()};
    if (Allowed(by, Action::kDemandPropose)) scope.all_states = Scope::Of(by.caseload);
    if (Allowed(by, Action::kDemandAdvise)) scope.submitted = Scope::National();
    return scope;
}

ProposalView ProposalService::Describe(Proposal proposal) const {
    ProposalView view;
    view.whole_life_cost_pence = WholeLifeCostPence(proposal.fields);
    view.flags = ProposalFlags(proposal.fields, spend_control_pence_);
    view.overdue = IsAdviceOverdue(proposal, clock_.Now());
    view.advised = HasAdviceOnLatestSubmission(proposal);
    view.advice_to_issue = AdviceAwaitsIssue(proposal);
    view.advice_issued = IsAdviceIssued(proposal);
    view.proposal = std::move(proposal);
    return view;
}

Result<ProposalView> ProposalService::Create(const Actor& by, const ProposalFields& input) {
    WARDEN_TRY(Require(by, Action::kDemandPropose));
    ProposalFields fields = Normalised(input);
    WARDEN_TRY(ValidateProposal(fields));
    const TimePoint now = clock_.Now();
    Proposal p;
    p.fields = std::move(fields);
    p.proposer = by.username;
    p.created_at = now;
    p.updated_at = now;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_TRY(CheckEstablishment(repos, by, p.fields.establishment));
        WARDEN_ASSIGN_OR_RETURN(p.id, repos.proposals.Add(p));
        WARDEN_TRY(repos.proposals.AddEvent({0, p.id, now, by.username, "CREATED", ""}));
        return repos.audit.Append(
            NewAuditEntry(by, now, "demand.proposal.created", Subject(p.id),
                          "establishment=" + p.fields.establishment + " state=DRAFT"));
    }));
    return Get(by, p.id);
}

Result<ProposalView> ProposalService::Update(const Actor& by, Id id, const ProposalFields& input,
                                             std::string_view part) {
    WARDEN_TRY(Require(by, Action::kDemandPropose));
    ProposalFields fields = Normalised(input);
    WARDEN_TRY(ValidateProposal(fields));
    const TimePoint now = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Proposal p,
                                repos.proposals.GetForUpdate(id, ProposerProposals(by)));
        WARDEN_TRY(CheckEditable(p.state));
        if (fields.establishment != p.fields.establishment) {
            WARDEN_TRY(CheckEstablishment(repos, by, fields.establishment));
        }
        const std::string changed = ChangedFields(p.fields, fields);
        p.fields = fields;
        p.updated_at = now;
        WARDEN_TRY(repos.proposals.Update(p));
        WARDEN_TRY(repos.proposals.AddEvent(
            {0, p.id, now, by.username, "UPDATED", part.empty() ? "" : SavedPartDetail(part)}));
        return repos.audit.Append(NewAuditEntry(
            by, now, "demand.proposal.updated", Subject(id),
            "state=" + std::string(ProposalStateName(p.state)) + " fields=" + changed));
    }));
    return Get(by, id);
}

Result<ProposalView> ProposalService::Move(
    const Actor& by, Id id, const ProposalScope& scope,
    const std::function<Status(Proposal&, ProposalEvent&)>& change,
    const std::string& audit_action) {
    const TimePoint now = clock_.Now();
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Proposal p, repos.proposals.GetForUpdate(id, scope));
        const ProposalState from = p.state;
        ProposalEvent event{0, id, now, by.username, "", ""};
        p.updated_at = now;
        WARDEN_TRY(change(p, event));
        WARDEN_TRY(repos.proposals.Update(p));
        WARDEN_TRY(repos.proposals.AddEvent(event));
        std::string detail = "from=" + std::string(ProposalStateName(from)) +
                             " to=" + std::string(ProposalStateName(p.state));
        if (!event.detail.empty()) detail += " outcome=" + event.detail;
        return repos.audit.Append(NewAuditEntry(by, now, audit_action, Subject(id), detail));
    }));
    return Get(by, id);
}

Result<ProposalView> ProposalService::Submit(const Actor& by, Id id) {
    WARDEN_TRY(Require(by, Action::kDemandPropose));
    const TimePoint now = clock_.Now();
    return Move(
        by, id, ProposerProposals(by),
        [&](Proposal& p, ProposalEvent& e) -> Status {
            WARDEN_TRY(CheckSubmittable(p.state));
            WARDEN_TRY(ValidateForSubmission(p.fields));
            e.what = p.state == ProposalState::kReturned ? "RESUBMITTED" : "SUBMITTED";
            p.state = ProposalState::kSubmitted;
            p.submitted_at = now;
            return Ok();
        },
        "demand.proposal.submitted");
}

Result<ProposalView> ProposalService::Withdraw(const Actor& by, Id id) {
    WARDEN_TRY(Require(by, Action::kDemandPropose));
    return Move(
        by, id, ProposerProposals(by),
        [&](Proposal& p, ProposalEvent& e) -> Status {
            WARDEN_TRY(CheckWithdrawable(p.state));
            e.what = "WITHDRAWN";
            p.state = ProposalState::kWithdrawn;
            return Ok();
        },
        "demand.proposal.withdrawn");
}

Result<ProposalView> ProposalService::StartReview(const Actor& by, Id id) {
    WARDEN_TRY(Require(by, Action::kDemandAdvise));
    return Move(
        by, id, ScopeFor(by),
        [&](Proposal& p, ProposalEvent& e) -> Status {
            WARDEN_TRY(CheckReviewable(p.state));
            e.what = "REVIEW_STARTED";
            p.state = ProposalState::kInReview;
            return Ok();
        },
        "demand.proposal.review_started");
}

Result<ProposalView> ProposalService::Advise(const Actor& by, Id id, const std::string& outcome,
                                             const std::string& text) {
    WARDEN_TRY(Require(by, Action::kDemandAdvise));
    WARDEN_TRY(ValidateAdvice(outcome, text));
    const TimePoint now = clock_.Now();
    return Move(
        by, id, ScopeFor(by),
        [&](Proposal& p, ProposalEvent& e) -> Status {
            WARDEN_TRY(CheckAdvisable(p.state));
            p.state = StateAfterAdvice(outcome);
            p.advice = ProposalAdvice{outcome, text, by.username, now, std::nullopt};
            e.what = p.state == ProposalState::kReturned ? "RETURNED" : "ADVISED";
            e.detail = outcome;
            return Ok();
        },
        "demand.proposal.advised");
}

Result<ProposalView> ProposalService::Close(const Actor& by, Id id) {
    WARDEN_TRY(Require(by, Action::kDemandAdvise));
    return Move(
        by, id, ScopeFor(by),
        [&](Proposal& p, ProposalEvent& e) -> Status {
            WARDEN_TRY(CheckClosable(p.state));
            e.what = "CLOSED";
            p.state = ProposalState::kClosed;
            return Ok();
        },
        "demand.proposal.closed");
}

namespace {

/// What JoinUp shows of `probe` (the proposal's, with all its terms), computed from `repos`.
Result<JoinedUp> ComputeJoinedUp(Repositories& repos, const SimilarityProbe& all_terms) {
    JoinedUp out;
    // Words held by many proposals say little about which proposals are alike: they neither
    // find related proposals nor score (ADR 0020). The catalogue, a short list of services,
    // is matched on every term.
    SimilarityProbe probe = all_terms;
    WARDEN_ASSIGN_OR_RETURN(const TermCounts counts, repos.proposals.CountTerms(probe.terms));
    probe.terms = DistinctiveTerms(probe.terms, counts);
    // Related proposals come from the whole estate, but only their id, establishment, title and
    // why leave the service (ADR 0014; docs/security.md).
    WARDEN_ASSIGN_OR_RETURN(
        auto related, repos.proposals.SimilarCandidates(probe, Scope::National(), kCandidateLimit));
    out.related = RankMatches(probe, related);
    SimilarityProbe services_probe = all_terms;
    services_probe.exclude_id = 0;  // ids of entries are not proposal ids
    WARDEN_ASSIGN_OR_RETURN(auto services,
                            repos.catalogue.Candidates(services_probe, kCandidateLimit));
    out.catalogue_matches = RankMatches(services_probe, services);
    return out;
}

}  // namespace

Status ProposalService::JoinUp(const Actor& by, Repositories& repos, ProposalView& view) {
    const Proposal& p = view.proposal;
    const SimilarityProbe probe = ProbeFor(p.id, p.fields);
    // The version is read before any candidate, so what the reads after it find is at least as
    // new as the version it is kept under (ADR 0030).
    WARDEN_ASSIGN_OR_RETURN(const JoiningUpVersion version,
                            repos.proposals.CurrentJoiningUpVersion());
    std::shared_ptr<const JoinedUp> joined = joined_up_.Find(version, probe);
    if (!joined) {
        WARDEN_ASSIGN_OR_RETURN(JoinedUp computed, ComputeJoinedUp(repos, probe));
        joined = std::make_shared<const JoinedUp>(std::move(computed));
        joined_up_.Keep(version, probe, joined);
    }
    view.related = joined->related;
    // The group and its members: the same disclosure as related proposals (id, establishment,
    // title) for a member the reader may not open, so its state is not readable, and a member
    // returned to its proposer (whose edits are not yet submitted) or withdrawn (perhaps with
    // such edits) is left out.
    WARDEN_ASSIGN_OR_RETURN(Id group_id, repos.proposals.GroupOf(p.id));
    if (group_id != 0) {
        WARDEN_ASSIGN_OR_RETURN(ProposalGroup g,
                                repos.proposals.GetGroup(group_id, Scope::National()));
        const ProposalScope reader = ScopeFor(by);
        for (auto& m : g.members) {
            m.readable = reader.all_states.Allows(m.establishment) ||
                         reader.submitted.Allows(m.establishment);
        }
        std::erase_if(g.members, [&](const ProposalGroupMember& m) {
            return !m.readable &&
                   (m.state == ProposalState::kReturned || m.state == ProposalState::kWithdrawn);
        });
        view.group = std::move(g);
    }
    if (Allowed(by, Action::kDemandCatalogueRead) || by.system) {
        view.catalogue_matches = joined->catalogue_matches;
    }
    return Ok();
}

Result<ProposalView> ProposalService::Get(const Actor& by, Id id) {
    WARDEN_TRY(Require(by, Action::kDemandRead));
    const ProposalScope scope = ScopeFor(by);
    ProposalView view;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(Proposal p, repos.proposals.Get(id, scope));
        view = Describe(std::move(p));
        WARDEN_ASSIGN_OR_RETURN(view.timeline, repos.proposals.Timeline(id, scope));
        return JoinUp(by, repos, view);
    }));
    return view;
}

Result<std::vector<ProposalView>> ProposalService::List(const Actor& by,
                                                        const ProposalQuery& query) {
    WARDEN_TRY(Require(by, Action::kDemandRead));
    const ProposalScope scope = ScopeFor(by);
    // A list filtered by an establishment the reader sees nothing of is "not found", as for any
    // record outside the caseload (and as the incident list answers).
    if (!query.establishment.empty() && !scope.all_states.Allows(query.establishment) &&
        !scope.submitted.Allows(query.establishment)) {
        return Error::NotFound("Establishment " + Clip(query.establishment, 10) + " was not found");
    }
    std::vector<ProposalView> out;
    WARDEN_TRY(store_.Read([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(auto proposals, repos.proposals.List(query, scope));
        for (auto& p : proposals) out.push_back(Describe(std::move(p)));
        return Ok();
    }));
    return out;
}

}  // namespace warden::domain
