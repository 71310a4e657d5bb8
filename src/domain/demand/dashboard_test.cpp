#include "domain/demand/dashboard.hpp"

#include <gtest/gtest.h>

#include "domain/demand/proposal_service.hpp"
#include "domain/testing/in_memory_store.hpp"
#include "domain/testing/proposal_fields.hpp"

namespace warden::domain {
namespace {

using std::chrono::days;
using std::chrono::hours;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 30} + hours(12);

/// A proposal at `establishment` of `category`, with a whole-life cost of `pounds`, in `state`;
/// submitted `days_ago` days before kNow unless a draft.
Proposal Make(Id id, const std::string& establishment, const std::string& category,
              std::int64_t pounds, ProposalState state, int days_ago = 1) {
    Proposal p;
    p.id = id;
    p.fields.establishment = establishment;
    p.fields.title = "Proposal " + std::to_string(id);
    p.fields.category = category;
    p.fields.one_off_hardware_software_pence = pounds * 100;
    p.state = state;
    if (state != ProposalState::kDraft) p.submitted_at = kNow - days(days_ago);
    return p;
}

std::vector<Establishment> Establishments() {
    Establishment mdi;
    mdi.code = "MDI";
    mdi.name = "Moorland";
    mdi.region_code = "NE";
    Establishment lei = mdi;
    lei.code = "LEI";
    lei.name = "Leeds";
    Establishment bwi = mdi;
    bwi.code = "BWI";
    bwi.name = "Berwyn";
    bwi.region_code = "WAL";
    return {mdi, lei, bwi};
}

std::vector<Region> Regions() {
    return {{"NE", "North East", "riu@ne.example"}, {"WAL", "Wales", "riu@wal.example"}};
}

const DashboardRow* Find(const std::vector<DashboardRow>& rows, const std::string& key) {
    for (const auto& r : rows) {
        if (r.key == key) return &r;
    }
    return nullptr;
}

TEST(DemandDashboardTest, CountsSubmittedProposalsNotWithdrawnByCategoryEstablishmentAndRegion) {
    const std::vector<Proposal> proposals = {
        Make(1, "MDI", "BIOMETRICS", 1'000, ProposalState::kSubmitted),
        Make(2, "LEI", "BIOMETRICS", 2'500, ProposalState::kAdvised),
        Make(3, "BWI", "KIOSKS", 4'000, ProposalState::kClosed),
        Make(4, "MDI", "KIOSKS", 700, ProposalState::kDraft),        // not yet proposed
        Make(5, "MDI", "KIOSKS", 9'000, ProposalState::kWithdrawn),  // no longer proposed
        Make(6, "LEI", "", 300, ProposalState::kReturned),           // category cleared
    };
    const auto d = BuildDemandDashboard(proposals, Establishments(), Regions(), true, kNow);

    EXPECT_EQ(d.proposals, 4);
    EXPECT_EQ(d.whole_life_cost_pence, 780'000);

    // Every category in the order, then "Not chosen".
    ASSERT_EQ(d.by_category.size(), ProposalCategories().size() + 1);
    EXPECT_EQ(d.by_category.front().key, "IN_CELL_TECHNOLOGY");
    EXPECT_EQ(d.by_category.front().proposals, 0);
    const auto* bio = Find(d.by_category, "BIOMETRICS");
    ASSERT_NE(bio, nullptr);
    EXPECT_EQ(bio->label, "Biometrics");
    EXPECT_EQ(bio->proposals, 2);
    EXPECT_EQ(bio->whole_life_cost_pence, 350'000);
    EXPECT_EQ(Find(d.by_category, "KIOSKS")->whole_life_cost_pence, 400'000);
    EXPECT_EQ(d.by_category.back().label, "Not chosen");
    EXPECT_EQ(d.by_category.back().whole_life_cost_pence, 30'000);

    // Establishments and regions: costliest first.
    ASSERT_EQ(d.by_establishment.size(), 3u);
    EXPECT_EQ(d.by_establishment[0].key, "BWI");
    EXPECT_EQ(d.by_establishment[0].label, "Berwyn");
    EXPECT_EQ(d.by_establishment[1].key, "LEI");
    EXPECT_EQ(d.by_establishment[1].proposals, 2);
    EXPECT_EQ(d.by_establishment[1].whole_life_cost_pence, 280'000);
    EXPECT_EQ(d.by_establishment[2].key, "MDI");
    EXPECT_EQ(d.by_establishment[2].whole_life_cost_pence, 100'000);  // not the draft's
    ASSERT_EQ(d.by_region.size(), 2u);
    EXPECT_EQ(d.by_region[0].key, "WAL");
    EXPECT_EQ(d.by_region[0].label, "Wales");
    EXPECT_EQ(d.by_region[0].whole_life_cost_pence, 400'000);
    EXPECT_EQ(d.by_region[1].key, "NE");
    EXPECT_EQ(d.by_region[1].proposals, 3);
    EXPECT_EQ(d.by_region[1].whole_life_cost_pence, 380'000);
}

TEST(DemandDashboardTest, PipelineHasEveryStateInWorkflowOrderWithDraftsOnlyWhenVisible) {
    const std::vector<Proposal> proposals = {
        Make(1, "MDI", "BIOMETRICS", 1'000, ProposalState::kSubmitted),
        Make(2, "MDI", "BIOMETRICS", 2'000, ProposalState::kSubmitted),
        Make(3, "MDI", "KIOSKS", 700, ProposalState::kDraft),
        Make(4, "MDI", "KIOSKS", 9'000, ProposalState::kWithdrawn),
    };
    const auto with = BuildDemandDashboard(proposals, Establishments(), Regions(), true, kNow);
    ASSERT_EQ(with.pipeline.size(), AllProposalStates().size());
    EXPECT_EQ(with.pipeline[0].key, "DRAFT");
    EXPECT_EQ(with.pipeline[0].proposals, 1);
    EXPECT_EQ(with.pipeline[0].whole_life_cost_pence, 70'000);
    EXPECT_EQ(Find(with.pipeline, "SUBMITTED")->proposals, 2);
    EXPECT_EQ(Find(with.pipeline, "SUBMITTED")->whole_life_cost_pence, 300'000);
    EXPECT_EQ(Find(with.pipeline, "SUBMITTED")->label, "Submitted");
    EXPECT_EQ(Find(with.pipeline, "WITHDRAWN")->proposals, 1);
    EXPECT_EQ(Find(with.pipeline, "CLOSED")->proposals, 0);

    const auto without = BuildDemandDashboard(proposals, Establishments(), Regions(), false, kNow);
    ASSERT_EQ(without.pipeline.size(), AllProposalStates().size() - 1);
    EXPECT_EQ(without.pipeline[0].key, "SUBMITTED");
    EXPECT_EQ(Find(without.pipeline, "DRAFT"), nullptr);
}

TEST(DemandDashboardTest, OverdueIsAwaitingAdviceMoreThanTenDaysLongestWaitingFirst) {
    const std::vector<Proposal> proposals = {
        Make(1, "MDI", "BIOMETRICS", 1'000, ProposalState::kSubmitted, 10),  // not yet
        Make(2, "MDI", "BIOMETRICS", 1'000, ProposalState::kSubmitted, 11),
        Make(3, "LEI", "KIOSKS", 1'000, ProposalState::kInReview, 30),
        Make(4, "LEI", "KIOSKS", 1'000, ProposalState::kAdvised, 30),   // advised
        Make(5, "LEI", "KIOSKS", 1'000, ProposalState::kReturned, 30),  // with the proposer
    };
    const auto d = BuildDemandDashboard(proposals, Establishments(), Regions(), false, kNow);
    ASSERT_EQ(d.overdue.size(), 2u);
    EXPECT_EQ(d.overdue[0].id, 3);
    EXPECT_EQ(d.overdue[0].days_waiting, 30);
    EXPECT_EQ(d.overdue[0].state, ProposalState::kInReview);
    EXPECT_EQ(d.overdue[0].establishment, "LEI");
    EXPECT_EQ(d.overdue[0].whole_life_cost_pence, 100'000);
    EXPECT_EQ(d.overdue[1].id, 2);
    EXPECT_EQ(d.overdue[1].days_waiting, 11);
    EXPECT_EQ(d.overdue[1].title, "Proposal 2");
}

TEST(DemandDashboardTest, AnEstablishmentNotInTheListCountsUnderNoRegion) {
    const auto d =
        BuildDemandDashboard({Make(1, "ZZZ", "BIOMETRICS", 1'000, ProposalState::kSubmitted)},
                             Establishments(), Regions(), false, kNow);
    ASSERT_EQ(d.by_establishment.size(), 1u);
    EXPECT_EQ(d.by_establishment[0].label, "ZZZ");
    ASSERT_EQ(d.by_region.size(), 1u);
    EXPECT_EQ(d.by_region[0].key, "");
    EXPECT_EQ(d.by_region[0].label, "No region");
}

TEST(DemandDashboardTest, NothingToShowGivesZerosNotErrors) {
    const auto d = BuildDemandDashboard({}, {}, {}, true, kNow);
    EXPECT_EQ(d.proposals, 0);
    EXPECT_EQ(d.by_category.size(), ProposalCategories().size());
    EXPECT_TRUE(d.by_establishment.empty());
    EXPECT_TRUE(d.by_region.empty());
    EXPECT_TRUE(d.overdue.empty());
    EXPECT_EQ(d.pipeline.size(), AllProposalStates().size());
}

// The service reads in the reader's scope: a governor their caseload's proposals (drafts too),
// a reviewer every submitted proposal in the estate; others are refused.
class DashboardServiceTest : public ::testing::Test {
  protected:
    DashboardServiceTest()
        : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}),
          service_(store_, clock_) {
        store_.state.regions["NE"] = {"NE", "North East", "riu@ne.example"};
        for (const char* code : {"MDI", "LEI"}) {
            Establishment e;
            e.code = code;
            e.name = std::string(code) + " prison";
            e.region_code = "NE";
            store_.state.establishments[code] = e;
        }
    }

    Id Submitted(const Actor& governor, const std::string& establishment, std::int64_t pence,
                 bool submit = true) {
        ProposalFields f = testing::SubmittableFields(establishment, "Biometric kiosks");
        f.summary = "Fingerprint sign-in";
        f.need = "Queues";
        f.one_off_labour_pence = pence;
        auto created = service_.Create(governor, f);
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        if (!created.ok()) return 0;
        if (submit) {
            EXPECT_TRUE(service_.Submit(governor, created->proposal.id).ok());
        }
        return created->proposal.id;
    }

    testing::InMemoryStore store_;
    FixedClock clock_;
    ProposalService service_;
    Actor governor_{1, "gov", {Role::kGovernor}, {"MDI"}, "10.0.0.1"};
    Actor other_governor_{2, "gov2", {Role::kGovernor}, {"LEI"}, "10.0.0.2"};
    Actor reviewer_{3, "digital", {Role::kDigitalReviewer}, {}, "10.0.0.3"};
    Actor security_{4, "sec", {Role::kSecurity}, {"MDI"}, "10.0.0.4"};
};

TEST_F(DashboardServiceTest, GovernorSeesTheCaseloadAndReviewerTheEstate) {
    Submitted(governor_, "MDI", 100'00);
    Submitted(governor_, "MDI", 50'00, false);  // a draft
    Submitted(other_governor_, "LEI", 300'00);
    clock_.Advance(std::chrono::hours(24 * 12));

    auto mine = service_.Dashboard(governor_);
    ASSERT_TRUE(mine.ok()) << mine.error().message;
    EXPECT_EQ(mine->proposals, 1);
    EXPECT_EQ(mine->whole_life_cost_pence, 100'00);
    ASSERT_EQ(mine->by_establishment.size(), 1u);
    EXPECT_EQ(mine->by_establishment[0].label, "MDI prison");
    EXPECT_EQ(mine->pipeline[0].key, "DRAFT");
    EXPECT_EQ(mine->pipeline[0].proposals, 1);
    ASSERT_EQ(mine->overdue.size(), 1u);
    EXPECT_EQ(mine->overdue[0].establishment, "MDI");

    auto estate = service_.Dashboard(reviewer_);
    ASSERT_TRUE(estate.ok()) << estate.error().message;
    EXPECT_EQ(estate->proposals, 2);
    EXPECT_EQ(estate->whole_life_cost_pence, 400'00);
    ASSERT_EQ(estate->by_establishment.size(), 2u);
    EXPECT_EQ(estate->by_establishment[0].key, "LEI");
    ASSERT_EQ(estate->by_region.size(), 1u);
    EXPECT_EQ(estate->by_region[0].label, "North East");
    EXPECT_NE(estate->pipeline[0].key, "DRAFT");  // reviewers never see drafts
    EXPECT_EQ(estate->overdue.size(), 2u);

    auto refused = service_.Dashboard(security_);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace warden::domain
