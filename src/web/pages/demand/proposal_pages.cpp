// The proposals list (50 a page), a new proposal (establishment, title and need, then the task
// list), the proposal page (answers, whole-life cost, flags, advice and the timeline), recording
// advice, taking into review and closing (DIGITAL_REVIEWER), and withdrawing with a confirmation
// page (GOVERNOR).

#include <algorithm>
#include <chrono>

#include "core/clock.hpp"
#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::ProposalFields;
using domain::ProposalState;
using domain::ProposalView;

std::string TimelineTitle(const domain::ProposalEvent& e) {
    if (e.what == "CREATED") return "Proposal drafted";
    if (e.what == "UPDATED") return "Answers saved";
    if (e.what == "SUBMITTED") return "Submitted to HMPPS Digital";
    if (e.what == "REVIEW_STARTED") return "Taken into review";
    if (e.what == "ADVISED") {
        return "Advice recorded: " + std::string(domain::AdviceOutcomeLabel(e.detail));
    }
    if (e.what == "RETURNED") return "Returned: more information needed";
    if (e.what == "ADVICE_ISSUED") return "Advice emailed to the proposer";
    if (e.what == "CLOSED") return "Closed";
    if (e.what == "WITHDRAWN") return "Withdrawn";
    if (e.what == "GROUPED") return "Joined group " + e.detail + " of similar proposals";
    return e.what;
}

Data Row(const std::string& key, const std::string& value, const std::string& id,
         const std::string& change_href) {
    Data row = views::Object();
    views::Put(row, "key", key);
    views::Put(row, "value", value.empty() ? std::string("Not given") : value);
    views::Put(row, "id", "answer-" + id);
    views::Put(row, "change_href", views::Opt(change_href));
    views::Put(row, "change_what", ToLower(key));
    return row;
}

std::string YesNo(bool b) { return b ? "Yes" : "No"; }

// ---- List ----

constexpr int kProposalsPageSize = 50;

std::string ListLink(const domain::ProposalQuery& q, int page) {
    return LinkWithQuery(
        "/proposals", {{"state", q.state ? std::string(domain::ProposalStateName(*q.state)) : ""},
                       {"page", page > 1 ? std::to_string(page) : ""}});
}

Result<Response> ListPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    domain::ProposalQuery q;
    q.state = domain::ParseProposalState(query.GetOr("state"));
    WARDEN_ASSIGN_OR_RETURN(auto list, kit.services.proposals.List(actor, q));
    // The list is shown 50 at a time; a page past the last shows the last.
    const int total = static_cast<int>(list.size());
    const int pages = PageCount(total, kProposalsPageSize);
    const int page_number = std::clamp(ParseNonNegativeInt(query.GetOr("page", "1")), 1, pages);
    const size_t begin = static_cast<size_t>(page_number - 1) * kProposalsPageSize;
    const size_t end = std::min(list.size(), begin + kProposalsPageSize);
    Page page(kit, context, "Digital proposals", Section::kProposals, request.path);
    auto& d = page.data();
    std::vector<Choice> states = {{"", "Any state", !q.state.has_value(), {}}};
    for (auto s : domain::AllProposalStates()) {
        states.push_back({std::string(domain::ProposalStateName(s)),
                          std::string(domain::ProposalStateLabel(s)),
                          q.state == s,
                          {}});
    }
    views::Put(d, "f_state", page.Select("state", "State", states));
    Data rows = views::List();
    views::Reserve(rows, end - begin);
    for (size_t i = begin; i < end; ++i) {
        const auto& v = list[i];
        const auto& p = v.proposal;
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(p.id));
        views::Put(row, "title", p.fields.title);
        views::Put(row, "establishment", p.fields.establishment);
        views::Put(row, "category", views::Opt(domain::CategoryLabel(p.fields.category)));
        views::Put(row, "state", ProposalStateTag(p.state));
        views::Put(row, "overdue", v.overdue);
        views::Put(row, "cost", domain::FormatPounds(v.whole_life_cost_pence));
        views::Put(row, "submitted",
                   views::Opt(p.submitted_at ? views::DateTime(*p.submitted_at) : ""));
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !list.empty());
    views::Put(d, "rows", std::move(rows));
    views::Put(d, "total", views::Thousands(total));
    views::Put(d, "one", total == 1);
    PutNumberedPager(d, page_number, pages, [&](int n) { return ListLink(q, n); });
    views::Put(d, "can_propose", domain::Allowed(actor, Action::kDemandPropose));
    views::Put(d, "can_review", domain::Allowed(actor, Action::kDemandAdvise));
    views::Put(d, "can_dashboard", domain::Allowed(actor, Action::kDemandDashboard));
    views::Put(d, "can_estate", domain::Allowed(actor, Action::kDemandEstate));
    if (query.GetOr("done") == "withdrawn") page.SetBanner("Proposal withdrawn");
    return page.Render("demand_proposals");
}

