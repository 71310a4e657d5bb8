#include "web/views/bar_chart.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace warden::web::views {
namespace {

TEST(BarChartTest, BarsAreProportionalAndTheLargestFillsTheWidth) {
    const auto layout = LayOutBars({{"Biometrics", 400, "£4"},
                                    {"Kiosks", 100, "£1"},
                                    {"Telephony", 0, "£0"},
                                    {"Tiny", 1, "£0.01"}});
    EXPECT_EQ(layout.width, kChartWidth);
    ASSERT_EQ(layout.bars.size(), 4u);
    EXPECT_EQ(layout.bars[0].bar_width, kBarMaxWidth);
    EXPECT_EQ(layout.bars[1].bar_width, kBarMaxWidth / 4);
    EXPECT_EQ(layout.bars[2].bar_width, 0);
    EXPECT_EQ(layout.bars[3].bar_width, 1);  // a positive value always shows
    EXPECT_EQ(layout.bars[0].label, "Biometrics");
    EXPECT_EQ(layout.bars[1].value_text, "£1");
    // The value follows its bar, and each row sits below the one before, inside the chart.
    EXPECT_GT(layout.bars[0].value_x, layout.bars[0].bar_width);
    EXPECT_LT(layout.bars[0].value_x + 120, layout.width + 1);
    for (size_t i = 1; i < layout.bars.size(); ++i) {
        EXPECT_GT(layout.bars[i].label_y, layout.bars[i - 1].value_y);
        EXPECT_GT(layout.bars[i].bar_y, layout.bars[i].label_y);
    }
    EXPECT_GT(layout.height, layout.bars.back().value_y);
}

TEST(BarChartTest, HugeValuesDoNotOverflowAndNothingToShowIsAllZero) {
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    const auto layout = LayOutBars({{"A", big, ""}, {"B", big / 2, ""}, {"C", -5, ""}});
    EXPECT_EQ(layout.bars[0].bar_width, kBarMaxWidth);
    EXPECT_EQ(layout.bars[1].bar_width, kBarMaxWidth / 2);
    EXPECT_EQ(layout.bars[2].bar_width, 0);

    const auto zeros = LayOutBars({{"A", 0, "£0"}, {"B", 0, "£0"}});
    EXPECT_EQ(zeros.bars[0].bar_width, 0);
    EXPECT_EQ(zeros.bars[1].bar_width, 0);
    EXPECT_TRUE(LayOutBars({}).bars.empty());
}

}  // namespace
}  // namespace warden::web::views
