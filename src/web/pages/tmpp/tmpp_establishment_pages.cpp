// An establishment's TMPP pages: the Security queue (filter, sort, pages; run the risk
// assessment; confirm many recommendations at once), the compact versions, the phase (with a
// check-your-answers step listing the grants that would stop qualifying) and the risk rules page.

#include <algorithm>

#include "core/strings.hpp"
#include "core/validation.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::AccessState;
using domain::Action;
using domain::RiskBand;

// The compact's text is edited by SECURITY or ADMIN, and read by them and by wing staff.
constexpr int kQueuePageSize = 50;

const std::vector<std::pair<std::string, std::string>> kSorts = {
    {"number", "Prison number"}, {"name", "Name"}, {"wing", "Wing and cell"},
    {"state", "TMPP state"},     {"band", "Band"}, {"score", "Score"},
};

std::string CodeOf(const Request& request) { return ToUpper(request.params.at("code")); }

// ---- Queue ----

struct QueueParams {
    std::string state, band, wing, sort = "number", order = "asc";
    int page = 1;
};

QueueParams ParamsOf(const FormData& query) {
    QueueParams q;
    q.state = ToUpper(Trim(query.GetOr("state")));
    q.band = ToUpper(Trim(query.GetOr("band")));
    q.wing = ToUpper(Trim(query.GetOr("wing")));
    const std::string sort = query.GetOr("sort");
    for (const auto& [key, text] : kSorts) {
        if (key == sort) q.sort = key;
    }
    q.order = query.GetOr("order") == "desc" ? "desc" : "asc";
    q.page = std::max(1, ParseNonNegativeInt(query.GetOr("page", "1")));
    return q;
}

std::string QueueLink(const std::string& code, const QueueParams& q, int page) {
    return LinkWithQuery("/establishments/" + code + "/tmpp",
                         {{"state", q.state},
                          {"band", q.band},
                          {"wing", q.wing},
                          {"sort", q.sort == "number" ? "" : q.sort},
                          {"order", q.order == "asc" ? "" : q.order},
                          {"page", page > 1 ? std::to_string(page) : ""}});
}

