// The wing page where officers work with TMPP handsets: the wing's current published list with
// each prisoner's handset (holding X since 10:02, overdue), the available handsets, and the issue
// and return forms, whose tag field a USB barcode scanner fills (autofocus; Enter submits).

#include "core/strings.hpp"
#include "web/pages/tmpp/handset_view.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::HandsetStatus;

std::string CodeOf(const Request& request) { return ToUpper(request.params.at("code")); }
std::string WingOf(const Request& request) { return ToUpper(request.params.at("wing")); }
std::string BoardPath(const std::string& code, const std::string& wing) {
    return "/establishments/" + code + "/wings/" + wing + "/handsets";
}

// The banner after an issue or a return, from what the service says of the handset.
constexpr const char* kTagLabel = "Scan or type the handset's asset tag";

// A large text field for a code read off the handset or its seal, which a USB barcode scanner
// can fill (no autocomplete).
InputSpec ScanInput(const std::string& id, const std::string& label, const std::string& hint,
                    const std::string& value) {
    InputSpec spec;
    spec.id = id;
    spec.label = label;
    spec.hint = hint;
    spec.value = value;
    spec.label_class = "govuk-label--m";
    spec.width = "govuk-input--width-20";
    spec.autocomplete = "off";
    return spec;
}

void ResultBanner(const PageKit& kit, const domain::Actor& actor, const FormData& query,
                  Page& page) {
    const bool issued = query.Has("issued");
    if (!issued && !query.Has("returned")) return;
    auto v = kit.services.handsets.Get(actor, query.GetOr(issued ? "issued" : "returned"));
    if (!v) return;
    const auto& h = v->handset;
    if (issued && h.status == HandsetStatus::kIssued) {
        page.SetBanner("Handset " + h.tag + " issued to " + h.issued_to);
    } else if (!issued) {
        std::string text =
            "Handset " + h.tag + " returned: " + std::string(domain::HandsetStatusName(h.status));
        if (h.status != HandsetStatus::kAvailable) {
            text += ". Keep it apart and tell the TMPP SPoC";
        }
        // The draft's reference is shown only when it names this handset's incident, read from
        // the store: a banner never echoes the query string.
        const std::string incident = query.GetOr("incident");
        if (domain::IsIncidentReference(incident)) {
            auto draft = kit.services.incidents.Get(actor, incident);
            if (draft && draft->incident.handset == h.tag) {
                text += ". Draft incident " + draft->incident.reference + " is opened:";
                page.SetBanner(text, "/tmpp/incidents/" + draft->incident.reference,
                               "complete and report it");
                return;
            }
        }
        page.SetBanner(text);
    }
}

Result<Response> Board(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    const std::string code = CodeOf(request);
    const std::string wing = WingOf(request);
    WARDEN_ASSIGN_OR_RETURN(auto board, kit.services.handsets.Wing(actor, code, wing));
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    Page page(kit, context, "TMPP handsets on wing " + wing + " at " + e.name,
              Section::kEstablishments, request.path);
    page.SetBackLink("/establishments/" + e.code, e.name);
    ResultBanner(kit, actor, query, page);
    auto& d = page.data();
    const bool can_issue = domain::Allowed(actor, Action::kHandsetsIssue);
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "wing", wing);
    views::Put(d, "can_issue", can_issue);
    views::Put(d, "overdue_minutes", board.overdue_minutes);
    views::Put(d, "has_list", board.list_version.has_value());
    views::Put(d, "version", board.list_version.value_or(0));
    Data rows = views::List();
    int out = 0;
    int overdue = 0;
    for (const auto& entry : board.entries) {
        Data row = views::Object();
        views::Put(row, "number", entry.entry.prison_number);
        views::Put(row, "name", entry.entry.last_name + ", " + entry.entry.first_name);
        views::Put(row, "cell", entry.entry.cell);
        views::Put(row, "conditions",
                   entry.entry.conditions.empty() ? "None" : Join(entry.entry.conditions, ", "));
        views::Put(row, "holding", entry.holding.has_value());
        if (entry.holding) {
            ++out;
            views::Put(row, "tag", entry.holding->tag);
            views::Put(row, "since", views::DateTime(entry.holding->issued_at));
            views::Put(row, "recall", entry.holding->recall_requested_at.has_value());
        }
        views::Put(row, "overdue", entry.overdue);
        if (entry.overdue) ++overdue;
        views::Put(row, "can_issue", can_issue && !entry.holding);
        views::Put(row, "can_return", can_issue && entry.holding.has_value());
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", views::Size(rows) > 0);
    views::Put(d, "rows", std::move(rows));
    views::Put(d, "out", out);
    views::Put(d, "overdue_count", overdue);
    Data available = views::List();
    for (const auto& h : board.available) {
        Data item = views::Object();
        views::Put(item, "tag", h.tag);
        views::Put(item, "model", h.model);
        views::Put(item, "wing", h.home_wing);
        views::Append(available, std::move(item));
    }
    views::Put(d, "has_available", views::Size(available) > 0);
    views::Put(d, "available_count", static_cast<int>(views::Size(available)));
    views::Put(d, "available", std::move(available));
    return page.Render("tmpp_wing_handsets");
}

