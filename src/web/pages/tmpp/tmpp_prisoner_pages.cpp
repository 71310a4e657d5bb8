// A prisoner's TMPP access: the section of the prisoner page, and the pages that record a need or
// a signed compact, decide the risk band, grant (a GOV.UK task list of the grant's conditions),
// withdraw, and print the compact for signing.

#include <algorithm>

#include "core/strings.hpp"
#include "domain/tmpp/access/access_actions.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {

using domain::AccessState;
using domain::Action;
using domain::NeedKind;
using domain::RiskBand;

std::string BandTagClass(RiskBand band) {
    switch (band) {
        case RiskBand::kGreen:
            return "govuk-tag--green";
        case RiskBand::kAmber:
            return "govuk-tag--orange";
        case RiskBand::kRed:
            return "govuk-tag--red";
    }
    return "govuk-tag--grey";
}

Data BandTag(RiskBand band) {
    Data d = views::Object();
    views::Put(d, "text", domain::RiskBandName(band));
    views::Put(d, "class", BandTagClass(band));
    return d;
}

std::string StateLabel(AccessState state) {
    switch (state) {
        case AccessState::kNone:
            return "No access";
        case AccessState::kRequested:
            return "Requested";
        case AccessState::kCompactSigned:
            return "Compact signed";
        case AccessState::kAssessed:
            return "Assessed";
        case AccessState::kGranted:
            return "Granted";
        case AccessState::kWithdrawn:
            return "Withdrawn";
        case AccessState::kEnded:
            return "Ended";
    }
    return "No access";
}

Data StateTag(AccessState state) {
    const char* tag = "govuk-tag--grey";
    switch (state) {
        case AccessState::kRequested:
            tag = "govuk-tag--light-blue";
            break;
        case AccessState::kCompactSigned:
            tag = "govuk-tag--blue";
            break;
        case AccessState::kAssessed:
            tag = "govuk-tag--purple";
            break;
        case AccessState::kGranted:
            tag = "govuk-tag--green";
            break;
        case AccessState::kWithdrawn:
            tag = "govuk-tag--red";
            break;
        default:
            break;
    }
    Data d = views::Object();
    views::Put(d, "text", StateLabel(state));
    views::Put(d, "class", tag);
    views::Put(d, "code", domain::AccessStateName(state));
    return d;
}

std::string NeedLabel(NeedKind kind) {
    switch (kind) {
        case NeedKind::kIsolating:
            return "Isolating (symptoms or a positive test)";
        case NeedKind::kShielding:
            return "Shielding (clinically extremely vulnerable)";
        case NeedKind::kReverseCohort:
            return "Reverse cohort (new arrival in quarantine)";
        case NeedKind::kNoSafeFixedPhone:
            return "No safe fixed phone (the regime makes the PIN phones impossible or unsafe)";
        case NeedKind::kFixedPhonesOutOfOrder:
            return "Fixed phones out of order";
        case NeedKind::kOther:
            return "Other";
    }
    return "Other";
}

Result<int> ShowFormError(Page& page, const Error& error,
                          const std::vector<std::pair<std::string, std::string>>& ids,
                          const std::string& fallback_id) {
    if (error.code == ErrorCode::kInvalidInput) {
        page.AddErrors(error, ids, fallback_id);
        return 400;
    }
    if (error.code == ErrorCode::kConflict) {
        page.AddError(fallback_id, error.message);
        return 409;
    }
    return error;
}

std::string DateFromForm(const FormData& form, const std::string& id) {
    const std::string day(Trim(form.GetOr(id + "-day")));
    const std::string month(Trim(form.GetOr(id + "-month")));
    const std::string year(Trim(form.GetOr(id + "-year")));
    if (day.empty() && month.empty() && year.empty()) return {};
    const auto pad = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
    return year + "-" + pad(month) + "-" + pad(day);
}

