// The TMPP incident routes of the JSON API (API.md: incidents). Each handler parses, calls
// IncidentService and renders; the service checks the action and the caseload.

#include <boost/json.hpp>

#include "web/api/api.hpp"
#include "web/api/json_support.hpp"
#include "web/api/tmpp/incidents_json.hpp"

namespace warden::web::api {

namespace json = boost::json;
using domain::Action;

json::object IncidentJson(const domain::IncidentView& v) {
    const domain::Incident& i = v.incident;
    json::object o{{"reference", i.reference},
                   {"status", domain::IncidentStatusName(i.status)},
                   {"type", domain::IncidentTypeName(i.type)},
                   {"establishment", i.establishment},
                   {"wing", OrNull(i.wing)},
                   {"handset", OrNull(i.handset)},
                   {"prisoners", Strings(i.prisoners)},
                   {"occurred_at", TimeOrNull(i.occurred_at)},
                   {"discovered_at", FormatRfc3339(i.discovered_at)},
                   {"reporter", i.reporter},
                   {"description", i.description},
                   {"local_ir_number", OrNull(i.local_ir_number)},
                   {"evidence", OrNull(i.evidence)},
                   {"created_at", FormatRfc3339(i.created_at)},
                   {"reported_at", TimeOrNull(i.reported_at)},
                   {"riu_notified_at", TimeOrNull(i.riu_notified_at)},
                   {"riu_notification_due_by", TimeOrNull(v.riu_due_by)},
                   {"overdue", v.overdue},
                   {"closed_at", TimeOrNull(i.closed_at)},
                   {"outcome", OrNull(i.outcome)},
                   {"no_prisoner_reason", OrNull(i.no_prisoner_reason)},
                   {"placed_on_report_due_by", TimeOrNull(v.report_due_by)},
                   {"placed_on_report_overdue", v.report_overdue},
                   {"riu_notification_overdue", v.riu_overdue}};
    json::array sanctions;
    for (const auto& x : v.sanctions) {
        sanctions.push_back(json::object{{"prisoner", x.prison_number},
                                         {"kind", domain::SanctionKindName(x.kind)},
                                         {"reference", OrNull(x.reference)},
                                         {"description", OrNull(x.description)},
                                         {"recorded_by", x.recorded_by},
                                         {"recorded_at", FormatRfc3339(x.recorded_at)}});
    }
    o["sanctions"] = std::move(sanctions);
    return o;
}

json::object IncidentViewJson(const domain::IncidentView& v) {
    json::object o = IncidentJson(v);
    json::array timeline;
    for (const auto& e : v.timeline) {
        timeline.push_back(json::object{
            {"at", FormatRfc3339(e.at)}, {"by", e.by}, {"what", e.what}, {"detail", e.detail}});
    }
    o["timeline"] = std::move(timeline);
    json::array notifications;
    for (const auto& n : v.notifications) {
        notifications.push_back(json::object{{"kind", n.kind},
                                             {"to", Strings(n.to)},
                                             {"cc", Strings(n.cc)},
                                             {"state", n.state},
                                             {"created_at", FormatRfc3339(n.created_at)},
                                             {"sent_at", TimeOrNull(n.sent_at)}});
    }
    o["notifications"] = std::move(notifications);
    return o;
}

namespace {

Result<domain::IncidentInput> IncidentBody(const Request& request) {
    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
    domain::IncidentInput in;
    WARDEN_ASSIGN_OR_RETURN(in.type, String(body, "type"));
    WARDEN_ASSIGN_OR_RETURN(in.establishment, String(body, "establishment"));
    WARDEN_ASSIGN_OR_RETURN(in.wing, String(body, "wing"));
    WARDEN_ASSIGN_OR_RETURN(in.handset, String(body, "handset"));
    WARDEN_ASSIGN_OR_RETURN(in.prisoners, StringList(body, "prisoners"));
    WARDEN_ASSIGN_OR_RETURN(in.occurred_at, String(body, "occurred_at"));
    WARDEN_ASSIGN_OR_RETURN(in.discovered_at, String(body, "discovered_at"));
    WARDEN_ASSIGN_OR_RETURN(in.description, String(body, "description"));
    WARDEN_ASSIGN_OR_RETURN(in.local_ir_number, String(body, "local_ir_number"));
    return in;
}

}  // namespace

void AddIncidentApiRoutes(Router& router, Services& services) {
    domain::IncidentService* incidents = &services.incidents;

    router.Add({"POST", "/api/v1/incidents", Access::kAction, Action::kIncidentsRaise,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto in, IncidentBody(request));
                    WARDEN_ASSIGN_OR_RETURN(auto i, incidents->Raise(ActorOf(context), in));
                    WARDEN_ASSIGN_OR_RETURN(auto v, incidents->Get(ActorOf(context), i.reference));
                    return JsonOk(IncidentViewJson(v), 201);
                })});

    router.Add({"GET", "/api/v1/incidents", Access::kAction, Action::kIncidentsRead,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
                    domain::IncidentQuery q;
                    q.establishment = query.GetOr("establishment");
                    q.status = query.GetOr("status");
                    q.type = query.GetOr("type");
                    q.overdue = query.GetOr("overdue");
                    q.cursor = query.GetOr("cursor");
                    WARDEN_ASSIGN_OR_RETURN(q.limit, Limit(query));
                    WARDEN_ASSIGN_OR_RETURN(auto page, incidents->List(ActorOf(context), q));
                    json::array items;
                    for (const auto& v : page.items) items.push_back(IncidentJson(v));
                    return JsonOk(json::object{{"items", std::move(items)},
                                               {"next_cursor", OrNull(page.next_cursor)}});
                })});

    router.Add({"GET", "/api/v1/incidents/{ref}", Access::kAction, Action::kIncidentsRead,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto v, incidents->Get(ActorOf(context), request.params["ref"]));
                    return JsonOk(IncidentViewJson(v));
                })});

    router.Add({"POST", "/api/v1/incidents/{ref}/report", Access::kAction, Action::kIncidentsRaise,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto in, IncidentBody(request));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto i, incidents->Report(ActorOf(context), request.params["ref"], in));
                    WARDEN_ASSIGN_OR_RETURN(auto v, incidents->Get(ActorOf(context), i.reference));
                    return JsonOk(IncidentViewJson(v));
                })});

    router.Add({"POST", "/api/v1/incidents/{ref}/not-reportable", Access::kAction,
                Action::kIncidentsTriage,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto reason, String(body, "reason"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto i, incidents->MarkNotReportable(ActorOf(context),
                                                             request.params["ref"], reason));
                    WARDEN_ASSIGN_OR_RETURN(auto v, incidents->Get(ActorOf(context), i.reference));
                    return JsonOk(IncidentViewJson(v));
                })});

    router.Add({"POST", "/api/v1/incidents/{ref}/riu-notification", Access::kAction,
                Action::kIncidentsReview,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto i, incidents->NotifyRiu(ActorOf(context), request.params["ref"]));
                    WARDEN_ASSIGN_OR_RETURN(auto v, incidents->Get(ActorOf(context), i.reference));
                    return JsonOk(IncidentViewJson(v));
                })});

    router.Add(
        {"POST", "/api/v1/incidents/{ref}/sanctions", Access::kAction, Action::kIncidentsSanction,
         Api([incidents](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
             domain::SanctionInput in;
             WARDEN_ASSIGN_OR_RETURN(in.prisoner, String(body, "prisoner"));
             WARDEN_ASSIGN_OR_RETURN(in.kind, String(body, "kind"));
             WARDEN_ASSIGN_OR_RETURN(in.reference, String(body, "reference"));
             WARDEN_ASSIGN_OR_RETURN(in.description, String(body, "description"));
             const std::string ref = request.params["ref"];
             WARDEN_ASSIGN_OR_RETURN(auto x, incidents->RecordSanction(ActorOf(context), ref, in));
             WARDEN_ASSIGN_OR_RETURN(auto v, incidents->Get(ActorOf(context), ref));
             return JsonOk(IncidentViewJson(v), 201);
         })});

    router.Add({"POST", "/api/v1/incidents/{ref}/close", Access::kAction, Action::kIncidentsReview,
                Api([incidents](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto outcome, String(body, "outcome"));
                    WARDEN_ASSIGN_OR_RETURN(auto no_prisoner, String(body, "no_prisoner_reason"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto i, incidents->Close(ActorOf(context), request.params["ref"], outcome,
                                                 no_prisoner));
                    WARDEN_ASSIGN_OR_RETURN(auto v, incidents->Get(ActorOf(context), i.reference));
                    return JsonOk(IncidentViewJson(v));
                })});
}

}  // namespace warden::web::api
