// The TMPP incident pages: the list (filters by establishment, state, type and overdue; MONITORING
// sees every establishment's), an incident's page (its fields, the steps on the MoJ timeline, each
// email with its delivery state, and the next step for whoever may take it: report or mark a draft
// not reportable, notify the RIU, close). Handlers parse, call IncidentService and render.

#include <functional>

#include "core/strings.hpp"
#include "web/pages/tmpp/incident_view.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {

using domain::Action;
using domain::IncidentStatus;
using domain::IncidentType;

std::string IncidentTypeLabel(IncidentType type) {
    switch (type) {
        case IncidentType::kSealTampered:
            return "Seal tampered";
        case IncidentType::kSimTampered:
            return "SIM tampered";
        case IncidentType::kDamage:
            return "Damage";
        case IncidentType::kLoss:
            return "Loss";
        case IncidentType::kMisuse:
            return "Misuse";
        case IncidentType::kNonCompliance:
            return "Non-compliance";
        case IncidentType::kOther:
            break;
    }
    return "Other";
}

std::string IncidentStatusLabel(IncidentStatus status) {
    switch (status) {
        case IncidentStatus::kDraft:
            return "Draft";
        case IncidentStatus::kReported:
            return "Reported";
        case IncidentStatus::kRiuNotified:
            return "RIU notified";
        case IncidentStatus::kClosed:
            return "Closed";
        case IncidentStatus::kNotReportable:
            break;
    }
    return "Not reportable";
}

Data IncidentStatusTag(IncidentStatus status) {
    const char* tag = "govuk-tag--grey";
    switch (status) {
        case IncidentStatus::kDraft:
            break;
        case IncidentStatus::kReported:
            tag = "govuk-tag--blue";
            break;
        case IncidentStatus::kRiuNotified:
            tag = "govuk-tag--purple";
            break;
        case IncidentStatus::kClosed:
            tag = "govuk-tag--green";
            break;
        case IncidentStatus::kNotReportable:
            tag = "govuk-tag--yellow";
            break;
    }
    Data d = views::Object();
    views::Put(d, "text", IncidentStatusLabel(status));
    views::Put(d, "class", tag);
    return d;
}

