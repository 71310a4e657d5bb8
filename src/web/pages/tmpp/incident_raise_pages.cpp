// Raising a TMPP incident from a page (WING_OFFICER, TMPP_SPOC, SECURITY of the establishment):
// the form names each failing field; on success the incident is REPORTED and the SPoC emailed,
// and the incident's page opens. Handlers parse, call IncidentService and render.

#include <algorithm>

#include "core/strings.hpp"
#include "web/pages/tmpp/incident_view.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"

namespace warden::web::pages {

using domain::Action;

namespace {

const std::vector<domain::IncidentType> kRaiseTypes = {
    domain::IncidentType::kSealTampered, domain::IncidentType::kSimTampered,
    domain::IncidentType::kDamage,       domain::IncidentType::kLoss,
    domain::IncidentType::kMisuse,       domain::IncidentType::kNonCompliance,
    domain::IncidentType::kOther};

// "2026-11-30 14:05" (or "2026-11-30T14:05") as RFC 3339 UTC; other text is passed on unchanged
// for the service to refuse, naming the field.
std::string PageTime(std::string_view text) {
    std::string t(Trim(text));
    if (t.size() == 16 && (t[10] == ' ' || t[10] == 'T')) {
        t[10] = 'T';
        return t + ":00Z";
    }
    return t;
}

std::vector<std::string> PrisonNumbers(std::string_view text) {
    std::string spaced(text);
    for (char& c : spaced) {
        if (c == ',' || c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    std::vector<std::string> out;
    for (const auto& piece : Split(spaced, ' ')) {
        if (!piece.empty()) out.push_back(piece);
    }
    return out;
}

Result<Response> RenderRaise(const PageKit& kit, Page& page, const domain::Actor& actor,
                             const FormData& form, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto establishments,
                            kit.services.organisation.ListEstablishments(actor));
    auto& d = page.data();
    const std::string type = form.GetOr("type");
    std::vector<Choice> types = {{"", "Choose a type", type.empty(), ""}};
    for (auto t : kRaiseTypes) {
        const std::string name(domain::IncidentTypeName(t));
        types.push_back({name, IncidentTypeLabel(t), name == type, ""});
    }
    views::Put(d, "f_type", page.Select("type", "Type of incident", types));
    const std::string est = form.GetOr("establishment");
    std::vector<Choice> ests;
    for (const auto& e : establishments) {
        if (std::find(actor.caseload.begin(), actor.caseload.end(), e.code) ==
            actor.caseload.end()) {
            continue;
        }
        const bool chosen = est.empty() ? ests.empty() : e.code == est;
        ests.push_back({e.code, e.name + " (" + e.code + ")", chosen, ""});
    }
    views::Put(d, "f_establishment", page.Select("establishment", "Establishment", ests));
    views::Put(d, "f_wing",
               page.Input({.id = "wing",
                           .label = "Wing (optional)",
                           .value = form.GetOr("wing"),
                           .width = "govuk-input--width-4"}));
    views::Put(d, "f_handset",
               page.Input({.id = "handset",
                           .label = "Handset asset tag (optional)",
                           .value = form.GetOr("handset"),
                           .hint = "Scan the handset's barcode or type its tag",
                           .autocomplete = "off",
                           .width = "govuk-input--width-10"}));
    views::Put(d, "f_prisoners",
               page.Input({.id = "prisoners",
                           .label = "Prison numbers of the prisoners involved (optional)",
                           .value = form.GetOr("prisoners"),
                           .hint = "Separate them with spaces or commas, for example A1234BC",
                           .width = "govuk-input--width-20"}));
    views::Put(d, "f_occurred_at",
               page.Input({.id = "occurred_at",
                           .label = "When it happened (optional)",
                           .value = form.GetOr("occurred_at"),
                           .hint = "Date and time in UTC, for example 2026-11-30 14:05",
                           .width = "govuk-input--width-10"}));
    views::Put(d, "f_description",
               page.Input({.id = "description",
                           .label = "What happened",
                           .value = form.GetOr("description"),
                           .hint = "The system starts it with TMPP. It is not emailed."}));
    views::Put(d, "f_local_ir_number",
               page.Input({.id = "local_ir_number",
                           .label = "Local IR number (optional)",
                           .value = form.GetOr("local_ir_number"),
                           .width = "govuk-input--width-10"}));
    return page.Render("tmpp_incident_new", status);
}

Page RaisePage(const PageKit& kit, const Context& context, const std::string& path) {
    Page page(kit, context, "Raise a TMPP incident", Section::kEstablishments, path);
    page.SetBackLink("/tmpp/incidents", "TMPP incidents");
    return page;
}

Result<Response> RaiseForm(const PageKit& kit, Request& request, Context& context) {
    Page page = RaisePage(kit, context, request.path);
    return RenderRaise(kit, page, ActorOf(context), FormData{}, 200);
}

Result<Response> PostRaise(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    domain::IncidentInput in;
    in.type = form.GetOr("type");
    in.establishment = form.GetOr("establishment");
    in.wing = form.GetOr("wing");
    in.handset = form.GetOr("handset");
    in.prisoners = PrisonNumbers(form.GetOr("prisoners"));
    in.occurred_at = PageTime(form.GetOr("occurred_at"));
    in.description = form.GetOr("description");
    in.local_ir_number = form.GetOr("local_ir_number");
    auto raised = kit.services.incidents.Raise(actor, in);
    if (raised) return Response::Redirect("/tmpp/incidents/" + raised->reference + "?done=raised");
    Page page = RaisePage(kit, context, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, raised.error(), {}, "description"));
    return RenderRaise(kit, page, actor, form, status);
}

}  // namespace

void AddIncidentRaisePages(Router& router, const Kit& kit) {
    router.Add({"GET", "/tmpp/incidents/new", Access::kAction, Action::kIncidentsRaise,
                Handle(kit, RaiseForm)});
    router.Add({"POST", "/tmpp/incidents", Access::kAction, Action::kIncidentsRaise,
                Handle(kit, PostRaise)});
}

}  // namespace warden::web::pages
