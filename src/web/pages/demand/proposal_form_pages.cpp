// The proposal's task list (GOV.UK task-list pattern) and its four section forms, each saved as
// it goes (about; users and supplier; assurance and data; costs), then check your answers with the
// whole-life cost and flags explained, and submitting with a confirmation page.

#include <algorithm>

#include "core/strings.hpp"
#include "web/pages/demand/demand_pages.hpp"
#include "web/pages/tmpp/tmpp_pages.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::ProposalFields;
using domain::ProposalView;

struct SectionSpec {
    const char* key;
    const char* heading;
    std::vector<const char*> fields;  // the fields whose errors make the section incomplete
};

const std::vector<SectionSpec> kSections = {
    {"about", "About the proposal", {"title", "summary", "need", "category"}},
    {"users", "Users and supplier", {"users", "supplier", "wanted_start"}},
    {"assurance", "Assurance and data", {}},
    {"costs",
     "Costs",
     {"one_off_hardware_software_pence", "one_off_labour_pence", "internal_staff_pence",
      "yearly_support_pence", "yearly_live_service_pence", "contract_years"}},
};

const std::vector<std::pair<const char*, const char*>> kCosts = {
    {"one_off_hardware_software_pence", "One-off hardware and software"},
    {"one_off_labour_pence", "One-off labour"},
    {"internal_staff_pence", "Internal staff"},
    {"yearly_support_pence", "Yearly support"},
    {"yearly_live_service_pence", "Yearly live service"},
};

const std::vector<std::pair<const char*, const char*>> kAssurance = {
    {"assured", "It is assured (security and technical assurance done)"},
    {"free_offer", "It is offered free"},
    {"personal_data", "It processes personal data"},
    {"hmpps_network", "It connects to the HMPPS network"},
    {"central_funding_assumed", "It assumes central funding"},
};

const SectionSpec* SectionOf(const std::string& key) {
    for (const auto& s : kSections) {
        if (s.key == key) return &s;
    }
    return nullptr;
}

bool* BoolField(ProposalFields& f, std::string_view key) {
    if (key == "assured") return &f.assured;
    if (key == "free_offer") return &f.free_offer;
    if (key == "personal_data") return &f.personal_data;
    if (key == "hmpps_network") return &f.hmpps_network;
    if (key == "central_funding_assumed") return &f.central_funding_assumed;
    return nullptr;
}

std::int64_t* CostField(ProposalFields& f, std::string_view key) {
    if (key == "one_off_hardware_software_pence") return &f.one_off_hardware_software_pence;
    if (key == "one_off_labour_pence") return &f.one_off_labour_pence;
    if (key == "internal_staff_pence") return &f.internal_staff_pence;
    if (key == "yearly_support_pence") return &f.yearly_support_pence;
    if (key == "yearly_live_service_pence") return &f.yearly_live_service_pence;
    return nullptr;
}

/// Pounds as typed ("1,500", "£1500.5", "0") in pence; nullopt when not an amount. A leading
/// minus is kept so that the domain names the negative cost.
std::optional<std::int64_t> ParsePounds(std::string_view text) {
    std::string s;
    for (char c : Trim(text)) {
        if (c != ',' && c != ' ') s += c;
    }
    if (s.rfind("£", 0) == 0) s.erase(0, std::string("£").size());
    if (s.empty()) return 0;
    bool negative = false;
    if (s.front() == '-') {
        negative = true;
        s.erase(0, 1);
    }
    const auto dot = s.find('.');
    const std::string whole = s.substr(0, dot);
    std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    const auto digits = [](const std::string& t) {
        return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 12 || !digits(whole) || frac.size() > 2 || !digits(frac) ||
        (dot != std::string::npos && frac.empty())) {
        return std::nullopt;
    }
    while (frac.size() < 2) frac += '0';
    const std::int64_t pence = std::stoll(whole) * 100 + std::stoll(frac);
    return negative ? -pence : pence;
}