namespace {

const std::vector<IncidentType> kTypes = {IncidentType::kSealTampered, IncidentType::kSimTampered,
                                          IncidentType::kDamage,       IncidentType::kLoss,
                                          IncidentType::kMisuse,       IncidentType::kNonCompliance,
                                          IncidentType::kOther};
const std::vector<IncidentStatus> kStatuses = {
    IncidentStatus::kDraft, IncidentStatus::kReported, IncidentStatus::kRiuNotified,
    IncidentStatus::kClosed, IncidentStatus::kNotReportable};

std::string RefOf(const Request& request) { return ToUpper(request.params.at("ref")); }

// ---- the list ----

Result<Response> ListIncidents(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    domain::IncidentQuery q;
    q.establishment = ToUpper(query.GetOr("establishment"));
    q.status = ToUpper(query.GetOr("status"));
    q.type = ToUpper(query.GetOr("type"));
    q.overdue = query.GetOr("overdue");
    q.cursor = query.GetOr("cursor");
    Page page(kit, context, "TMPP incidents", Section::kEstablishments, request.path);
    auto found = kit.services.incidents.List(actor, q);
    if (!found) {
        if (found.error().code != ErrorCode::kInvalidInput) return found.error();
        page.AddErrors(found.error());
        found = domain::IncidentPage{};
    }
    WARDEN_ASSIGN_OR_RETURN(auto establishments,
                            kit.services.organisation.ListEstablishments(actor));
    auto& d = page.data();
    views::Put(d, "can_raise", domain::Allowed(actor, Action::kIncidentsRaise));
    const domain::Scope scope = domain::ActionScope(actor, Action::kIncidentsRead);
    views::Put(d, "national", scope.all);
    // Only the establishments whose incidents the user reads (a national role beside a prison
    // role lists every establishment, but reads incidents of the caseload only).
    std::vector<Choice> ests = {{"", "Any establishment", q.establishment.empty(), ""}};
    for (const auto& e : establishments) {
        if (!scope.Allows(e.code)) continue;
        ests.push_back({e.code, e.name + " (" + e.code + ")", e.code == q.establishment, ""});
    }
    views::Put(d, "f_establishment", page.Select("establishment", "Establishment", ests));
    std::vector<Choice> statuses = {{"", "Any state", q.status.empty(), ""}};
    for (auto s : kStatuses) {
        const std::string name(domain::IncidentStatusName(s));
        statuses.push_back({name, IncidentStatusLabel(s), name == q.status, ""});
    }
    views::Put(d, "f_status", page.Select("status", "State", statuses));
    std::vector<Choice> types = {{"", "Any type", q.type.empty(), ""}};
    for (auto t : kTypes) {
        const std::string name(domain::IncidentTypeName(t));
        types.push_back({name, IncidentTypeLabel(t), name == q.type, ""});
    }
    views::Put(d, "f_type", page.Select("type", "Type", types));
    views::Put(d, "f_overdue",
               page.Select("overdue", "Overdue",
                           {{"", "Overdue or not", q.overdue.empty(), ""},
                            {"true", "RIU notification or placing on report overdue",
                             q.overdue == "true", ""},
                            {"false", "Not overdue", q.overdue == "false", ""}}));
    Data rows = views::List();
    for (const auto& v : found->items) {
        const auto& i = v.incident;
        Data row = views::Object();
        views::Put(row, "reference", i.reference);
        views::Put(row, "type", IncidentTypeLabel(i.type));
        views::Put(row, "establishment", i.establishment);
        views::Put(row, "wing", views::Opt(i.wing));
        views::Put(row, "handset", views::Opt(i.handset));
        views::Put(row, "status", IncidentStatusTag(i.status));
        views::Put(row, "discovered", views::DateTime(i.discovered_at));
        views::Put(row, "overdue", v.riu_overdue);
        views::Put(row, "report_overdue", v.report_overdue);
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", views::Size(rows) > 0);
    views::Put(d, "count", static_cast<int>(views::Size(rows)));
    views::Put(d, "rows", std::move(rows));
    if (!found->next_cursor.empty()) {
        views::Put(
            d, "pagination",
            Pagination({}, {"Older incidents",
                            LinkWithQuery("/tmpp/incidents", {{"establishment", q.establishment},
                                                              {"status", q.status},
                                                              {"type", q.type},
                                                              {"overdue", q.overdue},
                                                              {"cursor", found->next_cursor}})}));
    }
    return page.Render("tmpp_incidents", page.HasErrors() ? 400 : 200);
}

// ---- one incident ----

Page IncidentPage(const PageKit& kit, const Context& context, const std::string& reference,
                  const std::string& path) {
    Page page(kit, context, "Incident " + reference, Section::kEstablishments, path);
    page.SetBackLink("/tmpp/incidents", "TMPP incidents");
    return page;
}

std::string NotificationLabel(const std::string& kind) {
    if (kind == "tmpp.incident.reported") return "Incident reported, to the TMPP SPoC";
    if (kind == "tmpp.incident.riu") return "Notification to the RIU, copying monitoring";
    return kind;
}

Data DeliveryTag(const std::string& state) {
    Data d = views::Object();
    if (state == "SENT") {
        views::Put(d, "text", "Sent");
        views::Put(d, "class", "govuk-tag--green");
    } else if (state == "DEAD") {
        views::Put(d, "text", "Not delivered");
        views::Put(d, "class", "govuk-tag--red");
    } else {
        views::Put(d, "text", "Waiting to send");
        views::Put(d, "class", "govuk-tag--grey");
    }
    return d;
}

std::string SanctionLabel(domain::SanctionKind kind) {
    switch (kind) {
        case domain::SanctionKind::kWithdrawal:
            return "Withdrawal from TMPP";
        case domain::SanctionKind::kPlacedOnReport:
            return "Placed on report";
        case domain::SanctionKind::kOther:
            return "Other sanction";
    }
    return "Other sanction";
}

std::string StepTitle(const std::string& what) {
    if (what == "DRAFTED") return "Draft opened";
    if (what == "RAISED") return "Raised";
    if (what == "REPORTED") return "Reported";
    if (what == "RIU_NOTIFIED") return "RIU notified";
    if (what == "CLOSED") return "Closed";
    if (what == "NOT_REPORTABLE") return "Marked not reportable";
    if (what == "SANCTION") return "Sanction recorded";
    return what;
}

// The sanctions recorded, what closing still needs, and the form to record one.
void PutSanctions(Page& page, const domain::Actor& actor, const domain::IncidentView& v,
                  const FormData& form) {
    const auto& i = v.incident;
    auto& d = page.data();
    Data sanctions = views::List();
    for (const auto& x : v.sanctions) {
        Data row = views::Object();
        views::Put(row, "prisoner", x.prison_number);
        views::Put(row, "kind", SanctionLabel(x.kind));
        std::string detail = x.kind == domain::SanctionKind::kPlacedOnReport
                                 ? "Adjudication " + x.reference
                                 : x.description;
        views::Put(row, "detail", views::Opt(detail));
        views::Put(row, "by", x.recorded_by);
        views::Put(row, "at", views::DateTime(x.recorded_at));
        views::Append(sanctions, std::move(row));
    }
    views::Put(d, "has_sanctions", views::Size(sanctions) > 0);
    views::Put(d, "sanctions", std::move(sanctions));
    Data missing = views::List();
    for (const auto& m : v.missing_for_close) {
        Data row = views::Object();
        std::string kinds;
        for (auto k : m.kinds) kinds += (kinds.empty() ? "" : " and ") + SanctionLabel(k);
        views::Put(row, "text", m.prison_number + ": " + kinds);
        views::Append(missing, std::move(row));
    }
    views::Put(d, "has_missing", views::Size(missing) > 0);
    views::Put(d, "missing", std::move(missing));
    const bool open =
        i.status == IncidentStatus::kReported || i.status == IncidentStatus::kRiuNotified;
    views::Put(d, "can_sanction",
               open && !i.prisoners.empty() && domain::Allowed(actor, Action::kIncidentsSanction));
    std::vector<Choice> prisoners{{"", "Choose a prisoner", form.GetOr("prisoner").empty(), ""}};
    for (const auto& n : i.prisoners) prisoners.push_back({n, n, form.GetOr("prisoner") == n, ""});
    views::Put(d, "f_sanction_prisoner",
               page.Select("sanction-prisoner", "Prisoner", prisoners, {}, "prisoner"));
    const std::string kind = form.GetOr("kind");
    views::Put(
        d, "f_sanction_kind",
        page.Select("sanction-kind", "Sanction",
                    {{"", "Choose a sanction", kind.empty(), ""},
                     {"WITHDRAWAL", "Withdrawal from TMPP", kind == "WITHDRAWAL", ""},
                     {"PLACED_ON_REPORT", "Placed on report", kind == "PLACED_ON_REPORT", ""},
                     {"OTHER", "Other sanction", kind == "OTHER", ""}},
                    "Withdrawal ends the prisoner's TMPP access at once, marks their "
                    "wing's list stale and flags a handset they hold for recall",
                    "kind"));
    views::Put(d, "f_adjudication_reference",
               page.Input({.id = "adjudication-reference",
                           .label = "Adjudication reference (placed on report)",
                           .value = form.GetOr("reference"),
                           .hint = "For example, MDI-000123",
                           .width = "govuk-input--width-10",
                           .label_class = "govuk-label--s",
                           .name = "reference"}));
    views::Put(d, "f_sanction_description",
               page.Input({.id = "sanction-description",
                           .label = "What the sanction is (other)",
                           .value = form.GetOr("sanction_description"),
                           .label_class = "govuk-label--s",
                           .name = "sanction_description"}));
}

Response RenderIncident(Page& page, const domain::Actor& actor, const domain::IncidentView& v,
                        const FormData& form, int status) {
    const auto& i = v.incident;
    auto& d = page.data();
    views::Put(d, "reference", i.reference);
    views::Put(d, "status", IncidentStatusTag(i.status));
    views::Put(d, "type", IncidentTypeLabel(i.type));
    views::Put(d, "establishment", i.establishment);
    views::Put(d, "wing", views::Opt(i.wing));
    views::Put(d, "handset", views::Opt(i.handset));
    Data prisoners = views::List();
    for (const auto& n : i.prisoners) {
        Data p = views::Object();
        views::Put(p, "number", n);
        views::Append(prisoners, std::move(p));
    }
    views::Put(d, "has_prisoners", !i.prisoners.empty());
    views::Put(d, "prisoners", std::move(prisoners));
    views::Put(d, "occurred",
               views::Opt(i.occurred_at ? views::DateTime(*i.occurred_at) : std::string()));
    views::Put(d, "discovered", views::DateTime(i.discovered_at));
    views::Put(d, "reporter", i.reporter);
    views::Put(d, "local_ir_number", views::Opt(i.local_ir_number));
    views::Put(d, "evidence", views::Opt(i.evidence));
    views::Put(d, "description", views::Opt(i.description));
    views::Put(d, "outcome", views::Opt(i.outcome));
    views::Put(d, "no_prisoner_reason", views::Opt(i.no_prisoner_reason));
    views::Put(d, "overdue", v.riu_overdue);
    views::Put(d, "riu_due_by",
               views::Opt(v.riu_due_by ? views::DateTime(*v.riu_due_by) : std::string()));
    views::Put(d, "report_overdue", v.report_overdue);
    views::Put(d, "report_due_by",
               views::Opt(v.report_due_by ? views::DateTime(*v.report_due_by) : std::string()));
    PutSanctions(page, actor, v, form);

    Data notifications = views::List();
    for (const auto& n : v.notifications) {
        Data row = views::Object();
        views::Put(row, "what", NotificationLabel(n.kind));
        views::Put(row, "to", Join(n.to, ", "));
        views::Put(row, "cc", views::Opt(Join(n.cc, ", ")));
        views::Put(row, "queued", views::DateTime(n.created_at));
        views::Put(row, "state", DeliveryTag(n.state));
        views::Put(row, "sent",
                   views::Opt(n.sent_at ? views::DateTime(*n.sent_at) : std::string()));
        views::Append(notifications, std::move(row));
    }
    views::Put(d, "has_notifications", views::Size(notifications) > 0);
    views::Put(d, "notifications", std::move(notifications));

    Data timeline = views::List();
    for (auto it = v.timeline.rbegin(); it != v.timeline.rend(); ++it) {
        Data item = views::Object();
        views::Put(item, "title", StepTitle(it->what));
        views::Put(item, "by", it->by);
        views::Put(item, "at", views::DateTime(it->at));
        views::Put(item, "iso", FormatRfc3339(it->at));
        views::Put(item, "detail", views::Opt(it->detail));
        views::Append(timeline, std::move(item));
    }
    views::Put(d, "timeline", std::move(timeline));

    // The next step, for whoever may take it.
    const bool raise = domain::Allowed(actor, Action::kIncidentsRaise);
    const bool review = domain::Allowed(actor, Action::kIncidentsReview);
    const bool draft = i.status == IncidentStatus::kDraft;
    views::Put(d, "can_report", draft && raise);
    views::Put(d, "can_triage", draft && domain::Allowed(actor, Action::kIncidentsTriage));
    views::Put(d, "can_notify_riu", i.status == IncidentStatus::kReported && review);
    views::Put(d, "can_close", i.status == IncidentStatus::kRiuNotified && review);
    views::Put(d, "takes_no_prisoner_reason", domain::TakesNoPrisonerReason(i));
    views::Put(d, "f_description",
               page.Input({.id = "description",
                           .label = "What happened",
                           .value = form.GetOr("description"),
                           .hint = "The system starts it with TMPP. It is not emailed.",
                           .label_class = "govuk-label--s"}));
    views::Put(d, "f_local_ir_number",
               page.Input({.id = "local_ir_number",
                           .label = "Local IR number (optional)",
                           .value = form.GetOr("local_ir_number"),
                           .width = "govuk-input--width-10",
                           .label_class = "govuk-label--s"}));
    views::Put(d, "f_reason",
               page.Input({.id = "reason",
                           .label = "Why it is not reportable",
                           .value = form.GetOr("reason"),
                           .hint = "For example, the seal number was misread",
                           .label_class = "govuk-label--s"}));
    views::Put(d, "f_outcome",
               page.Input({.id = "outcome",
                           .label = "Outcome",
                           .value = form.GetOr("outcome"),
                           .label_class = "govuk-label--s"}));
    views::Put(d, "f_no_prisoner_reason",
               page.Input({.id = "no_prisoner_reason",
                           .label = "Why no prisoner could be identified",
                           .value = form.GetOr("no_prisoner_reason"),
                           .hint = "Only when no prisoner could be identified: it replaces "
                                   "the withdrawal and placed-on-report sanctions",
                           .label_class = "govuk-label--s"}));
    return page.Render("tmpp_incident", status);
}

std::string DoneBanner(const std::string& done) {
    if (done == "raised") return "Incident raised and reported: the TMPP SPoC is emailed";
    if (done == "reported") return "Incident reported: the TMPP SPoC is emailed";
    if (done == "not_reportable") return "Incident marked not reportable";
    if (done == "riu") return "RIU notified: the email copies the monitoring mailbox";
    if (done == "closed") return "Incident closed";
    if (done == "sanction") return "Sanction recorded";
    return {};
}

Result<Response> ShowIncident(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.incidents.Get(actor, RefOf(request)));
    Page page = IncidentPage(kit, context, v.incident.reference, request.path);
    if (auto banner = DoneBanner(query.GetOr("done")); !banner.empty()) page.SetBanner(banner);
    return RenderIncident(page, actor, v, FormData{}, 200);
}

// Runs a step; on success redirects to the incident with `done`, else shows the page again with
// the error at the form's field (`ids` renames service fields, `fallback_id` takes refusals).
Result<Response> Step(const PageKit& kit, Request& request, Context& context,
                      const std::function<Result<domain::Incident>(const FormData&)>& step,
                      const std::string& done, const std::string& fallback_id,
                      const std::vector<std::pair<std::string, std::string>>& ids = {}) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    auto result = step(form);
    if (result) {
        return Response::Redirect("/tmpp/incidents/" + result->reference + "?done=" + done);
    }
    WARDEN_ASSIGN_OR_RETURN(auto v, kit.services.incidents.Get(actor, RefOf(request)));
    Page page = IncidentPage(kit, context, v.incident.reference, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, result.error(), ids, fallback_id));
    return RenderIncident(page, actor, v, form, status);
}