// ---- New ----

Result<Response> RenderNew(const Context& context, Page& page, const FormData& form, int status) {
    const auto& actor = ActorOf(context);
    page.SetBackLink("/proposals", "Digital proposals");
    auto& d = page.data();
    const std::string chosen = form.GetOr("establishment");
    std::vector<Choice> ests;
    if (actor.caseload.size() != 1) ests.push_back({"", "Choose an establishment", false, {}});
    for (const auto& code : actor.caseload) ests.push_back({code, code, code == chosen, {}});
    views::Put(d, "f_establishment", page.Select("establishment", "Establishment", ests));
    views::Put(d, "f_title",
               page.Input({.id = "title",
                           .label = "Title",
                           .value = form.GetOr("title"),
                           .hint = "For example, Biometric visitor enrolment",
                           .label_class = "govuk-label--s"}));
    views::Put(d, "f_need",
               page.Input({.id = "need",
                           .label = "What need does it meet?",
                           .value = form.GetOr("need"),
                           .hint = "The problem for prisoners or staff, in plain English",
                           .label_class = "govuk-label--s"}));
    return page.Render("demand_new", status);
}

Result<Response> NewPage(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Start a digital proposal", Section::kProposals, request.path);
    return RenderNew(context, page, FormData{}, 200);
}

Result<Response> CreateProposal(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    ProposalFields f;
    f.establishment = ToUpper(std::string(Trim(form.GetOr("establishment"))));
    f.title = form.GetOr("title");
    f.need = form.GetOr("need");
    auto created = kit.services.proposals.Create(ActorOf(context), f);
    if (!created) {
        Page page(kit, context, "Start a digital proposal", Section::kProposals, request.path);
        // An establishment outside the caseload is named as the field's error here.
        const Error& e = created.error();
        if (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kForbidden) {
            page.AddError("establishment", "Choose an establishment in your caseload");
            return RenderNew(context, page, form, 400);
        }
        WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, e, {}, "establishment"));
        return RenderNew(context, page, form, status);
    }
    return Response::Redirect("/proposals/" + std::to_string(created->proposal.id) + "/tasks");
}

// ---- The proposal page ----

