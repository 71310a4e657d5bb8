// The digital demand routes of the JSON API (API.md: proposals). Each handler parses, calls
// ProposalService and renders; the service checks roles, caseload and state (409 with the reason).

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/strings.hpp"
#include "web/api/api.hpp"
#include "web/api/demand/demand_json.hpp"
#include "web/api/json_support.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
using domain::Action;

/// The {id} of the path; a bad one is not found (it names no proposal).
Result<Id> ProposalId(const Request& request) {
    const auto it = request.params.find("id");
    const int id = it == request.params.end() ? 0 : ParseNonNegativeInt(it->second);
    if (id <= 0) return Error::NotFound("no such proposal");
    return static_cast<Id>(id);
}

Result<domain::ProposalQuery> ListQuery(const Request& request) {
    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
    domain::ProposalQuery q;
    q.establishment = ToUpper(std::string(Trim(query.GetOr("establishment"))));
    const std::string state = query.GetOr("state");
    if (!state.empty()) {
        q.state = domain::ParseProposalState(state);
        if (!q.state) return BadField("state", "state must be one of the proposal states");
    }
    q.category = query.GetOr("category");
    if (!q.category.empty() && domain::CategoryLabel(q.category).empty()) {
        return BadField("category", "category must be one of the proposal categories");
    }
    return q;
}

}  // namespace

void AddDemandApiRoutes(Router& router, Services& services) {
    domain::ProposalService* proposals = &services.proposals;

    router.Add({"POST", "/api/v1/proposals", Access::kAction, Action::kDemandPropose,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto fields, ProposalFieldsFrom(body));
                    WARDEN_ASSIGN_OR_RETURN(auto view, proposals->Create(*context.actor, fields));
                    return JsonOk(ProposalJson(view), 201);
                })});

    router.Add({"GET", "/api/v1/proposals", Access::kAction, Action::kDemandRead,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto q, ListQuery(request));
                    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
                    WARDEN_ASSIGN_OR_RETURN(auto list, proposals->List(*context.actor, q));
                    std::vector<Id> ids;
                    ids.reserve(list.size());
                    for (const auto& v : list) ids.push_back(v.proposal.id);
                    WARDEN_ASSIGN_OR_RETURN(ListSlice slice, SliceOf(ids, query));
                    json::array items;
                    for (size_t i = slice.begin; i < slice.end; ++i) {
                        items.push_back(ProposalJson(list[i]));
                    }
                    return JsonOk(
                        json::object{{"items", std::move(items)},
                                     {"next_cursor", OrNull(slice.next_cursor.value_or(""))}});
                })});

    router.Add({"GET", "/api/v1/proposals/{id}", Access::kAction, Action::kDemandRead,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto view, proposals->Get(*context.actor, id));
                    return JsonOk(ProposalJson(view));
                })});

    router.Add({"PUT", "/api/v1/proposals/{id}", Access::kAction, Action::kDemandPropose,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto fields, ProposalFieldsFrom(body));
                    WARDEN_ASSIGN_OR_RETURN(auto view,
                                            proposals->Update(*context.actor, id, fields));
                    return JsonOk(ProposalJson(view));
                })});

    router.Add({"POST", "/api/v1/proposals/{id}/submit", Access::kAction, Action::kDemandPropose,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto view, proposals->Submit(*context.actor, id));
                    return JsonOk(ProposalJson(view));
                })});

    router.Add({"POST", "/api/v1/proposals/{id}/withdraw", Access::kAction, Action::kDemandPropose,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto view, proposals->Withdraw(*context.actor, id));
                    return JsonOk(ProposalJson(view));
                })});

    router.Add({"POST", "/api/v1/proposals/{id}/start-review", Access::kAction,
                Action::kDemandAdvise,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto view, proposals->StartReview(*context.actor, id));
                    return JsonOk(ProposalJson(view));
                })});

    router.Add({"POST", "/api/v1/proposals/{id}/close", Access::kAction, Action::kDemandAdvise,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto view, proposals->Close(*context.actor, id));
                    return JsonOk(ProposalJson(view));
                })});

    router.Add({"POST", "/api/v1/proposals/{id}/advice", Access::kAction, Action::kDemandAdvise,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto outcome, String(body, "outcome"));
                    WARDEN_ASSIGN_OR_RETURN(auto advice, String(body, "advice"));
                    WARDEN_ASSIGN_OR_RETURN(auto view,
                                            proposals->Advise(*context.actor, id, outcome, advice));
                    return JsonOk(ProposalJson(view));
                })});

    domain::ReviewService* reviews = &services.reviews;
    router.Add(
        {"GET", "/api/v1/reviews/{iso_week}", Access::kAction, Action::kDemandAdvise,
         Api([reviews](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto agenda,
                                     reviews->Agenda(*context.actor, request.params["iso_week"]));
             json::array items;
             for (const auto& v : agenda.items) items.push_back(ProposalJson(v));
             return JsonOk(json::object{
                 {"iso_week", agenda.week.Name()},
                 {"review_day", domain::WeekdayName(agenda.review_day)},
                 {"review_date", FormatDate(std::chrono::year_month_day{agenda.review_date})},
                 {"items", std::move(items)}});
         })});

    router.Add({"POST", "/api/v1/reviews/{iso_week}/issue", Access::kAction, Action::kDemandAdvise,
                Api([reviews](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto result, reviews->Issue(*context.actor, request.params["iso_week"]));
                    return JsonOk(json::object{{"iso_week", result.week.Name()},
                                               {"issued", result.issued},
                                               {"already_issued", result.already_issued},
                                               {"awaiting_advice", result.awaiting_advice}});
                })});
}

}  // namespace warden::web::api
