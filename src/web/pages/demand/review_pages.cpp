// The weekly review agenda (DIGITAL_REVIEWER): the week's proposals with their advice and what is
// overdue, links to the weeks around it, and issuing the week's advice by email.

#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

std::string WeekLink(const domain::IsoWeek& week) {
    return LinkWithQuery("/reviews", {{"week", week.Name()}});
}

Result<Response> RenderAgenda(const PageKit& kit, const Context& context, Page& page,
                              const std::string& week_text, int status) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto agenda, kit.services.reviews.Agenda(actor, week_text));
    const std::string name = agenda.week.Name();
    page.SetTitle("Weekly review " + name);
    auto& d = page.data();
    views::Put(d, "iso_week", name);
    views::Put(d, "review_date",
               views::LongDate(FormatDate(std::chrono::year_month_day{agenda.review_date})));
    views::Put(d, "prev_href",
               WeekLink(domain::IsoWeekOf(agenda.review_date - std::chrono::days{7})));
    views::Put(d, "next_href",
               WeekLink(domain::IsoWeekOf(agenda.review_date + std::chrono::days{7})));
    Data rows = views::List();
    int advised = 0;
    int to_issue = 0;
    int overdue = 0;
    for (const auto& v : agenda.items) {
        const auto& p = v.proposal;
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(p.id));
        views::Put(row, "title", p.fields.title);
        views::Put(row, "establishment", p.fields.establishment);
        views::Put(row, "category", views::Opt(domain::CategoryLabel(p.fields.category)));
        views::Put(row, "state", ProposalStateTag(p.state));
        views::Put(row, "cost", domain::FormatPounds(v.whole_life_cost_pence));
        views::Put(row, "submitted", views::DateTime(*p.submitted_at));
        views::Put(row, "overdue", v.overdue);
        views::Put(row, "advice",
                   views::Opt(v.advised ? domain::AdviceOutcomeLabel(p.advice->outcome) : ""));
        views::Put(row, "advice_note",
                   views::Opt(v.advice_to_issue              ? "Not yet emailed"
                              : v.advised && v.advice_issued ? "Emailed to the proposer"
                              : v.advised && p.state == domain::ProposalState::kWithdrawn
                                  ? "Withdrawn: not emailed"
                                  : ""));
        const auto similar = static_cast<long long>(v.related.size());
        views::Put(row, "similar", similar);
        views::Put(row, "has_similar", similar > 0);
        advised += v.advised ? 1 : 0;
        to_issue += v.advice_to_issue ? 1 : 0;
        overdue += v.overdue ? 1 : 0;
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !agenda.items.empty());
    views::Put(d, "rows", std::move(rows));
    views::Put(d, "count", static_cast<int>(agenda.items.size()));
    views::Put(d, "advised", advised);
    views::Put(d, "overdue_count", overdue);
    views::Put(d, "has_overdue", overdue > 0);
    views::Put(d, "to_issue", to_issue);
    views::Put(d, "can_issue", to_issue > 0);
    return page.Render("demand_review", status);
}

Result<Response> AgendaPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    std::string week = ToUpper(std::string(Trim(query.GetOr("week"))));
    if (week.empty()) week = kit.services.reviews.CurrentWeek().Name();
    Page page(kit, context, "Weekly review", Section::kProposals, request.path);
    if (query.Has("issued")) {
        const int n = ParseNonNegativeInt(query.GetOr("issued"));
        if (n >= 0) {
            page.SetBanner(n == 0 ? "No new advice to issue: nothing was sent again"
                                  : "The advice on " + std::to_string(n) +
                                        (n == 1 ? " proposal" : " proposals") +
                                        " will be emailed to the proposer: one email for each");
        }
    }
    auto rendered = RenderAgenda(kit, context, page, week, 200);
    if (rendered || rendered.error().code != ErrorCode::kInvalidInput) return rendered;
    return ErrorPage(kit, context, 400, "Weekly review",
                     "There is no week " + week + ". Enter a week like 2026-W49.");
}

Result<Response> IssueAdvice(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string week = ToUpper(std::string(Trim(form.GetOr("week"))));
    WARDEN_ASSIGN_OR_RETURN(auto result, kit.services.reviews.Issue(ActorOf(context), week));
    return Response::Redirect(LinkWithQuery(
        "/reviews", {{"week", result.week.Name()}, {"issued", std::to_string(result.issued)}}));
}

}  // namespace

void AddReviewPages(Router& router, const Kit& kit) {
    router.Add(
        {"GET", "/reviews", Access::kAction, Action::kDemandAdvise, Handle(kit, AgendaPage)});
    router.Add({"POST", "/reviews/issue", Access::kAction, Action::kDemandAdvise,
                Handle(kit, IssueAdvice)});
}

}  // namespace warden::web::pages