Data DateInput(const Page& page, const std::string& id, const std::string& legend,
               const std::string& hint, const FormData& form, const std::string& iso) {
    std::string day = form.GetOr(id + "-day");
    std::string month = form.GetOr(id + "-month");
    std::string year = form.GetOr(id + "-year");
    if (day.empty() && month.empty() && year.empty() && iso.size() == 10) {
        year = iso.substr(0, 4);
        month = std::to_string(ParseNonNegativeInt(iso.substr(5, 2)));
        day = std::to_string(ParseNonNegativeInt(iso.substr(8, 2)));
    }
    const std::string error = page.ErrorAt(id + "-day");
    Data d = views::Object();
    views::Put(d, "id", id);
    views::Put(d, "legend", legend);
    views::Put(d, "hint", hint);
    views::Put(d, "error", views::Opt(error));
    views::Put(d, "day", day);
    views::Put(d, "month", month);
    views::Put(d, "year", year);
    return d;
}

std::string TmppBanner(const std::string& done) {
    if (done == "need") return "Need recorded";
    if (done == "compact") return "Signed compact recorded";
    if (done == "decision") return "Risk decision recorded";
    if (done == "granted") return "TMPP access granted";
    if (done == "withdrawn") return "TMPP access withdrawn";
    return {};
}

namespace {

std::string EventTitle(domain::EventKind kind) {
    using domain::EventKind;
    switch (kind) {
        case EventKind::kNeedRecorded:
            return "Need recorded";
        case EventKind::kCompactSigned:
            return "Compact signed";
        case EventKind::kDecisionConfirmed:
            return "Recommended band confirmed";
        case EventKind::kDecisionOverridden:
            return "Risk band decided (override)";
        case EventKind::kDecisionReview:
            return "Risk decision marked for review";
        case EventKind::kAccessGranted:
            return "Access granted";
        case EventKind::kAccessWithdrawn:
            return "Access withdrawn";
        case EventKind::kAccessEnded:
            return "Access ended";
        case EventKind::kGrantReview:
            return "Grant marked for review";
        case EventKind::kDecisionExpired:
            return "Risk decision expired";
    }
    return std::string(domain::EventKindName(kind));
}

// The label of an event's field ("" for the note, shown alone).
std::string FieldLabel(domain::EventField::Key key) {
    using Key = domain::EventField::Key;
    switch (key) {
        case Key::kNeed:
            return "Need";
        case Key::kDetail:
        case Key::kReason:
            return "Reason";
        case Key::kCompactVersion:
            return "Compact version";
        case Key::kSignedOn:
            return "Signed on";
        case Key::kWitnessedBy:
            return "Witnessed by";
        case Key::kBand:
            return "Band";
        case Key::kRecommended:
            return "Recommended";
        case Key::kExpires:
            return "Expires";
        case Key::kPhase:
            return "Phase";
        case Key::kConditions:
            return "Conditions";
        case Key::kReviewOn:
            return "Review on";
        case Key::kIncident:
            return "Incident";
        case Key::kNote:
            return "";
    }
    return "";
}

// An event's fields as "Band: GREEN; Recommended: GREEN; Expires: 2027-02-20".
std::string EventDetails(const domain::TimelineEvent& event) {
    std::vector<std::string> parts;
    for (const auto& field : domain::EventFields(event)) {
        const std::string label = FieldLabel(field.key);
        parts.push_back(label.empty() ? field.value : label + ": " + field.value);
    }
    return Join(parts, "; ");
}

std::string Conditions(const std::vector<std::string>& conditions) {
    return conditions.empty() ? "None" : Join(conditions, ", ");
}

Data FiredRows(const std::vector<domain::FiredRule>& fired) {
    Data rows = views::List();
    for (const auto& f : fired) {
        Data row = views::Object();
        views::Put(row, "rule", f.rule_id);
        views::Put(row, "points", f.forces_red ? std::string("RED") : std::to_string(f.points));
        views::Put(row, "evidence", f.evidence);
        views::Append(rows, std::move(row));
    }
    return rows;
}

// The prisoner named in the path, in the actor's caseload.
Result<domain::Prisoner> PrisonerOf(const PageKit& kit, const Request& request,
                                    const Context& context) {
    return kit.services.prisoners.Get(ActorOf(context), request.params.at("number"));
}

// A TMPP form page about `p`: caption, heading and a back link to the prisoner.
Page PrisonerFormPage(const PageKit& kit, const Context& context, const std::string& title,
                      const domain::Prisoner& p, const std::string& path) {
    Page page(kit, context, title + " for " + p.first_name + " " + p.last_name, Section::kPrisoners,
              path);
    page.SetBackLink("/prisoners/" + p.prison_number, p.first_name + " " + p.last_name);
    auto& d = page.data();
    views::Put(d, "number", p.prison_number);
    views::Put(d, "name", p.first_name + " " + p.last_name);
    views::Put(d, "heading", title);
    return page;
}

Response DoneRedirect(const std::string& number, const std::string& done) {
    return Response::Redirect("/prisoners/" + number + "?tmpp=" + done + "#tmpp");
}

// ---- Need ----

Result<Response> RenderNeed(Page& page, const FormData& form, int status) {
    auto& d = page.data();
    const auto chosen = domain::ParseNeedKind(form.GetOr("need"));
    Data items = views::List();
    int i = 0;
    for (NeedKind kind : domain::AllNeedKinds()) {
        Data item = views::Object();
        const std::string id = i == 0 ? "need" : "need-" + std::to_string(i + 1);
        views::Put(item, "item_id", id);
        views::Put(item, "value", domain::NeedKindName(kind));
        views::Put(item, "text", NeedLabel(kind));
        views::Put(item, "checked", chosen == kind);
        const bool other = kind == NeedKind::kOther;
        views::Put(item, "conditional", other);
        views::Put(item, "reveal", other && (chosen == kind || !page.ErrorAt("detail").empty()));
        views::Append(items, std::move(item));
        ++i;
    }
    views::Put(d, "needs", std::move(items));
    views::Put(d, "need_error", views::Opt(page.ErrorAt("need")));
    views::Put(d, "detail", form.GetOr("detail"));
    views::Put(d, "detail_error", views::Opt(page.ErrorAt("detail")));
    return page.Render("tmpp_need", status);
}

Result<Response> NeedForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    Page page = PrisonerFormPage(kit, context, "Record a TMPP need", p, request.path);
    return RenderNeed(page, FormData{}, 200);
}

