// Sign in, sign out, the home page and the user's own account page.

#include <algorithm>

#include "core/strings.hpp"
#include "web/middleware.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::Role;

// `target` when it is a path on this site ("/x", not "//host" or "/\host"), else "/".
std::string SafeReturnTo(std::string_view target) {
    if (target.empty() || target[0] != '/') return "/";
    if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return "/";
    if (target.size() > 2000) return "/";
    for (char c : target) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return "/";
    }
    if (target.rfind("/sign-in", 0) == 0 || target.rfind("/sign-out", 0) == 0) return "/";
    return std::string(target);
}

// The sign-in form, with the pre-session CSRF token (set as a cookie when the browser has none).
Response SignInForm(const Request& request, Page& page, const std::string& username,
                    const std::string& return_to, int status) {
    Response response;
    const std::string csrf = EnsurePreSessionCsrf(request, response);
    auto& d = page.data();
    views::Put(d, "form_csrf", csrf);
    views::Put(d, "return_to", views::Opt(return_to == "/" ? std::string() : return_to));
    views::Put(d, "f_username",
               page.Input({.id = "username",
                           .label = "Username",
                           .value = username,
                           .autocomplete = "username",
                           .width = "govuk-!-width-two-thirds"}));
    views::Put(d, "f_password",
               page.Input({.id = "password",
                           .label = "Password",
                           .type = "password",
                           .autocomplete = "current-password",
                           .width = "govuk-!-width-two-thirds"}));
    Response rendered = page.Render("sign_in", status);
    rendered.headers.insert(rendered.headers.begin(), response.headers.begin(),
                            response.headers.end());
    return rendered;
}

Result<Response> SignInPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const std::string return_to = SafeReturnTo(query.GetOr("return_to"));
    if (context.actor && context.via_session) return Response::Redirect(return_to);
    Page page(kit, context, "Sign in", Section::kNone);
    if (query.GetOr("signed_out") == "1") page.SetBanner("You have signed out");
    return SignInForm(request, page, "", return_to, 200);
}

Result<Response> SignIn(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string username(Trim(form.GetOr("username")));
    const std::string password = form.GetOr("password");
    const std::string return_to = SafeReturnTo(form.GetOr("return_to"));
    Page page(kit, context, "Sign in", Section::kNone);
    if (username.empty()) page.AddError("username", "Enter your username");
    if (password.empty()) page.AddError("password", "Enter your password");
    if (page.HasErrors()) return SignInForm(request, page, username, return_to, 400);

    auto signed_in = kit.services.auth.SignIn(username, password, request.remote);
    if (!signed_in) {
        if (signed_in.error().code != ErrorCode::kUnauthenticated) return signed_in.error();
        // The form again with the reason, as 200: a wrong password is not a malformed request,
        // and 401 would need a WWW-Authenticate challenge that a form cannot answer.
        page.AddError("username", signed_in.error().message);
        return SignInForm(request, page, username, return_to, 200);
    }
    Response response = Response::Redirect(return_to);
    AddCookie(response, SessionCookie(signed_in->token));
    return response;
}

Result<Response> SignOutPage(const PageKit& kit, Request&, Context& context) {
    Page page(kit, context, "Sign out", Section::kNone);
    return page.Render("sign_out");
}

Result<Response> SignOut(const PageKit& kit, Request& request, Context&) {
    if (auto cookie = GetCookie(request, kSessionCookie); cookie && !cookie->empty()) {
        WARDEN_TRY(kit.services.auth.SignOut(*cookie, request.remote));
    }
    Response response = Response::Redirect("/sign-in?signed_out=1");
    AddCookie(response, ClearSessionCookie());
    return response;
}

Data Link(const std::string& href, const std::string& text, const std::string& description = {}) {
    Data d = views::Object();
    views::Put(d, "href", href);
    views::Put(d, "text", text);
    views::Put(d, "description", views::Opt(description));
    return d;
}

