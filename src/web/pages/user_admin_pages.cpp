// ADMIN: the administration hub, users (list, create, roles and caseload, disable or enable,
// reset password, their API tokens). Each change redirects to the user's page with a success
// banner.

#include <algorithm>

#include "core/strings.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::Role;

std::string_view RoleHint(Role role) {
    switch (role) {
        case Role::kWingOfficer:
            return "Sees the wing lists; issues and returns handsets; raises incidents";
        case Role::kTmppSpoc:
            return "As a wing officer, and manages handsets and triages incidents";
        case Role::kSecurity:
            return "Imports prisoners; assesses, grants and withdraws TMPP access";
        case Role::kGovernor:
            return "Reads everything at their establishments; proposes digital spend";
        case Role::kMonitoring:
            return "National and read-only: incidents, handsets and grants";
        case Role::kDigitalReviewer:
            return "National: weekly review of digital proposals";
        case Role::kAdmin:
            return "Users, establishments and regions; no access to prisoner data";
    }
    return "";
}

std::vector<Role> RolesFrom(const FormData& form) {
    std::vector<Role> roles;
    for (const auto& value : form.GetAll("roles")) {
        if (auto role = domain::ParseRole(value)) roles.push_back(*role);
    }
    return roles;
}

std::vector<Choice> RoleChoices(const std::vector<Role>& selected) {
    std::vector<Choice> out;
    for (Role r : domain::AllRoles()) {
        out.push_back({std::string(domain::RoleName(r)), std::string(views::RoleLabel(r)),
                       std::find(selected.begin(), selected.end(), r) != selected.end(),
                       std::string(RoleHint(r))});
    }
    return out;
}

Result<std::vector<Choice>> CaseloadChoices(const PageKit& kit, const Context& context,
                                            const std::vector<std::string>& selected) {
    WARDEN_ASSIGN_OR_RETURN(auto list,
                            kit.services.organisation.ListEstablishments(ActorOf(context)));
    std::vector<Choice> out;
    out.reserve(list.size());
    for (const auto& e : list) {
        out.push_back({e.code,
                       e.name + " (" + e.code + ")",
                       std::find(selected.begin(), selected.end(), e.code) != selected.end(),
                       {}});
    }
    return out;
}

std::string RoleNames(const std::vector<Role>& roles) {
    std::string out;
    for (Role r : roles) {
        if (!out.empty()) out += ", ";
        out += views::RoleLabel(r);
    }
    return out;
}

Result<Response> AdminHub(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Administration", Section::kAdmin, request.path);
    return page.Render("admin");
}

Result<Response> Users(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto users, kit.services.users.List(ActorOf(context)));
    Page page(kit, context, "Users", Section::kAdmin, request.path);
    page.SetBackLink("/admin", "Administration");
    auto& d = page.data();
    Data rows = views::List();
    views::Reserve(rows, users.size());
    for (const auto& u : users) {
        Data row = views::Object();
        views::Put(row, "username", u.username);
        views::Put(row, "full_name", u.full_name);
        views::Put(row, "email", u.email);
        views::Put(row, "roles", RoleNames(u.roles));
        views::Put(row, "caseload", Join(u.caseload, ", "));
        views::Put(row, "disabled", u.disabled);
        views::Append(rows, std::move(row));
    }
    views::Put(d, "rows", std::move(rows));
    return page.Render("users");
}

// The new-password and confirmation inputs of a user form (never prefilled).
void PutPasswordFields(Page& page, const std::string& label, const std::string& confirm_label) {
    auto& d = page.data();
    views::Put(d, "f_password",
               page.Input({.id = "password",
                           .label = label,
                           .type = "password",
                           .hint = "At least 12 characters",
                           .autocomplete = "new-password",
                           .width = "govuk-input--width-20"}));
    views::Put(d, "f_password_confirm",
               page.Input({.id = "password_confirm",
                           .label = confirm_label,
                           .type = "password",
                           .autocomplete = "new-password",
                           .width = "govuk-input--width-20"}));
}

