// The TMPP handset register pages: the establishment's register (filters, CSV), adding a
// handset, a handset's page with its timeline (MoJ timeline), reseal and retire with
// confirmation. Handlers parse, call HandsetService and render.

#include <algorithm>
#include <charconv>

#include "core/strings.hpp"
#include "web/pages/tmpp/handset_view.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {

using domain::Action;
using domain::HandsetStatus;

Data HandsetStatusTag(HandsetStatus status) {
    const char* tag = "govuk-tag--grey";
    switch (status) {
        case HandsetStatus::kAvailable:
            tag = "govuk-tag--green";
            break;
        case HandsetStatus::kIssued:
            tag = "govuk-tag--blue";
            break;
        case HandsetStatus::kQuarantined:
        case HandsetStatus::kLost:
            tag = "govuk-tag--red";
            break;
        case HandsetStatus::kDamaged:
            tag = "govuk-tag--orange";
            break;
        case HandsetStatus::kRetired:
            break;
    }
    Data d = views::Object();
    views::Put(d, "text", domain::HandsetStatusName(status));
    views::Put(d, "class", tag);
    return d;
}

namespace {

std::string CodeOf(const Request& request) { return ToUpper(request.params.at("code")); }
std::string TagOf(const Request& request) { return ToUpper(request.params.at("tag")); }

// ---- the register ----

Result<Response> Register(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    const std::string code = CodeOf(request);
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    const std::string status = ToUpper(query.GetOr("status"));
    const std::string wing = ToUpper(query.GetOr("wing"));
    Page page(kit, context, "TMPP handsets at " + e.name, Section::kEstablishments, request.path);
    page.SetBackLink("/establishments/" + e.code, e.name);
    auto rows = kit.services.handsets.List(actor, code, status, wing);
    if (!rows) {
        if (rows.error().code != ErrorCode::kInvalidInput) return rows.error();
        page.AddErrors(rows.error());
        rows = std::vector<domain::HandsetRow>{};
    }
    WARDEN_ASSIGN_OR_RETURN(int limit, kit.services.handsets.OverdueLimit(actor, code));
    // The banner names a handset the register shows, never the query's text as such (a link
    // with ?added=<anything> would otherwise put any words in a GOV.UK banner).
    if (query.Has("added")) {
        const std::string added = ToUpper(query.GetOr("added"));
        const bool shown = std::any_of(rows->begin(), rows->end(),
                                       [&](const auto& r) { return r.handset.tag == added; });
        if (shown) page.SetBanner("Handset " + added + " added");
    }
    if (query.Has("limit_error")) {
        page.AddError("overdue_minutes",
                      "The overdue limit must be a whole number of minutes "
                      "from 1 to 1440");
    }
    if (query.Has("limit_set")) {
        page.SetBanner("Overdue limit set to " + std::to_string(limit) + " minutes");
    }
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "can_manage", domain::Allowed(actor, Action::kHandsetsManage));
    views::Put(d, "overdue_minutes", limit);
    std::vector<Choice> statuses = {{"", "Any status", status.empty(), ""}};
    for (auto s : domain::AllHandsetStatuses()) {
        const std::string name(domain::HandsetStatusName(s));
        statuses.push_back({name, name, name == status, ""});
    }
    views::Put(d, "f_status", page.Select("status", "Status", statuses));
    std::vector<Choice> wings = {{"", "Any wing", wing.empty(), ""}};
    for (const auto& l : e.wings) wings.push_back({l.code, "Wing " + l.code, l.code == wing, ""});
    views::Put(d, "f_wing", page.Select("wing", "Home wing", wings));
    views::Put(d, "csv",
               LinkWithQuery("/api/v1/establishments/" + e.code + "/handsets.csv",
                             {{"status", status}, {"wing", wing}}));
    Data list = views::List();
    for (const auto& r : *rows) {
        const auto& h = r.handset;
        Data row = views::Object();
        views::Put(row, "tag", h.tag);
        views::Put(row, "model", h.model);
        views::Put(row, "seal", h.seal);
        views::Put(row, "wing", h.home_wing);
        views::Put(row, "status", HandsetStatusTag(h.status));
        views::Put(row, "holder", views::Opt(h.issued_to));
        views::Put(row, "since", h.issued_at ? views::DateTime(*h.issued_at) : std::string());
        views::Put(row, "overdue", r.overdue);
        views::Put(row, "recall", h.recall_requested_at.has_value());
        views::Append(list, std::move(row));
    }
    views::Put(d, "has_rows", views::Size(list) > 0);
    views::Put(d, "count", static_cast<int>(views::Size(list)));
    views::Put(d, "rows", std::move(list));
    views::Put(d, "limit_error", views::Opt(page.ErrorAt("overdue_minutes")));
    return page.Render("tmpp_handsets", page.HasErrors() && !query.Has("limit_error") ? 400 : 200);
}

