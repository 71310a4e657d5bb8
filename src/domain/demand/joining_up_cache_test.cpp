#include "domain/demand/joining_up_cache.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace warden::domain {
namespace {

SimilarityProbe Probe(Id id, std::vector<std::string> terms = {"biometric", "kiosk"}) {
    return {id, "MDI", std::move(terms), "BIOMETRICS", "acme"};
}

std::shared_ptr<const JoinedUp> Result(Id related_id) {
    auto out = std::make_shared<JoinedUp>();
    out->related.push_back(SimilarMatch{
        related_id, "LEI", "Kiosks", "", "", "", 5, {}, false, false, "Shared terms: kiosk"});
    return out;
}

TEST(JoiningUpCache, ServesTheSameProbeAtTheSameVersionOnly) {
    JoiningUpCache cache;
    EXPECT_EQ(cache.Find(3, Probe(1)), nullptr);
    cache.Keep(3, Probe(1), Result(7));
    auto found = cache.Find(3, Probe(1));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->related.at(0).id, 7);
    // Anything written since (another version) or the proposal's own edit (another probe).
    EXPECT_EQ(cache.Find(4, Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(2, Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(3, Probe(1, {"biometric"})), nullptr);
    SimilarityProbe other_supplier = Probe(1);
    other_supplier.supplier_key = "other";
    EXPECT_EQ(cache.Find(3, other_supplier), nullptr);
    SimilarityProbe moved = Probe(1);
    moved.establishment = "LEI";
    EXPECT_EQ(cache.Find(3, moved), nullptr);
    EXPECT_EQ(cache.Find(3, Probe(2)), nullptr);
}

TEST(JoiningUpCache, KeepsTheNewerVersionOfAProposal) {
    JoiningUpCache cache;
    cache.Keep(5, Probe(1), Result(7));
    // A reader that started before version 5 finished later: it does not replace version 5.
    cache.Keep(4, Probe(1), Result(8));
    ASSERT_NE(cache.Find(5, Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(5, Probe(1))->related.at(0).id, 7);
    cache.Keep(6, Probe(1), Result(9));
    EXPECT_EQ(cache.Find(5, Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(6, Probe(1))->related.at(0).id, 9);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(JoiningUpCache, WhenFullDropsOlderVersionsThenEverything) {
    JoiningUpCache cache(3);
    cache.Keep(1, Probe(1), Result(7));
    cache.Keep(1, Probe(2), Result(7));
    cache.Keep(2, Probe(3), Result(7));
    EXPECT_EQ(cache.size(), 3u);
    // Full: the entries of version 1 serve no one who reads version 2 or later.
    cache.Keep(2, Probe(4), Result(7));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_NE(cache.Find(2, Probe(3)), nullptr);
    EXPECT_NE(cache.Find(2, Probe(4)), nullptr);
    EXPECT_EQ(cache.Find(1, Probe(1)), nullptr);
    cache.Keep(2, Probe(5), Result(7));
    // Full of the newest version: all go, the new one stays.
    cache.Keep(2, Probe(6), Result(7));
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_NE(cache.Find(2, Probe(6)), nullptr);
}

}  // namespace
}  // namespace warden::domain
