#include "domain/tmpp/handsets/stocktake.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>

#include "core/strings.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

constexpr std::array<std::string_view, 5> kFindingNames = {"MISSING", "UNKNOWN", "SEAL_MISMATCH",
                                                           "OUT", "SEEN"};

bool IsSeparator(char c) { return c == ' ' || c == '\t' || c == ',' || c == ';'; }

// The words of a line, split on spaces, tabs, commas and semicolons.
std::vector<std::string> Words(std::string_view line) {
    std::vector<std::string> out;
    std::string word;
    for (char c : line) {
        if (IsSeparator(c)) {
            if (!word.empty()) out.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

// Adds `s` to `out` unless its tag is there: a repeat with the same seal (or without one) is a
// double scan and counts once; a repeat with another seal is returned as the first seal.
std::optional<std::string> AddOnce(std::vector<StocktakeSeen>& out,
                                   std::map<std::string, size_t>& index, StocktakeSeen s) {
    auto it = index.find(s.tag);
    if (it == index.end()) {
        index.emplace(s.tag, out.size());
        out.push_back(std::move(s));
        return std::nullopt;
    }
    StocktakeSeen& first = out[it->second];
    if (s.seal.empty() || s.seal == first.seal) return std::nullopt;
    if (first.seal.empty()) {
        first.seal = s.seal;
        return std::nullopt;
    }
    return first.seal;
}

}  // namespace

std::vector<FieldError> ParseStocktakeLines(std::string_view text,
                                            std::vector<StocktakeSeen>& out) {
    out.clear();
    std::vector<FieldError> errors;
    std::map<std::string, size_t> index;
    std::map<std::string, int> first_line;
    int number = 0;
    for (const std::string& raw : Split(text, '\n')) {
        ++number;
        std::string_view line = Trim(raw);
        if (!line.empty() && line.back() == '\r') line = Trim(line.substr(0, line.size() - 1));
        if (line.empty()) continue;
        const std::string where = "Line " + std::to_string(number) + ": ";
        if (!IsValidUtf8(line)) {
            errors.push_back({"seen", where + "the line has characters that are not text"});
            continue;
        }
        const auto words = Words(line);
        if (words.empty()) continue;  // separators only (a stray comma from a scanner): blank
        if (words.size() > 2) {
            errors.push_back({"seen", where + "\"" + Clip(std::string(line), 40) +
                                          "\" has more than a tag and a seal number"});
            continue;
        }
        StocktakeSeen s;
        s.tag = ToUpper(words[0]);
        if (words.size() == 2) s.seal = ToUpper(words[1]);
        auto tag_errors = CheckTag(s.tag);
        if (!tag_errors.empty()) {
            errors.push_back(
                {"seen", where + "\"" + Clip(s.tag, 40) + "\": " + tag_errors.front().message});
            continue;
        }
        if (!s.seal.empty()) {
            auto seal_errors = CheckSeal(s.seal);
            if (!seal_errors.empty()) {
                errors.push_back({"seen", where + "seal \"" + Clip(s.seal, 40) + "\" of " + s.tag +
                                              ": " + seal_errors.front().message});
                continue;
            }
        }
        const std::string tag = s.tag;
        const std::string seal = s.seal;
        if (auto other = AddOnce(out, index, std::move(s))) {
            errors.push_back({"seen", where + tag + " was read with seal " + seal + ", but line " +
                                          std::to_string(first_line[tag]) + " read it with seal " +
                                          *other + ": check the seal and scan it once"});
            continue;
        }
        first_line.emplace(tag, number);
        if (out.size() > kMaxStocktakeSeen) {
            errors.push_back({"seen", where + "a stocktake takes at most " +
                                          std::to_string(kMaxStocktakeSeen) + " handsets"});
            break;
        }
    }
    if (errors.empty() && out.empty()) {
        errors.push_back({"seen", "Scan or type at least one asset tag, one a line"});
    }
    if (!errors.empty()) out.clear();
    return errors;
}

std::vector<FieldError> CheckStocktakeSeen(std::vector<StocktakeSeen>& seen) {
    std::vector<FieldError> errors;
    if (seen.size() > kMaxStocktakeSeen) {
        return {{"seen",
                 "A stocktake takes at most " + std::to_string(kMaxStocktakeSeen) + " handsets"}};
    }
    std::vector<StocktakeSeen> out;
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < seen.size(); ++i) {
        const std::string at = "seen[" + std::to_string(i) + "]";
        StocktakeSeen s;
        s.tag = ToUpper(Trim(seen[i].tag));
        s.seal = ToUpper(Trim(seen[i].seal));
        auto tag_errors = CheckTag(s.tag, at + ".tag");
        bool bad = !tag_errors.empty();
        for (auto& e : tag_errors) errors.push_back(std::move(e));
        if (!s.seal.empty()) {
            auto seal_errors = CheckSeal(s.seal, "seal");
            for (auto& e : seal_errors) errors.push_back({at + ".seal", e.message});
            bad = bad || !seal_errors.empty();
        }
        if (bad) continue;
        const std::string tag = s.tag;
        const std::string seal = s.seal;
        if (auto other = AddOnce(out, index, std::move(s))) {
            errors.push_back({at + ".seal", tag + " is also in the list with seal " + *other +
                                                ": check the seal and list it once"});
        }
    }
    if (errors.empty() && out.empty()) {
        errors.push_back({"seen", "List at least one handset seen"});
    }
    seen = std::move(out);
    return errors;
}

std::string_view StocktakeFindingName(StocktakeFinding finding) {
    return kFindingNames.at(static_cast<size_t>(finding));
}

std::optional<StocktakeFinding> ParseStocktakeFinding(std::string_view name) {
    for (size_t i = 0; i < kFindingNames.size(); ++i) {
        if (kFindingNames.at(i) == name) return static_cast<StocktakeFinding>(i);
    }
    return std::nullopt;
}

bool ExpectedInHand(HandsetStatus status) {
    return status != HandsetStatus::kIssued && status != HandsetStatus::kLost &&
           status != HandsetStatus::kRetired;
}

StocktakePlan DecideStocktake(const std::vector<Handset>& register_,
                              const std::vector<StocktakeSeen>& seen) {
    std::map<std::string, const StocktakeSeen*> by_tag;
    for (const auto& s : seen) by_tag.emplace(s.tag, &s);
    std::map<std::string, const Handset*> handsets;
    for (const auto& h : register_) handsets.emplace(h.tag, &h);
    StocktakePlan plan;
    for (const auto& [tag, h] : handsets) {
        StocktakeItem item;
        item.tag = tag;
        item.status_before = std::string(HandsetStatusName(h->status));
        item.seal_recorded = h->seal;
        auto it = by_tag.find(tag);
        if (h->status == HandsetStatus::kIssued) {
            item.finding = StocktakeFinding::kOut;
            item.prisoner = h->issued_to;
            item.issued_at = h->issued_at;
            if (it != by_tag.end()) item.seal_seen = it->second->seal;
        } else if (it == by_tag.end()) {
            if (!ExpectedInHand(h->status)) continue;  // LOST or RETIRED, and not seen
            item.finding = StocktakeFinding::kMissing;
        } else {
            item.seal_seen = it->second->seal;
            item.finding = !item.seal_seen.empty() && item.seal_seen != h->seal
                               ? StocktakeFinding::kSealMismatch
                               : StocktakeFinding::kSeen;
        }
        plan.items.push_back(std::move(item));
    }
    for (const auto& s : seen) {
        if (handsets.count(s.tag) != 0) continue;
        StocktakeItem item;
        item.finding = StocktakeFinding::kUnknown;
        item.tag = s.tag;
        item.seal_seen = s.seal;
        plan.items.push_back(std::move(item));
    }
    return plan;
}

bool StocktakeChangesHandset(const StocktakeItem& item) {
    if (item.finding == StocktakeFinding::kMissing) return true;
    return item.finding == StocktakeFinding::kSealMismatch &&
           (item.status_before == HandsetStatusName(HandsetStatus::kAvailable) ||
            item.status_before == HandsetStatusName(HandsetStatus::kDamaged));
}

HandsetStatus StocktakeChangeTo(const StocktakeItem& item) {
    return item.finding == StocktakeFinding::kMissing ? HandsetStatus::kLost
                                                      : HandsetStatus::kQuarantined;
}

std::string StocktakeStatusAfter(const StocktakeItem& item) {
    if (!StocktakeChangesHandset(item)) return item.status_before;
    return std::string(HandsetStatusName(StocktakeChangeTo(item)));
}

bool SealNotChecked(const StocktakeItem& item) {
    return item.finding == StocktakeFinding::kSeen && item.seal_seen.empty();
}

bool SealMatched(const StocktakeItem& item) {
    return item.finding == StocktakeFinding::kSeen && !item.seal_seen.empty();
}

std::string StocktakeEvidence(const StocktakeItem& item) {
    if (item.finding == StocktakeFinding::kMissing) {
        return "stocktake: not seen, register status " + item.status_before + ", seal recorded " +
               item.seal_recorded;
    }
    return "stocktake: seal recorded " + item.seal_recorded + ", seal seen " + item.seal_seen;
}

std::vector<StocktakeItem> Stocktake::Of(StocktakeFinding finding) const {
    std::vector<StocktakeItem> out;
    for (const auto& i : items) {
        if (i.finding == finding) out.push_back(i);
    }
    return out;
}

int Stocktake::MatchedCount() const {
    return static_cast<int>(std::count_if(items.begin(), items.end(), SealMatched));
}

std::vector<StocktakeItem> Stocktake::SealsNotChecked() const {
    std::vector<StocktakeItem> out;
    std::copy_if(items.begin(), items.end(), std::back_inserter(out), SealNotChecked);
    return out;
}

}  // namespace warden::domain
