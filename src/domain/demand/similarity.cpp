#include "domain/demand/similarity.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/strings.hpp"
#include "domain/demand/proposal.hpp"

namespace warden::domain {
namespace {

constexpr std::size_t kMinTermLength = 3;
constexpr std::size_t kMaxTermLength = 40;

/// Words too common to say that two proposals are alike: English function words and the words
/// every proposal in a prison uses.
constexpr std::array<std::string_view, 85> kStopWords = {
    "about",    "after",     "all",    "also",          "and",    "any",  "are",     "because",
    "been",     "before",    "being",  "between",       "both",   "but",  "can",     "could",
    "did",      "does",      "each",   "establishment", "for",    "from", "further", "had",
    "has",      "have",      "having", "her",           "here",   "his",  "hmp",     "hmpps",
    "how",      "into",      "its",    "just",          "more",   "most", "much",    "need",
    "needs",    "new",       "not",    "now",           "off",    "once", "one",     "only",
    "other",    "our",       "out",    "over",          "own",    "per",  "prison",  "prisons",
    "prisoner", "prisoners", "same",   "she",           "should", "some", "staff",   "such",
    "than",     "that",      "the",    "their",         "them",   "then", "there",   "these",
    "they",     "this",      "those",  "through",       "use",    "used", "using",   "very",
    "was",      "were",      "what",   "when",          "which",
};

bool IsStopWord(std::string_view word) {
    return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

bool IsTermChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/// "A; b; c" from parts.
std::string Sentence(const std::vector<std::string>& parts) {
    std::string out = Join(parts, "; ");
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

}  // namespace

std::vector<std::string_view> StoredTerms(std::string_view stored) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < stored.size()) {
        if (!IsTermChar(stored[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < stored.size() && IsTermChar(stored[j])) ++j;
        out.push_back(stored.substr(i, j - i));
        i = j;
    }
    return out;
}

std::vector<std::string> SearchTerms(std::string_view text) {
    const std::string lower = ToLower(text);
    std::set<std::string> terms;
    for (const std::string_view word : StoredTerms(lower)) {
        if (word.size() >= kMinTermLength && word.size() <= kMaxTermLength && !IsStopWord(word)) {
            terms.emplace(word);
        }
    }
    return {terms.begin(), terms.end()};
}

std::string ProposalSearchText(const ProposalFields& f) {
    return Join(SearchTerms(f.title + "\n" + f.summary + "\n" + f.need), " ");
}

std::string SupplierKey(std::string_view supplier) {
    std::string out;
    for (const std::string& word : Split(ToLower(Trim(supplier)), ' ')) {
        if (word.empty()) continue;
        if (!out.empty()) out += ' ';
        out += word;
    }
    return out;
}

bool IsCommonTerm(std::int64_t holding, std::int64_t proposals) {
    // holding / proposals > percent / 100, without dividing.
    return holding > kCommonTermFloor && holding * 100 > proposals * kCommonTermPercent;
}

std::vector<std::string> DistinctiveTerms(const std::vector<std::string>& terms,
                                          const TermCounts& counts) {
    std::vector<std::string> out;
    out.reserve(terms.size());
    for (const std::string& term : terms) {
        const auto it = std::lower_bound(counts.terms.begin(), counts.terms.end(), term,
                                         [](const std::pair<std::string, std::int64_t>& c,
                                            const std::string& t) { return c.first < t; });
        const std::int64_t holding = it != counts.terms.end() && it->first == term ? it->second : 0;
        if (!IsCommonTerm(holding, counts.proposals)) out.push_back(term);
    }
    return out;
}

SimilarityProbe ProbeFor(Id id, const ProposalFields& f) {
    return {id, f.establishment, SearchTerms(f.title + "\n" + f.summary + "\n" + f.need),
            f.category, SupplierKey(f.supplier)};
}

std::vector<SimilarMatch> RankMatches(const SimilarityProbe& probe,
                                      const std::vector<SimilarCandidate>& candidates,
                                      std::size_t limit) {
    std::vector<const SimilarCandidate*> pointers;
    pointers.reserve(candidates.size());
    for (const auto& c : candidates) pointers.push_back(&c);
    return RankMatches(probe, pointers, limit);
}

std::vector<SimilarMatch> RankMatches(const SimilarityProbe& probe,
                                      const std::vector<const SimilarCandidate*>& candidates,
                                      std::size_t limit) {
    std::vector<std::string_view> wanted(probe.terms.begin(), probe.terms.end());
    std::sort(wanted.begin(), wanted.end());
    // The terms of a candidate that the probe has, sorted, without repeats (its terms are stored
    // as SearchTerms made them: lower case, no common words).
    const auto shared_terms = [&](std::string_view stored, std::vector<std::string_view>& out) {
        out.clear();
        for (const std::string_view term : StoredTerms(stored)) {
            if (std::binary_search(wanted.begin(), wanted.end(), term)) out.push_back(term);
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        if (out.size() > kMaxSharedTerms) out.resize(kMaxSharedTerms);
    };
    // Score every candidate without copying it; only the shown ones become matches.
    struct Scored {
        const SimilarCandidate* candidate;
        int score;
    };
    std::vector<Scored> scored;
    scored.reserve(candidates.size());
    std::vector<Id> seen;
    seen.reserve(candidates.size());
    std::vector<std::string_view> shared;
    for (const SimilarCandidate* candidate : candidates) {
        const SimilarCandidate& c = *candidate;
        if (c.id == probe.exclude_id) continue;
        const auto at = std::lower_bound(seen.begin(), seen.end(), c.id);
        if (at != seen.end() && *at == c.id) continue;
        seen.insert(at, c.id);
        shared_terms(c.terms, shared);
        const bool same_supplier =
            !probe.supplier_key.empty() && c.supplier_key == probe.supplier_key;
        const bool same_category = !probe.category.empty() && c.category == probe.category;
        const int score = static_cast<int>(shared.size()) * kTermPoints +
                          (same_supplier ? kSupplierPoints : 0) +
                          (same_category ? kCategoryPoints : 0);
        if (score >= kMinScore) scored.push_back({&c, score});
    }
    const auto better = [](const Scored& a, const Scored& b) {
        return a.score != b.score ? a.score > b.score : a.candidate->id < b.candidate->id;
    };
    const std::size_t shown = std::min(limit, scored.size());
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(shown),
                      scored.end(), better);
    std::vector<SimilarMatch> out;
    out.reserve(shown);
    for (std::size_t k = 0; k < shown; ++k) {
        const SimilarCandidate& c = *scored[k].candidate;
        SimilarMatch& m = out.emplace_back();
        m.id = c.id;
        m.establishment = c.establishment;
        m.title = c.title;
        m.category = c.category;
        m.supplier = c.supplier;
        m.contact = c.contact;
        m.score = scored[k].score;
        shared_terms(c.terms, shared);
        m.shared_terms.assign(shared.begin(), shared.end());
        m.same_supplier = !probe.supplier_key.empty() && c.supplier_key == probe.supplier_key;
        m.same_category = !probe.category.empty() && c.category == probe.category;
        std::vector<std::string> why;
        if (m.same_supplier) why.push_back("same supplier (" + c.supplier + ")");
        if (m.same_category) {
            why.push_back("same category (" + std::string(CategoryLabel(c.category)) + ")");
        }
        if (!m.shared_terms.empty()) {
            why.push_back(
                std::string(m.shared_terms.size() == 1 ? "shared term: " : "shared terms: ") +
                Join(m.shared_terms, ", "));
        }
        m.why = Sentence(why);
    }
    return out;
}

}  // namespace warden::domain
