#include "domain/demand/estate.hpp"

#include <gtest/gtest.h>

namespace warden::domain {
namespace {

EstateProposal Item(Id id, const std::string& establishment, const std::string& category,
                    const std::string& supplier, const std::string& text, std::int64_t cost,
                    ProposalState state = ProposalState::kSubmitted) {
    EstateProposal p;
    p.item.id = id;
    p.item.establishment = establishment;
    p.item.title = "Proposal " + std::to_string(id);
    p.item.category = category;
    p.item.supplier = supplier;
    p.item.supplier_key = SupplierKey(supplier);
    p.item.terms = [&] {
        std::string out;
        for (const auto& t : SearchTerms(text)) out += (out.empty() ? "" : " ") + t;
        return out;
    }();
    p.state = state;
    p.whole_life_cost_pence = cost;
    return p;
}

TEST(EstateView, GroupsOpenProposalsOnly) {
    EXPECT_TRUE(InEstateView(ProposalState::kSubmitted));
    EXPECT_TRUE(InEstateView(ProposalState::kInReview));
    EXPECT_TRUE(InEstateView(ProposalState::kAdvised));
    EXPECT_FALSE(InEstateView(ProposalState::kDraft));
    EXPECT_FALSE(InEstateView(ProposalState::kReturned));
    EXPECT_FALSE(InEstateView(ProposalState::kClosed));
    EXPECT_FALSE(InEstateView(ProposalState::kWithdrawn));
}

TEST(EstateView, GroupsByCategoryAndTheOneRanking) {
    const std::vector<EstateProposal> proposals = {
        Item(1, "MDI", "BIOMETRICS", "Acme", "Fingerprint gates for visitors", 50'000'000),
        Item(2, "LEI", "BIOMETRICS", "Beta Ltd", "Visitor fingerprint checks", 40'000'000),
        // Same supplier as 1, no shared term: still related (5 + 3 points).
        Item(3, "BWI", "BIOMETRICS", "ACME ", "Iris scanning", 30'000'000),
        // Same category, nothing shared: a group of its own.
        Item(4, "MDI", "BIOMETRICS", "Gamma", "Palm vein readers", 1'000'000),
        // Shares terms with 1 but another category: not grouped with it.
        Item(5, "LEI", "KIOSKS", "Acme", "Fingerprint kiosks for visitors", 2'000'000),
        // Not open: ignored.
        Item(6, "WDI", "BIOMETRICS", "Acme", "Fingerprint gates", 9'000'000,
             ProposalState::kWithdrawn),
        Item(7, "WDI", "BIOMETRICS", "Acme", "Fingerprint gates", 9'000'000, ProposalState::kDraft),
        Item(8, "MDI", "BIOMETRICS", "Delta", "Fingerprint visitor gates", 5'000'000,
             ProposalState::kAdvised),
    };
    const auto groups = GroupEstate(proposals);
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[0].category, "BIOMETRICS");
    EXPECT_EQ(groups[0].lead_proposal, 1);
    EXPECT_EQ(groups[0].proposals, (std::vector<Id>{1, 2, 3, 8}));
    EXPECT_EQ(groups[0].establishments, (std::vector<std::string>{"BWI", "LEI", "MDI"}));
    EXPECT_EQ(groups[0].suppliers, (std::vector<std::string>{"Acme", "Beta Ltd", "Delta"}));
    EXPECT_EQ(groups[0].whole_life_cost_pence, 125'000'000);
    EXPECT_EQ(groups[0].headline,
              "3 establishments propose biometrics from 3 suppliers, £1.3m whole-life");
    // One establishment each: the costlier first.
    EXPECT_EQ(groups[1].proposals, (std::vector<Id>{5}));
    EXPECT_EQ(groups[1].headline,
              "1 establishment proposes kiosks from 1 supplier, £20,000 whole-life");
    EXPECT_EQ(groups[2].proposals, (std::vector<Id>{4}));
}

TEST(EstateView, AProposalJoinsTheLeadThatRanksBest) {
    // 3 shares one term with lead 1 and two with lead 2: it joins 2.
    const std::vector<EstateProposal> proposals = {
        Item(1, "MDI", "KIOSKS", "", "Canteen kiosk", 100),
        Item(2, "LEI", "KIOSKS", "", "Visits booking screens", 100),
        Item(3, "BWI", "KIOSKS", "", "Kiosk for visits booking", 100),
    };
    const auto groups = GroupEstate(proposals);
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].proposals, (std::vector<Id>{2, 3}));
    EXPECT_EQ(groups[0].headline,
              "2 establishments propose kiosks with no supplier named, £2 whole-life");
    EXPECT_EQ(groups[1].proposals, (std::vector<Id>{1}));
}

TEST(EstateView, IsTheSameWhateverTheInputOrder) {
    std::vector<EstateProposal> proposals = {
        Item(3, "BWI", "KIOSKS", "", "Kiosk for visits booking", 100),
        Item(1, "MDI", "KIOSKS", "", "Canteen kiosk", 100),
        Item(2, "LEI", "KIOSKS", "", "Visits booking screens", 100),
    };
    const auto a = GroupEstate(proposals);
    std::reverse(proposals.begin(), proposals.end());
    const auto b = GroupEstate(proposals);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].proposals, b[i].proposals);
}

TEST(EstateView, AWordCommonAmongTheOpenProposalsJoinsNothing) {
    // 30 kiosk proposals that all say "reduce queues"; every third also says "touchscreen".
    // "reduce" and "queues" are common (30 of 30, over the floor of 20), so the category and
    // one of them (3 + 2 points) no longer join a proposal to the first lead; "touchscreen"
    // (10 of 30, not over the floor) still does.
    std::vector<EstateProposal> proposals;
    for (Id id = 1; id <= 30; ++id) {
        const std::string words =
            "Reduce queues " + std::string(id % 3 == 0 ? "touchscreen " : "") + "word" +
            std::string(1, static_cast<char>('a' + id % 26)) + std::to_string(id);
        proposals.push_back(Item(id, "E" + std::to_string(id), "KIOSKS", "", words, 1));
    }
    const auto groups = GroupEstate(proposals);
    // One group of the ten touchscreen proposals (led by 3), twenty proposals alone.
    ASSERT_EQ(groups.size(), 21u);
    EXPECT_EQ(groups[0].lead_proposal, 3);
    EXPECT_EQ(groups[0].proposals.size(), 10u);
    for (std::size_t i = 1; i < groups.size(); ++i) EXPECT_EQ(groups[i].proposals.size(), 1u);
}

TEST(EstateView, ShortPounds) {
    EXPECT_EQ(ShortPounds(120'000'000), "£1.2m");
    EXPECT_EQ(ShortPounds(100'000'000), "£1m");
    EXPECT_EQ(ShortPounds(124'999'999), "£1.2m");
    EXPECT_EQ(ShortPounds(125'000'000), "£1.3m");
    EXPECT_EQ(ShortPounds(4'500'000'000), "£45m");
    EXPECT_EQ(ShortPounds(99'999'949), "£999,999");
    EXPECT_EQ(ShortPounds(4'500'049), "£45,000");
    EXPECT_EQ(ShortPounds(0), "£0");
}

}  // namespace
}  // namespace warden::domain
