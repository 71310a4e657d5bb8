#include "domain/demand/proposal_service.hpp"

#include <gtest/gtest.h>

#include "domain/demand/catalogue_service.hpp"
#include "domain/testing/in_memory_store.hpp"

namespace warden::domain {
namespace {

using testing::InMemoryStore;

class ProposalServiceTest : public ::testing::Test {
  protected:
    ProposalServiceTest()
        : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}),
          service_(store_, clock_, 1'000'000) {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        for (const char* code : {"MDI", "LEI", "HMP"}) {
            Establishment e;
            e.code = code;
            e.name = code;
            e.region_code = "NE";
            store_.state.establishments[code] = e;
        }
    }

    static ProposalFields Fields(const std::string& establishment = "MDI") {
        ProposalFields f;
        f.establishment = establishment;
        f.title = "Biometric kiosks";
        f.summary = "Fingerprint sign-in";
        f.need = "Queues for paper apps";
        f.category = "BIOMETRICS";
        f.users = {"PRISONERS_COMMUNAL", "STAFF"};
        f.supplier = "Acme";
        f.wanted_start = "2027-04-01";
        f.one_off_hardware_software_pence = 900'000;
        f.yearly_support_pence = 100'000;
        f.contract_years = 2;
        return f;
    }

    Id Draft(const std::string& establishment = "MDI") {
        auto created = service_.Create(governor_, Fields(establishment));
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        return created.ok() ? created->proposal.id : 0;
    }

    std::vector<std::string> Timeline(Id id) {
        std::vector<std::string> out;
        auto view = service_.Get(Actor::System(), id);
        EXPECT_TRUE(view.ok());
        if (!view.ok()) return out;
        for (const auto& e : view->timeline) out.push_back(e.what);
        return out;
    }

    InMemoryStore store_;
    FixedClock clock_;
    ProposalService service_;
    Actor governor_{1, "gov", {Role::kGovernor}, {"MDI", "HMP"}, "10.0.0.1"};
    Actor other_governor_{2, "gov2", {Role::kGovernor}, {"LEI"}, "10.0.0.2"};
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
    Actor security_{4, "sec", {Role::kSecurity}, {"MDI"}, "10.0.0.4"};
};

TEST_F(ProposalServiceTest, GovernorDraftsWithCostFlagsTimelineAndAudit) {
    auto created = service_.Create(governor_, Fields(" mdi "));
    ASSERT_TRUE(created.ok()) << created.error().message;
    const auto& v = *created;
    EXPECT_EQ(v.proposal.state, ProposalState::kDraft);
    EXPECT_EQ(v.proposal.fields.establishment, "MDI");
    EXPECT_EQ(v.proposal.proposer, "gov");
    EXPECT_EQ(v.whole_life_cost_pence, 1'100'000);
    ASSERT_EQ(v.flags.size(), 3u);  // MULTI_YEAR, UNASSURED, SPEND_CONTROL (threshold £10,000)
    EXPECT_EQ(v.flags[0].code, "MULTI_YEAR");
    EXPECT_EQ(v.flags[1].code, "UNASSURED");
    EXPECT_EQ(v.flags[2].code, "SPEND_CONTROL");
    ASSERT_EQ(v.timeline.size(), 1u);
    EXPECT_EQ(v.timeline[0].what, "CREATED");
    auto audit = store_.AuditOf("demand.proposal.created");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "proposal:" + std::to_string(v.proposal.id));
    EXPECT_EQ(audit[0].detail, "establishment=MDI state=DRAFT");
    EXPECT_EQ(audit[0].actor, "gov");
}