Result<Response> PostNeed(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    auto done = kit.services.access.RecordNeed(ActorOf(context), p.prison_number,
                                               form.GetOr("need"), form.GetOr("detail"));
    if (done) return DoneRedirect(p.prison_number, "need");
    Page page = PrisonerFormPage(kit, context, "Record a TMPP need", p, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "need"));
    return RenderNeed(page, form, status);
}

// ---- Signed compact ----

Result<Response> RenderCompact(const PageKit& kit, const Context& context, Page& page,
                               const domain::Prisoner& p, const FormData& form, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto versions,
                            kit.services.queue.CompactVersions(ActorOf(context), p.establishment));
    auto& d = page.data();
    const std::string chosen = form.GetOr(
        "compact_version", versions.empty() ? "" : std::to_string(versions.back().version));
    std::vector<Choice> choices;
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        const std::string v = std::to_string(it->version);
        choices.push_back(
            {v, "Version " + v + (it == versions.rbegin() ? " (current)" : ""), v == chosen, {}});
    }
    views::Put(d, "has_versions", !versions.empty());
    views::Put(d, "establishment", p.establishment);
    views::Put(d, "f_version", page.Select("compact_version", "Compact version signed", choices));
    const std::string today = FormatDate(std::chrono::year_month_day{
        std::chrono::floor<std::chrono::days>(kit.services.clock.Now())});
    views::Put(d, "f_signed_on",
               DateInput(page, "signed_on", "Date signed", "For example, 27 3 2026", form,
                         form.Has("signed_on-day") ? "" : today));
    views::Put(d, "f_witness",
               page.Input({.id = "witnessed_by",
                           .label = "Witnessing officer",
                           .value = form.GetOr("witnessed_by"),
                           .hint = "The name of the officer who saw them sign",
                           .autocomplete = "off"}));
    return page.Render("tmpp_compact_sign", status);
}