Result<Response> RenderQueue(const PageKit& kit, const Context& context, Page& page,
                             const std::string& code, const QueueParams& q, int status) {
    const auto& actor = ActorOf(context);
    domain::QueueQuery query;
    query.establishment = code;
    query.state = domain::ParseAccessState(q.state);
    query.band = q.band.empty() ? std::nullopt : domain::ParseRiskBand(q.band);
    query.wing = q.wing;
    query.sort = q.sort;
    query.descending = q.order == "desc";
    query.limit = kQueuePageSize;
    query.offset = (q.page - 1) * kQueuePageSize;
    WARDEN_ASSIGN_OR_RETURN(auto list, kit.services.queue.Queue(actor, query));
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    page.SetTitle("TMPP security queue at " + e.name);
    page.SetBackLink("/establishments/" + e.code, e.name);
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "phase", views::PhaseLabel(e.phase));

    std::vector<Choice> states = {{"", "Any state", q.state.empty(), {}}};
    for (auto s : {AccessState::kNone, AccessState::kRequested, AccessState::kCompactSigned,
                   AccessState::kAssessed, AccessState::kGranted, AccessState::kWithdrawn,
                   AccessState::kEnded}) {
        const std::string name(domain::AccessStateName(s));
        states.push_back({name, StateLabel(s), q.state == name, {}});
    }
    views::Put(d, "f_state", page.Select("state", "TMPP state", states));
    std::vector<Choice> bands = {{"", "Any band", q.band.empty(), {}}};
    for (const char* b : {"GREEN", "AMBER", "RED"}) bands.push_back({b, b, q.band == b, {}});
    views::Put(d, "f_band", page.Select("band", "Recommended band", bands));
    std::vector<Choice> wings = {{"", "All wings", q.wing.empty(), {}}};
    for (const auto& w : e.wings) wings.push_back({w.code, w.code, w.code == q.wing, {}});
    views::Put(d, "f_wing", page.Select("wing", "Wing", wings));
    std::vector<Choice> sorts;
    sorts.reserve(kSorts.size());
    for (const auto& [key, text] : kSorts) sorts.push_back({key, text, key == q.sort, {}});
    views::Put(d, "f_sort", page.Select("sort", "Sort by", sorts));
    views::Put(d, "f_order",
               page.Select("order", "Order",
                           {{"asc", "Ascending", q.order == "asc", {}},
                            {"desc", "Descending", q.order == "desc", {}}}));
    views::Put(d, "filtered", !q.state.empty() || !q.band.empty() || !q.wing.empty());

    Data rows = views::List();
    views::Reserve(rows, list.rows.size());
    int selectable = 0;
    for (const auto& r : list.rows) {
        const auto& p = r.prisoner;
        Data row = views::Object();
        views::Put(row, "number", p.prison_number);
        views::Put(row, "name", p.last_name + ", " + p.first_name);
        views::Put(row, "wing", p.wing);
        views::Put(row, "cell", p.cell);
        views::Put(row, "state", StateTag(r.state));
        views::Put(row, "has_rec", r.recommendation.has_value());
        if (r.recommendation) {
            views::Put(row, "rec_band", BandTag(r.recommendation->recommendation.band));
            views::Put(row, "score", r.recommendation->recommendation.score);
        }
        views::Put(row, "selectable", r.confirmable);
        selectable += r.confirmable ? 1 : 0;
        views::Put(row, "has_decision", r.decision.has_value());
        if (r.decision) {
            views::Put(row, "dec_band", BandTag(r.decision->band));
            views::Put(row, "dec_note",
                       views::Opt(r.decision_expired         ? "expired"
                                  : r.decision->needs_review ? "needs review"
                                  : r.decision->is_override  ? "override"
                                                             : ""));
        }
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !list.rows.empty());
    views::Put(d, "rows", std::move(rows));
    views::Put(d, "can_confirm", selectable > 0);
    views::Put(d, "total", views::Thousands(list.total));
    views::Put(d, "one", list.total == 1);
    PutNumberedPager(d, q.page, PageCount(list.total, kQueuePageSize),
                     [&](int n) { return QueueLink(e.code, q, n); });
    views::Put(d, "return_to", QueueLink(e.code, q, q.page));
    Data wing_links = views::List();
    for (const auto& w : e.wings) {
        Data link = views::Object();
        views::Put(link, "code", w.code);
        views::Append(wing_links, std::move(link));
    }
    views::Put(d, "wing_links", std::move(wing_links));
    WARDEN_ASSIGN_OR_RETURN(auto scorer, kit.services.risk_rules.Current(ActorOf(context)));
    views::Put(d, "rules_version", scorer->rules().version);
    return page.Render("tmpp_queue", status);
}

Result<Response> Queue(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const std::string code = CodeOf(request);
    Page page(kit, context, "TMPP security queue", Section::kEstablishments, request.path);
    // The banner shows numbers parsed from the query, never its text.
    auto count = [&](const char* name) { return ParseNonNegativeInt(query.GetOr(name, "0")); };
    if (query.Has("assessed") && count("assessed") >= 0 && count("green") >= 0 &&
        count("amber") >= 0 && count("red") >= 0) {
        page.SetBanner("Risk assessment run for " + std::to_string(count("assessed")) +
                       " prisoners: " + std::to_string(count("green")) + " GREEN, " +
                       std::to_string(count("amber")) + " AMBER, " + std::to_string(count("red")) +
                       " RED");
    } else if (const int n = count("confirmed"); query.Has("confirmed") && n >= 0) {
        page.SetBanner(std::to_string(n) + (n == 1 ? " recommendation" : " recommendations") +
                       " confirmed");
    }
    return RenderQueue(kit, context, page, code, ParamsOf(query), 200);
}

Result<Response> Assess(const PageKit& kit, Request& request, Context& context) {
    const std::string code = CodeOf(request);
    WARDEN_ASSIGN_OR_RETURN(auto summary,
                            kit.services.access.AssessEstablishment(ActorOf(context), code));
    return Response::Redirect(LinkWithQuery("/establishments/" + code + "/tmpp",
                                            {{"assessed", std::to_string(summary.assessed)},
                                             {"green", std::to_string(summary.green)},
                                             {"amber", std::to_string(summary.amber)},
                                             {"red", std::to_string(summary.red)}}));
}