Result<Response> PostReport(const PageKit& kit, Request& request, Context& context) {
    return Step(
        kit, request, context,
        [&](const FormData& form) {
            domain::IncidentInput in;
            in.description = form.GetOr("description");
            in.local_ir_number = form.GetOr("local_ir_number");
            return kit.services.incidents.Report(ActorOf(context), RefOf(request), in);
        },
        "reported", "description");
}

Result<Response> PostNotReportable(const PageKit& kit, Request& request, Context& context) {
    return Step(
        kit, request, context,
        [&](const FormData& form) {
            return kit.services.incidents.MarkNotReportable(ActorOf(context), RefOf(request),
                                                            form.GetOr("reason"));
        },
        "not_reportable", "reason");
}

Result<Response> PostNotifyRiu(const PageKit& kit, Request& request, Context& context) {
    return Step(
        kit, request, context,
        [&](const FormData&) {
            return kit.services.incidents.NotifyRiu(ActorOf(context), RefOf(request));
        },
        "riu", "notify-riu");
}

Result<Response> PostClose(const PageKit& kit, Request& request, Context& context) {
    return Step(
        kit, request, context,
        [&](const FormData& form) {
            return kit.services.incidents.Close(ActorOf(context), RefOf(request),
                                                form.GetOr("outcome"),
                                                form.GetOr("no_prisoner_reason"));
        },
        "closed", "outcome");
}