/// Related proposals (linked only when the reader may open them) and catalogue matches.
void PutJoiningUp(Data& d, const ProposalView& view, const domain::Actor& actor) {
    const domain::ProposalScope scope = domain::ProposalService::ScopeFor(actor);
    Data related = views::List();
    for (const auto& m : view.related) {
        Data item = views::Object();
        views::Put(item, "id", static_cast<long long>(m.id));
        views::Put(item, "title", m.title);
        views::Put(item, "establishment", m.establishment);
        views::Put(item, "why", m.why);
        // Related proposals are submitted ones, which a reader in `submitted` scope may open.
        if (scope.all_states.Allows(m.establishment) || scope.submitted.Allows(m.establishment)) {
            views::Put(item, "href", "/proposals/" + std::to_string(m.id));
        }
        views::Append(related, std::move(item));
    }
    views::Put(d, "has_related", !view.related.empty());
    views::Put(d, "related", std::move(related));
    Data services = views::List();
    for (const auto& m : view.catalogue_matches) {
        Data item = views::Object();
        views::Put(item, "name", m.title);
        views::Put(item, "supplier", m.supplier);
        views::Put(item, "contact", m.contact);
        views::Put(item, "why", m.why);
        views::Append(services, std::move(item));
    }
    views::Put(d, "has_catalogue_matches", !view.catalogue_matches.empty());
    views::Put(d, "catalogue_matches", std::move(services));
    views::Put(d, "has_group", view.group.has_value());
    if (view.group) {
        const auto& g = *view.group;
        views::Put(d, "group_id", static_cast<long long>(g.id));
        views::Put(d, "group_lead", g.lead_establishment);
        views::Put(d, "group_href",
                   views::Opt(domain::Allowed(actor, Action::kDemandGroup)
                                  ? "/proposals/groups/" + std::to_string(g.id)
                                  : ""));
        Data members = views::List();
        for (const auto& m : g.members) {
            Data item = views::Object();
            views::Put(item, "id", static_cast<long long>(m.id));
            views::Put(item, "title", m.title);
            views::Put(item, "establishment", m.establishment);
            views::Put(item, "lead", m.establishment == g.lead_establishment);
            views::Put(item, "current", m.id == view.proposal.id);
            if (m.id != view.proposal.id && m.readable) {
                views::Put(item, "href", "/proposals/" + std::to_string(m.id));
            }
            views::Append(members, std::move(item));
        }
        views::Put(d, "group_members", std::move(members));
    }
}

Result<Response> RenderProposal(const Context& context, Page& page, const ProposalView& view,
                                const FormData& form, int status) {
    const auto& actor = ActorOf(context);
    const auto& p = view.proposal;
    page.SetTitle(p.fields.title);
    page.SetBackLink("/proposals", "Digital proposals");
    auto& d = page.data();
    views::Put(d, "id", static_cast<long long>(p.id));
    views::Put(d, "proposal_title", p.fields.title);
    views::Put(d, "establishment", p.fields.establishment);
    views::Put(d, "state", ProposalStateTag(p.state));
    views::Put(d, "proposer", p.proposer);
    views::Put(d, "cost", domain::FormatPounds(view.whole_life_cost_pence));
    views::Put(d, "working", WholeLifeWorking(p.fields));
    views::Put(d, "has_flags", !view.flags.empty());
    views::Put(d, "flags", FlagItems(view));
    views::Put(d, "sections", AnswerSections(view, false));
    views::Put(d, "timeline", TimelineItems(view));
    PutJoiningUp(d, view, actor);
    views::Put(d, "has_advice", p.advice.has_value());
    if (p.advice) {
        views::Put(d, "advice_outcome", domain::AdviceOutcomeLabel(p.advice->outcome));
        views::Put(d, "advice_text", p.advice->text);
        views::Put(d, "advice_by", p.advice->by);
        views::Put(d, "advice_at", views::DateTime(p.advice->at));
    }
    const bool can_edit =
        domain::Allowed(actor, Action::kDemandPropose) && domain::CanEdit(p.state);
    views::Put(d, "can_edit", can_edit);
    const bool reviewer = domain::Allowed(actor, Action::kDemandAdvise);
    const bool can_advise = reviewer && domain::CheckAdvisable(p.state).ok();
    views::Put(d, "can_advise", can_advise);
    views::Put(d, "can_start_review", reviewer && domain::CheckReviewable(p.state).ok());
    views::Put(d, "can_close", reviewer && domain::CheckClosable(p.state).ok());
    views::Put(
        d, "can_withdraw",
        domain::Allowed(actor, Action::kDemandPropose) && domain::CheckWithdrawable(p.state).ok());
    if (can_advise) {
        PutAdviceFields(page, d, form, "Advice to the proposer",
                        "Say what to do next and any conditions");
    }
    return page.Render("demand_proposal", status);
}