Result<Response> ConfirmMany(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    Page page(kit, context, "TMPP security queue", Section::kEstablishments, request.path);
    const auto numbers = form.GetAll("prisoners");
    if (numbers.empty()) page.AddError("prisoners", "Select the recommendations to confirm");
    WARDEN_ASSIGN_OR_RETURN(auto done,
                            kit.services.access.ConfirmRecommendations(ActorOf(context), numbers));
    for (const auto& refused : done.refused) page.AddError("prisoners", refused.message);
    const size_t confirmed = done.confirmed.size();
    if (!page.HasErrors()) {
        return Response::Redirect("/establishments/" + code +
                                  "/tmpp?confirmed=" + std::to_string(confirmed));
    }
    if (confirmed > 0) {
        page.SetBanner(std::to_string(confirmed) + " other recommendations were confirmed");
    }
    return RenderQueue(kit, context, page, code, ParamsOf(FormData{}), numbers.empty() ? 400 : 409);
}

// ---- Compact versions ----

Result<Response> RenderCompacts(const PageKit& kit, const Context& context, Page& page,
                                const std::string& code, const FormData& form, int status) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto versions, kit.services.queue.CompactVersions(actor, code));
    WARDEN_ASSIGN_OR_RETURN(auto e, kit.services.organisation.GetEstablishment(actor, code));
    page.SetTitle("TMPP compact at " + e.name);
    page.SetBackLink("/establishments/" + e.code, e.name);
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    Data rows = views::List();
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        Data row = views::Object();
        views::Put(row, "version", it->version);
        views::Put(row, "current", it == versions.rbegin());
        views::Put(row, "resign", it->requires_resign);
        views::Put(row, "by", it->created_by);
        views::Put(row, "at", views::DateTime(it->created_at));
        Data paragraphs = views::List();
        for (const auto& line : Split(it->text, '\n')) {
            if (Trim(line).empty()) continue;
            Data item = views::Object();
            views::Put(item, "text", Trim(line));
            views::Append(paragraphs, std::move(item));
        }
        views::Put(row, "paragraphs", std::move(paragraphs));
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_versions", !versions.empty());
    views::Put(d, "versions", std::move(rows));
    views::Put(d, "can_add", domain::Allowed(actor, Action::kTmppCompactsEdit));
    views::Put(d, "text", form.GetOr("text", versions.empty() ? "" : versions.back().text));
    views::Put(d, "text_error", views::Opt(page.ErrorAt("text")));
    views::Put(d, "f_resign",
               page.Checkboxes("requires_resign", "Re-signing",
                               {{"true", "Prisoners must sign this version again",
                                 form.GetOr("requires_resign") == "true",
                                 "Signatures of earlier versions stop counting for new grants"}}));
    return page.Render("tmpp_compacts", status);
}

Result<Response> Compacts(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    Page page(kit, context, "TMPP compact", Section::kEstablishments, request.path);
    if (const int v = ParseNonNegativeInt(query.GetOr("added")); v > 0) {
        page.SetBanner("Compact version " + std::to_string(v) + " added");
    }
    return RenderCompacts(kit, context, page, CodeOf(request), FormData{}, 200);
}

Result<Response> AddCompact(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    auto done = kit.services.access.AddCompactVersion(ActorOf(context), code, form.GetOr("text"),
                                                      form.GetOr("requires_resign") == "true");
    if (done) {
        return Response::Redirect("/establishments/" + code +
                                  "/tmpp/compact?added=" + std::to_string(done->version));
    }
    Page page(kit, context, "TMPP compact", Section::kEstablishments, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "text"));
    return RenderCompacts(kit, context, page, code, form, status);
}

// ---- Phase ----

Data PhaseRows(const std::vector<domain::PhaseRule>& table, int current) {
    Data rows = views::List();
    for (const auto& rule : table) {
        Data row = views::Object();
        views::Put(row, "phase", rule.phase);
        views::Put(row, "current", rule.phase == current);
        std::vector<std::string> needs;
        for (auto n : rule.needs) needs.emplace_back(domain::NeedKindName(n));
        views::Put(row, "needs",
                   needs.empty() ? std::string("None: TMPP not in use") : Join(needs, ", "));
        std::vector<std::string> bands;
        for (auto b : rule.bands) {
            std::string text(domain::RiskBandName(b));
            if (b == RiskBand::kAmber && !rule.amber_conditions.empty()) {
                text += " with " + Join(rule.amber_conditions, ", ");
            }
            bands.push_back(text);
        }
        views::Put(row, "bands", bands.empty() ? std::string("None") : Join(bands, "; "));
        views::Append(rows, std::move(row));
    }
    return rows;
}

