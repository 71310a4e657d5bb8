#include "core/memory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

namespace warden {
namespace {

TEST(AdviseHugePagesTest, NothingIsAdvisedUntilTheProcessAllowsIt) {
    std::vector<char> big(8u << 20, 'x');
    AllowHugePageAdvice(false);
    EXPECT_FALSE(AdviseHugePages(big.data(), big.size()));
    EXPECT_EQ(big[big.size() / 2], 'x');
}

TEST(AdviseHugePagesTest, AdvisesTheWholePagesOfALargeBufferAndLeavesItsContentAlone) {
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) {
        GTEST_SKIP() << "this kernel has no transparent huge pages";
    }
    std::vector<char> big(8u << 20, 'x');
    AllowHugePageAdvice();
    EXPECT_TRUE(AdviseHugePages(big.data(), big.size()));
    AllowHugePageAdvice(false);
    EXPECT_EQ(big.front(), 'x');
    EXPECT_EQ(big.back(), 'x');
    big.assign(big.size(), 'y');  // still writable after the advice
    EXPECT_EQ(big[big.size() / 2], 'y');
}

TEST(AdviseHugePagesTest, ARangeWithNoWholePageIsLeftAsItIs) {
    AllowHugePageAdvice();
    char small[16] = {};
    EXPECT_FALSE(AdviseHugePages(small, sizeof small));
    EXPECT_FALSE(AdviseHugePages(nullptr, 1u << 20));
    EXPECT_FALSE(AdviseHugePages(small, 0));
    AllowHugePageAdvice(false);
}

}  // namespace
}  // namespace warden
