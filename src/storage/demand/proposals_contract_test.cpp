// Digital demand proposals on SQLite (a temporary file) and PostgreSQL (a fresh schema per test,
// when WARDEN_TEST_POSTGRES_URL is set): the repository keeps every field, applies the caller's
// ProposalScope in its SQL, and the service's moves commit with their timeline and audit.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "domain/demand/proposal_service.hpp"
#include "domain/demand/review.hpp"
#include "storage/contract_test_support.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_factory.hpp"

namespace warden::storage {
namespace {

using namespace std::chrono_literals;
using domain::Proposal;
using domain::ProposalScope;
using domain::ProposalState;
using domain::Repositories;
using domain::Scope;
using testing::PostgresUrl;
using testing::UniqueName;

namespace fs = std::filesystem;

const std::string kMigrations = WARDEN_MIGRATIONS_DIR;
const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + 10h;

class ProposalsContractTest : public testing::FreshStoreTest {
  protected:
    void SetUp() override {
        OpenFreshStore("demand");
        if (IsSkipped() || HasFatalFailure()) return;
        ASSERT_TRUE(store_
                        ->Write([](Repositories& r) -> Status {
                            WARDEN_TRY(r.regions.Add({"NE", "North East", "riu@ne.example"}));
                            for (const char* code : {"MDI", "LEI"}) {
                                WARDEN_TRY(r.establishments.Add(
                                    {code, code, "NE", "t@x.example", "s@x.example", 0, {}}));
                            }
                            return Ok();
                        })
                        .ok());
    }

    static Proposal Full(const std::string& establishment) {
        Proposal p;
        auto& f = p.fields;
        f.establishment = establishment;
        f.title = "Biometric kiosks — phase 1";
        f.summary = "Fingerprint sign-in, 'quoted' text";
        f.need = "Queues\nfor paper apps";
        f.category = "BIOMETRICS";
        f.users = {"PRISONERS_COMMUNAL", "STAFF"};
        f.supplier = "Acme";
        f.assured = true;
        f.free_offer = false;
        f.personal_data = true;
        f.hmpps_network = false;
        f.central_funding_assumed = true;
        f.wanted_start = "2027-04-01";
        f.one_off_hardware_software_pence = domain::kMaxCostPence;
        f.one_off_labour_pence = 1;
        f.internal_staff_pence = 2;
        f.yearly_support_pence = 3;
        f.yearly_live_service_pence = 4;
        f.contract_years = 10;
        p.proposer = "gov";
        p.created_at = kNow;
        p.updated_at = kNow + 1s;
        return p;
    }

    Id Add(const Proposal& p) {
        Id id = 0;
        EXPECT_TRUE(store_
                        ->Write([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(id, r.proposals.Add(p));
                            return Ok();
                        })
                        .ok());
        return id;
    }

    Result<Proposal> Get(Id id, const ProposalScope& scope) {
        Result<Proposal> out = Error::Internal("unread");
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            out = r.proposals.Get(id, scope);
                            return Ok();
                        })
                        .ok());
        return out;
    }

    std::vector<Id> List(const domain::ProposalQuery& q, const ProposalScope& scope) {
        std::vector<Id> out;
        EXPECT_TRUE(store_
                        ->Read([&](Repositories& r) -> Status {
                            WARDEN_ASSIGN_OR_RETURN(auto list, r.proposals.List(q, scope));
                            for (const auto& p : list) out.push_back(p.id);
                            return Ok();
                        })
                        .ok());
        return out;
    }

    static ProposalScope Governor(std::vector<std::string> caseload) {
        return {Scope::Of(std::move(caseload)), Scope::Of({})};
    }
    static ProposalScope Reviewer() { return {Scope::Of({}), Scope::National()}; }
};