Data GrantRows(const std::vector<domain::Grant>& grants, const std::vector<std::string>& reasons) {
    Data rows = views::List();
    for (size_t i = 0; i < grants.size(); ++i) {
        const auto& g = grants[i];
        Data row = views::Object();
        views::Put(row, "number", g.prison_number);
        views::Put(row, "band", BandTag(g.band));
        views::Put(row, "conditions", g.conditions.empty() ? "None" : Join(g.conditions, ", "));
        views::Put(row, "reason", i < reasons.size() ? reasons[i] : g.review_reason);
        views::Append(rows, std::move(row));
    }
    return rows;
}

Result<Response> RenderPhase(const PageKit& kit, const Context& context, Page& page,
                             const std::string& code, int status) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto overview, kit.services.queue.Phases(actor, code));
    const auto& e = overview.establishment;
    page.SetTitle("TMPP phase at " + e.name);
    page.SetBackLink("/establishments/" + e.code, e.name);
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "phase", views::PhaseLabel(e.phase));
    views::Put(d, "rows", PhaseRows(overview.table, e.phase));
    views::Put(d, "has_review", !overview.for_review.empty());
    views::Put(d, "review", GrantRows(overview.for_review, {}));
    Data history = views::List();
    for (const auto& h : overview.history) {
        Data row = views::Object();
        views::Put(row, "at", views::DateTime(h.at));
        views::Put(row, "by", h.by);
        views::Put(row, "from", views::PhaseLabel(h.from));
        views::Put(row, "to", views::PhaseLabel(h.to));
        views::Put(row, "reason", h.reason);
        views::Append(history, std::move(row));
    }
    views::Put(d, "has_history", !overview.history.empty());
    views::Put(d, "history", std::move(history));
    views::Put(d, "can_change", domain::Allowed(actor, Action::kTmppPhaseSet));
    views::Put(d, "phase_error", views::Opt(page.ErrorAt("phase")));
    Data options = views::List();
    for (const auto& rule : overview.table) {
        Data o = views::Object();
        views::Put(o, "item_id",
                   rule.phase == overview.table.front().phase
                       ? std::string("phase")
                       : "phase-" + std::to_string(rule.phase));
        views::Put(o, "value", rule.phase);
        views::Put(o, "text", views::PhaseLabel(rule.phase));
        views::Put(o, "checked", rule.phase == e.phase);
        views::Append(options, std::move(o));
    }
    views::Put(d, "options", std::move(options));
    return page.Render("tmpp_phase", status);
}

Result<Response> Phase(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    Page page(kit, context, "TMPP phase", Section::kEstablishments, request.path);
    if (auto n = query.GetOr("changed"); !n.empty()) {
        page.SetBanner("Phase changed: " + std::to_string(ParseNonNegativeInt(n)) +
                       " grants flagged for review");
    } else if (auto t = query.GetOr("table"); !t.empty()) {
        page.SetBanner("Phase table saved: " + std::to_string(ParseNonNegativeInt(t)) +
                       " grants flagged for review");
    }
    return RenderPhase(kit, context, page, CodeOf(request), 200);
}

Result<Response> RenderPhaseCheck(const PageKit& kit, const Context& context, Page& page,
                                  const std::string& code, int phase, const FormData& form,
                                  int status) {
    WARDEN_ASSIGN_OR_RETURN(auto preview,
                            kit.services.queue.PreviewPhase(ActorOf(context), code, phase));
    const auto& e = preview.establishment;
    page.SetTitle("Check the TMPP phase change at " + e.name);
    page.SetBackLink("/establishments/" + e.code + "/tmpp/phase", "TMPP phase");
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "from", views::PhaseLabel(preview.from));
    views::Put(d, "to", views::PhaseLabel(preview.to));
    views::Put(d, "to_number", preview.to);
    views::Put(d, "has_stop", !preview.would_stop.empty());
    views::Put(d, "stop_count", static_cast<int>(preview.would_stop.size()));
    views::Put(d, "stop", GrantRows(preview.would_stop, preview.reasons));
    views::Put(d, "reason", form.GetOr("reason"));
    views::Put(d, "reason_error", views::Opt(page.ErrorAt("reason")));
    return page.Render("tmpp_phase_check", status);
}