/// Whether the proposer has started a section: saved it on its form, submitted the proposal
/// before (a RETURNED one), or given one of its answers some other way (the API). The about
/// section is where a draft starts.
bool SectionStarted(const SectionSpec& s, const domain::ProposalView& view) {
    const auto& p = view.proposal;
    if (domain::PartSaved(view.timeline, s.heading) || p.submitted_at) return true;
    const ProposalFields& f = p.fields;
    const std::string_view key = s.key;
    if (key == "about") return true;
    if (key == "users") return !f.users.empty() || !f.supplier.empty() || !f.wanted_start.empty();
    if (key == "assurance") {
        return f.assured || f.free_offer || f.personal_data || f.hmpps_network ||
               f.central_funding_assumed;
    }
    return f.contract_years > 0 || f.one_off_hardware_software_pence > 0 ||
           f.one_off_labour_pence > 0 || f.internal_staff_pence > 0 || f.yearly_support_pence > 0 ||
           f.yearly_live_service_pence > 0;
}

// ---- Task list ----

Result<Response> TasksPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(ActorOf(context), id));
    const auto& p = view.proposal;
    if (!domain::CanEdit(p.state)) return domain::CheckEditable(p.state).error();
    Page page(kit, context, "Your proposal: " + p.fields.title, Section::kProposals, request.path);
    page.SetBackLink("/proposals/" + std::to_string(id), "The proposal");
    if (query.GetOr("saved") == "1") page.SetBanner("Your answers have been saved");
    const Status ready = domain::ValidateForSubmission(p.fields);
    const auto has_error = [&](const char* field) {
        if (ready.ok()) return false;
        const auto& errors = ready.error().fields;
        return std::any_of(errors.begin(), errors.end(),
                           [&](const FieldError& e) { return e.field == field; });
    };
    Data tasks = views::List();
    int done = 0;
    for (const auto& s : kSections) {
        const bool incomplete = std::any_of(s.fields.begin(), s.fields.end(), has_error);
        const bool started = SectionStarted(s, view);
        const bool complete = !incomplete && started;
        done += complete ? 1 : 0;
        Data t = views::Object();
        views::Put(t, "key", s.key);
        views::Put(t, "heading", s.heading);
        views::Put(t, "href", "/proposals/" + std::to_string(id) + "/edit/" + s.key);
        views::Put(t, "status",
                   complete  ? "Completed"
                   : started ? "Incomplete"
                             : "Not yet started");
        views::Put(t, "complete", complete);
        views::Append(tasks, std::move(t));
    }
    auto& d = page.data();
    views::Put(d, "id", static_cast<long long>(id));
    views::Put(d, "proposal_title", p.fields.title);
    views::Put(d, "establishment", p.fields.establishment);
    views::Put(d, "tasks", std::move(tasks));
    views::Put(d, "done", done);
    views::Put(d, "total", static_cast<int>(kSections.size()));
    views::Put(d, "returned", p.state == domain::ProposalState::kReturned);
    views::Put(d, "has_advice", p.advice.has_value());
    if (p.advice) views::Put(d, "advice_text", p.advice->text);
    return page.Render("demand_tasks");
}

// ---- Section forms ----