Result<Response> CompactForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    Page page = PrisonerFormPage(kit, context, "Record a signed compact", p, request.path);
    return RenderCompact(kit, context, page, p, FormData{}, 200);
}

Result<Response> PostCompact(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    const int version = ParseNonNegativeInt(form.GetOr("compact_version"));
    auto done = kit.services.access.RecordCompact(
        ActorOf(context), p.prison_number, std::max(version, 0), DateFromForm(form, "signed_on"),
        form.GetOr("witnessed_by"));
    if (done) return DoneRedirect(p.prison_number, "compact");
    Page page = PrisonerFormPage(kit, context, "Record a signed compact", p, request.path);
    WARDEN_ASSIGN_OR_RETURN(
        int status,
        ShowFormError(page, done.error(), {{"signed_on", "signed_on-day"}}, "compact_version"));
    return RenderCompact(kit, context, page, p, form, status);
}

// ---- Decision ----

Result<Response> RenderDecision(const PageKit& kit, const Context& context, Page& page,
                                const domain::Prisoner& p, const FormData& form, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto view,
                            kit.services.access.RiskAssessment(ActorOf(context), p.prison_number));
    auto& d = page.data();
    std::optional<RiskBand> recommended;
    if (view.recommendation) recommended = view.recommendation->recommendation.band;
    views::Put(d, "has_recommendation", recommended.has_value());
    if (view.recommendation) {
        const auto& r = view.recommendation->recommendation;
        views::Put(d, "rec_band", BandTag(r.band));
        views::Put(d, "rec_score", r.score);
        views::Put(d, "rec_version", r.rules_version);
        views::Put(d, "rec_at", views::DateTime(view.recommendation->assessed_at));
        views::Put(d, "has_fired", !r.fired.empty());
        views::Put(d, "fired", FiredRows(r.fired));
    }
    const std::string chosen =
        form.GetOr("band", recommended ? std::string(domain::RiskBandName(*recommended)) : "");
    Data bands = views::List();
    int i = 0;
    for (RiskBand b : {RiskBand::kGreen, RiskBand::kAmber, RiskBand::kRed}) {
        const std::string name(domain::RiskBandName(b));
        Data item = views::Object();
        views::Put(item, "item_id", i == 0 ? std::string("band") : "band-" + std::to_string(i + 1));
        views::Put(item, "value", name);
        views::Put(item, "text", recommended == b ? name + " (the recommended band)" : name);
        views::Put(item, "checked", chosen == name);
        views::Append(bands, std::move(item));
        ++i;
    }
    views::Put(d, "bands", std::move(bands));
    views::Put(d, "band_error", views::Opt(page.ErrorAt("band")));
    views::Put(d, "reason", form.GetOr("reason"));
    views::Put(d, "reason_error", views::Opt(page.ErrorAt("reason")));
    return page.Render("tmpp_decision", status);
}

Result<Response> DecisionForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    Page page = PrisonerFormPage(kit, context, "Decide the TMPP risk band", p, request.path);
    return RenderDecision(kit, context, page, p, FormData{}, 200);
}

Result<Response> PostDecision(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    auto done = kit.services.access.Decide(ActorOf(context), p.prison_number, form.GetOr("band"),
                                           form.GetOr("reason"));
    if (done) return DoneRedirect(p.prison_number, "decision");
    Page page = PrisonerFormPage(kit, context, "Decide the TMPP risk band", p, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "band"));
    return RenderDecision(kit, context, page, p, form, status);
}

// ---- Grant ----

