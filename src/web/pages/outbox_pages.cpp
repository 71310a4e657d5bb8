// The email outbox (ADMIN): what is pending, sent and dead, why nothing is sent when no SMTP
// server is configured, and retrying a dead email (ADR 0006).

#include <memory>

#include "core/strings.hpp"
#include "domain/notify/outbox_service.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;
using domain::notify::OutboxMessage;

constexpr int kListSize = 50;

std::string Recipients(const OutboxMessage& m) {
    std::string out = Join(m.to, ", ");
    if (!m.cc.empty()) out += " (copy to " + Join(m.cc, ", ") + ")";
    return out;
}

Data Rows(const std::vector<OutboxMessage>& messages) {
    Data rows = views::List();
    views::Reserve(rows, messages.size());
    for (const auto& m : messages) {
        Data row = views::Object();
        views::Put(row, "id", static_cast<long long>(m.id));
        views::Put(row, "created_at", views::DateTime(m.created_at));
        views::Put(row, "recipients", Recipients(m));
        views::Put(row, "subject", m.subject);
        views::Put(row, "kind", m.kind);
        views::Put(row, "reference", m.reference);
        views::Put(row, "message_id", m.message_id);
        views::Put(row, "attempts", static_cast<long long>(m.attempts));
        views::Put(row, "next_attempt_at", views::DateTime(m.next_attempt_at));
        views::Put(row, "sent_at", views::Opt(m.sent_at ? views::DateTime(*m.sent_at) : ""));
        views::Put(row, "last_error", views::Opt(m.last_error));
        views::Append(rows, std::move(row));
    }
    return rows;
}

Result<Response> RenderOutbox(const PageKit& kit, const Context& context, Page& page, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto view, kit.services.outbox.Overview(ActorOf(context), kListSize));
    page.SetBackLink("/admin", "Administration");
    auto& d = page.data();
    views::Put(d, "sending", view.sending);
    views::Put(d, "why_not_sending", view.why_not_sending);
    views::Put(d, "pending_count", static_cast<long long>(view.counts.pending));
    views::Put(d, "sent_count", static_cast<long long>(view.counts.sent));
    views::Put(d, "dead_count", static_cast<long long>(view.counts.dead));
    views::Put(d, "has_pending", !view.pending.empty());
    views::Put(d, "has_sent", !view.sent.empty());
    views::Put(d, "has_dead", !view.dead.empty());
    views::Put(d, "pending", Rows(view.pending));
    views::Put(d, "sent", Rows(view.sent));
    views::Put(d, "dead", Rows(view.dead));
    views::Put(d, "list_size", static_cast<long long>(kListSize));
    return page.Render("admin_outbox", status);
}

Result<Response> OutboxPage(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    Page page(kit, context, "Email outbox", Section::kAdmin, request.path);
    if (query.GetOr("done") == "retried") {
        page.SetBanner("The email will be sent again, and retried for another 24 hours");
    }
    return RenderOutbox(kit, context, page, 200);
}

Result<Response> RetryDead(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto form, FormOf(request));
    const Id id = ParseNonNegativeInt(request.params["id"]);
    if (id <= 0) return Error::NotFound("There is no such email");
    Status retried = kit.services.outbox.Retry(ActorOf(context), id);
    if (!retried) {
        if (retried.error().code != ErrorCode::kConflict) return retried.error();
        Page page(kit, context, "Email outbox", Section::kAdmin, request.path);
        page.AddErrors(retried.error());
        return RenderOutbox(kit, context, page, 409);
    }
    return Response::Redirect("/admin/outbox?done=retried");
}

}  // namespace

void AddOutboxPages(Router& router, const Kit& kit) {
    router.Add(
        {"GET", "/admin/outbox", Access::kAction, Action::kOutboxManage, Handle(kit, OutboxPage)});
    router.Add({"POST", "/admin/outbox/{id}/retry", Access::kAction, Action::kOutboxManage,
                Handle(kit, RetryDead)});
}

}  // namespace warden::web::pages