TEST_P(ProposalsContractTest, KeepsEveryField) {
    Proposal p = Full("MDI");
    const Id id = Add(p);
    ASSERT_GT(id, 0);
    auto got = Get(id, Governor({"MDI"}));
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(got->id, id);
    const auto& f = got->fields;
    EXPECT_EQ(f.establishment, "MDI");
    EXPECT_EQ(f.title, p.fields.title);
    EXPECT_EQ(f.summary, p.fields.summary);
    EXPECT_EQ(f.need, p.fields.need);
    EXPECT_EQ(f.category, "BIOMETRICS");
    EXPECT_EQ(f.users, p.fields.users);
    EXPECT_EQ(f.supplier, "Acme");
    EXPECT_TRUE(f.assured);
    EXPECT_FALSE(f.free_offer);
    EXPECT_TRUE(f.personal_data);
    EXPECT_FALSE(f.hmpps_network);
    EXPECT_TRUE(f.central_funding_assumed);
    EXPECT_EQ(f.wanted_start, "2027-04-01");
    EXPECT_EQ(f.one_off_hardware_software_pence, domain::kMaxCostPence);
    EXPECT_EQ(f.one_off_labour_pence, 1);
    EXPECT_EQ(f.internal_staff_pence, 2);
    EXPECT_EQ(f.yearly_support_pence, 3);
    EXPECT_EQ(f.yearly_live_service_pence, 4);
    EXPECT_EQ(f.contract_years, 10);
    EXPECT_EQ(got->state, ProposalState::kDraft);
    EXPECT_EQ(got->proposer, "gov");
    EXPECT_EQ(got->created_at, kNow);
    EXPECT_EQ(got->updated_at, kNow + 1s);
    EXPECT_FALSE(got->submitted_at.has_value());
    EXPECT_FALSE(got->advice.has_value());

    // Update replaces the state, submission and advice; an empty users list stays empty.
    Proposal changed = *got;
    changed.state = ProposalState::kReturned;
    changed.submitted_at = kNow + 2s;
    changed.advice =
        domain::ProposalAdvice{"MORE_INFORMATION_NEEDED", "Which one?", "rev", kNow + 3s, {}};
    changed.fields.users.clear();
    ASSERT_TRUE(store_->Write([&](Repositories& r) { return r.proposals.Update(changed); }).ok());
    got = Get(id, Governor({"MDI"}));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->state, ProposalState::kReturned);
    EXPECT_EQ(got->submitted_at, kNow + 2s);
    ASSERT_TRUE(got->advice.has_value());
    EXPECT_EQ(got->advice->outcome, "MORE_INFORMATION_NEEDED");
    EXPECT_EQ(got->advice->text, "Which one?");
    EXPECT_EQ(got->advice->by, "rev");
    EXPECT_EQ(got->advice->at, kNow + 3s);
    EXPECT_FALSE(got->advice->issued_at.has_value());
    EXPECT_TRUE(got->fields.users.empty());
    // ...and when the advice was issued.
    changed.advice->issued_at = kNow + 4s;
    ASSERT_TRUE(store_->Write([&](Repositories& r) { return r.proposals.Update(changed); }).ok());
    got = Get(id, Governor({"MDI"}));
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got->advice.has_value());
    EXPECT_EQ(got->advice->issued_at, kNow + 4s);

    Proposal missing = changed;
    missing.id = id + 100;
    EXPECT_EQ(
        store_->Write([&](Repositories& r) { return r.proposals.Update(missing); }).error().code,
        ErrorCode::kNotFound);
}

TEST_P(ProposalsContractTest, TheScopeIsInTheQuery) {
    const Id mdi_draft = Add(Full("MDI"));
    Proposal submitted = Full("LEI");
    submitted.state = ProposalState::kSubmitted;
    submitted.submitted_at = kNow;
    const Id lei_submitted = Add(submitted);
    submitted.state = ProposalState::kWithdrawn;  // withdrawn after submission: still seen
    const Id lei_withdrawn = Add(submitted);

    // A governor sees every state of their caseload only.
    EXPECT_TRUE(Get(mdi_draft, Governor({"MDI"})).ok());
    EXPECT_EQ(Get(lei_submitted, Governor({"MDI"})).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(List({}, Governor({"MDI"})), (std::vector<Id>{mdi_draft}));
    // A reviewer sees the estate's submitted proposals, never drafts.
    EXPECT_EQ(Get(mdi_draft, Reviewer()).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(List({}, Reviewer()), (std::vector<Id>{lei_withdrawn, lei_submitted}));
    // Nobody else sees any.
    const ProposalScope none{Scope::Of({}), Scope::Of({})};
    EXPECT_TRUE(List({}, none).empty());
    EXPECT_EQ(Get(mdi_draft, none).error().code, ErrorCode::kNotFound);
    // Both at once (the system actor, or both roles): the union.
    const ProposalScope both{Scope::Of({"MDI"}), Scope::National()};
    EXPECT_EQ(List({}, both), (std::vector<Id>{lei_withdrawn, lei_submitted, mdi_draft}));

    // Filters.
    domain::ProposalQuery q;
    q.state = ProposalState::kSubmitted;
    EXPECT_EQ(List(q, both), (std::vector<Id>{lei_submitted}));
    q = {};
    q.establishment = "MDI";
    EXPECT_EQ(List(q, both), (std::vector<Id>{mdi_draft}));
    q.category = "KIOSKS";
    EXPECT_TRUE(List(q, both).empty());

    // The timeline is scoped too.
    ASSERT_TRUE(
        store_
            ->Write([&](Repositories& r) -> Status {
                WARDEN_TRY(r.proposals.AddEvent({0, mdi_draft, kNow, "gov", "CREATED", ""}));
                WARDEN_TRY(r.proposals.AddEvent({0, mdi_draft, kNow + 1s, "gov", "UPDATED", ""}));
                return Ok();
            })
            .ok());
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(auto seen,
                                                r.proposals.Timeline(mdi_draft, Governor({"MDI"})));
                        EXPECT_EQ(seen.size(), 2u);
                        if (seen.size() == 2) {
                            EXPECT_EQ(seen[0].what, "CREATED");
                            EXPECT_EQ(seen[1].at, kNow + 1s);
                            EXPECT_EQ(seen[1].by, "gov");
                        }
                        WARDEN_ASSIGN_OR_RETURN(auto hidden,
                                                r.proposals.Timeline(mdi_draft, Reviewer()));
                        EXPECT_TRUE(hidden.empty());
                        return Ok();
                    })
                    .ok());
}

