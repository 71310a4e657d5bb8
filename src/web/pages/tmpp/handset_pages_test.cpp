// The TMPP handset pages: the wing page (who holds which handset, overdue, the available
// handsets) and the SPoC's register show an overdue handset; the issue form redirects to the
// board (or shows a refusal on the form); the return form quarantines a handset whose seal
// differs.

#include "web/pages/pages_test_support.hpp"

namespace warden::web::pages::testing {
namespace {

class HandsetPagesTest : public PagesTest {
  protected:
    // A0001AA holds a grant and is on wing A's published list (set in the store directly: the
    // access pages have their own tests).
    void GrantAndList() {
        auto& s = store_.state;
        domain::Grant g;
        g.id = 1;
        g.prison_number = Number(1);
        g.establishment = "MDI";
        g.conditions = {"SUPERVISED_USE"};
        s.grants[g.id] = g;
        domain::WingList list;
        list.establishment = "MDI";
        list.wing = "A";
        list.version = 1;
        domain::WingListEntry e;
        e.prison_number = Number(1);
        e.conditions = g.conditions;
        list.entries.push_back(e);
        s.wing_lists[{"MDI", "A", 1}] = list;
    }
};

TEST_F(HandsetPagesTest, WingPageAndRegisterShowAnOverdueHandset) {
    GrantAndList();
    Browser officer = As("officer");
    auto issued = Post("/establishments/MDI/wings/A/handsets/issue",
                       {{"tag", "T1"}, {"prisoner", Number(1)}, {"seal", "S0001"}}, &officer);
    ASSERT_EQ(issued.status, 303) << issued.body;
    auto board = Get("/establishments/MDI/wings/A/handsets", &officer);
    ASSERT_EQ(board.status, 200) << board.body;
    EXPECT_TRUE(Contains(board.body, "Holding")) << board.body;
    EXPECT_FALSE(Contains(board.body, "govuk-tag--red\">Overdue")) << board.body;

    clock_.Advance(std::chrono::minutes(31));
    officer = As("officer");
    board = Get("/establishments/MDI/wings/A/handsets", &officer);
    ASSERT_EQ(board.status, 200) << board.body;
    EXPECT_TRUE(Contains(board.body, "govuk-tag--red\">Overdue")) << board.body;
    EXPECT_TRUE(Contains(board.body, "1 overdue")) << board.body;
    Browser spoc = As("spoc");
    auto register_ = Get("/establishments/MDI/handsets", &spoc);
    ASSERT_EQ(register_.status, 200) << register_.body;
    EXPECT_TRUE(Contains(register_.body, "govuk-tag--red\">Overdue")) << register_.body;
    // The "added" banner names a handset of the register, never any text from the address.
    auto added = Get("/establishments/MDI/handsets?added=t1", &spoc);
    EXPECT_TRUE(Contains(added.body, "Handset T1 added")) << added.body;
    auto forged = Get("/establishments/MDI/handsets?added=CALL+0800+NOW", &spoc);
    ASSERT_EQ(forged.status, 200) << forged.body;
    EXPECT_FALSE(Contains(forged.body, "CALL 0800")) << forged.body;
    EXPECT_FALSE(Contains(forged.body, "0800")) << forged.body;
}

// The issue form's POST issues first and reads the (audited) board only to show the form again.
TEST_F(HandsetPagesTest, IssueRedirectsToTheBoardAndShowsARefusalOnTheForm) {
    GrantAndList();
    Browser officer = As("officer");
    auto wrong = Post("/establishments/MDI/wings/A/handsets/issue",
                      {{"tag", "T1"}, {"prisoner", Number(1)}, {"seal", "S0099"}}, &officer);
    EXPECT_EQ(wrong.status, 409) << wrong.body;
    EXPECT_TRUE(Contains(wrong.body, "govuk-error-summary")) << wrong.body;
    EXPECT_TRUE(Contains(wrong.body, "S0099")) << wrong.body;
    EXPECT_EQ(store_.AuditOf("handsets.wing.read").size(), 1U);
    EXPECT_EQ(Post("/establishments/MDI/wings/Z/handsets/issue",
                   {{"tag", "T1"}, {"prisoner", Number(1)}, {"seal", "S0099"}}, &officer)
                  .status,
              404);
    auto issued = Post("/establishments/mdi/wings/a/handsets/issue",
                       {{"tag", "T1"}, {"prisoner", Number(1)}, {"seal", "S0001"}}, &officer);
    ASSERT_EQ(issued.status, 303) << issued.body;
    EXPECT_EQ(HeaderOf(issued, "Location"), "/establishments/MDI/wings/A/handsets?issued=T1");
    EXPECT_EQ(store_.AuditOf("handsets.wing.read").size(), 1U) << "no board read to issue";
    EXPECT_EQ(store_.AuditOf("handsets.issue").size(), 1U);
}

TEST_F(HandsetPagesTest, ReturnWithAnotherSealQuarantines) {
    GrantAndList();
    Browser officer = As("officer");
    ASSERT_EQ(Post("/establishments/MDI/wings/A/handsets/issue",
                   {{"tag", "T1"}, {"prisoner", Number(1)}, {"seal", "S0001"}}, &officer)
                  .status,
              303);
    auto back = Post(
        "/establishments/MDI/wings/A/handsets/return",
        {{"tag", "T1"}, {"seal", "S0099"}, {"sim_present", "yes"}, {"condition", "OK"}}, &officer);
    ASSERT_EQ(back.status, 303) << back.body;
    EXPECT_EQ(store_.state.handsets.handsets.at("T1").status, domain::HandsetStatus::kQuarantined);
    ASSERT_EQ(store_.state.incidents.incidents.size(), 1U);
    auto board = Get(
        "/establishments/MDI/wings/A/handsets?returned=T1&incident=MDI-TMPP-2026-00001", &officer);
    EXPECT_TRUE(Contains(board.body, "Draft incident MDI-TMPP-2026-00001 is opened")) << board.body;
    EXPECT_TRUE(Contains(board.body, "href=\"/tmpp/incidents/MDI-TMPP-2026-00001\"")) << board.body;
    // A reference in the address that names no incident of this handset is not echoed.
    auto forged = Get(
        "/establishments/MDI/wings/A/handsets?returned=T1&incident=MDI-TMPP-2026-00042", &officer);
    EXPECT_FALSE(Contains(forged.body, "MDI-TMPP-2026-00042")) << forged.body;
    EXPECT_TRUE(Contains(forged.body, "Handset T1 returned: QUARANTINED")) << forged.body;
}

}  // namespace
}  // namespace warden::web::pages::testing
