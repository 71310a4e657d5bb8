#include "domain/demand/joining_up_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace warden::domain {
namespace {

SimilarityProbe Probe(Id id, std::vector<std::string> terms = {"biometric", "kiosk"}) {
    return {id, "MDI", std::move(terms), "BIOMETRICS", "acme"};
}

JoiningUpVersion V(std::int64_t number, const std::string& origin = "") { return {origin, number}; }

std::shared_ptr<const JoinedUp> Result(Id related_id) {
    auto out = std::make_shared<JoinedUp>();
    out->related.push_back(SimilarMatch{
        related_id, "LEI", "Kiosks", "", "", "", 5, {}, false, false, "Shared terms: kiosk"});
    return out;
}

TEST(JoiningUpCache, ServesTheSameProbeAtTheSameVersionOnly) {
    JoiningUpCache cache;
    EXPECT_EQ(cache.Find(V(3), Probe(1)), nullptr);
    cache.Keep(V(3), Probe(1), Result(7));
    auto found = cache.Find(V(3), Probe(1));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->related.at(0).id, 7);
    // Anything written since (another version) or the proposal's own edit (another probe).
    EXPECT_EQ(cache.Find(V(4), Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(V(2), Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(V(3), Probe(1, {"biometric"})), nullptr);
    SimilarityProbe other_supplier = Probe(1);
    other_supplier.supplier_key = "other";
    EXPECT_EQ(cache.Find(V(3), other_supplier), nullptr);
    SimilarityProbe moved = Probe(1);
    moved.establishment = "LEI";
    EXPECT_EQ(cache.Find(V(3), moved), nullptr);
    EXPECT_EQ(cache.Find(V(3), Probe(2)), nullptr);
}

TEST(JoiningUpCache, KeepsTheNewerVersionOfAProposal) {
    JoiningUpCache cache;
    cache.Keep(V(5), Probe(1), Result(7));
    // A reader that started before version 5 finished later: it does not replace version 5.
    cache.Keep(V(4), Probe(1), Result(8));
    ASSERT_NE(cache.Find(V(5), Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(V(5), Probe(1))->related.at(0).id, 7);
    cache.Keep(V(6), Probe(1), Result(9));
    EXPECT_EQ(cache.Find(V(5), Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(V(6), Probe(1))->related.at(0).id, 9);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(JoiningUpCache, WhenFullDropsOlderVersionsThenEverything) {
    const std::size_t one = KeptBytes(Probe(1), *Result(7));
    JoiningUpCache cache(3 * one + one / 2);  // three entries, not four
    cache.Keep(V(1), Probe(1), Result(7));
    cache.Keep(V(1), Probe(2), Result(7));
    cache.Keep(V(2), Probe(3), Result(7));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_EQ(cache.bytes(), 3 * one);
    // Full: the entries of version 1 serve no one who reads version 2 or later.
    cache.Keep(V(2), Probe(4), Result(7));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.bytes(), 2 * one);
    EXPECT_NE(cache.Find(V(2), Probe(3)), nullptr);
    EXPECT_NE(cache.Find(V(2), Probe(4)), nullptr);
    EXPECT_EQ(cache.Find(V(1), Probe(1)), nullptr);
    cache.Keep(V(2), Probe(5), Result(7));
    // Full of the newest version: others go until a quarter is free (2.6 entries' room: two
    // go), and the new one stays.
    cache.Keep(V(2), Probe(6), Result(7));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.bytes(), 2 * one);
    EXPECT_NE(cache.Find(V(2), Probe(6)), nullptr);
    // A proposal kept again replaces its entry, counted once.
    cache.Keep(V(3), Probe(6), Result(8));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.bytes(), 2 * one);
    EXPECT_EQ(cache.Find(V(3), Probe(6))->related.at(0).id, 8);
}

TEST(JoiningUpCache, AResultTooLargeForItsShareIsNotKept) {
    std::vector<std::string> terms;
    for (int i = 0; i < 3000; ++i) terms.push_back("term" + std::to_string(i));
    JoiningUpCache cache;  // the default: at most 64 KB a result
    cache.Keep(V(1), Probe(1, terms), Result(7));
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.Find(V(1), Probe(1, terms)), nullptr);
    cache.Keep(V(1), Probe(1), Result(7));
    EXPECT_EQ(cache.size(), 1u);
}

TEST(JoiningUpCache, AnotherOriginCountsAfresh) {
    // A promoted standby (another server start) may reach number 5 again over other data.
    JoiningUpCache cache;
    cache.Keep(V(5, "primary"), Probe(1), Result(7));
    EXPECT_NE(cache.Find(V(5, "primary"), Probe(1)), nullptr);
    EXPECT_EQ(cache.Find(V(5, "standby"), Probe(1)), nullptr);
    cache.Keep(V(3, "standby"), Probe(2), Result(8));
    EXPECT_EQ(cache.size(), 1u);  // the primary's entries went
    EXPECT_EQ(cache.Find(V(5, "primary"), Probe(1)), nullptr);
    EXPECT_NE(cache.Find(V(3, "standby"), Probe(2)), nullptr);
}

}  // namespace
}  // namespace warden::domain
