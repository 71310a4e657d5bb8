// The TMPP access routes of the JSON API (API.md: needs, compacts, risk assessments, decisions,
// risk rules, grants, withdrawal, phase, wing lists). Each handler parses, calls AccessService
// and renders; the service checks roles and caseload, and its kConflict messages name the unmet
// rule (409 problem+json).

#include <boost/json.hpp>

#include "core/csv.hpp"
#include "core/strings.hpp"
#include "web/api/api.hpp"
#include "web/api/json_support.hpp"
#include "web/api/tmpp/tmpp_json.hpp"
#include "web/form.hpp"
#include "web/problem.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
using domain::Action;

// The "phases" of a phase-table body: phase, needs, bands and amber_conditions by name.
Result<std::vector<domain::PhaseRule>> PhaseRules(const json::object& o) {
    const char* field = "phases";
    auto it = o.find(field);
    if (it == o.end() || !it->value().is_array()) {
        return BadField(field, "phases must be a list of phases 1 to 3");
    }
    std::vector<domain::PhaseRule> out;
    for (const auto& v : it->value().as_array()) {
        if (!v.is_object()) return BadField(field, "Each phase must be an object");
        const auto& p = v.as_object();
        domain::PhaseRule& rule = out.emplace_back();
        WARDEN_ASSIGN_OR_RETURN(auto phase, Integer(p, "phase"));
        if (!phase) return BadField(field, "Each phase needs its number");
        rule.phase = static_cast<int>(*phase);
        WARDEN_ASSIGN_OR_RETURN(auto needs, StringList(p, "needs"));
        for (const auto& n : needs) {
            auto kind = domain::ParseNeedKind(n);
            if (!kind) return BadField(field, "Unknown need " + n.substr(0, 40));
            rule.needs.push_back(*kind);
        }
        WARDEN_ASSIGN_OR_RETURN(auto bands, StringList(p, "bands"));
        for (const auto& b : bands) {
            auto band = domain::ParseRiskBand(b);
            if (!band) return BadField(field, "Unknown band " + b.substr(0, 40));
            rule.bands.push_back(*band);
        }
        WARDEN_ASSIGN_OR_RETURN(rule.amber_conditions, StringList(p, "amber_conditions"));
    }
    return out;
}

json::array PhaseTableJson(const std::vector<domain::PhaseRule>& table) {
    json::array out;
    for (const auto& r : table) {
        json::array needs;
        for (auto n : r.needs) needs.emplace_back(domain::NeedKindName(n));
        json::array bands;
        for (auto b : r.bands) bands.emplace_back(domain::RiskBandName(b));
        json::array conditions;
        for (const auto& c : r.amber_conditions) conditions.emplace_back(c);
        out.push_back(json::object{{"phase", r.phase},
                                   {"needs", std::move(needs)},
                                   {"bands", std::move(bands)},
                                   {"amber_conditions", std::move(conditions)}});
    }
    return out;
}

json::object NeedJson(const domain::Need& n) {
    return json::object{{"id", n.id},
                        {"prison_number", n.prison_number},
                        {"need", domain::NeedKindName(n.kind)},
                        {"detail", OrNull(n.detail)},
                        {"recorded_by", n.recorded_by},
                        {"recorded_at", FormatRfc3339(n.recorded_at)}};
}

json::object SignatureJson(const domain::CompactSignature& s) {
    return json::object{{"id", s.id},
                        {"prison_number", s.prison_number},
                        {"establishment", s.establishment},
                        {"compact_version", s.version},
                        {"signed_on", s.signed_on},
                        {"witnessed_by", s.witnessed_by},
                        {"recorded_by", s.recorded_by},
                        {"recorded_at", FormatRfc3339(s.recorded_at)}};
}

json::object CompactVersionJson(const domain::CompactVersion& v) {
    return json::object{{"establishment", v.establishment},
                        {"version", v.version},
                        {"text", v.text},
                        {"requires_resign", v.requires_resign},
                        {"created_by", v.created_by},
                        {"created_at", FormatRfc3339(v.created_at)}};
}