Result<Response> SetLimit(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    const std::string text(Trim(form.GetOr("overdue_minutes")));
    int minutes = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minutes);
    if (ec != std::errc() || end != text.data() + text.size()) minutes = 0;
    auto set = kit.services.handsets.SetOverdueLimit(ActorOf(context), code, minutes);
    if (!set && set.error().code != ErrorCode::kInvalidInput) return set.error();
    return Response::Redirect("/establishments/" + code + "/handsets" +
                              (set ? "?limit_set=1" : "?limit_error=1"));
}

// ---- adding ----

Response RenderAdd(Page& page, const domain::Establishment& e, const FormData& form, int status) {
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    const std::vector<std::pair<const char*, const char*>> fields = {
        {"tag", "Asset tag"},
        {"imei", "IMEI (15 digits)"},
        {"model", "Model"},
        {"iccid", "SIM ICCID (18 to 20 digits)"},
        {"phone_number", "Phone number"},
        {"seal", "Security seal number"}};
    Data inputs = views::List();
    for (const auto& [id, label] : fields) {
        InputSpec spec;
        spec.id = id;
        spec.label = label;
        spec.value = form.GetOr(id);
        spec.label_class = "govuk-label--s";
        spec.width = "govuk-input--width-20";
        views::Append(inputs, page.Input(spec));
    }
    views::Put(d, "inputs", std::move(inputs));
    std::vector<Choice> wings;
    for (const auto& l : e.wings) {
        wings.push_back({l.code, "Wing " + l.code, l.code == form.GetOr("home_wing"), ""});
    }
    views::Put(d, "f_home_wing", page.Select("home_wing", "Home wing", wings));
    return page.Render("tmpp_handset_new", status);
}

Result<Response> AddForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(
        auto e, kit.services.organisation.GetEstablishment(ActorOf(context), CodeOf(request)));
    Page page(kit, context, "Add a TMPP handset", Section::kEstablishments, request.path);
    page.SetBackLink("/establishments/" + e.code + "/handsets", "Handsets");
    return RenderAdd(page, e, FormData{}, 200);
}

Result<Response> PostAdd(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto e,
                            kit.services.organisation.GetEstablishment(actor, CodeOf(request)));
    domain::HandsetInput in{form.GetOr("tag"),      form.GetOr("imei"),         form.GetOr("model"),
                            form.GetOr("iccid"),    form.GetOr("phone_number"), form.GetOr("seal"),
                            form.GetOr("home_wing")};
    auto added = kit.services.handsets.Add(actor, e.code, in);
    if (added) {
        return Response::Redirect("/establishments/" + e.code + "/handsets?added=" + added->tag);
    }
    Page page(kit, context, "Add a TMPP handset", Section::kEstablishments, request.path);
    page.SetBackLink("/establishments/" + e.code + "/handsets", "Handsets");
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, added.error(), {}, "tag"));
    return RenderAdd(page, e, form, status);
}

// ---- one handset ----

Response RenderHandset(Page& page, const domain::Actor& actor, const domain::HandsetView& v,
                       const FormData& form, int status) {
    const auto& h = v.handset;
    auto& d = page.data();
    views::Put(d, "tag", h.tag);
    views::Put(d, "imei", h.imei);
    views::Put(d, "model", h.model);
    views::Put(d, "iccid", h.iccid);
    views::Put(d, "phone_number", h.phone_number);
    views::Put(d, "seal", h.seal);
    views::Put(d, "est_code", h.establishment);
    views::Put(d, "home_wing", h.home_wing);
    views::Put(d, "status", HandsetStatusTag(h.status));
    views::Put(d, "holder", views::Opt(h.issued_to));
    views::Put(d, "since", h.issued_at ? views::DateTime(*h.issued_at) : std::string());
    views::Put(d, "overdue", v.overdue);
    views::Put(d, "recall", h.recall_requested_at.has_value());
    const bool manage = domain::Allowed(actor, Action::kHandsetsManage);
    const bool in_hand = h.status == HandsetStatus::kAvailable ||
                         h.status == HandsetStatus::kQuarantined ||
                         h.status == HandsetStatus::kDamaged;
    views::Put(d, "can_reseal", manage && in_hand);
    views::Put(d, "can_retire",
               manage && h.status != HandsetStatus::kIssued && h.status != HandsetStatus::kRetired);
    InputSpec seal;
    seal.id = "new_seal";
    seal.name = "seal";
    seal.label = "New seal number";
    seal.value = form.GetOr("seal");
    seal.label_class = "govuk-label--s";
    seal.width = "govuk-input--width-10";
    views::Put(d, "f_seal", page.Input(seal));
    views::Put(d, "note", form.GetOr("note"));
    views::Put(d, "note_error", views::Opt(page.ErrorAt("note")));
    Data timeline = views::List();
    for (auto it = v.timeline.rbegin(); it != v.timeline.rend(); ++it) {
        Data item = views::Object();
        views::Put(item, "title", it->what);
        views::Put(item, "by", it->by);
        views::Put(item, "at", views::DateTime(it->at));
        views::Put(item, "datetime", FormatRfc3339(it->at));
        views::Put(item, "detail", views::Opt(it->detail));
        views::Append(timeline, std::move(item));
    }
    views::Put(d, "timeline", std::move(timeline));
    return page.Render("tmpp_handset", status);
}