Result<Response> ProposalPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(ActorOf(context), id));
    Page page(kit, context, view.proposal.fields.title, Section::kProposals, request.path);
    const std::string done = query.GetOr("done");
    if (done == "advised") page.SetBanner("Advice recorded");
    if (done == "in-review") page.SetBanner("Proposal taken into review");
    if (done == "closed") page.SetBanner("Proposal closed");
    return RenderProposal(context, page, view, FormData{}, 200);
}

Result<Response> RecordAdvice(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    auto advised =
        kit.services.proposals.Advise(actor, id, form.GetOr("outcome"), form.GetOr("advice"));
    if (advised) return Response::Redirect("/proposals/" + std::to_string(id) + "?done=advised");
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(actor, id));
    Page page(kit, context, view.proposal.fields.title, Section::kProposals, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status,
                            ShowFormError(page, advised.error(), {{"text", "advice"}}, "outcome"));
    return RenderProposal(context, page, view, form, status);
}

// ---- Moves: taking into review and closing (DIGITAL_REVIEWER), withdrawing (GOVERNOR) ----

/// The proposal page again with the reason a move was refused (409: it moved on meanwhile).
Result<Response> ShowRefusedMove(const PageKit& kit, Request& request, Context& context, Id id,
                                 const Error& error) {
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(ActorOf(context), id));
    Page page(kit, context, view.proposal.fields.title, Section::kProposals, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, error, {}, "state"));
    return RenderProposal(context, page, view, FormData{}, status);
}

Result<Response> StartReview(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    auto moved = kit.services.proposals.StartReview(ActorOf(context), id);
    if (!moved) return ShowRefusedMove(kit, request, context, id, moved.error());
    return Response::Redirect("/proposals/" + std::to_string(id) + "?done=in-review");
}

Result<Response> CloseProposal(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    auto moved = kit.services.proposals.Close(ActorOf(context), id);
    if (!moved) return ShowRefusedMove(kit, request, context, id, moved.error());
    return Response::Redirect("/proposals/" + std::to_string(id) + "?done=closed");
}

Result<Response> RenderWithdraw(const Context& context, Page& page, const ProposalView& view,
                                int status) {
    const auto& p = view.proposal;
    page.SetBackLink("/proposals/" + std::to_string(p.id), p.fields.title);
    auto& d = page.data();
    views::Put(d, "id", static_cast<long long>(p.id));
    views::Put(d, "proposal_title", p.fields.title);
    views::Put(d, "establishment", p.fields.establishment);
    views::Put(d, "state", ProposalStateTag(p.state));
    views::Put(d, "can_withdraw",
               domain::Allowed(ActorOf(context), Action::kDemandPropose) &&
                   domain::CheckWithdrawable(p.state).ok());
    return page.Render("demand_withdraw", status);
}

Result<Response> WithdrawPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(ActorOf(context), id));
    Page page(kit, context, "Withdraw " + view.proposal.fields.title, Section::kProposals,
              request.path);
    int status = 200;
    if (Status open = domain::CheckWithdrawable(view.proposal.state); !open.ok()) {
        WARDEN_ASSIGN_OR_RETURN(status, ShowFormError(page, open.error(), {}, "state"));
    }
    return RenderWithdraw(context, page, view, status);
}

Result<Response> WithdrawProposal(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    const auto& actor = ActorOf(context);
    auto withdrawn = kit.services.proposals.Withdraw(actor, id);
    if (withdrawn) return Response::Redirect("/proposals?done=withdrawn");
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(actor, id));
    Page page(kit, context, "Withdraw " + view.proposal.fields.title, Section::kProposals,
              request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, withdrawn.error(), {}, "state"));
    return RenderWithdraw(context, page, view, status);
}

}  // namespace

