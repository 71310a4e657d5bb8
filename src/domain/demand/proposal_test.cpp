#include "domain/demand/proposal.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <set>

namespace warden::domain {
namespace {

ProposalFields Complete() {
    ProposalFields f;
    f.establishment = "MDI";
    f.title = "Biometric kiosks";
    f.summary = "Fingerprint sign-in at wing kiosks";
    f.need = "Prisoners queue for paper apps";
    f.category = "BIOMETRICS";
    f.users = {"PRISONERS_COMMUNAL"};
    f.supplier = "Acme Biometrics";
    f.assured = true;
    f.wanted_start = "2027-04-01";
    f.one_off_hardware_software_pence = 1'000'000;
    f.one_off_labour_pence = 200'000;
    f.internal_staff_pence = 50'000;
    f.yearly_support_pence = 100'000;
    f.yearly_live_service_pence = 25'000;
    f.contract_years = 3;
    return f;
}

std::set<std::string> Fields(const Status& s) {
    std::set<std::string> out;
    for (const auto& f : s.error().fields) out.insert(f.field);
    return out;
}

std::set<std::string> Codes(const std::vector<ProposalFlag>& flags) {
    std::set<std::string> out;
    for (const auto& f : flags) {
        EXPECT_FALSE(f.explanation.empty()) << f.code;
        out.insert(f.code);
    }
    return out;
}

TEST(ProposalTest, WholeLifeCostIsOneOffsPlusYearlyTimesYears) {
    // 1,000,000 + 200,000 + 50,000 + (100,000 + 25,000) × 3
    EXPECT_EQ(WholeLifeCostPence(Complete()), 1'625'000);
    ProposalFields none = Complete();
    none.contract_years = 0;
    EXPECT_EQ(WholeLifeCostPence(none), 1'250'000);
}

TEST(ProposalTest, WholeLifeCostSaturatesInsteadOfOverflowing) {
    ProposalFields f = Complete();
    f.yearly_support_pence = std::numeric_limits<std::int64_t>::max();
    f.yearly_live_service_pence = 1;
    EXPECT_EQ(WholeLifeCostPence(f), std::numeric_limits<std::int64_t>::max());
    f = Complete();
    f.yearly_support_pence = std::numeric_limits<std::int64_t>::max() / 2;
    f.contract_years = 10;
    EXPECT_EQ(WholeLifeCostPence(f), std::numeric_limits<std::int64_t>::max());
    // The largest valid fields are far from overflow.
    f = Complete();
    f.one_off_hardware_software_pence = f.one_off_labour_pence = f.internal_staff_pence =
        f.yearly_support_pence = f.yearly_live_service_pence = kMaxCostPence;
    f.contract_years = kMaxContractYears;
    EXPECT_TRUE(ValidateProposal(f).ok());
    EXPECT_EQ(WholeLifeCostPence(f), 23 * kMaxCostPence);
}

TEST(ProposalTest, ValidationNamesEachBadField) {
    ProposalFields f = Complete();
    f.title = "  ";
    f.need = "";
    f.category = "DRONES";
    f.users = {"VISITORS"};
    f.wanted_start = "2027-02-30";
    f.one_off_hardware_software_pence = -1;
    f.one_off_labour_pence = -1;
    f.internal_staff_pence = -1;
    f.yearly_support_pence = -1;
    f.yearly_live_service_pence = kMaxCostPence + 1;
    f.contract_years = 11;
    Status s = ValidateProposal(f);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(Fields(s),
              (std::set<std::string>{"title", "need", "category", "users", "wanted_start",
                                     "one_off_hardware_software_pence", "one_off_labour_pence",
                                     "internal_staff_pence", "yearly_support_pence",
                                     "yearly_live_service_pence", "contract_years"}));
    EXPECT_EQ(s.error().message, "Enter a title");
    f = Complete();
    f.contract_years = -1;
    EXPECT_EQ(Fields(ValidateProposal(f)), (std::set<std::string>{"contract_years"}));
    f = Complete();
    f.users = {"STAFF", "STAFF"};
    EXPECT_EQ(Fields(ValidateProposal(f)), (std::set<std::string>{"users"}));
}

TEST(ProposalTest, ADraftMayBeIncompleteButASubmissionMayNot) {
    ProposalFields f;
    f.title = "Tablets";
    f.need = "Education in cell";
    EXPECT_TRUE(ValidateProposal(f).ok());
    Status s = ValidateForSubmission(f);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(Fields(s),
              (std::set<std::string>{"summary", "category", "users", "supplier", "wanted_start"}));
    EXPECT_TRUE(ValidateForSubmission(Complete()).ok());
}

TEST(ProposalTest, FlagsEachRule) {
    EXPECT_TRUE(Codes(ProposalFlags(Complete(), kDefaultSpendControlPence)) ==
                (std::set<std::string>{"MULTI_YEAR"}));

    ProposalFields f = Complete();
    f.free_offer = true;
    f.central_funding_assumed = true;
    f.assured = false;
    f.personal_data = true;
    f.hmpps_network = true;
    EXPECT_EQ(Codes(ProposalFlags(f, 1'000'000)),
              (std::set<std::string>{"FREE_OFFER_FUTURE_COSTS", "CENTRAL_FUNDING_ASSUMED",
                                     "MULTI_YEAR", "UNASSURED", "DATA_PROTECTION_REVIEW",
                                     "NETWORK_SECURITY_REVIEW", "SPEND_CONTROL"}));

    // A free offer with no yearly cost and no term has no future costs.
    f = Complete();
    f.free_offer = true;
    f.yearly_support_pence = f.yearly_live_service_pence = 0;
    f.contract_years = 0;
    EXPECT_EQ(Codes(ProposalFlags(f, kDefaultSpendControlPence)), std::set<std::string>{});
    f.contract_years = 1;  // a term alone is enough; one year is not multi-year
    EXPECT_EQ(Codes(ProposalFlags(f, kDefaultSpendControlPence)),
              (std::set<std::string>{"FREE_OFFER_FUTURE_COSTS"}));

    // SPEND_CONTROL is strictly above the threshold and explains both amounts.
    f = Complete();
    f.contract_years = 1;
    EXPECT_TRUE(Codes(ProposalFlags(f, WholeLifeCostPence(f))).empty());
    auto flags = ProposalFlags(f, WholeLifeCostPence(f) - 1);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(flags[0].code, "SPEND_CONTROL");
    EXPECT_NE(flags[0].explanation.find("£13,750"), std::string::npos) << flags[0].explanation;
}

TEST(ProposalTest, FormatsPounds) {
    EXPECT_EQ(FormatPounds(0), "£0");
    EXPECT_EQ(FormatPounds(5), "£0.05");
    EXPECT_EQ(FormatPounds(123'456'789), "£1,234,567.89");
    EXPECT_EQ(FormatPounds(10'000'000), "£100,000");
    EXPECT_EQ(FormatPounds(-150), "-£1.50");
    EXPECT_EQ(FormatPounds(std::numeric_limits<std::int64_t>::min()),
              "-£92,233,720,368,547,758.08");
}

TEST(ProposalTest, AdviceIsIssuedOnlyByAnIssueAtOrAfterIt) {
    Proposal p;
    EXPECT_FALSE(IsAdviceIssued(p));  // no advice
    const TimePoint at = TimePoint{} + std::chrono::hours(1000);
    p.submitted_at = at - std::chrono::hours(1);
    p.state = ProposalState::kAdvised;
    p.advice = ProposalAdvice{"SUPPORTED", "Go ahead", "reviewer", at, std::nullopt};
    EXPECT_FALSE(IsAdviceIssued(p));
    EXPECT_TRUE(AdviceAwaitsIssue(p));
    p.advice->issued_at = at;
    EXPECT_TRUE(IsAdviceIssued(p));
    EXPECT_FALSE(AdviceAwaitsIssue(p));
    // An issue time before the advice is an earlier advice's (left by an older server).
    p.advice->issued_at = at - std::chrono::minutes(1);
    EXPECT_FALSE(IsAdviceIssued(p));
    EXPECT_TRUE(AdviceAwaitsIssue(p));
    p.state = ProposalState::kWithdrawn;
    EXPECT_FALSE(AdviceAwaitsIssue(p));
}

TEST(ProposalTest, StateMachine) {
    using S = ProposalState;
    EXPECT_TRUE(CheckEditable(S::kDraft).ok());
    EXPECT_TRUE(CheckEditable(S::kReturned).ok());
    for (S s : {S::kSubmitted, S::kInReview, S::kAdvised, S::kClosed, S::kWithdrawn}) {
        EXPECT_EQ(CheckEditable(s).error().code, ErrorCode::kConflict) << ProposalStateName(s);
        EXPECT_EQ(CheckSubmittable(s).error().code, ErrorCode::kConflict);
    }
    EXPECT_EQ(CheckEditable(S::kSubmitted).error().message,
              "A submitted proposal cannot be edited");
    for (S s : {S::kDraft, S::kSubmitted, S::kInReview, S::kAdvised, S::kReturned}) {
        EXPECT_TRUE(CheckWithdrawable(s).ok()) << ProposalStateName(s);
    }
    EXPECT_FALSE(CheckWithdrawable(S::kClosed).ok());
    EXPECT_FALSE(CheckWithdrawable(S::kWithdrawn).ok());
    EXPECT_TRUE(CheckReviewable(S::kSubmitted).ok());
    EXPECT_FALSE(CheckReviewable(S::kDraft).ok());
    EXPECT_TRUE(CheckAdvisable(S::kSubmitted).ok());
    EXPECT_TRUE(CheckAdvisable(S::kInReview).ok());
    EXPECT_FALSE(CheckAdvisable(S::kDraft).ok());
    EXPECT_FALSE(CheckAdvisable(S::kAdvised).ok());
    EXPECT_TRUE(CheckClosable(S::kAdvised).ok());
    EXPECT_FALSE(CheckClosable(S::kInReview).ok());
    EXPECT_EQ(StateAfterAdvice("MORE_INFORMATION_NEEDED"), S::kReturned);
    EXPECT_EQ(StateAfterAdvice("NOT_SUPPORTED"), S::kAdvised);
    for (S s : AllProposalStates()) EXPECT_EQ(ParseProposalState(ProposalStateName(s)), s);
    EXPECT_FALSE(ParseProposalState("draft"));
}

}  // namespace
}  // namespace warden::domain
