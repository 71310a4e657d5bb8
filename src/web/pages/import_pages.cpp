// Prisoner import: the upload form and the result (counts and every rejected line).

#include "core/strings.hpp"
#include "domain/prisoners/prisoner_service.hpp"
#include "web/pages/page_routes.hpp"
#include "web/views/format.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

// The upload form, with `page`'s errors when re-shown.
Result<Response> RenderForm(const PageKit& kit, const Context& context, Page& page,
                            const std::string& code, bool partial, int status) {
    WARDEN_ASSIGN_OR_RETURN(auto e,
                            kit.services.organisation.GetEstablishment(ActorOf(context), code));
    auto& d = page.data();
    views::Put(d, "est_code", e.code);
    views::Put(d, "est_name", e.name);
    views::Put(d, "partial", partial);
    const std::string error = page.ErrorAt("file");
    views::Put(d, "file_error", views::Opt(error));
    views::Put(d, "columns", Join(domain::ImportColumns(), ", "));
    return page.Render("import", status);
}

Result<Response> ImportForm(const PageKit& kit, Request& request, Context& context) {
    const std::string code = ToUpper(request.params["code"]);
    Page page(kit, context, "Import prisoners", Section::kPrisoners, request.path);
    page.SetBackLink("/establishments/" + code, "Establishment " + code);
    return RenderForm(kit, context, page, code, false, 200);
}

Result<Response> Import(const PageKit& kit, Request& request, Context& context) {
    const std::string code = ToUpper(request.params["code"]);
    Page page(kit, context, "Import prisoners", Section::kPrisoners, request.path);
    page.SetBackLink("/establishments/" + code, "Establishment " + code);
    auto form = ParseMultipart(request.body, request.Header("content-type"));
    if (!form) {
        page.AddError("file", "Select a CSV file to import");
        return RenderForm(kit, context, page, code, false, 400);
    }
    const bool partial = form->Fields().GetOr("partial") == "true";
    const MultipartPart* file = form->Find("file");
    if (file == nullptr || ((!file->filename || file->filename->empty()) && file->data.empty())) {
        page.AddError("file", "Select a CSV file to import");
        return RenderForm(kit, context, page, code, partial, 400);
    }
    auto result = kit.services.prisoners.Import(ActorOf(context), code, file->data, partial);
    if (!result) {
        const auto c = result.error().code;
        if (c != ErrorCode::kInvalidInput && c != ErrorCode::kTooLarge) return result.error();
        page.AddError("file", result.error().message);
        return RenderForm(kit, context, page, code, partial, c == ErrorCode::kTooLarge ? 413 : 400);
    }

    // The result is shown at once (it is not stored anywhere a redirect could read it back);
    // sending the same file again changes nothing, as the import is idempotent.
    const auto& r = *result;
    Page done(kit, context, "Import complete", Section::kPrisoners, request.path);
    auto& d = done.data();
    views::Put(d, "est_code", code);
    views::Put(d, "file_name", views::Opt(file->filename ? *file->filename : ""));
    views::Put(d, "partial", partial);
    views::Put(d, "inserted", views::Thousands(r.inserted));
    views::Put(d, "updated", views::Thousands(r.updated));
    views::Put(d, "unchanged", views::Thousands(r.unchanged));
    views::Put(d, "gone", views::Thousands(r.gone));
    views::Put(d, "rejected_count", views::Thousands(static_cast<long long>(r.rejected.size())));
    views::Put(d, "gone_skipped", r.gone_skipped);
    views::Put(d, "wings_created", views::Opt(Join(r.wings_created, ", ")));
    Data rejected = views::List();
    views::Reserve(rejected, r.rejected.size());
    for (const auto& line : r.rejected) {
        Data row = views::Object();
        views::Put(row, "line", line.line);
        views::Put(row, "reason", line.error);
        views::Append(rejected, std::move(row));
    }
    Data transferred = views::List();
    for (const auto& t : r.transferred_in) {
        Data row = views::Object();
        views::Put(row, "number", t.prison_number);
        views::Put(row, "from", t.from);
        views::Append(transferred, std::move(row));
    }
    views::Put(d, "has_transferred", !r.transferred_in.empty());
    views::Put(d, "transferred_count",
               views::Thousands(static_cast<long long>(r.transferred_in.size())));
    views::Put(d, "transferred", std::move(transferred));
    views::Put(d, "has_rejected", !r.rejected.empty());
    views::Put(d, "rejected", std::move(rejected));
    return done.Render("import_result");
}

}  // namespace

void AddImportPages(Router& router, const Kit& kit) {
    router.Add({"GET", "/establishments/{code}/import", Access::kAction, Action::kPrisonersImport,
                Handle(kit, ImportForm)});
    router.Add({"POST", "/establishments/{code}/import", Access::kAction, Action::kPrisonersImport,
                Handle(kit, Import), BodyLimit::kUpload});
}

}  // namespace warden::web::pages