Result<Response> RenderSection(Page& page, const ProposalView& view, const SectionSpec& s,
                               const FormData* form, int status) {
    const auto& f = view.proposal.fields;
    const std::string id = std::to_string(view.proposal.id);
    page.SetTitle(std::string(s.heading) + ": " + f.title);
    page.SetBackLink("/proposals/" + id + "/tasks", "Task list");
    auto& d = page.data();
    views::Put(d, "id", id);
    views::Put(d, "heading", s.heading);
    views::Put(d, "section", s.key);
    views::Put(d, "proposal_title", f.title);
    const auto value = [&](const char* name, const std::string& stored) {
        return form ? form->GetOr(name) : stored;
    };
    Data fields = views::List();
    const auto add = [&](const char* kind, Data data) {
        Data item = views::Object();
        views::Put(item, kind, std::move(data));
        views::Append(fields, std::move(item));
    };
    const std::string key = s.key;
    if (key == "about") {
        add("input", page.Input({.id = "title",
                                 .label = "Title",
                                 .value = value("title", f.title),
                                 .label_class = "govuk-label--s"}));
        add("textarea", page.Input({.id = "summary",
                                    .label = "Summary",
                                    .value = value("summary", f.summary),
                                    .hint = "What it is and what it does",
                                    .label_class = "govuk-label--s"}));
        add("textarea", page.Input({.id = "need",
                                    .label = "What need does it meet?",
                                    .value = value("need", f.need),
                                    .label_class = "govuk-label--s"}));
        const std::string category = value("category", f.category);
        std::vector<Choice> cats = {{"", "Choose a category", category.empty(), {}}};
        for (auto c : domain::ProposalCategories()) {
            cats.push_back(
                {std::string(c), std::string(domain::CategoryLabel(c)), c == category, {}});
        }
        add("select", page.Select("category", "Category", cats));
    } else if (key == "users") {
        const std::vector<std::string> chosen = form ? form->GetAll("users") : f.users;
        std::vector<Choice> users;
        for (auto u : domain::ProposalUsers()) {
            users.push_back({std::string(u),
                             std::string(domain::UserLabel(u)),
                             std::find(chosen.begin(), chosen.end(), u) != chosen.end(),
                             {}});
        }
        add("checkboxes", page.Checkboxes("users", "Who uses it?", users, "Select all that apply"));
        add("input", page.Input({.id = "supplier",
                                 .label = "Supplier",
                                 .value = value("supplier", f.supplier),
                                 .label_class = "govuk-label--s"}));
        add("date", DateInput(page, "wanted_start", "When do you want it to start?",
                              "For example, 1 4 2027", form ? *form : FormData{}, f.wanted_start));
    } else if (key == "assurance") {
        std::vector<Choice> boxes;
        ProposalFields copy = f;
        for (const auto& [name, text] : kAssurance) {
            const std::vector<std::string> ticked =
                form ? form->GetAll("assurance") : std::vector<std::string>{};
            const bool on = form ? std::find(ticked.begin(), ticked.end(), name) != ticked.end()
                                 : *BoolField(copy, name);
            boxes.push_back({name, text, on, {}});
        }
        add("checkboxes",
            page.Checkboxes("assurance", "Which of these apply?", boxes, "Select all that apply"));
    } else {
        ProposalFields copy = f;
        for (const auto& [name, label] : kCosts) {
            add("input",
                page.Input({.id = name,
                            .label = std::string(label) + " (£)",
                            .value = value(name, PoundsValue(*CostField(copy, name), true)),
                            .hint = "In pounds, for example 1500 or 1500.50",
                            .width = "govuk-input--width-10",
                            .label_class = "govuk-label--s"}));
        }
        add("input", page.Input({.id = "contract_years",
                                 .label = "Contract term in years",
                                 .value = value("contract_years", std::to_string(f.contract_years)),
                                 .hint = "From 0 to 10",
                                 .width = "govuk-input--width-2",
                                 .label_class = "govuk-label--s"}));
    }
    views::Put(d, "fields", std::move(fields));
    return page.Render("demand_section", status);
}

Result<Response> SectionPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    const SectionSpec* s = SectionOf(request.params["section"]);
    if (s == nullptr) return Error::NotFound("There is no such section");
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(ActorOf(context), id));
    WARDEN_TRY(domain::CheckEditable(view.proposal.state));
    Page page(kit, context, s->heading, Section::kProposals, request.path);
    return RenderSection(page, view, *s, nullptr, 200);
}

/// Applies the section's form to `f`; field errors of what cannot be parsed go on `page`.
void Apply(const SectionSpec& s, const FormData& form, ProposalFields& f, Page& page) {
    const std::string key = s.key;
    if (key == "about") {
        f.title = form.GetOr("title");
        f.summary = form.GetOr("summary");
        f.need = form.GetOr("need");
        f.category = form.GetOr("category");
    } else if (key == "users") {
        f.users = form.GetAll("users");
        f.supplier = form.GetOr("supplier");
        f.wanted_start = DateFromForm(form, "wanted_start");
    } else if (key == "assurance") {
        const auto ticked = form.GetAll("assurance");
        for (const auto& [name, text] : kAssurance) {
            *BoolField(f, name) = std::find(ticked.begin(), ticked.end(), name) != ticked.end();
        }
    } else {
        for (const auto& [name, label] : kCosts) {
            const auto pence = ParsePounds(form.GetOr(name));
            if (!pence) {
                page.AddError(name, std::string(label) +
                                        " must be an amount in pounds, like 1500 or 1500.50");
            } else {
                *CostField(f, name) = *pence;
            }
        }
        const std::string years(Trim(form.GetOr("contract_years", "0")));
        const int n = years.empty() ? 0 : ParseNonNegativeInt(years);
        if (n < 0 || years.size() > 3) {
            page.AddError("contract_years", "Contract term must be a whole number from 0 to 10");
        } else {
            f.contract_years = n;
        }
    }
}

