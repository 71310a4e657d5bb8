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

std::vector<std::string> SearchTerms(std::string_view text) {
    const std::string lower = ToLower(text);
    std::set<std::string> terms;
    std::size_t i = 0;
    while (i < lower.size()) {
        if (!IsTermChar(lower[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < lower.size() && IsTermChar(lower[j])) ++j;
        const std::string_view word = std::string_view(lower).substr(i, j - i);
        if (word.size() >= kMinTermLength && word.size() <= kMaxTermLength && !IsStopWord(word)) {
            terms.emplace(word);
        }
        i = j;
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

SimilarityProbe ProbeFor(Id id, const ProposalFields& f) {
    return {id, f.establishment, SearchTerms(f.title + "\n" + f.summary + "\n" + f.need),
            f.category, SupplierKey(f.supplier)};
}

std::vector<SimilarMatch> RankMatches(const SimilarityProbe& probe,
                                      const std::vector<SimilarCandidate>& candidates,
                                      std::size_t limit) {
    const std::set<std::string> wanted(probe.terms.begin(), probe.terms.end());
    std::set<Id> seen;
    std::vector<SimilarMatch> out;
    for (const auto& c : candidates) {
        if (c.id == probe.exclude_id || !seen.insert(c.id).second) continue;
        SimilarMatch m;
        m.id = c.id;
        m.establishment = c.establishment;
        m.title = c.title;
        m.category = c.category;
        m.supplier = c.supplier;
        m.contact = c.contact;
        for (const std::string& term : SearchTerms(c.terms)) {
            if (wanted.contains(term) && m.shared_terms.size() < kMaxSharedTerms) {
                m.shared_terms.push_back(term);
            }
        }
        m.same_supplier = !probe.supplier_key.empty() && c.supplier_key == probe.supplier_key;
        m.same_category = !probe.category.empty() && c.category == probe.category;
        m.score = static_cast<int>(m.shared_terms.size()) * kTermPoints +
                  (m.same_supplier ? kSupplierPoints : 0) + (m.same_category ? kCategoryPoints : 0);
        if (m.score < kMinScore) continue;
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
        out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const SimilarMatch& a, const SimilarMatch& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace warden::domain