Result<Response> PhaseCheck(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    Page page(kit, context, "Check the TMPP phase change", Section::kEstablishments, request.path);
    const std::string raw(Trim(form.GetOr("phase")));
    const int phase = raw.empty() ? -1 : ParseNonNegativeInt(raw);
    auto preview = kit.services.queue.PreviewPhase(ActorOf(context), code, phase);
    if (!preview) {
        WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, preview.error(), {}, "phase"));
        return RenderPhase(kit, context, page, code, status);
    }
    return RenderPhaseCheck(kit, context, page, code, phase, form, 200);
}

Result<Response> SetPhase(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    const int phase = ParseNonNegativeInt(form.GetOr("phase"));
    auto done = kit.services.access.SetPhase(ActorOf(context), code, phase, form.GetOr("reason"));
    if (done) {
        return Response::Redirect("/establishments/" + code + "/tmpp/phase?changed=" +
                                  std::to_string(done->no_longer_qualify.size()));
    }
    Page page(kit, context, "Check the TMPP phase change", Section::kEstablishments, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "reason"));
    return RenderPhaseCheck(kit, context, page, code, phase, form, status);
}

// ---- Phase table ----

constexpr int kEditablePhases = 3;

// The phases 1 to 3 a phase-table form holds (fields phase{N}_needs, _bands, _amber).
std::vector<domain::PhaseRule> PhasesFromForm(const FormData& form) {
    std::vector<domain::PhaseRule> out;
    for (int phase = 1; phase <= kEditablePhases; ++phase) {
        const std::string name = "phase" + std::to_string(phase);
        domain::PhaseRule& rule = out.emplace_back();
        rule.phase = phase;
        for (const auto& v : form.GetAll(name + "_needs")) {
            if (auto kind = domain::ParseNeedKind(v)) rule.needs.push_back(*kind);
        }
        for (const auto& v : form.GetAll(name + "_bands")) {
            if (auto band = domain::ParseRiskBand(v)) rule.bands.push_back(*band);
        }
        rule.amber_conditions = form.GetAll(name + "_amber");
    }
    return out;
}

// The checkbox groups of one phase, ticked as `rule` says.
Data PhaseFieldset(const Page& page, const domain::PhaseRule& rule) {
    const std::string name = "phase" + std::to_string(rule.phase);
    const auto has_need = [&](domain::NeedKind k) {
        return std::find(rule.needs.begin(), rule.needs.end(), k) != rule.needs.end();
    };
    const auto has_band = [&](RiskBand b) {
        return std::find(rule.bands.begin(), rule.bands.end(), b) != rule.bands.end();
    };
    std::vector<Choice> needs;
    for (auto k : domain::AllNeedKinds()) {
        needs.push_back({std::string(domain::NeedKindName(k)), NeedLabel(k), has_need(k), {}});
    }
    Data d = views::Object();
    views::Put(d, "phase", rule.phase);
    views::Put(d, "needs", page.Checkboxes(name + "_needs", "Needs that qualify", needs));
    views::Put(d, "bands",
               page.Checkboxes(name + "_bands", "Bands that may be granted",
                               {{"GREEN", "GREEN", has_band(RiskBand::kGreen), {}},
                                {"AMBER", "AMBER", has_band(RiskBand::kAmber), {}}},
                               "RED is never granted."));
    const bool supervised = std::find(rule.amber_conditions.begin(), rule.amber_conditions.end(),
                                      domain::kSupervisedUse) != rule.amber_conditions.end();
    views::Put(d, "amber",
               page.Checkboxes(name + "_amber", "Condition of an AMBER grant",
                               {{std::string(domain::kSupervisedUse), "Supervised use", supervised,
                                 "An AMBER grant in this phase must carry this condition"}}));
    return d;
}

Result<Response> RenderPhaseTableForm(const PageKit& kit, const Context& context, Page& page,
                                      const std::string& code,
                                      const std::optional<std::vector<domain::PhaseRule>>& wanted,
                                      int status) {
    WARDEN_ASSIGN_OR_RETURN(auto overview, kit.services.queue.Phases(ActorOf(context), code));
    const auto& e = overview.establishment;
    page.SetTitle("Change the TMPP phase table at " + e.name);
    page.SetBackLink("/establishments/" + e.code + "/tmpp/phase", "TMPP phase");
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    Data phases = views::List();
    const auto& table = wanted ? *wanted : overview.table;
    for (int phase = 1; phase <= kEditablePhases; ++phase) {
        auto rule = domain::FindPhase(table, phase).value_or(domain::PhaseRule{phase, {}, {}, {}});
        views::Append(phases, PhaseFieldset(page, rule));
    }
    views::Put(d, "phases", std::move(phases));
    return page.Render("tmpp_phase_table", status);
}

