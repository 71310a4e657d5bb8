// The TMPP handset routes of the JSON API (API.md: handsets). Each handler parses, calls
// HandsetService and renders; the service checks the action and the caseload, and its
// kConflict messages name the unmet rule (409 problem+json).

#include <boost/json.hpp>

#include "core/csv.hpp"
#include "core/strings.hpp"
#include "web/api/api.hpp"
#include "web/api/json_support.hpp"
#include "web/api/tmpp/handsets_json.hpp"

namespace warden::web::api {

namespace json = boost::json;
using domain::Action;

json::object HandsetJson(const domain::Handset& h, bool overdue) {
    json::object o{{"tag", h.tag},
                   {"imei", h.imei},
                   {"model", h.model},
                   {"iccid", h.iccid},
                   {"phone_number", h.phone_number},
                   {"seal", h.seal},
                   {"establishment", h.establishment},
                   {"home_wing", h.home_wing},
                   {"status", domain::HandsetStatusName(h.status)},
                   {"overdue", overdue},
                   {"updated_at", FormatRfc3339(h.updated_at)}};
    if (h.issued_at) {
        o["issued_to"] = h.issued_to;
        o["issued_at"] = FormatRfc3339(*h.issued_at);
        o["recall_requested"] = h.recall_requested_at.has_value();
        o["recall_requested_at"] = TimeOrNull(h.recall_requested_at);
    }
    return o;
}

std::string HandsetsCsv(const std::vector<domain::HandsetRow>& rows) {
    std::string out =
        "tag,imei,model,iccid,phone_number,seal,establishment,home_wing,status,issued_to,"
        "issued_at,overdue\r\n";
    for (const auto& r : rows) {
        const auto& h = r.handset;
        for (const std::string& cell :
             {h.tag, h.imei, h.model, h.iccid, h.phone_number, h.seal, h.establishment, h.home_wing,
              std::string(domain::HandsetStatusName(h.status)), h.issued_to,
              h.issued_at ? FormatRfc3339(*h.issued_at) : std::string()}) {
            out += CsvCell(cell) + ",";
        }
        out += r.overdue ? "yes\r\n" : "no\r\n";
    }
    return out;
}

namespace {

Result<domain::HandsetInput> HandsetBody(const Request& request) {
    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
    domain::HandsetInput in;
    WARDEN_ASSIGN_OR_RETURN(in.tag, String(body, "tag"));
    WARDEN_ASSIGN_OR_RETURN(in.imei, String(body, "imei"));
    WARDEN_ASSIGN_OR_RETURN(in.model, String(body, "model"));
    WARDEN_ASSIGN_OR_RETURN(in.iccid, String(body, "iccid"));
    WARDEN_ASSIGN_OR_RETURN(in.phone_number, String(body, "phone_number"));
    WARDEN_ASSIGN_OR_RETURN(in.seal, String(body, "seal"));
    WARDEN_ASSIGN_OR_RETURN(in.home_wing, String(body, "home_wing"));
    return in;
}

}  // namespace

void AddHandsetApiRoutes(Router& router, Services& services) {
    domain::HandsetService* handsets = &services.handsets;

    router.Add({"POST", "/api/v1/establishments/{code}/handsets", Access::kAction,
                Action::kHandsetsManage,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto in, HandsetBody(request));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto h, handsets->Add(ActorOf(context), request.params["code"], in));
                    return JsonOk(HandsetJson(h, false), 201);
                })});

    router.Add({"GET", "/api/v1/establishments/{code}/handsets", Access::kAction,
                Action::kHandsetsRead,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto rows, handsets->List(ActorOf(context), request.params["code"],
                                                  query.GetOr("status"), query.GetOr("wing")));
                    json::array items;
                    for (const auto& r : rows) items.push_back(HandsetJson(r.handset, r.overdue));
                    return JsonOk(json::object{{"establishment", ToUpper(request.params["code"])},
                                               {"items", std::move(items)}});
                })});

    router.Add({"GET", "/api/v1/establishments/{code}/handsets.csv", Access::kAction,
                Action::kHandsetsRead,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
                    const std::string code = ToUpper(Trim(request.params["code"]));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto rows, handsets->List(ActorOf(context), code, query.GetOr("status"),
                                                  query.GetOr("wing")));
                    Response r = Response::Text(200, HandsetsCsv(rows));
                    r.content_type = "text/csv; charset=utf-8";
                    r.headers.emplace_back("Content-Disposition",
                                           "attachment; filename=\"handsets-" + code + ".csv\"");
                    return r;
                })});

    router.Add({"GET", "/api/v1/handsets/{tag}", Access::kAction, Action::kHandsetsRead,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto v,
                                            handsets->Get(ActorOf(context), request.params["tag"]));
                    json::object o = HandsetJson(v.handset, v.overdue);
                    o["overdue_minutes"] = v.overdue_minutes;
                    json::array timeline;
                    for (const auto& e : v.timeline) {
                        timeline.push_back(json::object{{"at", FormatRfc3339(e.at)},
                                                        {"by", e.by},
                                                        {"what", e.what},
                                                        {"detail", e.detail}});
                    }
                    o["timeline"] = std::move(timeline);
                    return JsonOk(o);
                })});

    router.Add({"PUT", "/api/v1/handsets/{tag}", Access::kAction, Action::kHandsetsManage,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto in, HandsetBody(request));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto h, handsets->Edit(ActorOf(context), request.params["tag"], in));
                    return JsonOk(HandsetJson(h, false));
                })});

    router.Add({"POST", "/api/v1/handsets/{tag}/issue", Access::kAction, Action::kHandsetsIssue,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto prisoner, String(body, "prisoner"));
                    WARDEN_ASSIGN_OR_RETURN(auto seal, String(body, "seal"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto out,
                        handsets->Issue(ActorOf(context), request.params["tag"], prisoner, seal));
                    json::object o = HandsetJson(out.handset, false);
                    o["conditions"] = Strings(out.conditions);
                    return JsonOk(o);
                })});

    router.Add({"POST", "/api/v1/handsets/{tag}/return", Access::kAction, Action::kHandsetsIssue,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto seal, String(body, "seal"));
                    if (!body.contains("sim_present")) {
                        return BadField("sim_present", "Say whether the SIM is present");
                    }
                    WARDEN_ASSIGN_OR_RETURN(bool sim, Boolean(body, "sim_present"));
                    WARDEN_ASSIGN_OR_RETURN(auto condition, String(body, "condition"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto out, handsets->Return(ActorOf(context), request.params["tag"], seal,
                                                   sim, condition));
                    json::object o = HandsetJson(out.handset, false);
                    o["returned_from"] = out.issue.prison_number;
                    // The draft incident the return opened (API.md: "incident": {"reference"}).
                    o["incident"] =
                        out.incident
                            ? json::value(json::object{{"reference", out.incident_reference},
                                                       {"type", out.incident->type},
                                                       {"evidence", out.incident->evidence}})
                            : json::value(nullptr);
                    return JsonOk(o);
                })});

    router.Add({"POST", "/api/v1/handsets/{tag}/reseal", Access::kAction, Action::kHandsetsManage,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto seal, String(body, "seal"));
                    WARDEN_ASSIGN_OR_RETURN(auto note, String(body, "note"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto h,
                        handsets->Reseal(ActorOf(context), request.params["tag"], seal, note));
                    return JsonOk(HandsetJson(h, false));
                })});

    router.Add({"POST", "/api/v1/handsets/{tag}/retire", Access::kAction, Action::kHandsetsManage,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto reason, String(body, "reason"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto h, handsets->Retire(ActorOf(context), request.params["tag"], reason));
                    return JsonOk(HandsetJson(h, false));
                })});

    router.Add({"PUT", "/api/v1/establishments/{code}/handset-overdue-limit", Access::kAction,
                Action::kHandsetsManage,
                Api([handsets](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto minutes, Integer(body, "overdue_minutes"));
                    if (!minutes) return BadField("overdue_minutes", "Enter the limit in minutes");
                    WARDEN_ASSIGN_OR_RETURN(
                        int set, handsets->SetOverdueLimit(ActorOf(context), request.params["code"],
                                                           static_cast<int>(*minutes)));
                    return JsonOk(json::object{{"establishment", ToUpper(request.params["code"])},
                                               {"overdue_minutes", set}});
                })});
}

}  // namespace warden::web::api