// ---- issue ----

Response RenderIssue(Page& page, const domain::WingBoard& board, const FormData& form, int status) {
    auto& d = page.data();
    views::Put(d, "est_code", board.establishment);
    views::Put(d, "wing", board.wing);
    const std::string chosen = ToUpper(form.GetOr("prisoner"));
    std::vector<Choice> prisoners;
    std::string conditions;
    for (const auto& e : board.entries) {
        if (e.holding) continue;
        const bool selected = e.entry.prison_number == chosen;
        prisoners.push_back(
            {e.entry.prison_number,
             e.entry.prison_number + " " + e.entry.last_name + ", " + e.entry.first_name, selected,
             ""});
        if (selected) {
            conditions = e.entry.conditions.empty() ? "None" : Join(e.entry.conditions, ", ");
        }
    }
    views::Put(d, "has_prisoners", !prisoners.empty());
    views::Put(d, "f_prisoner", page.Select("prisoner", "Prisoner", prisoners));
    views::Put(d, "conditions", views::Opt(conditions));
    views::Put(d, "f_tag", page.Input(ScanInput("tag", kTagLabel, "", form.GetOr("tag"))));
    views::Put(d, "f_seal",
               page.Input(ScanInput("seal", "Seal number on the handset",
                                    "Read it off the seal: it must match the register",
                                    form.GetOr("seal"))));
    return page.Render("tmpp_handset_issue", status);
}

Page IssuePage(const PageKit& kit, Context& context, const std::string& code,
               const std::string& wing, const std::string& path) {
    Page page(kit, context, "Issue a TMPP handset on wing " + wing, Section::kEstablishments, path);
    page.SetBackLink(BoardPath(code, wing), "Wing " + wing + " handsets");
    return page;
}

Result<Response> IssueForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(
        auto board, kit.services.handsets.Wing(ActorOf(context), CodeOf(request), WingOf(request)));
    Page page = IssuePage(kit, context, board.establishment, board.wing, request.path);
    return RenderIssue(page, board, query, 200);
}

Result<Response> PostIssue(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    // As a return: the issue is the one service call; the board (an audited read) is read only
    // to show the form again.
    auto done = kit.services.handsets.Issue(actor, form.GetOr("tag"), form.GetOr("prisoner"),
                                            form.GetOr("seal"));
    if (done) {
        return Response::Redirect(BoardPath(CodeOf(request), WingOf(request)) +
                                  "?issued=" + done->handset.tag);
    }
    WARDEN_ASSIGN_OR_RETURN(auto board,
                            kit.services.handsets.Wing(actor, CodeOf(request), WingOf(request)));
    Page page = IssuePage(kit, context, board.establishment, board.wing, request.path);
    if (done.error().code == ErrorCode::kNotFound) {
        page.AddError("tag", done.error().message);
        return RenderIssue(page, board, form, 404);
    }
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "tag"));
    return RenderIssue(page, board, form, status);
}

// ---- return ----