json::object RecommendationJson(const domain::StoredRecommendation& r) {
    json::array fired;
    for (const auto& f : r.recommendation.fired) {
        fired.push_back(json::object{{"rule", f.rule_id},
                                     {"points", f.points},
                                     {"forces_red", f.forces_red},
                                     {"evidence", f.evidence}});
    }
    return json::object{
        {"rules_version", r.recommendation.rules_version},     {"score", r.recommendation.score},
        {"band", domain::RiskBandName(r.recommendation.band)}, {"fired", std::move(fired)},
        {"assessed_at", FormatRfc3339(r.assessed_at)},         {"assessed_by", r.assessed_by}};
}

json::object DecisionJson(const domain::RiskDecision& d) {
    return json::object{{"prison_number", d.prison_number},
                        {"band", domain::RiskBandName(d.band)},
                        {"recommended_band",
                         d.recommended_band ? json::value(domain::RiskBandName(*d.recommended_band))
                                            : json::value(nullptr)},
                        {"override", d.is_override},
                        {"reason", OrNull(d.reason)},
                        {"decided_by", d.decided_by},
                        {"decided_at", FormatRfc3339(d.decided_at)},
                        {"expires_at", FormatRfc3339(d.expires_at)},
                        {"needs_review", d.needs_review},
                        {"review_reason", OrNull(d.review_reason)}};
}

json::object GrantJson(const domain::Grant& g) {
    json::object o{{"id", g.id},
                   {"prison_number", g.prison_number},
                   {"establishment", g.establishment},
                   {"phase", g.phase},
                   {"band", domain::RiskBandName(g.band)},
                   {"conditions", Strings(g.conditions)},
                   {"review_on", g.review_on},
                   {"granted_by", g.granted_by},
                   {"granted_at", FormatRfc3339(g.granted_at)},
                   {"active", g.active},
                   {"needs_review", g.needs_review},
                   {"review_reason", OrNull(g.review_reason)},
                   {"ended_at", TimeOrNull(g.ended_at)},
                   {"ended_by", OrNull(g.ended_by)},
                   {"withdrawn", g.withdrawn},
                   {"end_reason", OrNull(g.end_reason)},
                   {"incident", OrNull(g.incident_ref)}};
    return o;
}

json::object EntryJson(const domain::WingListEntry& e) {
    return json::object{{"prison_number", e.prison_number},
                        {"first_name", e.first_name},
                        {"last_name", e.last_name},
                        {"cell", OrNull(e.cell)},
                        {"band", domain::RiskBandName(e.band)},
                        {"conditions", Strings(e.conditions)},
                        {"review_on", e.review_on}};
}

json::object WingListJson(const domain::WingList& l) {
    json::array entries;
    for (const auto& e : l.entries) entries.push_back(EntryJson(e));
    return json::object{{"establishment", l.establishment},
                        {"wing", l.wing},
                        {"version", l.version},
                        {"published_by", l.published_by},
                        {"published_at", FormatRfc3339(l.published_at)},
                        {"entries", std::move(entries)},
                        {"added", Strings(l.added)},
                        {"removed", Strings(l.removed)}};
}

json::object CurrentListJson(const std::string& est, const std::string& wing,
                             const domain::CurrentWingList& c) {
    json::object o;
    if (c.list) {
        o = WingListJson(*c.list);
    } else {
        o = json::object{
            {"establishment", ToUpper(est)}, {"wing", ToUpper(wing)},   {"version", nullptr},
            {"published_by", nullptr},       {"published_at", nullptr}, {"entries", json::array{}},
            {"added", json::array{}},        {"removed", json::array{}}};
    }
    json::array withdrawn;
    for (const auto& w : c.withdrawn_since) {
        withdrawn.push_back(json::object{{"prison_number", w.prison_number},
                                         {"at", FormatRfc3339(w.at)},
                                         {"reason", w.reason},
                                         {"incident", OrNull(w.incident_ref)}});
    }
    o["stale"] = c.stale;
    o["withdrawals_since_publication"] = std::move(withdrawn);
    return o;
}

