#include "domain/demand/similarity.hpp"

#include <gtest/gtest.h>

#include "domain/demand/catalogue.hpp"
#include "domain/demand/proposal.hpp"

namespace warden::domain {
namespace {

TEST(SearchTerms, LowerCaseLettersAndDigitsWithoutCommonWordsSortedOnce) {
    EXPECT_EQ(SearchTerms("Biometric KIOSKS for the prisoners, kiosks & 24/7 Wi-Fi, café v2"),
              (std::vector<std::string>{"biometric", "caf", "kiosks"}));
    EXPECT_EQ(SearchTerms("In-cell tablets: 2026 roll-out"),
              (std::vector<std::string>{"2026", "cell", "roll", "tablets"}));  // "out" is common
    EXPECT_TRUE(SearchTerms("").empty());
    EXPECT_TRUE(SearchTerms(std::string(41, 'a')).empty());  // longer than 40
    EXPECT_EQ(SearchTerms(std::string(40, 'a')).size(), 1u);
}

TEST(SearchTerms, OfAProposalAreItsTitleSummaryAndNeed) {
    ProposalFields f;
    f.title = "Visitor kiosk";
    f.summary = "Fingerprint";
    f.need = "Queues";
    f.supplier = "Ignored Supplier";
    EXPECT_EQ(ProposalSearchText(f), "fingerprint kiosk queues visitor");
    CatalogueEntry e;
    e.name = "National kiosk";
    e.description = "Self-service";
    e.contact = "ignored@example";
    EXPECT_EQ(CatalogueSearchText(e), "kiosk national self service");
}

TEST(SupplierKey, IgnoresCaseAndSpacing) {
    EXPECT_EQ(SupplierKey("  ACME   Biometrics Ltd "), "acme biometrics ltd");
    EXPECT_EQ(SupplierKey("acme biometrics ltd"), "acme biometrics ltd");
    EXPECT_EQ(SupplierKey("   "), "");
}

SimilarCandidate Candidate(Id id, const std::string& establishment, const std::string& category,
                           const std::string& supplier, const std::string& terms) {
    return {id,
            establishment,
            "Proposal " + std::to_string(id),
            category,
            SupplierKey(supplier),
            terms,
            supplier,
            ""};
}

TEST(RankMatches, ScoresTermsSupplierAndCategoryAndSaysWhy) {
    const SimilarityProbe probe{
        1, "MDI", {"fingerprint", "gate", "visitors"}, "BIOMETRICS", "acme"};
    const auto ranked = RankMatches(
        probe, {
                   Candidate(2, "LEI", "KIOSKS", "Other", "visitors"),             // 2: too weak
                   Candidate(3, "LEI", "BIOMETRICS", "Other", ""),                 // 3: too weak
                   Candidate(4, "LEI", "BIOMETRICS", "Other", "fingerprint zoo"),  // 3 + 2 = 5
                   Candidate(5, "BXI", "KIOSKS", "ACME", ""),                      // 5
                   Candidate(6, "BXI", "BIOMETRICS", "Acme", "fingerprint gate"),  // 5+3+4 = 12
                   Candidate(7, "LEI", "OTHER", "Other", "fingerprint gate zoo"),  // 4
                   Candidate(6, "BXI", "BIOMETRICS", "Acme", "fingerprint gate"),  // repeated
                   Candidate(1, "MDI", "BIOMETRICS", "Acme", "fingerprint gate"),  // itself
               });
    ASSERT_EQ(ranked.size(), 4u);
    EXPECT_EQ(ranked[0].id, 6);
    EXPECT_EQ(ranked[0].score, 12);
    EXPECT_TRUE(ranked[0].same_supplier);
    EXPECT_TRUE(ranked[0].same_category);
    EXPECT_EQ(ranked[0].shared_terms, (std::vector<std::string>{"fingerprint", "gate"}));
    EXPECT_EQ(ranked[0].why,
              "Same supplier (Acme); same category (Biometrics); shared terms: fingerprint, gate");
    // 4 and 5 tie on 5 points: the lower id first.
    EXPECT_EQ(ranked[1].id, 4);
    EXPECT_EQ(ranked[1].why, "Same category (Biometrics); shared term: fingerprint");
    EXPECT_EQ(ranked[2].id, 5);
    EXPECT_EQ(ranked[2].why, "Same supplier (ACME)");
    EXPECT_EQ(ranked[3].id, 7);
    EXPECT_EQ(ranked[3].why, "Shared terms: fingerprint, gate");
}

TEST(RankMatches, KeepsTheBestUpToTheLimitAndCountsAtMostEightTerms) {
    SimilarityProbe probe{0, "MDI", {}, "", ""};
    std::string terms;
    for (int i = 0; i < 12; ++i) {
        probe.terms.push_back("term" + std::to_string(10 + i));
        terms += (terms.empty() ? "" : " ") + probe.terms.back();
    }
    std::vector<SimilarCandidate> candidates;
    for (Id id = 1; id <= 9; ++id) candidates.push_back(Candidate(id, "LEI", "", "", terms));
    const auto ranked = RankMatches(probe, candidates);
    ASSERT_EQ(ranked.size(), kShownMatches);
    EXPECT_EQ(ranked[0].id, 1);
    EXPECT_EQ(ranked[4].id, 5);
    EXPECT_EQ(ranked[0].shared_terms.size(), kMaxSharedTerms);
    EXPECT_EQ(ranked[0].score, static_cast<int>(kMaxSharedTerms) * kTermPoints);
}

TEST(RankMatches, AnEmptyProbeMatchesNothing) {
    const SimilarityProbe probe{1, "MDI", {}, "", ""};
    EXPECT_TRUE(RankMatches(probe, {Candidate(2, "LEI", "", "", "")}).empty());
}

TEST(CommonTerms, AreHeldByMoreThanFivePerCentAndMoreThanTwentyProposals) {
    // 5 % of 1,000 is 50: 50 is not more, 51 is.
    EXPECT_FALSE(IsCommonTerm(50, 1000));
    EXPECT_TRUE(IsCommonTerm(51, 1000));
    EXPECT_TRUE(IsCommonTerm(1000, 1000));
    // A small estate keeps every word: at most 20 proposals is never common.
    EXPECT_FALSE(IsCommonTerm(20, 20));
    EXPECT_FALSE(IsCommonTerm(20, 100));
    EXPECT_TRUE(IsCommonTerm(21, 100));
    EXPECT_FALSE(IsCommonTerm(0, 0));
}

TEST(CommonTerms, DistinctiveTermsLeaveOutTheCommonOnesInOrder) {
    TermCounts counts;
    counts.proposals = 10'000;
    counts.terms = {{"biometric", 250}, {"reduce", 9'000}, {"time", 501}, {"visitor", 500}};
    // "gatehouse" is in no proposal yet (absent): distinctive.
    EXPECT_EQ(DistinctiveTerms({"biometric", "gatehouse", "reduce", "time", "visitor"}, counts),
              (std::vector<std::string>{"biometric", "gatehouse", "visitor"}));
    EXPECT_TRUE(DistinctiveTerms({}, counts).empty());
    // With no counts (an empty table), nothing is common.
    EXPECT_EQ(DistinctiveTerms({"reduce"}, TermCounts{}), (std::vector<std::string>{"reduce"}));
}

TEST(CatalogueEntry, ValidationNamesEachField) {
    CatalogueEntry e;
    e.category = "NOPE";
    e.description = std::string(5001, 'x');
    const Status s = ValidateCatalogueEntry(e);
    ASSERT_FALSE(s.ok());
    std::vector<std::string> fields;
    for (const auto& f : s.error().fields) fields.push_back(f.field);
    EXPECT_EQ(fields,
              (std::vector<std::string>{"name", "category", "supplier", "description", "contact"}));
    EXPECT_EQ(s.error().fields[3].message, "Description must be 5000 characters or fewer");
    e = {0, "Kiosk", "KIOSKS", "Acme", "Self-service", "team@example.gov.uk", "", {}};
    EXPECT_TRUE(ValidateCatalogueEntry(e).ok());
}

}  // namespace
}  // namespace warden::domain