Result<Id> ProposalIdOf(const Request& request) {
    const auto it = request.params.find("id");
    const int id = it == request.params.end() ? 0 : ParseNonNegativeInt(it->second);
    if (id <= 0) return Error::NotFound("There is no such proposal");
    return static_cast<Id>(id);
}

std::string PoundsValue(std::int64_t pence, bool blank_zero) {
    if (pence == 0 && blank_zero) return {};
    std::string out = std::to_string(pence / 100);
    if (const std::int64_t p = pence % 100; p != 0) {
        out += (p < 10 ? ".0" : ".") + std::to_string(p);
    }
    return out;
}

std::string WholeLifeWorking(const ProposalFields& f) {
    const std::int64_t one_offs =
        f.one_off_hardware_software_pence + f.one_off_labour_pence + f.internal_staff_pence;
    return "One-off costs " + domain::FormatPounds(one_offs) + " + (support " +
           domain::FormatPounds(f.yearly_support_pence) + " + live service " +
           domain::FormatPounds(f.yearly_live_service_pence) + " a year) × " +
           std::to_string(f.contract_years) + (f.contract_years == 1 ? " year" : " years");
}

Data ProposalStateTag(ProposalState state) {
    Data tag = views::Object();
    views::Put(tag, "text", domain::ProposalStateLabel(state));
    const char* cls = "govuk-tag--grey";
    switch (state) {
        case ProposalState::kSubmitted:
            cls = "govuk-tag--blue";
            break;
        case ProposalState::kInReview:
            cls = "govuk-tag--light-blue";
            break;
        case ProposalState::kAdvised:
            cls = "govuk-tag--green";
            break;
        case ProposalState::kReturned:
            cls = "govuk-tag--orange";
            break;
        case ProposalState::kWithdrawn:
            cls = "govuk-tag--red";
            break;
        default:
            break;
    }
    views::Put(tag, "class", cls);
    return tag;
}

Data FlagItems(const ProposalView& view) {
    Data items = views::List();
    for (const auto& f : view.flags) {
        Data item = views::Object();
        views::Put(item, "code", f.code);
        views::Put(item, "explanation", f.explanation);
        views::Append(items, std::move(item));
    }
    return items;
}

void PutAdviceFields(Page& page, Data& d, const FormData& form, const std::string& label,
                     const std::string& hint) {
    const std::string outcome = form.GetOr("outcome");
    std::vector<Choice> outcomes = {{"", "Choose an outcome", outcome.empty(), {}}};
    for (auto code : domain::AdviceOutcomes()) {
        outcomes.push_back({std::string(code),
                            std::string(domain::AdviceOutcomeLabel(code)),
                            outcome == code,
                            {}});
    }
    views::Put(d, "f_outcome", page.Select("outcome", "Outcome", outcomes));
    views::Put(d, "f_advice",
               page.Input({.id = "advice",
                           .label = label,
                           .value = form.GetOr("advice"),
                           .hint = hint,
                           .label_class = "govuk-label--s"}));
}

Data TimelineItems(const ProposalView& view) {
    Data items = views::List();
    for (auto it = view.timeline.rbegin(); it != view.timeline.rend(); ++it) {
        Data item = views::Object();
        views::Put(item, "title", TimelineTitle(*it));
        views::Put(item, "by", it->by);
        views::Put(item, "at", views::DateTime(it->at));
        views::Put(item, "iso", FormatRfc3339(it->at));
        views::Append(items, std::move(item));
    }
    return items;
}