std::string CurrentListCsv(const domain::CurrentWingList& c) {
    std::string out =
        "prison_number,first_name,last_name,cell,band,conditions,review_on,status\r\n";
    if (!c.list) return out;
    for (const auto& e : c.list->entries) {
        bool withdrawn = false;
        for (const auto& w : c.withdrawn_since) withdrawn |= w.prison_number == e.prison_number;
        out += CsvCell(e.prison_number) + "," + CsvCell(e.first_name) + "," + CsvCell(e.last_name) +
               "," + CsvCell(e.cell) + "," + std::string(domain::RiskBandName(e.band)) + "," +
               CsvCell(Join(e.conditions, ";")) + "," + CsvCell(e.review_on) + "," +
               (withdrawn ? "WITHDRAWN" : "AUTHORISED") + "\r\n";
    }
    return out;
}

json::object RiskRulesJson(const domain::RiskRulesView& view) {
    const auto& rules = view.scorer->rules();
    const auto sentences = domain::DescribeRules(rules);
    json::array items;
    for (size_t i = 0; i < rules.rules.size(); ++i) {
        const auto& r = rules.rules[i];
        items.push_back(
            json::object{{"id", r.id},
                         {"kind", domain::RiskRuleKindName(r.kind)},
                         {"points", r.points},
                         {"forces_red", r.forces_red},
                         {"cap", r.cap ? json::value(*r.cap) : json::value(nullptr)},
                         {"description", r.description},
                         {"text", i < sentences.size() ? sentences[i].text : ""},
                         {"condition", i < sentences.size() ? sentences[i].condition : ""}});
    }
    json::array history;
    for (const auto& h : view.history) {
        history.push_back(json::object{{"version", h.version},
                                       {"uploaded_by", h.uploaded_by},
                                       {"uploaded_at", FormatRfc3339(h.uploaded_at)}});
    }
    return json::object{{"version", rules.version},
                        {"default", !view.stored.has_value()},
                        {"amber_at", rules.amber_at},
                        {"red_at", rules.red_at},
                        {"bands", domain::DescribeBands(rules)},
                        {"rules", std::move(items)},
                        {"history", std::move(history)}};
}

}  // namespace

json::object PrisonerTmppJson(const domain::AccessView& access,
                              const domain::RiskAssessmentView& risk) {
    json::value decision = nullptr;
    if (risk.decision) {
        decision = json::object{{"band", domain::RiskBandName(risk.decision->band)},
                                {"expires_at", FormatRfc3339(risk.decision->expires_at)},
                                {"expired", risk.decision_expired},
                                {"needs_review", risk.decision->needs_review}};
    }
    return json::object{
        {"state", domain::AccessStateName(access.access.state)},
        {"grant", access.grant ? json::value(GrantJson(*access.grant)) : json::value(nullptr)},
        {"recommended_band", risk.recommendation ? json::value(domain::RiskBandName(
                                                       risk.recommendation->recommendation.band))
                                                 : json::value(nullptr)},
        {"decision", std::move(decision)}};
}