Result<Response> RenderGrant(const PageKit& kit, const Context& context, Page& page,
                             const std::string& number, const FormData& form, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto list, kit.services.queue.Checklist(ActorOf(context), number));
    auto& d = page.data();
    Data checks = views::List();
    int met = 0;
    for (const auto& c : list.checks) {
        Data item = views::Object();
        views::Put(item, "id", c.id);
        views::Put(item, "label", c.label);
        views::Put(item, "met", c.met);
        views::Put(item, "detail", c.detail);
        views::Append(checks, std::move(item));
        met += c.met ? 1 : 0;
    }
    views::Put(d, "checks", std::move(checks));
    views::Put(d, "met_count", met);
    views::Put(d, "check_count", static_cast<int>(list.checks.size()));
    views::Put(d, "phase", views::PhaseLabel(list.phase));
    views::Put(d, "all_met", list.all_met);
    views::Put(d, "has_grant", list.grant.has_value());
    if (list.grant) {
        views::Put(d, "grant_band", BandTag(list.grant->band));
        views::Put(d, "grant_conditions", Conditions(list.grant->conditions));
        views::Put(d, "grant_review", views::LongDate(list.grant->review_on));
    }
    const bool amber_supervised = list.decision && list.decision->band == RiskBand::kAmber;
    std::vector<std::string> wanted = form.GetAll("conditions");
    if (!form.Has("csrf_token") && amber_supervised) wanted.emplace_back("SUPERVISED_USE");
    const auto has = [&](const char* c) {
        return std::find(wanted.begin(), wanted.end(), c) != wanted.end();
    };
    views::Put(d, "f_conditions",
               page.Checkboxes(
                   "conditions", "Conditions",
                   {{"SUPERVISED_USE", "Supervised use", has("SUPERVISED_USE"),
                     "Used only where an officer can supervise the call"}},
                   "Select all that apply. AMBER grants carry the conditions the phase requires."));
    views::Put(d, "f_review_on",
               DateInput(page, "review_on", "Review date",
                         "Leave empty to review when the risk decision expires. For example, 27 3 "
                         "2027",
                         form));
    return page.Render("tmpp_grant", status);
}

Result<Response> GrantForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    Page page = PrisonerFormPage(kit, context, "Grant TMPP access", p, request.path);
    return RenderGrant(kit, context, page, p.prison_number, FormData{}, 200);
}

Result<Response> PostGrant(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    auto done =
        kit.services.access.GrantAccess(ActorOf(context), p.prison_number,
                                        form.GetAll("conditions"), DateFromForm(form, "review_on"));
    if (done) return DoneRedirect(p.prison_number, "granted");
    Page page = PrisonerFormPage(kit, context, "Grant TMPP access", p, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status,
                            ShowFormError(page, done.error(), {{"review_on", "review_on-day"}}));
    return RenderGrant(kit, context, page, p.prison_number, form, status);
}

// ---- Withdrawal ----

Result<Response> RenderWithdraw(const PageKit& kit, const Context& context, Page& page,
                                const std::string& number, const FormData& form, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.access.Access(ActorOf(context), number));
    auto& d = page.data();
    views::Put(d, "has_grant", view.grant.has_value());
    if (view.grant) {
        views::Put(d, "grant_band", BandTag(view.grant->band));
        views::Put(d, "grant_since", views::DateTime(view.grant->granted_at));
    }
    views::Put(d, "reason", form.GetOr("reason"));
    views::Put(d, "reason_error", views::Opt(page.ErrorAt("reason")));
    views::Put(d, "f_incident",
               page.Input({.id = "incident",
                           .label = "Incident reference (optional)",
                           .value = form.GetOr("incident"),
                           .hint = "The local incident report (IR) number, if there is one",
                           .autocomplete = "off",
                           .width = "govuk-input--width-20"}));
    return page.Render("tmpp_withdraw", status);
}

Result<Response> WithdrawForm(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    Page page = PrisonerFormPage(kit, context, "Withdraw TMPP access", p, request.path);
    return RenderWithdraw(kit, context, page, p.prison_number, FormData{}, 200);
}

