// Groups of proposals with a lead establishment (issue 11 item 4; ADR 0016): a DIGITAL_REVIEWER
// joins proposals into a group, reads it and advises it at once. Handlers parse, call
// ProposalService and render; the service checks roles and states (409 naming the proposal).

#include <boost/json.hpp>

#include "core/strings.hpp"
#include "web/api/api.hpp"
#include "web/api/demand/demand_json.hpp"
#include "web/api/json_support.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
using domain::Action;

Result<Id> GroupId(const Request& request) {
    const auto it = request.params.find("id");
    const int id = it == request.params.end() ? 0 : ParseNonNegativeInt(it->second);
    if (id <= 0) return Error::NotFound("no such group");
    return static_cast<Id>(id);
}

/// "proposals": a list of positive whole numbers (400 naming the field otherwise).
Result<std::vector<Id>> ProposalIds(const json::object& body) {
    const json::value* v = body.if_contains("proposals");
    if (v == nullptr || !v->is_array()) {
        return BadField("proposals", "proposals must be a list of proposal ids");
    }
    std::vector<Id> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_int64() || item.as_int64() <= 0) {
            return BadField("proposals", "proposals must be a list of proposal ids");
        }
        out.push_back(static_cast<Id>(item.as_int64()));
    }
    return out;
}

}  // namespace

void AddGroupApiRoutes(Router& router, Services& services) {
    domain::ProposalService* proposals = &services.proposals;

    router.Add({"POST", "/api/v1/proposal-groups", Access::kAction, Action::kDemandGroup,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto lead, String(body, "lead_establishment"));
                    WARDEN_ASSIGN_OR_RETURN(auto ids, ProposalIds(body));
                    WARDEN_ASSIGN_OR_RETURN(auto group,
                                            proposals->CreateGroup(*context.actor, lead, ids));
                    return JsonOk(GroupJson(group), 201);
                })});

    router.Add({"GET", "/api/v1/proposal-groups/{id}", Access::kAction, Action::kDemandGroup,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, GroupId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto group, proposals->GetGroup(*context.actor, id));
                    return JsonOk(GroupJson(group));
                })});

    router.Add({"POST", "/api/v1/proposal-groups/{id}/advice", Access::kAction,
                Action::kDemandGroup,
                Api([proposals](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(Id id, GroupId(request));
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto outcome, String(body, "outcome"));
                    WARDEN_ASSIGN_OR_RETURN(auto advice, String(body, "advice"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto group, proposals->AdviseGroup(*context.actor, id, outcome, advice));
                    return JsonOk(GroupJson(group));
                })});
}

}  // namespace warden::web::api