TEST_F(ProposalServiceTest, CreateRefusesBadInputAndOtherEstablishments) {
    ProposalFields bad = Fields();
    bad.title = "";
    bad.yearly_support_pence = -5;
    auto r = service_.Create(governor_, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().fields.size(), 2u);
    for (const char* code : {"LEI", "XYZ"}) {
        auto outside = service_.Create(governor_, Fields(code));
        ASSERT_FALSE(outside.ok());
        EXPECT_EQ(outside.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(outside.error().fields.at(0).field, "establishment");
    }
    EXPECT_EQ(service_.Create(reviewer_, Fields()).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.Create(security_, Fields()).error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(store_.state.demand.proposals.empty());
    EXPECT_TRUE(store_.state.audit.empty());
}

TEST_F(ProposalServiceTest, WhoSeesWhat) {
    const Id draft = Draft("MDI");
    const Id submitted = Draft("HMP");
    ASSERT_TRUE(service_.Submit(governor_, submitted).ok());

    EXPECT_EQ(service_.List(governor_, {})->size(), 2u);
    // Another governor's caseload does not include them: 404, and an empty list.
    EXPECT_EQ(service_.Get(other_governor_, draft).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(service_.List(other_governor_, {})->empty());
    // The reviewer sees the submitted one only, never drafts.
    auto seen = service_.List(reviewer_, {});
    ASSERT_EQ(seen->size(), 1u);
    EXPECT_EQ(seen->front().proposal.id, submitted);
    EXPECT_EQ(service_.Get(reviewer_, draft).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(service_.Get(reviewer_, submitted).ok());
    // Others see none.
    EXPECT_EQ(service_.List(security_, {}).error().code, ErrorCode::kForbidden);
    // Filters.
    ProposalQuery q;
    q.state = ProposalState::kDraft;
    ASSERT_EQ(service_.List(governor_, q)->size(), 1u);
    q = {};
    q.establishment = "HMP";
    EXPECT_EQ(service_.List(governor_, q)->front().proposal.id, submitted);
    // Filtered by an establishment outside the caseload: not found, as a record outside it is.
    EXPECT_EQ(service_.List(other_governor_, q).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.List(reviewer_, q)->size(), 1u);  // national for submitted proposals
    q = {};
    q.category = "KIOSKS";
    EXPECT_TRUE(service_.List(governor_, q)->empty());
}

TEST_F(ProposalServiceTest, SubmittedProposalCannotBeEdited) {
    const Id id = Draft();
    ProposalFields changed = Fields();
    changed.title = "Biometric kiosks, phase 1";
    changed.contract_years = 1;
    auto updated = service_.Update(governor_, id, changed);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
    EXPECT_EQ(updated->proposal.fields.title, "Biometric kiosks, phase 1");
    auto audit = store_.AuditOf("demand.proposal.updated");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].detail, "state=DRAFT fields=title,contract_years");

    auto submitted = service_.Submit(governor_, id);
    ASSERT_TRUE(submitted.ok());
    EXPECT_EQ(submitted->proposal.state, ProposalState::kSubmitted);
    EXPECT_EQ(submitted->proposal.submitted_at, clock_.Now());
    auto again = service_.Update(governor_, id, Fields());
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(again.error().message, "A submitted proposal cannot be edited");
    EXPECT_EQ(service_.Submit(governor_, id).error().code, ErrorCode::kConflict);
    EXPECT_EQ(service_.Update(other_governor_, id, Fields("LEI")).error().code,
              ErrorCode::kNotFound);
}

TEST_F(ProposalServiceTest, SubmitNeedsACompleteProposal) {
    ProposalFields partial;
    partial.establishment = "MDI";
    partial.title = "Tablets";
    partial.need = "Education";
    auto created = service_.Create(governor_, partial);
    ASSERT_TRUE(created.ok());
    auto r = service_.Submit(governor_, created->proposal.id);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().fields.size(), 5u);
    EXPECT_TRUE(store_.AuditOf("demand.proposal.submitted").empty());
}

TEST_F(ProposalServiceTest, ReviewAdviceReturnResubmitAndClose) {
    const Id id = Draft();
    ASSERT_TRUE(service_.Submit(governor_, id).ok());
    EXPECT_EQ(service_.StartReview(governor_, id).error().code, ErrorCode::kForbidden);
    ASSERT_EQ(service_.StartReview(reviewer_, id)->proposal.state, ProposalState::kInReview);

    auto bad = service_.Advise(reviewer_, id, "MAYBE", " ");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().fields.size(), 2u);

    clock_.Advance(std::chrono::hours(24));
    auto returned = service_.Advise(reviewer_, id, "MORE_INFORMATION_NEEDED", "Which supplier?");
    ASSERT_TRUE(returned.ok()) << returned.error().message;
    EXPECT_EQ(returned->proposal.state, ProposalState::kReturned);
    ASSERT_TRUE(returned->proposal.advice.has_value());
    EXPECT_EQ(returned->proposal.advice->outcome, "MORE_INFORMATION_NEEDED");
    EXPECT_EQ(returned->proposal.advice->by, "digital");
    EXPECT_EQ(returned->proposal.advice->at, clock_.Now());

    // The proposer edits and resubmits.
    ProposalFields changed = Fields();
    changed.supplier = "Acme Ltd";
    ASSERT_TRUE(service_.Update(governor_, id, changed).ok());
    ASSERT_TRUE(service_.Submit(governor_, id).ok());
    auto advised = service_.Advise(reviewer_, id, "SUPPORTED_WITH_CONDITIONS", "Use the DPIA");
    ASSERT_TRUE(advised.ok());
    EXPECT_EQ(advised->proposal.state, ProposalState::kAdvised);
    EXPECT_EQ(service_.Advise(reviewer_, id, "SUPPORTED", "Again").error().code,
              ErrorCode::kConflict);
    ASSERT_EQ(service_.Close(reviewer_, id)->proposal.state, ProposalState::kClosed);
    EXPECT_EQ(service_.Withdraw(governor_, id).error().code, ErrorCode::kConflict);

    EXPECT_EQ(Timeline(id),
              (std::vector<std::string>{"CREATED", "SUBMITTED", "REVIEW_STARTED", "RETURNED",
                                        "UPDATED", "RESUBMITTED", "ADVISED", "CLOSED"}));
    auto advice_audit = store_.AuditOf("demand.proposal.advised");
    ASSERT_EQ(advice_audit.size(), 2u);
    EXPECT_EQ(advice_audit[0].detail, "from=IN_REVIEW to=RETURNED outcome=MORE_INFORMATION_NEEDED");
    // No free text (the advice) in the audit detail.
    for (const auto& e : store_.state.audit) {
        EXPECT_EQ(e.detail.find("Which supplier"), std::string::npos);
    }
}

