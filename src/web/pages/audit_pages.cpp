// The audit log (ADMIN, MONITORING), newest first, optionally for one subject.

#include <memory>

#include "core/strings.hpp"
#include "domain/audit/audit_service.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

constexpr int kPageSize = 100;

Result<Response> AuditLog(const PageKit& kit, Request& request, Context& context) {
    WARDEN_ASSIGN_OR_RETURN(auto query, QueryOf(request));
    const std::string subject(Trim(query.GetOr("subject")));
    Id before = 0;
    if (auto cursor = query.GetOr("cursor"); !cursor.empty()) {
        before = ParseNonNegativeInt(cursor);
        if (before <= 0) return Error::Invalid("The link to this page is not valid");
    }
    WARDEN_ASSIGN_OR_RETURN(auto entries,
                            kit.services.audit.List(ActorOf(context), subject, kPageSize, before));

    Page page(kit, context, "Audit log", Section::kAudit, request.path);
    auto& d = page.data();
    views::Put(d, "f_subject",
               page.Input({.id = "subject",
                           .label = "Subject",
                           .value = subject,
                           .hint = "For example prisoner:A1234BC, establishment:MDI or user:jsmith",
                           .width = "govuk-!-width-one-half"}));
    views::Put(d, "filtered", !subject.empty());
    views::Put(d, "subject_filter", subject);
    Data rows = views::List();
    views::Reserve(rows, entries.size());
    for (const auto& e : entries) {
        Data row = views::Object();
        views::Put(row, "seq", static_cast<long long>(e.seq));
        views::Put(row, "at", views::DateTime(e.at));
        views::Put(row, "actor", e.actor);
        views::Put(row, "source", e.source);
        views::Put(row, "action", e.action);
        views::Put(row, "subject", e.subject);
        views::Put(row, "detail", e.detail);
        views::Append(rows, std::move(row));
    }
    views::Put(d, "has_rows", !entries.empty());
    views::Put(d, "rows", std::move(rows));
    const bool more = static_cast<int>(entries.size()) == kPageSize && entries.back().seq > 1;
    if (more || before > 0) {
        views::Put(
            d, "pagination",
            Pagination(
                {"Newest entries",
                 before > 0 ? LinkWithQuery("/audit", {{"subject", subject}}) : ""},
                {"Older entries",
                 more ? LinkWithQuery("/audit", {{"subject", subject},
                                                 {"cursor", std::to_string(entries.back().seq)}})
                      : ""}));
    } else {
        views::Put(d, "pagination", false);
    }
    return page.Render("audit");
}

}  // namespace

void AddAuditPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/audit", Access::kAction, Action::kAuditRead, Handle(kit, AuditLog)});
}

}  // namespace warden::web::pages
