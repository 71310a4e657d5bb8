// The estate view and groups of proposals as pages: the reviewer sees the groups with their
// headlines and joins them into a group with a lead establishment, then advises the group at once
// (the advice reaches the members awaiting it; a group with none is refused and nothing changes);
// the governor sees the group and its lead on their proposal; others are refused.

#include "domain/testing/proposal_fields.hpp"
#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class GroupPagesTest : public PagesTest {
  protected:
    void SetUp() override {
        AddUser("governor.lei", {domain::Role::kGovernor}, {"LEI"});
        governor_ = As("governor");
        reviewer_ = As("reviewer");
    }

    Id Propose(const std::string& proposer, const std::string& establishment,
               const std::string& title) {
        const domain::Actor actor{
            0, proposer, {domain::Role::kGovernor}, {establishment}, "127.0.0.1"};
        domain::ProposalFields f = domain::testing::SubmittableFields(establishment, title);
        f.summary = "Fingerprint gates";
        f.need = "Queues";
        f.one_off_hardware_software_pence = 150'000'000;
        auto created = proposals_.Create(actor, f);
        EXPECT_TRUE(created.ok());
        if (!created.ok()) return 0;
        EXPECT_TRUE(proposals_.Submit(actor, created->proposal.id).ok());
        return created->proposal.id;
    }

    Browser governor_;
    Browser reviewer_;
};

TEST_F(GroupPagesTest, TheReviewerGroupsFromTheEstateViewAndAdvisesTheGroup) {
    const Id a = Propose("governor", "MDI", "Biometric gates");
    const Id b = Propose("governor.lei", "LEI", "Fingerprint gates");
    Response estate = Get("/proposals/estate", &reviewer_);
    ASSERT_EQ(estate.status, 200) << estate.body;
    EXPECT_TRUE(HtmlProblems(estate.body, reviewer_.csrf).empty())
        << ::testing::PrintToString(HtmlProblems(estate.body, reviewer_.csrf));
    const std::string html = Squash(estate.body);
    EXPECT_TRUE(
        Contains(html, "2 establishments propose biometrics from 1 supplier, £3m whole-life"))
        << html;
    const std::string ids = std::to_string(a) + "," + std::to_string(b);
    EXPECT_TRUE(Contains(html, "href=\"/proposals/groups/new?proposals=" + ids + "\"")) << html;

    Response form = Get("/proposals/groups/new?proposals=" + ids, &reviewer_);
    ASSERT_EQ(form.status, 200) << form.body;
    EXPECT_TRUE(HtmlProblems(form.body, reviewer_.csrf).empty());
    Response missing_lead = Post("/proposals/groups",
                                 {{"proposals", std::to_string(a)},
                                  {"proposals", std::to_string(b)},
                                  {"lead_establishment", ""}},
                                 &reviewer_);
    ASSERT_EQ(missing_lead.status, 400) << missing_lead.body;
    EXPECT_TRUE(Contains(missing_lead.body, "govuk-error-summary"));
    Response created = Post("/proposals/groups",
                            {{"proposals", std::to_string(a)},
                             {"proposals", std::to_string(b)},
                             {"lead_establishment", "LEI"}},
                            &reviewer_);
    ASSERT_EQ(created.status, 303) << created.body;
    ASSERT_EQ(HeaderOf(created, "Location"), "/proposals/groups/1?done=created");
    Response group = Get("/proposals/groups/1?done=created", &reviewer_);
    ASSERT_EQ(group.status, 200) << group.body;
    EXPECT_TRUE(HtmlProblems(group.body, reviewer_.csrf).empty());
    EXPECT_TRUE(Contains(group.body, "Led by LEI"));

    // The governor sees the group and its lead on their proposal.
    Response mine = Get("/proposals/" + std::to_string(a), &governor_);
    ASSERT_EQ(mine.status, 200);
    EXPECT_TRUE(Contains(mine.body, "led by <strong>LEI</strong>")) << mine.body;

    EXPECT_TRUE(Contains(group.body, "recorded on every proposal in the group in one go"))
        << group.body;

    // One proposal withdrawn: the page says who the advice reaches, and it reaches them only.
    const domain::Actor lei{0, "governor.lei", {domain::Role::kGovernor}, {"LEI"}, "127.0.0.1"};
    ASSERT_TRUE(proposals_.Withdraw(lei, b).ok());
    Response reach = Get("/proposals/groups/1", &reviewer_);
    EXPECT_TRUE(Contains(reach.body, "recorded on 1 proposal awaiting it in one go")) << reach.body;
    EXPECT_TRUE(Contains(reach.body, "are left as they are: 1 proposal."));
    Response missing = Post("/proposals/groups/1/advice", {{"outcome", "SUPPORTED"}}, &reviewer_);
    ASSERT_EQ(missing.status, 400) << missing.body;
    EXPECT_TRUE(Contains(missing.body, "Enter the advice"));
    Response advised = Post("/proposals/groups/1/advice",
                            {{"outcome", "SUPPORTED"}, {"advice", "Go ahead"}}, &reviewer_);
    ASSERT_EQ(advised.status, 303) << advised.body;
    EXPECT_EQ(HeaderOf(advised, "Location"), "/proposals/groups/1?done=advised");
    Response done = Get("/proposals/groups/1?done=advised", &reviewer_);
    EXPECT_TRUE(
        Contains(done.body, "Advice recorded for the group&apos;s proposals that awaited it"))
        << done.body;
    EXPECT_TRUE(Contains(done.body, "No proposal in the group awaits advice."));
    EXPECT_FALSE(Contains(done.body, "action=\"/proposals/groups/1/advice\""));
    EXPECT_TRUE(HtmlProblems(done.body, reviewer_.csrf).empty());
    auto seen = proposals_.Get(domain::Actor::System(), a);
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->proposal.state, domain::ProposalState::kAdvised);
    EXPECT_FALSE(proposals_.Get(domain::Actor::System(), b)->proposal.advice.has_value());

    // Advising again: nothing awaits, refused in the error summary, nothing changes.
    Response refused = Post("/proposals/groups/1/advice",
                            {{"outcome", "NOT_SUPPORTED"}, {"advice", "Again"}}, &reviewer_);
    ASSERT_EQ(refused.status, 409) << refused.body;
    EXPECT_TRUE(Contains(refused.body, "No proposal in group 1 awaits advice"));
    EXPECT_EQ(proposals_.Get(domain::Actor::System(), a)->proposal.advice->text, "Go ahead");
}

TEST_F(GroupPagesTest, OnlyReviewersSeeTheEstateAndGroups) {
    EXPECT_EQ(Get("/proposals/estate", &governor_).status, 403);
    EXPECT_EQ(Get("/proposals/estate.csv", &governor_).status, 403);
    EXPECT_EQ(Get("/proposals/groups/new", &governor_).status, 403);
    EXPECT_EQ(Post("/proposals/groups", {{"lead_establishment", "MDI"}}, &governor_).status, 403);
    Response empty = Get("/proposals/estate", &reviewer_);
    ASSERT_EQ(empty.status, 200);
    EXPECT_TRUE(Contains(empty.body, "There are no open proposals."));
}

}  // namespace
}  // namespace warden::web::pages::testing