// The create-user form with `page`'s errors.
Result<Response> RenderNewUser(const PageKit& kit, const Context& context, Page& page,
                               const FormData& form, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto caseload, CaseloadChoices(kit, context, form.GetAll("caseload")));
    page.SetBackLink("/admin/users", "Users");
    auto& d = page.data();
    views::Put(d, "f_username",
               page.Input({.id = "username",
                           .label = "Username",
                           .value = form.GetOr("username"),
                           .hint = "3 to 64 lower-case letters, digits, '.', '_' or '-'",
                           .autocomplete = "off",
                           .width = "govuk-input--width-20"}));
    views::Put(d, "f_full_name",
               page.Input({.id = "full_name",
                           .label = "Full name",
                           .value = form.GetOr("full_name"),
                           .autocomplete = "off"}));
    views::Put(d, "f_email",
               page.Input({.id = "email",
                           .label = "Email address",
                           .value = form.GetOr("email"),
                           .type = "email",
                           .autocomplete = "off"}));
    views::Put(
        d, "f_roles",
        page.Checkboxes("roles", "Roles", RoleChoices(RolesFrom(form)), "Select all that apply."));
    views::Put(d, "f_caseload",
               page.Checkboxes("caseload", "Caseload", caseload,
                               "The establishments this user works in. Needed for wing "
                               "officers, TMPP SPoCs, Security and governors.",
                               "There are no establishments yet."));
    PutPasswordFields(page, "Password", "Confirm password");
    return page.Render("user_new", status);
}

Result<Response> NewUser(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Create a user", Section::kAdmin, request.path);
    return RenderNewUser(kit, context, page, FormData(), 200);
}

Result<Response> CreateUser(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    Page page(kit, context, "Create a user", Section::kAdmin, request.path);
    domain::NewUser user{form.GetOr("username"), form.GetOr("full_name"), form.GetOr("email"),
                         RolesFrom(form),        form.GetAll("caseload"), form.GetOr("password")};
    if (user.password != form.GetOr("password_confirm")) {
        page.AddError("password_confirm", "Enter the same password twice");
        return RenderNewUser(kit, context, page, form, 400);
    }
    auto created = kit.services.users.Create(ActorOf(context), user);
    if (!created) {
        const auto code = created.error().code;
        if (code != ErrorCode::kInvalidInput && code != ErrorCode::kConflict) {
            return created.error();
        }
        page.AddErrors(created.error(), {}, "username");
        return RenderNewUser(kit, context, page, form, code == ErrorCode::kConflict ? 409 : 400);
    }
    return Response::Redirect("/admin/users/" + created->username + "?done=created");
}

// The user's page with `page`'s errors; `access` (when set) is the form's roles and caseload.
Result<Response> RenderUser(const PageKit& kit, const Context& context, Page& page,
                            const std::string& username, const FormData* access, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto user, kit.services.users.Get(ActorOf(context), username));
    std::vector<Role> roles = access ? RolesFrom(*access) : user.roles;
    std::vector<std::string> caseload = access ? access->GetAll("caseload") : user.caseload;
    WARDEN_ASSIGN_OR_RETURN(auto caseload_choices, CaseloadChoices(kit, context, caseload));
    page.SetBackLink("/admin/users", "Users");
    auto& d = page.data();
    views::Put(d, "username", user.username);
    views::Put(d, "full_name", user.full_name);
    views::Put(d, "email", user.email);
    views::Put(d, "role_names", views::Opt(RoleNames(user.roles)));
    views::Put(d, "caseload_names", views::Opt(Join(user.caseload, ", ")));
    views::Put(d, "disabled", user.disabled);
    views::Put(d, "is_self", user.username == ActorOf(context).username);
    views::Put(d, "created_at", views::DateTime(user.created_at));
    views::Put(d, "f_roles", page.Checkboxes("roles", "Roles", RoleChoices(roles)));
    views::Put(d, "f_caseload",
               page.Checkboxes("caseload", "Caseload", caseload_choices, {},
                               "There are no establishments yet."));
    PutPasswordFields(page, "New password", "Confirm new password");
    WARDEN_ASSIGN_OR_RETURN(auto tokens, kit.services.auth.ListTokens(ActorOf(context), username));
    views::Put(d, "tokens", TokenRows(kit, tokens));
    views::Put(d, "has_tokens", !tokens.empty());
    return page.Render("user", status);
}

