#include "cli/demo_handsets.hpp"

#include <map>

#include "domain/tmpp/handsets/handset_service.hpp"

namespace warden::cli {
namespace {

// `digits` followed by its Luhn check digit.
std::string WithCheckDigit(const std::string& digits) {
    int sum = 0;
    bool twice = true;  // the digit left of the check digit is doubled
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return digits + std::to_string((10 - sum % 10) % 10);
}

// `n` as `width` digits, zero-padded.
std::string Padded(int n, size_t width) {
    std::string s = std::to_string(n);
    return std::string(width > s.size() ? width - s.size() : 0, '0') + s;
}

constexpr int kPerEstablishment = 6;
constexpr const char* kModels[] = {"Nokia 105", "Alcatel 2019G"};

}  // namespace

Result<std::string> LoadDemoHandsets(CliServices& s, const std::vector<std::string>& establishments,
                                     const std::vector<std::string>& wings) {
    auto actor = domain::Actor::System("demo");
    domain::HandsetService handsets(s.store, s.clock);
    std::string summary = "Handsets:";
    for (size_t e = 0; e < establishments.size(); ++e) {
        const std::string& code = establishments[e];
        for (int i = 1; i <= kPerEstablishment; ++i) {
            const int serial = static_cast<int>(e) * 100 + i;
            domain::HandsetInput in{code + "-H" + Padded(i, 3),
                                    WithCheckDigit("3569380" + Padded(serial, 7)),
                                    kModels[i % 2],
                                    WithCheckDigit("894410" + Padded(serial, 12)),
                                    "07700 9" + Padded(serial, 5),
                                    "S" + Padded(serial * 7919 % 1000000, 7),
                                    i % 2 == 1 ? "A" : "B"};
            auto added = handsets.Add(actor, code, in);
            if (!added && added.error().code != ErrorCode::kConflict) return added.error();
        }
        for (const auto& wing : wings) {
            WARDEN_ASSIGN_OR_RETURN(auto board, handsets.Wing(actor, code, wing));
            if (board.entries.empty() || board.available.empty()) continue;
            bool out = false;
            for (const auto& entry : board.entries) out = out || entry.holding.has_value();
            if (out) continue;
            const auto& h = board.available.front();
            auto issued =
                handsets.Issue(actor, h.tag, board.entries.front().entry.prison_number, h.seal);
            // A refusal (say the prisoner's grant was withdrawn) leaves the wing without one.
            if (!issued && issued.error().code != ErrorCode::kConflict) return issued.error();
        }
        WARDEN_ASSIGN_OR_RETURN(auto rows, handsets.List(actor, code, "", ""));
        std::map<std::string, int> by_status;
        for (const auto& r : rows)
            ++by_status[std::string(domain::HandsetStatusName(r.handset.status))];
        summary += " " + code + " " + std::to_string(rows.size()) + " (";
        bool first = true;
        for (const auto& [status, n] : by_status) {
            summary += (first ? "" : ", ") + std::to_string(n) + " " + status;
            first = false;
        }
        summary += ")";
    }
    return summary;
}

}  // namespace warden::cli