Response RenderReturn(Page& page, const std::string& code, const std::string& wing,
                      const std::optional<domain::Handset>& handset, const FormData& form,
                      int status) {
    auto& d = page.data();
    views::Put(d, "est_code", code);
    views::Put(d, "wing", wing);
    views::Put(d, "has_handset", handset.has_value());
    if (handset) {
        views::Put(d, "holder", views::Opt(handset->issued_to));
        views::Put(d, "since",
                   handset->issued_at ? views::DateTime(*handset->issued_at) : std::string());
    }
    views::Put(
        d, "f_tag",
        page.Input(ScanInput("tag", kTagLabel, "", handset ? handset->tag : form.GetOr("tag"))));
    views::Put(
        d, "f_seal",
        page.Input(ScanInput("seal", "Seal number seen on the handset", "", form.GetOr("seal"))));
    const std::string sim = form.GetOr("sim_present", "yes");
    views::Put(d, "sim_yes", sim != "no");
    views::Put(d, "sim_no", sim == "no");
    const std::string condition = form.GetOr("condition", "OK");
    views::Put(d, "condition_ok", condition != "DAMAGED");
    views::Put(d, "condition_damaged", condition == "DAMAGED");
    return page.Render("tmpp_handset_return", status);
}

Page ReturnPage(const PageKit& kit, Context& context, const std::string& code,
                const std::string& wing, const std::string& path) {
    Page page(kit, context, "Take back a TMPP handset on wing " + wing, Section::kEstablishments,
              path);
    page.SetBackLink(BoardPath(code, wing), "Wing " + wing + " handsets");
    return page;
}

Result<Response> ReturnForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const std::string code = CodeOf(request);
    const std::string wing = WingOf(request);
    Page page = ReturnPage(kit, context, code, wing, request.path);
    std::optional<domain::Handset> handset;
    if (!Trim(query.GetOr("tag")).empty()) {
        auto v = kit.services.handsets.Get(ActorOf(context), query.GetOr("tag"));
        if (v) {
            handset = v->handset;
            if (v->handset.status != HandsetStatus::kIssued) {
                page.AddError("tag", "Handset " + v->handset.tag + " is " +
                                         std::string(domain::HandsetStatusName(v->handset.status)) +
                                         ", not ISSUED: there is nothing to take back");
            }
        } else if (v.error().code == ErrorCode::kNotFound) {
            page.AddError("tag", v.error().message);
        } else {
            return v.error();
        }
    }
    return RenderReturn(page, code, wing, handset, query, 200);
}

Result<Response> PostReturn(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    const std::string code = CodeOf(request);
    const std::string wing = WingOf(request);
    if (!form.Has("sim_present")) {
        Page page = ReturnPage(kit, context, code, wing, request.path);
        page.AddError("sim_present", "Say whether the SIM is in the handset");
        return RenderReturn(page, code, wing, std::nullopt, form, 400);
    }
    auto done =
        kit.services.handsets.Return(actor, form.GetOr("tag"), form.GetOr("seal"),
                                     form.GetOr("sim_present") == "yes", form.GetOr("condition"));
    if (done) {
        std::string to = BoardPath(code, wing) + "?returned=" + done->handset.tag;
        if (!done->incident_reference.empty()) to += "&incident=" + done->incident_reference;
        return Response::Redirect(to);
    }
    Page page = ReturnPage(kit, context, code, wing, request.path);
    if (done.error().code == ErrorCode::kNotFound) {
        page.AddError("tag", done.error().message);
        return RenderReturn(page, code, wing, std::nullopt, form, 404);
    }
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "tag"));
    return RenderReturn(page, code, wing, std::nullopt, form, status);
}

}  // namespace

void AddHandsetWingPages(Router& router, const Kit& kit) {
    const std::string base = "/establishments/{code}/wings/{wing}/handsets";
    router.Add({"GET", base, Access::kAction, Action::kHandsetsRead, Handle(kit, Board)});
    router.Add(
        {"GET", base + "/issue", Access::kAction, Action::kHandsetsIssue, Handle(kit, IssueForm)});
    router.Add(
        {"POST", base + "/issue", Access::kAction, Action::kHandsetsIssue, Handle(kit, PostIssue)});
    router.Add({"GET", base + "/return", Access::kAction, Action::kHandsetsIssue,
                Handle(kit, ReturnForm)});
    router.Add({"POST", base + "/return", Access::kAction, Action::kHandsetsIssue,
                Handle(kit, PostReturn)});
}

}  // namespace warden::web::pages