Result<Response> PostWithdraw(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    auto done = kit.services.access.Withdraw(ActorOf(context), p.prison_number,
                                             form.GetOr("reason"), form.GetOr("incident"));
    if (done) return DoneRedirect(p.prison_number, "withdrawn");
    Page page = PrisonerFormPage(kit, context, "Withdraw TMPP access", p, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "reason"));
    return RenderWithdraw(kit, context, page, p.prison_number, form, status);
}

// ---- Printable compact ----

Result<Response> PrintCompact(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto p, PrisonerOf(kit, request, context));
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto e,
                            kit.services.organisation.GetEstablishment(actor, p.establishment));
    WARDEN_ASSIGN_OR_RETURN(auto versions,
                            kit.services.queue.CompactVersions(actor, p.establishment));
    Page page(kit, context, "TMPP compact for " + p.first_name + " " + p.last_name,
              Section::kPrisoners, request.path);
    page.SetBackLink("/prisoners/" + p.prison_number, p.first_name + " " + p.last_name);
    auto& d = page.data();
    views::Put(d, "number", p.prison_number);
    views::Put(d, "name", p.first_name + " " + p.last_name);
    views::Put(d, "est_name", e.name);
    views::Put(d, "est_code", e.code);
    views::Put(d, "wing", p.wing);
    views::Put(d, "cell", views::Opt(p.cell));
    views::Put(d, "has_version", !versions.empty());
    if (!versions.empty()) {
        views::Put(d, "version", versions.back().version);
        Data paragraphs = views::List();
        for (const auto& line : Split(versions.back().text, '\n')) {
            const std::string text(Trim(line));
            if (text.empty()) continue;
            Data item = views::Object();
            views::Put(item, "text", text);
            views::Append(paragraphs, std::move(item));
        }
        views::Put(d, "paragraphs", std::move(paragraphs));
    }
    return page.Render("tmpp_compact_print");
}

}  // namespace