TEST_P(ProposalsContractTest, TheWorkflowCommitsWithTimelineAndAudit) {
    FixedClock clock(kNow);
    domain::ProposalService service(*store_, clock);
    domain::Actor governor{1, "gov", {domain::Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    domain::Actor reviewer{2, "rev", {domain::Role::kDigitalReviewer}, {}, "10.0.0.2"};
    domain::ProposalFields f = Full("MDI").fields;
    f.one_off_hardware_software_pence = 100;
    auto created = service.Create(governor, f);
    ASSERT_TRUE(created.ok()) << created.error().message;
    const Id id = created->proposal.id;
    ASSERT_TRUE(service.Submit(governor, id).ok());
    auto advised = service.Advise(reviewer, id, "NOT_SUPPORTED", "Use the national service");
    ASSERT_TRUE(advised.ok()) << advised.error().message;
    EXPECT_EQ(advised->proposal.state, ProposalState::kAdvised);
    EXPECT_EQ(advised->timeline.size(), 3u);
    EXPECT_EQ(advised->whole_life_cost_pence, 100 + 1 + 2 + (3 + 4) * 10);
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(
                            auto audit, r.audit.List("proposal:" + std::to_string(id), 10, 0));
                        EXPECT_EQ(audit.size(), 3u);
                        if (!audit.empty()) {
                            EXPECT_EQ(audit[0].action, "demand.proposal.advised");
                            EXPECT_EQ(audit[0].detail,
                                      "from=SUBMITTED to=ADVISED outcome=NOT_SUPPORTED");
                        }
                        return Ok();
                    })
                    .ok());
    // A refused move stores nothing.
    EXPECT_EQ(service.Update(governor, id, f).error().code, ErrorCode::kConflict);
    EXPECT_EQ(service.Get(governor, id)->timeline.size(), 3u);
}