Result<Response> PostSanction(const PageKit& kit, Request& request, Context& context) {
    return Step(kit, request, context,
                [&](const FormData& form) -> Result<domain::Incident> {
                    domain::SanctionInput in;
                    in.prisoner = form.GetOr("prisoner");
                    in.kind = form.GetOr("kind");
                    in.reference = form.GetOr("reference");
                    in.description = form.GetOr("sanction_description");
                    const auto& actor = ActorOf(context);
                    WARDEN_TRY(kit.services.incidents.RecordSanction(actor, RefOf(request), in));
                    WARDEN_ASSIGN_OR_RETURN(auto v,
                                            kit.services.incidents.Get(actor, RefOf(request)));
                    return v.incident;
                },
                "sanction", "sanction-kind",
                {{"prisoner", "sanction-prisoner"},
                 {"kind", "sanction-kind"},
                 {"reference", "adjudication-reference"},
                 {"description", "sanction-description"}});
}

}  // namespace

void AddIncidentPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/tmpp/incidents", Access::kAction, Action::kIncidentsRead,
                Handle(kit, ListIncidents)});
    router.Add({"GET", "/tmpp/incidents/{ref}", Access::kAction, Action::kIncidentsRead,
                Handle(kit, ShowIncident)});
    router.Add({"POST", "/tmpp/incidents/{ref}/report", Access::kAction, Action::kIncidentsRaise,
                Handle(kit, PostReport)});
    router.Add({"POST", "/tmpp/incidents/{ref}/not-reportable", Access::kAction,
                Action::kIncidentsTriage, Handle(kit, PostNotReportable)});
    router.Add({"POST", "/tmpp/incidents/{ref}/riu-notification", Access::kAction,
                Action::kIncidentsReview, Handle(kit, PostNotifyRiu)});
    router.Add({"POST", "/tmpp/incidents/{ref}/sanctions", Access::kAction,
                Action::kIncidentsSanction, Handle(kit, PostSanction)});
    router.Add({"POST", "/tmpp/incidents/{ref}/close", Access::kAction, Action::kIncidentsReview,
                Handle(kit, PostClose)});
}

}  // namespace warden::web::pages