Result<Response> Home(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto establishments,
                            kit.services.organisation.ListEstablishments(actor));
    Page page(kit, context, "Home", Section::kHome, request.path);
    auto& d = page.data();

    // One card per caseload establishment for the roles that work with prisoners.
    const bool reads_prisoners = domain::Allowed(actor, Action::kPrisonersRead);
    Data cards = views::List();
    if (reads_prisoners) {
        for (const auto& e : establishments) {
            if (std::find(actor.caseload.begin(), actor.caseload.end(), e.code) ==
                actor.caseload.end()) {
                continue;
            }
            Data card = views::Object();
            views::Put(card, "heading", e.name + " (" + e.code + ")");
            Data links = views::List();
            views::Append(
                links, Link("/establishments/" + e.code + "/prisoners", "Prisoners at " + e.name));
            views::Append(links, Link("/establishments/" + e.code, "Wings and contacts",
                                      views::PhaseLabel(e.phase)));
            if (domain::Allowed(actor, Action::kPrisonersImport)) {
                views::Append(links, Link("/establishments/" + e.code + "/import",
                                          "Import prisoners for " + e.name));
            }
            if (domain::Allowed(actor, Action::kTmppAssess)) {
                views::Append(links, Link("/establishments/" + e.code + "/tmpp",
                                          "TMPP security queue at " + e.name,
                                          "Needs, risk assessment, decisions and grants"));
            }
            views::Put(card, "links", std::move(links));
            views::Append(cards, std::move(card));
        }
    }
    views::Put(d, "has_establishment_cards", views::Size(cards) > 0);
    views::Put(d, "establishment_cards", std::move(cards));
    views::Put(d, "no_caseload", reads_prisoners && actor.caseload.empty());

    Data general = views::List();
    views::Append(
        general, Link("/establishments", "Establishments",
                      actor.EstablishmentScope().all ? "Every establishment, its wings and contacts"
                                                     : "The establishments in your caseload"));
    if (reads_prisoners) {
        views::Append(general, Link("/prisoners", "Find a prisoner", "Search by prison number"));
    }
    if (domain::Allowed(actor, Action::kIncidentsRead)) {
        views::Append(general, Link("/tmpp/incidents", "TMPP incidents",
                                    "Incident reports, their emails and overdue steps"));
    }
    if (domain::Allowed(actor, Action::kTmppMonitoringRead)) {
        views::Append(general, Link("/tmpp/monitoring", "TMPP monitoring",
                                    "Incidents by month, overdue steps, handsets and grants"));
    }
    views::Append(general, Link("/tmpp/rules", "How the TMPP risk algorithm works",
                                "The rules in force, in plain English"));
    if (domain::Allowed(actor, Action::kAuditRead)) {
        views::Append(general, Link("/audit", "Audit log", "Who changed or read what, and when"));
    }
    views::Append(general, Link("/account", "Your account", "Your roles and caseload"));
    views::Put(d, "general_links", std::move(general));

    const bool admin = domain::Allowed(actor, Action::kUsersManage);
    views::Put(d, "is_admin", admin);
    if (admin) {
        Data links = views::List();
        views::Append(links, Link("/admin/users", "Users", "Create users, set roles and caseload"));
        views::Append(links, Link("/admin/establishments", "Establishments",
                                  "Add and change establishments"));
        views::Append(links, Link("/admin/regions", "Regions", "Regions and their RIU email"));
        views::Put(d, "admin_links", std::move(links));
    }
    return page.Render("home");
}

Result<Response> Account(const PageKit& kit, Request& request, Context& context) {
    const auto& actor = ActorOf(context);
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    Page page(kit, context, "Your account", Section::kAccount, request.path);
    if (query.GetOr("done") == "password") {
        page.SetBanner("Password changed. You have been signed out everywhere else");
    }
    auto& d = page.data();
    views::Put(d, "username", actor.username);
    Data roles = views::List();
    for (Role r : actor.roles) {
        Data item = views::Object();
        views::Put(item, "label", views::RoleLabel(r));
        views::Append(roles, std::move(item));
    }
    views::Put(d, "has_roles", !actor.roles.empty());
    views::Put(d, "roles", std::move(roles));
    views::Put(d, "caseload", views::Opt(Join(actor.caseload, ", ")));
    return page.Render("account");
}

}  // namespace

void AddSessionPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/sign-in", Access::kPublic, {}, Handle(kit, SignInPage)});
    router.Add({"POST",
                "/sign-in",
                Access::kPublic,
                {},
                Handle(kit, SignIn),
                BodyLimit::kSmall,
                /*throttled=*/true});
    router.Add({"GET", "/sign-out", Access::kSignedIn, {}, Handle(kit, SignOutPage)});
    router.Add({"POST", "/sign-out", Access::kSignedIn, {}, Handle(kit, SignOut)});
    router.Add({"GET", "/", Access::kSignedIn, {}, Handle(kit, Home)});
    router.Add({"GET", "/account", Access::kSignedIn, {}, Handle(kit, Account)});
}

}  // namespace warden::web::pages
