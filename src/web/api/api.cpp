#include "web/api/api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "core/clock.hpp"
#include "core/strings.hpp"
#include "domain/audit/audit_service.hpp"
#include "web/api/import_json.hpp"
#include "web/api/json_support.hpp"
#include "web/api/tmpp/tmpp_json.hpp"
#include "web/form.hpp"
#include "web/problem.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
using domain::Action;

json::object EstablishmentJson(const domain::Establishment& e) {
    json::array wings;
    for (const auto& w : e.wings) {
        wings.push_back(json::object{{"code", w.code},
                                     {"kind", domain::LocationKindName(w.kind)},
                                     {"prisoners", w.prisoner_count}});
    }
    return json::object{{"code", e.code},
                        {"name", e.name},
                        {"region", e.region_code},
                        {"phase", e.phase},
                        {"wings", std::move(wings)}};
}

json::object PrisonerJson(const domain::Prisoner& p) {
    json::array alerts;
    for (const auto& a : p.alerts) alerts.push_back(json::value(a));
    return json::object{
        {"prison_number", p.prison_number},
        {"first_name", p.first_name},
        {"last_name", p.last_name},
        {"date_of_birth", p.date_of_birth},
        {"establishment", p.establishment},
        {"wing", p.wing},
        {"cell", OrNull(p.cell)},
        {"legal_status", domain::LegalStatusName(p.legal_status)},
        {"security_category", domain::SecurityCategoryName(p.security_category)},
        {"alerts", std::move(alerts)},
        {"phone_finds_12m", p.phone_finds_12m},
        {"phone_adjudications_12m", p.phone_adjudications_12m},
        {"phone_intel_12m", p.phone_intel_12m},
        {"gone", p.gone},
        {"updated_at", FormatRfc3339(p.updated_at)},
        {"tmpp", json::object{{"state", "NONE"}}},
    };
}

json::object AuditJson(const domain::AuditEntry& e) {
    return json::object{{"seq", e.seq},       {"at", FormatRfc3339(e.at)},
                        {"actor", e.actor},   {"source", e.source},
                        {"action", e.action}, {"subject", e.subject},
                        {"detail", e.detail}, {"hash", e.hash}};
}

}  // namespace