std::string DoneMessage(const std::string& done) {
    if (done == "created") return "User created";
    if (done == "access") return "Roles and caseload saved. The user's sessions have ended";
    if (done == "disabled") return "Account disabled. The user's sessions have ended";
    if (done == "enabled") return "Account enabled";
    if (done == "password") return "Password reset. The user's sessions have ended";
    if (done == "token_revoked") return "API token revoked";
    return {};
}

Result<Response> UserPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const std::string username = request.params["username"];
    Page page(kit, context, "User " + username, Section::kAdmin, request.path);
    if (auto message = DoneMessage(query.GetOr("done")); !message.empty()) {
        page.SetBanner(message);
    }
    return RenderUser(kit, context, page, username, nullptr, 200);
}

// Re-shows the user's page for a failed change, or passes other errors on.
Result<Response> UserChangeFailed(const PageKit& kit, const Context& context,
                                  const Request& request, const Error& error,
                                  const FormData* access, const std::string& fallback_id) {
    const auto code = error.code;
    if (code != ErrorCode::kInvalidInput && code != ErrorCode::kConflict) return error;
    const std::string username = request.params.at("username");
    Page page(kit, context, "User " + username, Section::kAdmin, request.path);
    page.AddErrors(error, {}, fallback_id);
    return RenderUser(kit, context, page, username, access,
                      code == ErrorCode::kConflict ? 409 : 400);
}

Result<Response> SetAccess(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string username = request.params["username"];
    Status saved = kit.services.users.SetAccess(ActorOf(context), username, RolesFrom(form),
                                                form.GetAll("caseload"));
    if (!saved) return UserChangeFailed(kit, context, request, saved.error(), &form, "roles");
    return Response::Redirect("/admin/users/" + username + "?done=access");
}

Result<Response> SetDisabled(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string username = request.params["username"];
    const bool disable = form.GetOr("disabled") == "true";
    Status saved = kit.services.users.SetDisabled(ActorOf(context), username, disable);
    if (!saved) return UserChangeFailed(kit, context, request, saved.error(), nullptr, "");
    return Response::Redirect("/admin/users/" + username +
                              (disable ? "?done=disabled" : "?done=enabled"));
}

Result<Response> ResetPassword(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const std::string username = request.params["username"];
    const std::string password = form.GetOr("password");
    if (password != form.GetOr("password_confirm")) {
        return UserChangeFailed(
            kit, context, request,
            Error::Invalid("", {{"password_confirm", "Enter the same password twice"}}), nullptr,
            "password");
    }
    Status saved = kit.services.users.ResetPassword(ActorOf(context), username, password);
    if (!saved) return UserChangeFailed(kit, context, request, saved.error(), nullptr, "password");
    return Response::Redirect("/admin/users/" + username + "?done=password");
}

}  // namespace

void AddUserAdminPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/admin", Access::kAction, Action::kUsersManage, Handle(kit, AdminHub)});
    router.Add({"GET", "/admin/users", Access::kAction, Action::kUsersManage, Handle(kit, Users)});
    router.Add(
        {"GET", "/admin/users/new", Access::kAction, Action::kUsersManage, Handle(kit, NewUser)});
    router.Add(
        {"POST", "/admin/users", Access::kAction, Action::kUsersManage, Handle(kit, CreateUser)});
    router.Add({"GET", "/admin/users/{username}", Access::kAction, Action::kUsersManage,
                Handle(kit, UserPage)});
    router.Add({"POST", "/admin/users/{username}/access", Access::kAction, Action::kUsersManage,
                Handle(kit, SetAccess)});
    router.Add({"POST", "/admin/users/{username}/disabled", Access::kAction, Action::kUsersManage,
                Handle(kit, SetDisabled)});
    router.Add({"POST", "/admin/users/{username}/password", Access::kAction, Action::kUsersManage,
                Handle(kit, ResetPassword)});
}

}  // namespace warden::web::pages
