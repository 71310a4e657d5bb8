// Groups of proposals with a lead establishment (issue 11 item 4; ADR 0016): a DIGITAL_REVIEWER
// joins similar proposals (offered by the estate view) into a group, naming the lead
// establishment, then advises the whole group at once on the group's page. The service decides:
// the advice goes to the members awaiting it, the others keep what they have; a group none of
// whose members awaits advice is refused in the error summary and nothing changes.

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

/// The positive ids among `texts` ("12", "1,2,3"), without repeats, in order.
std::vector<Id> IdsOf(const std::vector<std::string>& texts) {
    std::vector<Id> out;
    std::set<Id> seen;
    for (const auto& text : texts) {
        for (const auto& part : Split(text, ',')) {
            const int id = ParseNonNegativeInt(std::string(Trim(part)));
            if (id > 0 && seen.insert(id).second) out.push_back(static_cast<Id>(id));
        }
    }
    return out;
}

Result<Response> RenderNewGroup(const PageKit& kit, Page& page, Context& context,
                                const std::vector<Id>& offered, const std::set<Id>& chosen,
                                const std::string& lead, int status) {
    const auto& actor = ActorOf(context);
    page.SetBackLink("/proposals/estate", "Estate view");
    std::vector<Choice> boxes;
    std::vector<std::string> establishments;
    for (Id id : offered) {
        auto view = kit.services.proposals.Get(actor, id);
        if (!view) continue;  // gone or outside the reader's scope: not offered
        const auto& p = view->proposal;
        boxes.push_back({std::to_string(id), p.fields.title + " (" + p.fields.establishment + ")",
                         chosen.contains(id),
                         std::string(domain::ProposalStateLabel(p.state)) + ", " +
                             domain::FormatPounds(view->whole_life_cost_pence) + " whole-life"});
        if (std::find(establishments.begin(), establishments.end(), p.fields.establishment) ==
            establishments.end()) {
            establishments.push_back(p.fields.establishment);
        }
    }
    std::sort(establishments.begin(), establishments.end());
    std::vector<Choice> leads = {{"", "Choose the lead establishment", lead.empty(), {}}};
    for (const auto& code : establishments) leads.push_back({code, code, code == lead, {}});
    auto& d = page.data();
    Data offered_ids = views::List();
    for (const auto& box : boxes) {
        Data item = views::Object();
        views::Put(item, "value", box.value);
        views::Append(offered_ids, std::move(item));
    }
    views::Put(d, "offered", std::move(offered_ids));
    views::Put(d, "has_offered", !boxes.empty());
    views::Put(d, "f_proposals",
               page.Checkboxes("proposals", "Proposals to join", boxes,
                               "A proposal can be in one group only"));
    views::Put(d, "f_lead",
               page.Select("lead_establishment", "Lead establishment", leads,
                           "The establishment that leads the joined-up work"));
    return page.Render("demand_group_new", status);
}

Result<Response> NewGroupPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto ids = IdsOf(query.GetAll("proposals"));
    Page page(kit, context, "Join proposals into a group", Section::kProposals, request.path);
    return RenderNewGroup(kit, page, context, ids, {ids.begin(), ids.end()}, "", 200);
}

Result<Response> CreateGroup(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto chosen = IdsOf(form.GetAll("proposals"));
    const std::string lead = form.GetOr("lead_establishment");
    auto created = kit.services.proposals.CreateGroup(ActorOf(context), lead, chosen);
    if (created) {
        return Response::Redirect("/proposals/groups/" + std::to_string(created->id) +
                                  "?done=created");
    }
    Page page(kit, context, "Join proposals into a group", Section::kProposals, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, created.error(), {}, "proposals"));
    auto offered = IdsOf(form.GetAll("offered"));
    for (Id id : chosen) {
        if (std::find(offered.begin(), offered.end(), id) == offered.end()) offered.push_back(id);
    }
    return RenderNewGroup(kit, page, context, offered, {chosen.begin(), chosen.end()}, lead,
                          status);
}

Result<Id> GroupIdOf(const Request& request) {
    const auto it = request.params.find("id");
    const int id = it == request.params.end() ? 0 : ParseNonNegativeInt(it->second);
    if (id <= 0) return Error::NotFound("There is no such group");
    return static_cast<Id>(id);
}

Result<Response> RenderGroup(Page& page, const domain::ProposalGroup& g, const FormData& form,
                             int status) {
    page.SetBackLink("/proposals/estate", "Estate view");
    auto& d = page.data();
    views::Put(d, "id", static_cast<long long>(g.id));
    views::Put(d, "lead", g.lead_establishment);
    views::Put(d, "created_by", g.created_by);
    views::Put(d, "created_at", views::DateTime(g.created_at));
    Data members = views::List();
    for (const auto& m : g.members) {
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(m.id));
        views::Put(row, "title", m.title);
        views::Put(row, "establishment", m.establishment);
        views::Put(row, "lead", m.establishment == g.lead_establishment);
        views::Put(row, "state", ProposalStateTag(m.state));
        views::Append(members, std::move(row));
    }
    views::Put(d, "members", std::move(members));
    const auto counted = [](std::size_t n) {
        return std::to_string(n) + (n == 1 ? " proposal" : " proposals");
    };
    const std::size_t awaiting = domain::MembersAwaitingAdvice(g).size();
    const std::size_t others = g.members.size() - awaiting;
    views::Put(d, "can_advise", awaiting > 0);
    views::Put(d, "awaiting",
               awaiting == g.members.size() ? std::string("every proposal in the group")
                                            : counted(awaiting) + " awaiting it");
    views::Put(d, "has_others", others > 0);
    views::Put(d, "others", counted(others));
    PutAdviceFields(page, d, form, "Advice to every proposer in the group",
                    "Say what to do next, who leads and any conditions");
    return page.Render("demand_group", status);
}

Result<Response> GroupPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, GroupIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto group, kit.services.proposals.GetGroup(ActorOf(context), id));
    Page page(kit, context, "Group " + std::to_string(id) + " of similar proposals",
              Section::kProposals, request.path);
    if (query.GetOr("done") == "created") page.SetBanner("Group created");
    if (query.GetOr("done") == "advised")
        page.SetBanner("Advice recorded for the group's proposals that awaited it");
    return RenderGroup(page, group, FormData{}, 200);
}

Result<Response> AdviseGroup(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, GroupIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    auto advised =
        kit.services.proposals.AdviseGroup(actor, id, form.GetOr("outcome"), form.GetOr("advice"));
    if (advised) {
        return Response::Redirect("/proposals/groups/" + std::to_string(id) + "?done=advised");
    }
    WARDEN_ASSIGN_OR_RETURN(auto group, kit.services.proposals.GetGroup(actor, id));
    Page page(kit, context, "Group " + std::to_string(id) + " of similar proposals",
              Section::kProposals, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, advised.error(), {}, "outcome"));
    return RenderGroup(page, group, form, status);
}

}  // namespace

void AddGroupPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/proposals/groups/new", Access::kAction, Action::kDemandGroup,
                Handle(kit, NewGroupPage)});
    router.Add({"POST", "/proposals/groups", Access::kAction, Action::kDemandGroup,
                Handle(kit, CreateGroup)});
    router.Add({"GET", "/proposals/groups/{id}", Access::kAction, Action::kDemandGroup,
                Handle(kit, GroupPage)});
    router.Add({"POST", "/proposals/groups/{id}/advice", Access::kAction, Action::kDemandGroup,
                Handle(kit, AdviseGroup)});
}

}  // namespace warden::web::pages
