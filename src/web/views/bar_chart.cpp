#include "web/views/bar_chart.hpp"

#include <algorithm>
#include <utility>

namespace warden::web::views {
namespace {

constexpr int kTop = 4;         // space above the first label
constexpr int kRowHeight = 48;  // label, bar and the gap below
constexpr int kLabelBaseline = 16;
constexpr int kBarTop = 22;  // from the row's top
constexpr int kBarHeight = 16;
constexpr int kValueGap = 6;  // between a bar's end and its value
constexpr int kValueBaseline = 35;

}  // namespace

BarChartLayout LayOutBars(const std::vector<Bar>& bars) {
    std::int64_t largest = 0;
    for (const auto& b : bars) largest = std::max(largest, b.value);
    BarChartLayout out;
    out.width = kChartWidth;
    out.bar_height = kBarHeight;
    out.height = kTop * 2 + kRowHeight * static_cast<int>(bars.size());
    int top = kTop;
    for (const auto& b : bars) {
        PlacedBar p;
        p.label = b.label;
        p.value_text = b.value_text;
        p.label_y = top + kLabelBaseline;
        p.bar_y = top + kBarTop;
        if (b.value > 0 && largest > 0) {
            // In long double: values reach 10^17 pence, past what a product in int64 holds.
            const long double share =
                static_cast<long double>(b.value) / static_cast<long double>(largest);
            p.bar_width = std::max(1, static_cast<int>(share * kBarMaxWidth + 0.5L));
        }
        p.value_x = p.bar_width + kValueGap;
        p.value_y = top + kValueBaseline;
        out.bars.push_back(std::move(p));
        top += kRowHeight;
    }
    return out;
}

Data BarChart(const std::string& id, const std::string& title, const std::string& description,
              const std::vector<Bar>& bars) {
    const BarChartLayout layout = LayOutBars(bars);
    Data chart = Object();
    Put(chart, "id", id);
    Put(chart, "title", title);
    Put(chart, "description", description);
    Put(chart, "width", layout.width);
    Put(chart, "height", layout.height);
    Put(chart, "bar_height", layout.bar_height);
    Data list = List();
    Reserve(list, layout.bars.size());
    for (const auto& b : layout.bars) {
        Data bar = Object();
        Put(bar, "label", b.label);
        Put(bar, "value_text", b.value_text);
        Put(bar, "label_y", b.label_y);
        Put(bar, "bar_y", b.bar_y);
        Put(bar, "bar_width", b.bar_width);
        Put(bar, "value_x", b.value_x);
        Put(bar, "value_y", b.value_y);
        Append(list, std::move(bar));
    }
    Put(chart, "bars", std::move(list));
    return chart;
}

}  // namespace warden::web::views
