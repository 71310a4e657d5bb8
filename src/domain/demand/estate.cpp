#include "domain/demand/estate.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/strings.hpp"
#include "domain/demand/proposal_service.hpp"
#include "domain/service_support.hpp"

namespace warden::domain {
namespace {

/// A group being built: its lead (as a ranking candidate) and its members.
struct Building {
    SimilarCandidate lead;
    std::vector<const EstateProposal*> members;
};

/// How many of the grouped proposals hold each term; the keys view their stored terms.
using Holding = std::unordered_map<std::string_view, std::int64_t>;

/// Groups the proposals of one category (oldest first) into `out`, by their terms that are not
/// common among the `grouped` proposals (IsCommonTerm over `holding`: ADR 0020).
void GroupCategory(const std::vector<const EstateProposal*>& proposals, const Holding& holding,
                   std::int64_t grouped, std::vector<Building>& out) {
    // The leads of this category by term and by supplier key: a proposal is ranked against the
    // leads that share one of its terms or its supplier (the category alone never scores enough).
    // The keys view the proposals' stored terms and supplier keys, which outlive this function.
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_term;
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_supplier;
    std::vector<std::size_t> lead_indexes;
    std::vector<const SimilarCandidate*> leads;
    for (const EstateProposal* p : proposals) {
        const SimilarCandidate& c = p->item;
        std::vector<std::string_view> terms = StoredTerms(c.terms);
        std::erase_if(terms, [&](std::string_view term) {
            const auto it = holding.find(term);
            return it != holding.end() && IsCommonTerm(it->second, grouped);
        });
        lead_indexes.clear();
        for (const std::string_view term : terms) {
            const auto it = by_term.find(term);
            if (it != by_term.end()) {
                lead_indexes.insert(lead_indexes.end(), it->second.begin(), it->second.end());
            }
        }
        if (!c.supplier_key.empty()) {
            const auto it = by_supplier.find(c.supplier_key);
            if (it != by_supplier.end()) {
                lead_indexes.insert(lead_indexes.end(), it->second.begin(), it->second.end());
            }
        }
        std::sort(lead_indexes.begin(), lead_indexes.end());
        lead_indexes.erase(std::unique(lead_indexes.begin(), lead_indexes.end()),
                           lead_indexes.end());
        if (!lead_indexes.empty()) {
            leads.clear();
            for (std::size_t i : lead_indexes) leads.push_back(&out[i].lead);
            const SimilarityProbe probe{c.id, c.establishment,
                                        std::vector<std::string>(terms.begin(), terms.end()),
                                        c.category, c.supplier_key};
            const auto best = RankMatches(probe, leads, 1);
            if (!best.empty()) {
                for (std::size_t i : lead_indexes) {
                    if (out[i].lead.id == best.front().id) out[i].members.push_back(p);
                }
                continue;
            }
        }
        const std::size_t index = out.size();
        out.push_back({c, {p}});
        for (const std::string_view term : terms) by_term[term].push_back(index);
        if (!c.supplier_key.empty()) by_supplier[c.supplier_key].push_back(index);
    }
}

/// "biometrics", "in-cell technology", "technology without a category".
std::string CategoryWords(const std::string& code) {
    const std::string_view label = CategoryLabel(code);
    if (label.empty()) return "technology without a category";
    return ToLower(label);
}

}  // namespace

bool InEstateView(ProposalState state) {
    return state == ProposalState::kSubmitted || state == ProposalState::kInReview ||
           state == ProposalState::kAdvised;
}

std::vector<EstateGroup> GroupEstate(const std::vector<EstateProposal>& proposals) {
    std::map<std::string, std::vector<const EstateProposal*>> by_category;
    Holding holding;
    std::int64_t grouped = 0;
    for (const auto& p : proposals) {
        if (!InEstateView(p.state)) continue;
        by_category[p.item.category].push_back(&p);
        ++grouped;
        for (const std::string_view term : StoredTerms(p.item.terms)) ++holding[term];
    }
    std::vector<Building> building;
    for (auto& [category, list] : by_category) {
        std::sort(list.begin(), list.end(), [](const EstateProposal* a, const EstateProposal* b) {
            return a->item.id < b->item.id;
        });
        GroupCategory(list, holding, grouped, building);
    }
    std::vector<EstateGroup> out;
    out.reserve(building.size());
    for (const Building& b : building) {
        EstateGroup g;
        g.category = b.lead.category;
        g.lead_proposal = b.lead.id;
        std::set<std::string> establishments;
        std::map<std::string, std::string> suppliers;  // key -> as first entered
        for (const EstateProposal* p : b.members) {
            g.proposals.push_back(p->item.id);
            establishments.insert(p->item.establishment);
            if (!p->item.supplier_key.empty()) {
                suppliers.emplace(p->item.supplier_key, std::string(Trim(p->item.supplier)));
            }
            g.whole_life_cost_pence = g.whole_life_cost_pence > INT64_MAX - p->whole_life_cost_pence
                                          ? INT64_MAX
                                          : g.whole_life_cost_pence + p->whole_life_cost_pence;
        }
        g.establishments.assign(establishments.begin(), establishments.end());
        for (const auto& [key, name] : suppliers) g.suppliers.push_back(name);
        std::sort(g.suppliers.begin(), g.suppliers.end());
        g.headline = EstateHeadline(g);
        out.push_back(std::move(g));
    }
    std::sort(out.begin(), out.end(), [](const EstateGroup& a, const EstateGroup& b) {
        if (a.establishments.size() != b.establishments.size()) {
            return a.establishments.size() > b.establishments.size();
        }
        if (a.whole_life_cost_pence != b.whole_life_cost_pence) {
            return a.whole_life_cost_pence > b.whole_life_cost_pence;
        }
        return a.lead_proposal < b.lead_proposal;
    });
    return out;
}

std::string ShortPounds(std::int64_t pence) {
    constexpr std::int64_t kMillionPence = 100'000'000;
    if (pence >= kMillionPence) {
        // Tenths of a million, rounded half up.
        const std::int64_t tenths = (pence + kMillionPence / 20) / (kMillionPence / 10);
        std::string out = "£" + std::to_string(tenths / 10);
        if (tenths % 10 != 0) out += "." + std::to_string(tenths % 10);
        return out + "m";
    }
    return FormatPounds((pence + 50) / 100 * 100);
}

std::string EstateHeadline(const EstateGroup& g) {
    const std::size_t e = g.establishments.size();
    const std::size_t s = g.suppliers.size();
    std::string out =
        std::to_string(e) + (e == 1 ? " establishment proposes " : " establishments propose ");
    out += CategoryWords(g.category);
    if (s == 0) {
        out += " with no supplier named";
    } else {
        out += " from " + std::to_string(s) + (s == 1 ? " supplier" : " suppliers");
    }
    return out + ", " + ShortPounds(g.whole_life_cost_pence) + " whole-life";
}

const EstateProposal* EstateView::Find(Id id) const {
    const auto it =
        std::lower_bound(proposals.begin(), proposals.end(), id,
                         [](const EstateProposal& p, Id wanted) { return p.item.id < wanted; });
    return it != proposals.end() && it->item.id == id ? &*it : nullptr;
}

// ProposalService::Estate lives here, beside the rule it applies.
Result<EstateView> ProposalService::Estate(const Actor& by) {
    WARDEN_TRY(Require(by, Action::kDemandEstate));
    const TimePoint now = clock_.Now();
    EstateView out;
    WARDEN_TRY(store_.Write([&](Repositories& repos) -> Status {
        WARDEN_ASSIGN_OR_RETURN(out.proposals, repos.proposals.EstateProposals(Scope::National()));
        std::sort(
            out.proposals.begin(), out.proposals.end(),
            [](const EstateProposal& a, const EstateProposal& b) { return a.item.id < b.item.id; });
        out.groups = GroupEstate(out.proposals);
        return repos.audit.Append(
            NewAuditEntry(by, now, "demand.estate.read", "demand:estate",
                          "proposals=" + std::to_string(out.proposals.size()) +
                              " groups=" + std::to_string(out.groups.size())));
    }));
    return out;
}

}  // namespace warden::domain
