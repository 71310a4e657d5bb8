// The signed-in user's own password: GET /account/password (the form) and POST (current, new,
// confirm). A change ends every other session of the user; this browser gets a new session.

#include "web/middleware.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

Response PasswordForm(Page& page, int status) {
    page.SetBackLink("/account", "Your account");
    auto& d = page.data();
    views::Put(d, "f_current_password",
               page.Input({.id = "current_password",
                           .label = "Current password",
                           .type = "password",
                           .autocomplete = "current-password",
                           .width = "govuk-input--width-20"}));
    views::Put(d, "f_new_password",
               page.Input({.id = "new_password",
                           .label = "New password",
                           .type = "password",
                           .hint = "At least 12 characters. Do not use a common password or "
                                   "one you use elsewhere",
                           .autocomplete = "new-password",
                           .width = "govuk-input--width-20"}));
    views::Put(d, "f_confirm_password",
               page.Input({.id = "confirm_password",
                           .label = "Confirm new password",
                           .type = "password",
                           .autocomplete = "new-password",
                           .width = "govuk-input--width-20"}));
    return page.Render("account_password", status);
}

Result<Response> PasswordPage(const PageKit& kit, Request& request, Context& context) {
    Page page(kit, context, "Change your password", Section::kAccount, request.path);
    return PasswordForm(page, 200);
}

Result<Response> ChangePassword(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    domain::PasswordChange change{form.GetOr("current_password"), form.GetOr("new_password"),
                                  form.GetOr("confirm_password")};
    Page page(kit, context, "Change your password", Section::kAccount, request.path);
    if (change.current_password.empty()) {
        page.AddError("current_password", "Enter your current password");
    }
    if (change.new_password.empty()) page.AddError("new_password", "Enter a new password");
    if (change.confirm_password.empty()) {
        page.AddError("confirm_password", "Confirm your new password");
    }
    if (page.HasErrors()) return PasswordForm(page, 400);
    auto changed = kit.services.auth.ChangePassword(ActorOf(context), change);
    if (!changed) {
        if (changed.error().code != ErrorCode::kInvalidInput) return changed.error();
        page.AddErrors(changed.error(), {}, "new_password");
        return PasswordForm(page, 400);
    }
    Response response = Response::Redirect("/account?done=password");
    AddCookie(response, SessionCookie(changed->token));
    return response;
}

}  // namespace

void AddAccountPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/account/password", Access::kSignedIn, {}, Handle(kit, PasswordPage)});
    router.Add({"POST", "/account/password", Access::kSignedIn, {}, Handle(kit, ChangePassword)});
}

}  // namespace warden::web::pages