Result<Response> PhaseTableForm(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Change the TMPP phase table", Section::kEstablishments, request.path);
    return RenderPhaseTableForm(kit, context, page, CodeOf(request), std::nullopt, 200);
}

// Hidden fields carrying `phases` to the confirming POST.
Data HiddenPhaseFields(const std::vector<domain::PhaseRule>& phases) {
    Data fields = views::List();
    const auto add = [&](const std::string& name, std::string_view value) {
        Data f = views::Object();
        views::Put(f, "name", name);
        views::Put(f, "value", std::string(value));
        views::Append(fields, std::move(f));
    };
    for (const auto& r : phases) {
        if (r.phase == 0) continue;
        const std::string name = "phase" + std::to_string(r.phase);
        for (auto n : r.needs) add(name + "_needs", domain::NeedKindName(n));
        for (auto b : r.bands) add(name + "_bands", domain::RiskBandName(b));
        for (const auto& c : r.amber_conditions) add(name + "_amber", c);
    }
    return fields;
}

Result<Response> PhaseTableCheck(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    Page page(kit, context, "Check the TMPP phase table", Section::kEstablishments, request.path);
    const auto wanted = PhasesFromForm(form);
    auto preview = kit.services.queue.PreviewPhaseTable(ActorOf(context), code, wanted);
    if (!preview) {
        WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, preview.error(), {}, "phases"));
        return RenderPhaseTableForm(kit, context, page, code, wanted, status);
    }
    WARDEN_ASSIGN_OR_RETURN(auto table, domain::ValidatePhaseTable(wanted));
    const auto& e = preview->establishment;
    page.SetTitle("Check the TMPP phase table at " + e.name);
    page.SetBackLink("/establishments/" + e.code + "/tmpp/phase/table", "Change the phase table");
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "phase", views::PhaseLabel(e.phase));
    views::Put(d, "rows", PhaseRows(table, e.phase));
    views::Put(d, "hidden", HiddenPhaseFields(table));
    views::Put(d, "has_stop", !preview->would_stop.empty());
    views::Put(d, "stop_count", static_cast<int>(preview->would_stop.size()));
    views::Put(d, "stop", GrantRows(preview->would_stop, preview->reasons));
    return page.Render("tmpp_phase_table_check");
}

Result<Response> SetPhaseTable(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string code = CodeOf(request);
    const auto wanted = PhasesFromForm(form);
    auto done = kit.services.access.SetPhaseTable(ActorOf(context), code, wanted);
    if (done) {
        return Response::Redirect("/establishments/" + code + "/tmpp/phase?table=" +
                                  std::to_string(done->no_longer_qualify.size()));
    }
    Page page(kit, context, "Change the TMPP phase table", Section::kEstablishments, request.path);
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "phases"));
    return RenderPhaseTableForm(kit, context, page, code, wanted, status);
}

// ---- Risk rules ----

Result<Response> Rules(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.risk_rules.Rules(ActorOf(context)));
    const auto& rules = view.scorer->rules();
    Page page(kit, context, "How the TMPP risk algorithm works", Section::kNone, request.path);
    // The banner names the version in force (from the service), never the query's text.
    if (query.Has("replaced")) {
        page.SetBanner("Risk rules version " + rules.version + " are now in force");
    }
    auto& d = page.data();
    views::Put(d, "version", rules.version);
    views::Put(d, "bands", domain::DescribeBands(rules));
    views::Put(d, "amber_at", rules.amber_at);
    views::Put(d, "red_at", rules.red_at);
    views::Put(d, "is_default", !view.stored.has_value());
    Data rows = views::List();
    for (const auto& s : domain::DescribeRules(rules)) {
        Data row = views::Object();
        views::Put(row, "id", s.id);
        views::Put(row, "text", s.text);
        views::Put(row, "condition", s.condition);
        views::Append(rows, std::move(row));
    }
    views::Put(d, "rules", std::move(rows));
    Data history = views::List();
    for (size_t i = 0; i < view.history.size(); ++i) {
        const auto& h = view.history[i];
        Data row = views::Object();
        views::Put(row, "version", h.version);
        views::Put(row, "by", h.uploaded_by);
        views::Put(row, "at", views::DateTime(h.uploaded_at));
        views::Put(row, "current", i == 0);
        views::Append(history, std::move(row));
    }
    views::Put(d, "has_history", !view.history.empty());
    views::Put(d, "history", std::move(history));
    views::Put(d, "default_version", domain::DefaultRiskRules().version);
    views::Put(d, "can_replace", domain::Allowed(ActorOf(context), Action::kTmppRulesReplace));
    return page.Render("tmpp_rules");
}