TEST_F(ProposalServiceTest, WithdrawFromAnyOpenState) {
    const Id draft = Draft();
    ASSERT_EQ(service_.Withdraw(governor_, draft)->proposal.state, ProposalState::kWithdrawn);
    EXPECT_EQ(service_.Withdraw(governor_, draft).error().code, ErrorCode::kConflict);
    const Id submitted = Draft();
    ASSERT_TRUE(service_.Submit(governor_, submitted).ok());
    EXPECT_EQ(service_.Withdraw(reviewer_, submitted).error().code, ErrorCode::kForbidden);
    ASSERT_EQ(service_.Withdraw(governor_, submitted)->proposal.state, ProposalState::kWithdrawn);
    // The reviewer still sees it (it was submitted), and cannot advise it.
    EXPECT_EQ(service_.Advise(reviewer_, submitted, "SUPPORTED", "ok").error().code,
              ErrorCode::kConflict);
    EXPECT_EQ(store_.AuditOf("demand.proposal.withdrawn").size(), 2u);
}

TEST_F(ProposalServiceTest, AFailedAuditStoresNothing) {
    store_.fail_audit = true;
    EXPECT_FALSE(service_.Create(governor_, Fields()).ok());
    EXPECT_TRUE(store_.state.demand.proposals.empty());
    EXPECT_TRUE(store_.state.demand.events.empty());
}

}  // namespace
}  // namespace warden::domain

namespace warden::domain {
namespace {

TEST_F(ProposalServiceTest, ShowsSubmittedSimilarProposalsOfOtherEstablishmentsAndCatalogue) {
    CatalogueService catalogue(store_, clock_);
    ASSERT_TRUE(catalogue
                    .Add(reviewer_, {0,
                                     "National biometric kiosk",
                                     "BIOMETRICS",
                                     "Acme",
                                     "Fingerprint sign-in",
                                     "digital@example.gov.uk",
                                     "",
                                     {}})
                    .ok());
    const auto created_lei = service_.Create(other_governor_, Fields("LEI"));
    ASSERT_TRUE(created_lei.ok());
    const Id lei = created_lei->proposal.id;  // the one we look from
    const Id mdi_draft = Draft("MDI");        // a draft: never shown to others
    const Id mdi = Draft("MDI");              // submitted: shown
    const auto created_own = service_.Create(other_governor_, Fields("LEI"));
    ASSERT_TRUE(created_own.ok());
    const Id lei_own = created_own->proposal.id;  // same establishment: not "related"
    const Id hmp_withdrawn = Draft("HMP");        // withdrawn: not shown
    ASSERT_TRUE(service_.Submit(governor_, mdi).ok());
    ASSERT_TRUE(service_.Submit(other_governor_, lei_own).ok());
    ASSERT_TRUE(service_.Submit(governor_, hmp_withdrawn).ok());
    ASSERT_TRUE(service_.Withdraw(governor_, hmp_withdrawn).ok());

    auto view = service_.Get(other_governor_, lei);
    ASSERT_TRUE(view.ok()) << view.error().message;
    ASSERT_EQ(view->related.size(), 1u);
    EXPECT_EQ(view->related[0].id, mdi);
    EXPECT_EQ(view->related[0].establishment, "MDI");
    EXPECT_EQ(view->related[0].why,
              "Same supplier (Acme); same category (Biometrics); shared terms: apps, biometric, "
              "fingerprint, kiosks, paper, queues, sign");
    ASSERT_EQ(view->catalogue_matches.size(), 1u);
    EXPECT_EQ(view->catalogue_matches[0].title, "National biometric kiosk");
    EXPECT_EQ(view->catalogue_matches[0].contact, "digital@example.gov.uk");
    // The other governor still cannot open the MDI proposal itself, nor see the draft.
    EXPECT_EQ(service_.Get(other_governor_, mdi).error().code, ErrorCode::kNotFound);
    (void)mdi_draft;
    // Lists carry no matches.
    auto list = service_.List(other_governor_, {});
    ASSERT_TRUE(list.ok());
    for (const auto& v : *list) EXPECT_TRUE(v.related.empty());
}

TEST_F(ProposalServiceTest, RelatedProposalsAreKeptUntilAJoiningUpVersionChanges) {
    const auto created_lei = service_.Create(other_governor_, Fields("LEI"));
    ASSERT_TRUE(created_lei.ok());
    const Id lei = created_lei->proposal.id;
    const Id mdi = Draft("MDI");
    ASSERT_TRUE(service_.Submit(governor_, mdi).ok());
    auto first = service_.Get(other_governor_, lei);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->related.size(), 1u);
    EXPECT_EQ(first->related[0].title, "Biometric kiosks");