void AddApiRoutes(Router& router, Services& services, const WebConfig& /*config*/) {
    Services* s = &services;

    // Built once every API route is in the table (below), served as is.
    auto openapi = std::make_shared<std::string>();
    router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, {}, [openapi](Request&, Context&) {
                    return Response::Json(200, *openapi);
                }});

    router.Add(
        {"GET", "/api/v1/establishments", Access::kAction, Action::kEstablishmentsRead,
         Api([s](Request&, Context& context) -> Result<Response> {
             const auto& actor = ActorOf(context);
             WARDEN_ASSIGN_OR_RETURN(auto list, s->organisation.ListEstablishments(actor));
             json::array items;
             for (const auto& e : list) {
                 WARDEN_ASSIGN_OR_RETURN(auto full,
                                         s->organisation.GetEstablishment(actor, e.code));
                 items.push_back(EstablishmentJson(full));
             }
             return JsonOk(json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
         })});

    router.Add({"GET", "/api/v1/establishments/{code}", Access::kAction,
                Action::kEstablishmentsRead,
                Api([s](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto e, s->organisation.GetEstablishment(
                                                        ActorOf(context), request.params["code"]));
                    return JsonOk(EstablishmentJson(e));
                })});

    router.Add(
        {"GET", "/api/v1/establishments/{code}/prisoners", Access::kAction, Action::kPrisonersRead,
         Api([s](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
             domain::PrisonerQuery q;
             q.establishment = request.params["code"];
             q.wing = query.GetOr("wing");
             q.text = std::string(Trim(query.GetOr("q")));
             q.cursor = query.GetOr("cursor");
             WARDEN_ASSIGN_OR_RETURN(q.limit, Limit(query, kMaxLimit));
             WARDEN_ASSIGN_OR_RETURN(auto page, s->prisoners.List(ActorOf(context), q));
             WARDEN_ASSIGN_OR_RETURN(auto states, s->access.States(ActorOf(context), page.items));
             json::array items;
             for (size_t i = 0; i < page.items.size(); ++i) {
                 json::object item = PrisonerJson(page.items[i]);
                 item["tmpp"] = json::object{{"state", domain::AccessStateName(states[i])}};
                 items.push_back(std::move(item));
             }
             return JsonOk(json::object{{"items", std::move(items)},
                                        {"next_cursor", OrNull(page.next_cursor)},
                                        {"total", page.total}});
         })});

    router.Add(
        {"GET", "/api/v1/prisoners/{number}", Access::kAction, Action::kPrisonersRead,
         Api([s](Request& request, Context& context) -> Result<Response> {
             const auto& actor = ActorOf(context);
             WARDEN_ASSIGN_OR_RETURN(auto p, s->prisoners.Get(actor, request.params["number"]));
             WARDEN_ASSIGN_OR_RETURN(auto access, s->access.Access(actor, p.prison_number));
             WARDEN_ASSIGN_OR_RETURN(auto risk, s->access.RiskAssessment(actor, p.prison_number));
             json::object out = PrisonerJson(p);
             out["tmpp"] = PrisonerTmppJson(access, risk);
             return JsonOk(out);
         })});

    router.Add(
        {"POST", "/api/v1/establishments/{code}/prisoners/import", Access::kAction,
         Action::kPrisonersImport, Api([s](Request& request, Context& context) -> Result<Response> {
             if (MediaType(request.Header("content-type")) != "text/csv") {
                 return ProblemResponse(415, "Send the import file as Content-Type: text/csv");
             }
             WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
             std::string partial = query.GetOr("partial", "false");
             if (partial != "true" && partial != "false") {
                 std::string message = "partial must be true or false";
                 return Error::Invalid(message, {{"partial", message}});
             }
             WARDEN_ASSIGN_OR_RETURN(auto result,
                                     s->prisoners.Import(ActorOf(context), request.params["code"],
                                                         request.body, partial == "true"));
             return Response::Json(200, ImportResultJson(result));
         }),
         BodyLimit::kUpload});

    router.Add({"GET", "/api/v1/audit", Access::kAction, Action::kAuditRead,
                Api([s](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto query, Query(request));
                    WARDEN_ASSIGN_OR_RETURN(int limit,
                                            Limit(query, domain::AuditService::kMaxLimit));
                    Id before = 0;
                    if (auto cursor = query.Get("cursor"); cursor && !cursor->empty()) {
                        int parsed = ParseNonNegativeInt(*cursor);
                        if (parsed <= 0) {
                            return Error::Invalid("The cursor is not valid",
                                                  {{"cursor", "The cursor is not valid"}});
                        }
                        before = parsed;
                    }
                    WARDEN_ASSIGN_OR_RETURN(
                        auto entries,
                        s->audit.List(ActorOf(context), query.GetOr("subject"), limit, before));
                    json::array items;
                    for (const auto& e : entries) items.push_back(AuditJson(e));
                    json::value next = nullptr;
                    if (static_cast<int>(entries.size()) == limit && entries.back().seq > 1) {
                        next = json::value(std::to_string(entries.back().seq));
                    }
                    return JsonOk(json::object{{"items", std::move(items)},
                                               {"next_cursor", std::move(next)}});
                })});

    AddTmppApiRoutes(router, services);
    AddDemandApiRoutes(router, services);
    AddCatalogueApiRoutes(router, services);
    AddGroupApiRoutes(router, services);
    AddHandsetApiRoutes(router, services);
    AddIncidentApiRoutes(router, services);
    AddStocktakeApiRoutes(router, services);
    AddOutboxApiRoutes(router, services);
    *openapi = OpenApiDocument(router);
}

}  // namespace warden::web::api