void AddTmppApiRoutes(Router& router, Services& services) {
    domain::AccessService* access = &services.access;

    router.Add(
        {"GET", "/api/v1/prisoners/{number}/tmpp", Access::kAction, Action::kTmppRead,
         Api([access](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto view,
                                     access->Access(*context.actor, request.params["number"]));
             json::array needs;
             for (const auto& n : view.needs) needs.push_back(NeedJson(n));
             json::array timeline;
             for (const auto& e : view.timeline) {
                 // The API keeps the stored text of each event ("what", "why").
                 const domain::AccessEvent stored = domain::EncodeEvent(e);
                 timeline.push_back(json::object{{"at", FormatRfc3339(e.at)},
                                                 {"by", e.by},
                                                 {"what", stored.what},
                                                 {"why", stored.why}});
             }
             return JsonOk(json::object{
                 {"prison_number", view.access.prison_number},
                 {"state", domain::AccessStateName(view.access.state)},
                 {"grant", view.grant ? json::value(GrantJson(*view.grant)) : json::value(nullptr)},
                 {"needs", std::move(needs)},
                 {"timeline", std::move(timeline)}});
         })});

    router.Add({"POST", "/api/v1/prisoners/{number}/needs", Access::kAction,
                Action::kTmppNeedsRecord,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto need, String(body, "need"));
                    WARDEN_ASSIGN_OR_RETURN(auto detail, String(body, "detail"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto out,
                        access->RecordNeed(*context.actor, request.params["number"], need, detail));
                    return JsonOk(NeedJson(out), 201);
                })});

    router.Add({"POST", "/api/v1/establishments/{code}/compacts", Access::kAction,
                Action::kTmppCompactsEdit,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto text, String(body, "text"));
                    WARDEN_ASSIGN_OR_RETURN(bool resign, Boolean(body, "requires_resign"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto out, access->AddCompactVersion(*context.actor, request.params["code"],
                                                            text, resign));
                    return JsonOk(CompactVersionJson(out), 201);
                })});

    router.Add({"POST", "/api/v1/prisoners/{number}/compacts", Access::kAction,
                Action::kTmppCompactsSign,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto version, Integer(body, "compact_version"));
                    WARDEN_ASSIGN_OR_RETURN(auto signed_on, String(body, "signed_on"));
                    WARDEN_ASSIGN_OR_RETURN(auto witness, String(body, "witnessed_by"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto out, access->RecordCompact(*context.actor, request.params["number"],
                                                        static_cast<int>(version.value_or(0)),
                                                        signed_on, witness));
                    return JsonOk(SignatureJson(out), 201);
                })});

    router.Add(
        {"POST", "/api/v1/establishments/{code}/risk-assessments", Access::kAction,
         Action::kTmppAssess, Api([access](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
             WARDEN_ASSIGN_OR_RETURN(auto scope, String(body, "scope"));
             if (!scope.empty() && scope != "all") {
                 return BadField("scope", "scope must be \"all\"");
             }
             WARDEN_ASSIGN_OR_RETURN(
                 auto s, access->AssessEstablishment(*context.actor, request.params["code"]));
             return JsonOk(json::object{
                 {"establishment", ToUpper(Trim(request.params["code"]))},
                 {"rules_version", s.rules_version},
                 {"assessed", s.assessed},
                 {"counts", json::object{{"GREEN", s.green}, {"AMBER", s.amber}, {"RED", s.red}}}});
         })});

    router.Add({"GET", "/api/v1/prisoners/{number}/risk-assessment", Access::kAction,
                Action::kTmppRead,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto v, access->RiskAssessment(*context.actor, request.params["number"]));
                    return JsonOk(json::object{
                        {"prison_number", v.prison_number},
                        {"recommendation", v.recommendation
                                               ? json::value(RecommendationJson(*v.recommendation))
                                               : json::value(nullptr)},
                        {"decision", v.decision ? json::value(DecisionJson(*v.decision))
                                                : json::value(nullptr)},
                        {"decision_expired", v.decision_expired}});
                })});

    router.Add(
        {"POST", "/api/v1/prisoners/{number}/risk-assessment/decision", Access::kAction,
         Action::kTmppDecide, Api([access](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
             WARDEN_ASSIGN_OR_RETURN(auto band, String(body, "band"));
             WARDEN_ASSIGN_OR_RETURN(auto reason, String(body, "reason"));
             WARDEN_ASSIGN_OR_RETURN(
                 auto d, access->Decide(*context.actor, request.params["number"], band, reason));
             return JsonOk(DecisionJson(d));
         })});

    domain::RiskRulesService* risk_rules = &services.risk_rules;
    router.Add({"GET", "/api/v1/risk-rules", Access::kAction, Action::kTmppRulesRead,
                Api([risk_rules](Request&, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto view, risk_rules->Rules(*context.actor));
                    return JsonOk(RiskRulesJson(view));
                })});

    router.Add({"PUT", "/api/v1/risk-rules", Access::kAction, Action::kTmppRulesReplace,
                Api([risk_rules](Request& request, Context& context) -> Result<Response> {
                    if (MediaType(request.Header("content-type")) != "text/plain") {
                        return ProblemResponse(415,
                                               "Send the rules file as Content-Type: text/plain");
                    }
                    WARDEN_TRY(risk_rules->Replace(*context.actor, request.body));
                    WARDEN_ASSIGN_OR_RETURN(auto view, risk_rules->Rules(*context.actor));
                    return JsonOk(RiskRulesJson(view));
                }),
                BodyLimit::kUpload});

    router.Add({"POST", "/api/v1/prisoners/{number}/grants", Access::kAction, Action::kTmppGrant,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto conditions, StringList(body, "conditions"));
                    WARDEN_ASSIGN_OR_RETURN(auto review_on, String(body, "review_on"));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto g, access->GrantAccess(*context.actor, request.params["number"],
                                                    conditions, review_on));
                    return JsonOk(GrantJson(g), 201);
                })});

    router.Add(
        {"POST", "/api/v1/prisoners/{number}/withdrawal", Access::kAction, Action::kTmppWithdraw,
         Api([access](Request& request, Context& context) -> Result<Response> {
             WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
             WARDEN_ASSIGN_OR_RETURN(auto reason, String(body, "reason"));
             WARDEN_ASSIGN_OR_RETURN(auto incident, String(body, "incident"));
             WARDEN_ASSIGN_OR_RETURN(
                 auto g,
                 access->Withdraw(*context.actor, request.params["number"], reason, incident));
             return JsonOk(GrantJson(g));
         })});

    router.Add({"PUT", "/api/v1/establishments/{code}/phase", Access::kAction,
                Action::kTmppPhaseSet,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto phase, Integer(body, "phase"));
                    if (!phase) return BadField("phase", "Choose a phase");
                    WARDEN_ASSIGN_OR_RETURN(auto reason, String(body, "reason"));
                    WARDEN_ASSIGN_OR_RETURN(auto change,
                                            access->SetPhase(*context.actor, request.params["code"],
                                                             static_cast<int>(*phase), reason));
                    json::array grants;
                    for (const auto& g : change.no_longer_qualify) grants.push_back(GrantJson(g));
                    return JsonOk(json::object{{"establishment", change.establishment},
                                               {"from", change.from},
                                               {"phase", change.to},
                                               {"no_longer_qualify", std::move(grants)}});
                })});

    router.Add({"PUT", "/api/v1/establishments/{code}/phase-table", Access::kAction,
                Action::kTmppPhaseSet,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(auto body, Body(request));
                    WARDEN_ASSIGN_OR_RETURN(auto phases, PhaseRules(body));
                    WARDEN_ASSIGN_OR_RETURN(
                        auto change,
                        access->SetPhaseTable(*context.actor, request.params["code"], phases));
                    json::array grants;
                    for (const auto& g : change.no_longer_qualify) grants.push_back(GrantJson(g));
                    return JsonOk(json::object{{"establishment", change.establishment},
                                               {"phases", PhaseTableJson(change.table)},
                                               {"no_longer_qualify", std::move(grants)}});
                })});

    router.Add({"POST", "/api/v1/establishments/{code}/wings/{wing}/lists", Access::kAction,
                Action::kTmppListsPublish,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    WARDEN_ASSIGN_OR_RETURN(
                        auto list, access->PublishWingList(*context.actor, request.params["code"],
                                                           request.params["wing"]));
                    return JsonOk(WingListJson(list), 201);
                })});

    router.Add({"GET", "/api/v1/establishments/{code}/wings/{wing}/lists/current", Access::kAction,
                Action::kTmppListsRead,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    const std::string code = request.params["code"];
                    const std::string wing = request.params["wing"];
                    WARDEN_ASSIGN_OR_RETURN(
                        auto current, access->CurrentList(*context.actor, code, wing, "json"));
                    return JsonOk(CurrentListJson(code, wing, current));
                })});

    router.Add({"GET", "/api/v1/establishments/{code}/wings/{wing}/lists/current.csv",
                Access::kAction, Action::kTmppListsRead,
                Api([access](Request& request, Context& context) -> Result<Response> {
                    const std::string code = request.params["code"];
                    const std::string wing = request.params["wing"];
                    WARDEN_ASSIGN_OR_RETURN(auto current,
                                            access->CurrentList(*context.actor, code, wing, "csv"));
                    Response r = Response::Text(200, CurrentListCsv(current));
                    r.content_type = "text/csv; charset=utf-8";
                    r.headers.emplace_back(
                        "Content-Disposition",
                        "attachment; filename=\"tmpp-" + ToUpper(code) + "-" + ToUpper(wing) +
                            (current.list ? "-v" + std::to_string(current.list->version) : "") +
                            ".csv\"");
                    return r;
                })});
}

}  // namespace warden::web::api
