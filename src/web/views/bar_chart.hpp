#pragma once
// Horizontal bar charts drawn on the server as inline SVG (templates/partials/bar_chart.mustache):
// no JavaScript, and accessible: the SVG is role="img" named by its <title> and <desc>, and the
// page shows the same figures in a table beside it. This file lays the bars out; the template
// escapes every text.

#include <cstdint>
#include <string>
#include <vector>

#include "web/views/view_data.hpp"

namespace warden::web::views {

/// One bar: its label, its value and the value as shown ("£1,200", "3").
struct Bar {
    std::string label;
    std::int64_t value = 0;  // 0 or more
    std::string value_text;
};

/// A bar laid out in the chart's coordinates (the SVG's viewBox).
struct PlacedBar {
    std::string label;
    std::string value_text;
    int label_y = 0;  // baseline of the label, above the bar
    int bar_y = 0;
    int bar_width = 0;  // proportional to the value; the largest value fills kBarMaxWidth
    int value_x = 0;    // the value's text starts just after the bar
    int value_y = 0;
};

/// A laid-out chart.
struct BarChartLayout {
    int width = 0;
    int height = 0;
    int bar_height = 0;
    std::vector<PlacedBar> bars;
};

/// The width of the viewBox and of the longest bar in it (the rest holds the value's text).
inline constexpr int kChartWidth = 480;
inline constexpr int kBarMaxWidth = 340;

/// Lays out `bars` top to bottom in the given order. A positive value never gets a bar narrower
/// than 1; negative values are drawn as 0.
BarChartLayout LayOutBars(const std::vector<Bar>& bars);

/// The data of the bar_chart partial: {id, title, description, width, height, bar_height, bars}.
/// `id` makes the ids of <title> and <desc> ("ID-title", "ID-desc") unique on the page.
Data BarChart(const std::string& id, const std::string& title, const std::string& description,
              const std::vector<Bar>& bars);

}  // namespace warden::web::views
