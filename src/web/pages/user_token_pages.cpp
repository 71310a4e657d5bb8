// ADMIN: a user's API tokens. The user's page lists them (TokenRows); revoking one goes through a
// confirmation page: GET /admin/users/{username}/tokens/{id}/revoke, then POST to the same path.

#include "core/strings.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

// The token's id from the path; kNotFound when it is not a number.
Result<Id> TokenId(const Request& request) {
    const int id = ParseNonNegativeInt(request.params.at("id"));
    if (id <= 0) return Error::NotFound("No such API token");
    return static_cast<Id>(id);
}

// The user's token `id`, or kNotFound.
Result<domain::ApiToken> FindToken(const PageKit& kit, const Context& context,
                                   const std::string& username, Id id) {
    WARDEN_ASSIGN_OR_RETURN(auto tokens, kit.services.auth.ListTokens(ActorOf(context), username));
    for (auto& t : tokens) {
        if (t.id == id) return t;
    }
    return Error::NotFound("No such API token");
}

Result<Response> RevokeConfirm(const PageKit& kit, Request& request, Context& context) {
    const std::string username = request.params["username"];
    WARDEN_ASSIGN_OR_RETURN(Id id, TokenId(request));
    WARDEN_ASSIGN_OR_RETURN(auto token, FindToken(kit, context, username, id));
    Page page(kit, context, "Revoke API token", Section::kAdmin, request.path);
    page.SetBackLink("/admin/users/" + username, "User " + username);
    auto& d = page.data();
    views::Put(d, "username", username);
    views::Put(d, "id", std::to_string(token.id));
    views::Put(d, "name", token.name);
    views::Put(d, "revoked", token.revoked_at.has_value());
    return page.Render("user_token_revoke");
}

Result<Response> Revoke(const PageKit& kit, Request& request, Context& context) {
    const std::string username = request.params["username"];
    WARDEN_ASSIGN_OR_RETURN(Id id, TokenId(request));
    WARDEN_TRY(kit.services.auth.RevokeToken(ActorOf(context), id, username));
    return Response::Redirect("/admin/users/" + username + "?done=token_revoked");
}

}  // namespace

Data TokenRows(const PageKit& kit, const std::vector<domain::ApiToken>& tokens) {
    const TimePoint now = kit.services.clock.Now();
    Data rows = views::List();
    for (const auto& t : tokens) {
        Data row = views::Object();
        views::Put(row, "id", std::to_string(t.id));
        views::Put(row, "name", t.name);
        views::Put(row, "created", views::DateTime(t.created_at));
        views::Put(row, "expires", t.expires_at ? views::DateTime(*t.expires_at) : "Never");
        views::Put(row, "last_used", t.last_used_at ? views::DateTime(*t.last_used_at) : "Never");
        const bool expired = t.expires_at && *t.expires_at <= now;
        views::Put(row, "status", t.revoked_at ? "Revoked" : expired ? "Expired" : "Active");
        views::Put(row, "active", !t.revoked_at && !expired);
        views::Append(rows, std::move(row));
    }
    return rows;
}

void AddUserTokenPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/admin/users/{username}/tokens/{id}/revoke", Access::kAction,
                Action::kUsersManage, Handle(kit, RevokeConfirm)});
    router.Add({"POST", "/admin/users/{username}/tokens/{id}/revoke", Access::kAction,
                Action::kUsersManage, Handle(kit, Revoke)});
}

}  // namespace warden::web::pages