Result<Response> SaveSection(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    const SectionSpec* s = SectionOf(request.params["section"]);
    if (s == nullptr) return Error::NotFound("There is no such section");
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(actor, id));
    Page page(kit, context, s->heading, Section::kProposals, request.path);
    ProposalFields fields = view.proposal.fields;
    Apply(*s, form, fields, page);
    if (page.HasErrors()) return RenderSection(page, view, *s, &form, 400);
    auto saved = kit.services.proposals.Update(actor, id, fields, s->heading);
    if (!saved) {
        WARDEN_ASSIGN_OR_RETURN(int status, ShowFormError(page, saved.error(), {}, "title"));
        return RenderSection(page, view, *s, &form, status);
    }
    return Response::Redirect("/proposals/" + std::to_string(id) + "/tasks?saved=1");
}

// ---- Check your answers and submit ----

Result<Response> RenderCheck(Page& page, const ProposalView& view, int status) {
    const auto& p = view.proposal;
    page.SetTitle("Check your answers: " + p.fields.title);
    page.SetBackLink("/proposals/" + std::to_string(p.id) + "/tasks", "Task list");
    auto& d = page.data();
    views::Put(d, "id", static_cast<long long>(p.id));
    views::Put(d, "proposal_title", p.fields.title);
    views::Put(d, "sections", AnswerSections(view, true));
    views::Put(d, "cost", domain::FormatPounds(view.whole_life_cost_pence));
    views::Put(d, "working", WholeLifeWorking(p.fields));
    views::Put(d, "has_flags", !view.flags.empty());
    views::Put(d, "flags", FlagItems(view));
    views::Put(d, "resubmit", p.state == domain::ProposalState::kReturned);
    return page.Render("demand_check", status);
}

Result<Response> CheckPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(ActorOf(context), id));
    WARDEN_TRY(domain::CheckEditable(view.proposal.state));
    Page page(kit, context, "Check your answers", Section::kProposals, request.path);
    return RenderCheck(page, view, 200);
}

Result<Response> Submit(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(Id id, ProposalIdOf(request));
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const auto& actor = ActorOf(context);
    auto submitted = kit.services.proposals.Submit(actor, id);
    if (!submitted) {
        WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.proposals.Get(actor, id));
        Page page(kit, context, "Check your answers", Section::kProposals, request.path);
        std::vector<std::pair<std::string, std::string>> ids;
        for (const auto& e : submitted.error().fields)
            ids.emplace_back(e.field, "answer-" + e.field);
        WARDEN_ASSIGN_OR_RETURN(int status,
                                ShowFormError(page, submitted.error(), ids, "answer-title"));
        return RenderCheck(page, view, status);
    }
    const auto& p = submitted->proposal;
    Page page(kit, context, "Proposal submitted", Section::kProposals, request.path);
    auto& d = page.data();
    views::Put(d, "id", static_cast<long long>(p.id));
    views::Put(d, "proposal_title", p.fields.title);
    views::Put(d, "cost", domain::FormatPounds(submitted->whole_life_cost_pence));
    return page.Render("demand_submitted");
}

}  // namespace

void AddProposalFormPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/proposals/{id}/tasks", Access::kAction, Action::kDemandPropose,
                Handle(kit, TasksPage)});
    router.Add({"GET", "/proposals/{id}/edit/{section}", Access::kAction, Action::kDemandPropose,
                Handle(kit, SectionPage)});
    router.Add({"POST", "/proposals/{id}/edit/{section}", Access::kAction, Action::kDemandPropose,
                Handle(kit, SaveSection)});
    router.Add({"GET", "/proposals/{id}/check", Access::kAction, Action::kDemandPropose,
                Handle(kit, CheckPage)});
    router.Add({"POST", "/proposals/{id}/submit", Access::kAction, Action::kDemandPropose,
                Handle(kit, Submit)});
}

}  // namespace warden::web::pages