TEST_P(ProposalsContractTest, AConcurrentChangeIsSeenNotOverwritten) {
    // One writer holds the proposal (GetForUpdate) and changes its title; a submit that starts
    // meanwhile waits for it and keeps the new title. On PostgreSQL, where writers run at READ
    // COMMITTED, a plain read would have let the submit write back the old title.
    FixedClock clock(kNow);
    domain::ProposalService service(*store_, clock);
    domain::Actor governor{1, "gov", {domain::Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    auto created = service.Create(governor, Full("MDI").fields);
    ASSERT_TRUE(created.ok()) << created.error().message;
    const Id id = created->proposal.id;
    std::atomic<bool> holding{false};
    std::thread first([&] {
        EXPECT_TRUE(store_
                        ->Write([&](Repositories& r) -> Status {
                            auto got = r.proposals.GetForUpdate(id, Governor({"MDI"}));
                            holding = true;
                            WARDEN_ASSIGN_OR_RETURN(Proposal p, std::move(got));
                            std::this_thread::sleep_for(std::chrono::milliseconds(300));
                            p.fields.title = "Changed meanwhile";
                            return r.proposals.Update(p);
                        })
                        .ok());
    });
    for (int i = 0; i < 10'000 && !holding; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    auto submitted = service.Submit(governor, id);
    first.join();
    ASSERT_TRUE(submitted.ok()) << submitted.error().message;
    EXPECT_EQ(submitted->proposal.state, ProposalState::kSubmitted);
    EXPECT_EQ(submitted->proposal.fields.title, "Changed meanwhile");
}

TEST_P(ProposalsContractTest, AdviceNotGivenWithinTenDaysOfSubmissionIsOverdue) {
    // Submitted 11 and 9 days before now: the first is overdue (read and listed), the second not
    // yet; advice ends it.
    domain::Actor governor{1, "gov", {domain::Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    domain::Actor reviewer{2, "digital", {domain::Role::kDigitalReviewer}, {}, "10.0.0.2"};
    const auto submit_at = [&](TimePoint at) {
        FixedClock then(at);
        domain::ProposalService service(*store_, then);
        auto created = service.Create(governor, Full("MDI").fields);
        EXPECT_TRUE(created.ok()) << created.error().message;
        if (!created.ok()) return Id{0};
        EXPECT_TRUE(service.Submit(governor, created->proposal.id).ok());
        return created->proposal.id;
    };
    const Id late = submit_at(kNow - std::chrono::days{11});
    const Id recent = submit_at(kNow - std::chrono::days{9});
    FixedClock clock(kNow);
    domain::ProposalService service(*store_, clock);
    auto read = service.Get(reviewer, late);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_TRUE(read->overdue);
    EXPECT_FALSE(service.Get(reviewer, recent)->overdue);
    auto listed = service.List(reviewer, {});
    ASSERT_TRUE(listed.ok());
    std::map<Id, bool> overdue;
    for (const auto& v : *listed) overdue[v.proposal.id] = v.overdue;
    EXPECT_EQ(overdue, (std::map<Id, bool>{{late, true}, {recent, false}}));
    ASSERT_TRUE(service.Advise(reviewer, late, "SUPPORTED", "Go ahead").ok());
    EXPECT_FALSE(service.Get(reviewer, late)->overdue);
}

TEST_P(ProposalsContractTest, AnIssueOfTheWeekRunningMeanwhileIsWaitedForAndNobodyIsEmailedTwice) {
    // One writer holds the advised proposal and records that its advice was issued, as a second
    // reviewer's issue of the same week would; an issue that starts meanwhile waits for it, sees
    // the advice's issue time and queues no second email. On PostgreSQL, where writers run at
    // READ COMMITTED, reading the proposal without the lock let both issues email the proposer.
    FixedClock clock(kNow);
    domain::ProposalService service(*store_, clock);
    domain::ReviewService reviews(*store_, clock, service, std::chrono::Wednesday,
                                  "https://warden.example");
    domain::Actor governor{1, "gov", {domain::Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    domain::Actor reviewer{2, "digital", {domain::Role::kDigitalReviewer}, {}, "10.0.0.2"};
    ASSERT_TRUE(store_
                    ->Write([&](Repositories& r) -> Status {
                        domain::User u;
                        u.username = "gov";
                        u.full_name = "A Governor";
                        u.email = "gov@example.gov.uk";
                        u.created_at = kNow;
                        WARDEN_TRY(r.users.Add(u));
                        return Ok();
                    })
                    .ok());
    auto created = service.Create(governor, Full("MDI").fields);
    ASSERT_TRUE(created.ok()) << created.error().message;
    const Id id = created->proposal.id;
    ASSERT_TRUE(service.Submit(governor, id).ok());
    ASSERT_TRUE(service.Advise(reviewer, id, "SUPPORTED", "Go ahead").ok());
    const std::string week = reviews.CurrentWeek().Name();

    std::atomic<bool> holding{false};
    std::thread first([&] {
        EXPECT_TRUE(store_
                        ->Write([&](Repositories& r) -> Status {
                            auto got = r.proposals.GetForUpdate(id, Reviewer());
                            holding = true;
                            WARDEN_TRY(got);
                            std::this_thread::sleep_for(std::chrono::milliseconds(300));
                            got->advice->issued_at = kNow;
                            WARDEN_TRY(r.proposals.Update(*got));
                            WARDEN_TRY(r.proposals.AddEvent(
                                {0, id, kNow, "digital", "ADVICE_ISSUED", "SUPPORTED"}));
                            return Ok();
                        })
                        .ok());
    });
    for (int i = 0; i < 10'000 && !holding; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    auto issued = reviews.Issue(reviewer, week);
    first.join();
    ASSERT_TRUE(issued.ok()) << issued.error().message;
    EXPECT_EQ(issued->issued, 0);
    EXPECT_EQ(issued->already_issued, 1);
    domain::notify::OutboxCounts counts;
    ASSERT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                        WARDEN_ASSIGN_OR_RETURN(counts, r.outbox.Counts());
                        return Ok();
                    })
                    .ok());
    EXPECT_EQ(counts.pending, 0);
    // Issued once more, later: still nothing twice.
    auto again = reviews.Issue(reviewer, week);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->issued, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProposalsContractTest,
                         ::testing::Values(Dialect::kSqlite, Dialect::kPostgres),
                         testing::DialectName);

}  // namespace
}  // namespace warden::storage