    // A change the version does not see (behind the repository's back) is not read again: the
    // second read is served from what the first computed.
    store_.state.demand.proposals[mdi].fields.title = "Renamed behind the repository";
    auto second = service_.Get(other_governor_, lei);
    ASSERT_TRUE(second.ok());
    ASSERT_EQ(second->related.size(), 1u);
    EXPECT_EQ(second->related[0].title, "Biometric kiosks");

    // A write through the repository advances the version: computed again, with the new
    // proposal of HMP and the renamed one.
    const Id hmp = Draft("HMP");
    ASSERT_TRUE(service_.Submit(governor_, hmp).ok());
    auto third = service_.Get(other_governor_, lei);
    ASSERT_TRUE(third.ok());
    ASSERT_EQ(third->related.size(), 2u);
    EXPECT_EQ(third->related[0].id, hmp);  // it shares the title's terms too
    EXPECT_EQ(third->related[1].id, mdi);
    EXPECT_EQ(third->related[1].title, "Renamed behind the repository");

    // The proposal's own edit is a new probe: a draft's related proposals follow its text.
    const Id draft = Draft("HMP");
    auto before = service_.Get(governor_, draft);
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->related.size(), 1u);  // MDI's (LEI's is a draft, HMP's of its own)
    EXPECT_EQ(before->related[0].id, mdi);
    ProposalFields unrelated = Fields("HMP");
    unrelated.title = "Library";
    unrelated.summary = "Books";
    unrelated.need = "Reading";
    unrelated.category = "OTHER";
    unrelated.supplier = "Nobody";
    ASSERT_TRUE(service_.Update(governor_, draft, unrelated).ok());
    auto after = service_.Get(governor_, draft);
    ASSERT_TRUE(after.ok());
    EXPECT_TRUE(after->related.empty());
}

TEST(CatalogueService, ReviewerAddsAuditedOthersRead) {
    testing::InMemoryStore store;
    FixedClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 30});
    CatalogueService catalogue(store, clock);
    const Actor reviewer{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
    const Actor governor{1, "gov", {Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    const Actor security{4, "sec", {Role::kSecurity}, {"MDI"}, "10.0.0.4"};
    const CatalogueEntry entry{0, "  Kiosk  ", "KIOSKS", "Acme", "Self-service", "team", "", {}};
    EXPECT_EQ(catalogue.Add(governor, entry).error().code, ErrorCode::kForbidden);
    auto bad = catalogue.Add(reviewer, {});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(bad.error().fields.size(), 5u);
    auto added = catalogue.Add(reviewer, entry);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->name, "Kiosk");
    EXPECT_EQ(added->added_by, "digital");
    auto audit = store.AuditOf("demand.catalogue.added");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].subject, "catalogue:" + std::to_string(added->id));
    EXPECT_EQ(audit[0].detail, "kind=KIOSKS");
    ASSERT_TRUE(catalogue.List(governor).ok());
    EXPECT_EQ(catalogue.List(governor)->size(), 1u);
    EXPECT_EQ(catalogue.List(security).error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace warden::domain