Data TmppSection(const domain::Actor& actor, const domain::PrisonerRecordView& record) {
    const auto& p = record.prisoner;
    const auto& view = record.access;
    const auto& risk = record.risk;
    Data d = views::Object();
    views::Put(d, "state", StateTag(view.access.state));
    const bool nothing = view.access.state == AccessState::kNone && view.needs.empty() &&
                         view.timeline.empty() && !risk.recommendation && !risk.decision;
    views::Put(d, "nothing", nothing);

    views::Put(d, "has_grant", view.grant.has_value());
    if (view.grant) {
        const auto& g = *view.grant;
        Data grant = views::Object();
        views::Put(grant, "band", BandTag(g.band));
        views::Put(grant, "phase", g.phase);
        views::Put(grant, "conditions", Conditions(g.conditions));
        views::Put(grant, "review_on", views::LongDate(g.review_on));
        views::Put(grant, "granted_by", g.granted_by);
        views::Put(grant, "granted_at", views::DateTime(g.granted_at));
        views::Put(grant, "needs_review", views::Opt(g.needs_review ? g.review_reason : ""));
        views::Put(d, "grant", std::move(grant));
    }

    Data needs = views::List();
    for (const auto& n : view.needs) {
        Data item = views::Object();
        views::Put(item, "label", NeedLabel(n.kind));
        views::Put(item, "detail", views::Opt(n.detail));
        views::Put(item, "by", n.recorded_by);
        views::Put(item, "at", views::DateTime(n.recorded_at));
        views::Append(needs, std::move(item));
    }
    views::Put(d, "has_needs", !view.needs.empty());
    views::Put(d, "needs", std::move(needs));

    views::Put(d, "has_recommendation", risk.recommendation.has_value());
    if (risk.recommendation) {
        const auto& r = risk.recommendation->recommendation;
        Data rec = views::Object();
        views::Put(rec, "band", BandTag(r.band));
        views::Put(rec, "score", r.score);
        views::Put(rec, "version", r.rules_version);
        views::Put(rec, "at", views::DateTime(risk.recommendation->assessed_at));
        views::Put(rec, "by", risk.recommendation->assessed_by);
        views::Put(rec, "has_fired", !r.fired.empty());
        views::Put(rec, "fired", FiredRows(r.fired));
        views::Put(d, "recommendation", std::move(rec));
    }
    views::Put(d, "has_decision", risk.decision.has_value());
    if (risk.decision) {
        const auto& dec = *risk.decision;
        Data decision = views::Object();
        views::Put(decision, "band", BandTag(dec.band));
        views::Put(decision, "override", dec.is_override);
        views::Put(decision, "reason", views::Opt(dec.reason));
        views::Put(decision, "by", dec.decided_by);
        views::Put(decision, "at", views::DateTime(dec.decided_at));
        views::Put(decision, "expires", views::DateTime(dec.expires_at));
        views::Put(decision, "expired", risk.decision_expired);
        views::Put(decision, "review", views::Opt(dec.needs_review ? dec.review_reason : ""));
        views::Put(d, "decision", std::move(decision));
    }

    Data timeline = views::List();
    views::Reserve(timeline, view.timeline.size());
    for (auto it = view.timeline.rbegin(); it != view.timeline.rend(); ++it) {
        Data item = views::Object();
        views::Put(item, "title", EventTitle(it->kind));
        views::Put(item, "by", it->by);
        views::Put(item, "at", views::DateTime(it->at));
        views::Put(item, "datetime", FormatRfc3339(it->at));
        views::Put(item, "why", views::Opt(EventDetails(*it)));
        views::Append(timeline, std::move(item));
    }
    views::Put(d, "has_timeline", !view.timeline.empty());
    views::Put(d, "timeline", std::move(timeline));

    const domain::AccessActions can = domain::ActionsOn(actor, !p.gone, view);
    views::Put(d, "can_need", can.record_need);
    views::Put(d, "can_compact", can.record_compact);
    views::Put(d, "can_decide", can.decide);
    views::Put(d, "can_grant", can.grant);
    views::Put(d, "can_withdraw", can.withdraw);
    views::Put(d, "has_actions", can.Any());
    return d;
}

void AddTmppPrisonerPages(Router& router, const Kit& kit) {
    const std::string base = "/prisoners/{number}/tmpp/";
    router.Add(
        {"GET", base + "need", Access::kAction, Action::kTmppNeedsRecord, Handle(kit, NeedForm)});
    router.Add(
        {"POST", base + "need", Access::kAction, Action::kTmppNeedsRecord, Handle(kit, PostNeed)});
    router.Add({"GET", base + "compact", Access::kAction, Action::kTmppCompactsSign,
                Handle(kit, CompactForm)});
    router.Add({"POST", base + "compact", Access::kAction, Action::kTmppCompactsSign,
                Handle(kit, PostCompact)});
    router.Add({"GET", base + "compact/print", Access::kAction, Action::kTmppCompactsSign,
                Handle(kit, PrintCompact)});
    router.Add({"GET", base + "decision", Access::kAction, Action::kTmppDecide,
                Handle(kit, DecisionForm)});
    router.Add({"POST", base + "decision", Access::kAction, Action::kTmppDecide,
                Handle(kit, PostDecision)});
    router.Add(
        {"GET", base + "grant", Access::kAction, Action::kTmppGrant, Handle(kit, GrantForm)});
    router.Add(
        {"POST", base + "grant", Access::kAction, Action::kTmppGrant, Handle(kit, PostGrant)});
    router.Add({"GET", base + "withdraw", Access::kAction, Action::kTmppWithdraw,
                Handle(kit, WithdrawForm)});
    router.Add({"POST", base + "withdraw", Access::kAction, Action::kTmppWithdraw,
                Handle(kit, PostWithdraw)});
}

}  // namespace warden::web::pages