Data AnswerSections(const ProposalView& view, bool with_change) {
    const auto& f = view.proposal.fields;
    const std::string base = "/proposals/" + std::to_string(view.proposal.id) + "/edit/";
    const auto href = [&](const char* section) {
        return with_change ? base + section : std::string();
    };
    std::string users;
    for (const auto& u : f.users) {
        users += (users.empty() ? "" : ", ") + std::string(domain::UserLabel(u));
    }
    const auto section = [](const char* heading, std::vector<Data> rows) {
        Data s = views::Object();
        views::Put(s, "heading", heading);
        Data list = views::List();
        for (auto& r : rows) views::Append(list, std::move(r));
        views::Put(s, "rows", std::move(list));
        return s;
    };
    Data out = views::List();
    views::Append(out, section("About the proposal",
                               {Row("Establishment", f.establishment, "establishment", ""),
                                Row("Title", f.title, "title", href("about")),
                                Row("Summary", f.summary, "summary", href("about")),
                                Row("Need", f.need, "need", href("about")),
                                Row("Category", std::string(domain::CategoryLabel(f.category)),
                                    "category", href("about"))}));
    views::Append(out, section("Users and supplier",
                               {Row("Who uses it", users, "users", href("users")),
                                Row("Supplier", f.supplier, "supplier", href("users")),
                                Row("Wanted start",
                                    f.wanted_start.empty() ? "" : views::LongDate(f.wanted_start),
                                    "wanted_start", href("users"))}));
    views::Append(
        out,
        section("Assurance and data",
                {Row("Assured", YesNo(f.assured), "assured", href("assurance")),
                 Row("Free offer", YesNo(f.free_offer), "free_offer", href("assurance")),
                 Row("Personal data", YesNo(f.personal_data), "personal_data", href("assurance")),
                 Row("Connects to the HMPPS network", YesNo(f.hmpps_network), "hmpps_network",
                     href("assurance")),
                 Row("Assumes central funding", YesNo(f.central_funding_assumed),
                     "central_funding_assumed", href("assurance"))}));
    const auto pounds = [](std::int64_t p) { return domain::FormatPounds(p); };
    views::Append(
        out,
        section(
            "Costs",
            {Row("One-off hardware and software", pounds(f.one_off_hardware_software_pence),
                 "one_off_hardware_software_pence", href("costs")),
             Row("One-off labour", pounds(f.one_off_labour_pence), "one_off_labour_pence",
                 href("costs")),
             Row("Internal staff", pounds(f.internal_staff_pence), "internal_staff_pence",
                 href("costs")),
             Row("Yearly support", pounds(f.yearly_support_pence), "yearly_support_pence",
                 href("costs")),
             Row("Yearly live service", pounds(f.yearly_live_service_pence),
                 "yearly_live_service_pence", href("costs")),
             Row("Contract term",
                 std::to_string(f.contract_years) + (f.contract_years == 1 ? " year" : " years"),
                 "contract_years", href("costs"))}));
    return out;
}

void AddProposalPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/proposals", Access::kAction, Action::kDemandRead, Handle(kit, ListPage)});
    router.Add(
        {"GET", "/proposals/new", Access::kAction, Action::kDemandPropose, Handle(kit, NewPage)});
    router.Add({"POST", "/proposals/new", Access::kAction, Action::kDemandPropose,
                Handle(kit, CreateProposal)});
    router.Add({"GET", "/proposals/{id}", Access::kAction, Action::kDemandRead,
                Handle(kit, ProposalPage)});
    router.Add({"POST", "/proposals/{id}/advice", Access::kAction, Action::kDemandAdvise,
                Handle(kit, RecordAdvice)});
    router.Add({"POST", "/proposals/{id}/start-review", Access::kAction, Action::kDemandAdvise,
                Handle(kit, StartReview)});
    router.Add({"POST", "/proposals/{id}/close", Access::kAction, Action::kDemandAdvise,
                Handle(kit, CloseProposal)});
    router.Add({"GET", "/proposals/{id}/withdraw", Access::kAction, Action::kDemandPropose,
                Handle(kit, WithdrawPage)});
    router.Add({"POST", "/proposals/{id}/withdraw", Access::kAction, Action::kDemandPropose,
                Handle(kit, WithdrawProposal)});
}

}  // namespace warden::web::pages