Page HandsetPage(const PageKit& kit, Context& context, const domain::Handset& h,
                 const std::string& path) {
    Page page(kit, context, "Handset " + h.tag, Section::kEstablishments, path);
    page.SetBackLink("/establishments/" + h.establishment + "/handsets", "Handsets");
    return page;
}

Result<Response> ShowHandset(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.handsets.Get(actor, TagOf(request)));
    Page page = HandsetPage(kit, context, v.handset, request.path);
    const std::string done = query.GetOr("done");
    if (done == "resealed") page.SetBanner("Handset resealed: it is AVAILABLE again");
    if (done == "retired") page.SetBanner("Handset retired");
    return RenderHandset(page, actor, v, FormData{}, 200);
}

Result<Response> PostReseal(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    auto done =
        kit.services.handsets.Reseal(actor, TagOf(request), form.GetOr("seal"), form.GetOr("note"));
    if (done) return Response::Redirect("/handsets/" + done->tag + "?done=resealed");
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.handsets.Get(actor, TagOf(request)));
    Page page = HandsetPage(kit, context, v.handset, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status,
                            ShowFormError(page, done.error(), {{"seal", "new_seal"}}, "new_seal"));
    return RenderHandset(page, actor, v, form, status);
}

Response RenderRetire(Page& page, const domain::Handset& h, const FormData& form, int status) {
    auto& d = page.data();
    views::Put(d, "tag", h.tag);
    views::Put(d, "model", h.model);
    views::Put(d, "status", HandsetStatusTag(h.status));
    views::Put(d, "reason", form.GetOr("reason"));
    views::Put(d, "reason_error", views::Opt(page.ErrorAt("reason")));
    return page.Render("tmpp_handset_retire", status);
}

Result<Response> RetireForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.handsets.Get(ActorOf(context), TagOf(request)));
    Page page(kit, context, "Retire handset " + v.handset.tag, Section::kEstablishments,
              request.path);
    page.SetBackLink("/handsets/" + v.handset.tag, "Handset " + v.handset.tag);
    return RenderRetire(page, v.handset, FormData{}, 200);
}

Result<Response> PostRetire(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    auto done = kit.services.handsets.Retire(actor, TagOf(request), form.GetOr("reason"));
    if (done) return Response::Redirect("/handsets/" + done->tag + "?done=retired");
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.handsets.Get(actor, TagOf(request)));
    Page page(kit, context, "Retire handset " + v.handset.tag, Section::kEstablishments,
              request.path);
    page.SetBackLink("/handsets/" + v.handset.tag, "Handset " + v.handset.tag);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "reason"));
    return RenderRetire(page, v.handset, form, status);
}

}  // namespace

void AddHandsetPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/establishments/{code}/handsets", Access::kAction, Action::kHandsetsRead,
                Handle(kit, Register)});
    router.Add({"POST", "/establishments/{code}/handsets/overdue-limit", Access::kAction,
                Action::kHandsetsManage, Handle(kit, SetLimit)});
    router.Add({"GET", "/establishments/{code}/handsets/new", Access::kAction,
                Action::kHandsetsManage, Handle(kit, AddForm)});
    router.Add({"POST", "/establishments/{code}/handsets", Access::kAction, Action::kHandsetsManage,
                Handle(kit, PostAdd)});
    router.Add({"GET", "/handsets/{tag}", Access::kAction, Action::kHandsetsRead,
                Handle(kit, ShowHandset)});
    router.Add({"POST", "/handsets/{tag}/reseal", Access::kAction, Action::kHandsetsManage,
                Handle(kit, PostReseal)});
    router.Add({"GET", "/handsets/{tag}/retire", Access::kAction, Action::kHandsetsManage,
                Handle(kit, RetireForm)});
    router.Add({"POST", "/handsets/{tag}/retire", Access::kAction, Action::kHandsetsManage,
                Handle(kit, PostRetire)});
}

}  // namespace warden::web::pages