Result<Response> RenderRulesReplace(Page& page, const std::string& text, int status) {
    page.SetBackLink("/tmpp/rules", "How the TMPP risk algorithm works");
    auto& d = page.data();
    views::Put(d, "text", text);
    views::Put(d, "rules_error", views::Opt(page.ErrorAt("rules")));
    return page.Render("tmpp_rules_replace", status);
}

Result<Response> RulesReplaceForm(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Replace the risk rules", Section::kNone, request.path);
    return RenderRulesReplace(page, "", 200);
}

Result<Response> RulesReplace(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Replace the risk rules", Section::kNone, request.path);
    std::string text;
    if (MediaType(request.Header("content-type")) == "multipart/form-data") {
        auto form = ParseMultipart(request.body, request.Header("content-type"));
        if (!form) {
            page.AddError("rules", "Choose a rules file or paste the rules");
            return RenderRulesReplace(page, "", 400);
        }
        const MultipartPart* file = form->Find("rules_file");
        if (file != nullptr && !file->data.empty()) {
            text = file->data;
        } else {
            text = form->Fields().GetOr("rules");
        }
    } else {
        WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
        text = form.GetOr("rules");
    }
    auto done = kit.services.risk_rules.Replace(ActorOf(context), text);
    if (done)
        return Response::Redirect(LinkWithQuery("/tmpp/rules", {{"replaced", done->version}}));
    WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, done.error(), {}, "rules"));
    return RenderRulesReplace(page, IsValidUtf8(text) ? text : "", status);
}

}  // namespace

void AddTmppEstablishmentPages(Router& router, const Kit& kit) {
    const std::string base = "/establishments/{code}/tmpp";
    router.Add({"GET", base, Access::kAction, Action::kTmppAssess, Handle(kit, Queue)});
    router.Add(
        {"POST", base + "/assess", Access::kAction, Action::kTmppAssess, Handle(kit, Assess)});
    router.Add({"POST", base + "/decisions", Access::kAction, Action::kTmppDecide,
                Handle(kit, ConfirmMany)});
    router.Add({"GET", base + "/compact", Access::kAction, Action::kTmppCompactsRead,
                Handle(kit, Compacts)});
    router.Add({"POST", base + "/compact", Access::kAction, Action::kTmppCompactsEdit,
                Handle(kit, AddCompact)});
    router.Add({"GET", base + "/phase", Access::kAction, Action::kTmppRead, Handle(kit, Phase)});
    router.Add({"POST", base + "/phase/check", Access::kAction, Action::kTmppPhaseSet,
                Handle(kit, PhaseCheck)});
    router.Add(
        {"POST", base + "/phase", Access::kAction, Action::kTmppPhaseSet, Handle(kit, SetPhase)});
    router.Add({"GET", base + "/phase/table", Access::kAction, Action::kTmppPhaseSet,
                Handle(kit, PhaseTableForm)});
    router.Add({"POST", base + "/phase/table/check", Access::kAction, Action::kTmppPhaseSet,
                Handle(kit, PhaseTableCheck)});
    router.Add({"POST", base + "/phase/table", Access::kAction, Action::kTmppPhaseSet,
                Handle(kit, SetPhaseTable)});
    router.Add({"GET", "/tmpp/rules", Access::kAction, Action::kTmppRulesRead, Handle(kit, Rules)});
    router.Add({"GET", "/tmpp/rules/replace", Access::kAction, Action::kTmppRulesReplace,
                Handle(kit, RulesReplaceForm)});
    router.Add({"POST", "/tmpp/rules/replace", Access::kAction, Action::kTmppRulesReplace,
                Handle(kit, RulesReplace), BodyLimit::kUpload});
}

}  // namespace warden::web::pages
