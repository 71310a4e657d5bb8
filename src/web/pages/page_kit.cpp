#include "web/pages/page_kit.hpp"

#include <algorithm>

#include "web/problem.hpp"
#include "web/static_assets.hpp"

namespace warden::web::pages {
namespace {

using domain::Action;

std::string TemplateDir(const WebConfig& config) {
    return config.template_dir.empty() ? views::Templates::DefaultDir() : config.template_dir;
}

struct NavItem {
    Section section;
    const char* href;
    const char* text;
    std::optional<domain::Action> action;  // none: everyone signed in
};

const std::vector<NavItem> kNav = {
    {Section::kHome, "/", "Home", std::nullopt},
    {Section::kEstablishments, "/establishments", "Establishments", Action::kEstablishmentsRead},
    {Section::kPrisoners, "/prisoners", "Prisoners", Action::kPrisonersRead},
    {Section::kProposals, "/proposals", "Digital proposals", Action::kDemandRead},
    {Section::kAudit, "/audit", "Audit log", Action::kAuditRead},
    {Section::kAdmin, "/admin", "Administration", Action::kUsersManage},
};

std::string DescribedBy(const std::string& id, bool hint, bool error) {
    std::string out;
    if (hint) out = id + "-hint";
    if (error) out += (out.empty() ? "" : " ") + id + "-error";
    return out;
}

}  // namespace

PageKit::PageKit(Services& s, WebConfig c, const StaticAssets& assets)
    : services(s), config(std::move(c)), templates(TemplateDir(config)) {
    govuk_css = assets.Url("vendor/govuk-frontend.min.css");
    moj_css = assets.Url("vendor/moj-frontend.min.css");
    app_css = assets.Url("app.css");
    app_js = assets.Url("app.js");
    govuk_js = assets.Url("vendor/govuk-frontend.min.js");
    favicon_ico = assets.Url("vendor/images/favicon.ico");
    favicon_svg = assets.Url("vendor/images/favicon.svg");
    touch_icon = assets.Url("vendor/images/govuk-icon-180.png");
}

const domain::Actor& ActorOf(const Context& context) { return *context.actor; }

Page::Page(const PageKit& kit, const Context& context, std::string title, Section section,
           std::string_view path)
    : kit_(kit),
      context_(context),
      title_(std::move(title)),
      section_(section),
      path_(path),
      data_(views::Object()) {}

void Page::AddError(const std::string& id, const std::string& message) {
    errors_.push_back({id, message});
}

void Page::AddErrors(const Error& error,
                     const std::vector<std::pair<std::string, std::string>>& ids,
                     const std::string& fallback_id) {
    if (error.fields.empty()) {
        AddError(fallback_id, error.message);
        return;
    }
    for (const auto& field : error.fields) {
        std::string id = field.field;
        for (const auto& [from, to] : ids) {
            if (from == field.field) id = to;
        }
        AddError(id, field.message);
    }
}

std::string Page::ErrorAt(const std::string& id) const {
    if (id.empty()) return {};
    for (const auto& e : errors_) {
        if (e.field == id) return e.message;
    }
    return {};
}

void Page::SetBanner(std::string heading, std::string link_href, std::string link_text) {
    banner_ = std::move(heading);
    banner_link_ = {std::move(link_href), std::move(link_text)};
}

void Page::SetBackLink(std::string href, std::string text) {
    back_link_ = std::make_pair(std::move(href), std::move(text));
}

Data Page::Input(const InputSpec& spec) const {
    const std::string error = ErrorAt(spec.id);
    Data d = views::Object();
    views::Put(d, "id", spec.id);
    views::Put(d, "name", spec.name.empty() ? spec.id : spec.name);
    views::Put(d, "label", spec.label);
    views::Put(d, "label_class", views::Opt(spec.label_class));
    views::Put(d, "value", spec.value);
    views::Put(d, "type", spec.type);
    views::Put(d, "hint", views::Opt(spec.hint));
    views::Put(d, "error", views::Opt(error));
    views::Put(d, "describedby",
               views::Opt(DescribedBy(spec.id, !spec.hint.empty(), !error.empty())));
    views::Put(d, "autocomplete", views::Opt(spec.autocomplete));
    views::Put(d, "width", views::Opt(spec.width));
    return d;
}

Data Page::Select(const std::string& id, const std::string& label,
                  const std::vector<Choice>& choices, const std::string& hint,
                  const std::string& name) const {
    const std::string error = ErrorAt(id);
    Data d = views::Object();
    views::Put(d, "id", id);
    views::Put(d, "name", name.empty() ? id : name);
    views::Put(d, "label", label);
    views::Put(d, "label_class", false);
    views::Put(d, "hint", views::Opt(hint));
    views::Put(d, "error", views::Opt(error));
    views::Put(d, "describedby", views::Opt(DescribedBy(id, !hint.empty(), !error.empty())));
    Data options = views::List();
    views::Reserve(options, choices.size());
    for (const auto& c : choices) {
        Data o = views::Object();
        views::Put(o, "value", c.value);
        views::Put(o, "text", c.text);
        views::Put(o, "selected", c.selected);
        views::Append(options, std::move(o));
    }
    views::Put(d, "options", std::move(options));
    return d;
}

Data Page::Checkboxes(const std::string& id, const std::string& legend,
                      const std::vector<Choice>& choices, const std::string& hint,
                      const std::string& empty_text) const {
    const std::string error = ErrorAt(id);
    Data d = views::Object();
    views::Put(d, "id", id);
    views::Put(d, "name", id);
    views::Put(d, "legend", legend);
    views::Put(d, "hint", views::Opt(hint));
    views::Put(d, "error", views::Opt(error));
    views::Put(d, "describedby", views::Opt(DescribedBy(id, !hint.empty(), !error.empty())));
    views::Put(d, "has_items", !choices.empty());
    views::Put(d, "empty_text", empty_text);
    Data items = views::List();
    views::Reserve(items, choices.size());
    for (size_t i = 0; i < choices.size(); ++i) {
        const auto& c = choices[i];
        Data item = views::Object();
        views::Put(item, "item_id", i == 0 ? id : id + "-" + std::to_string(i + 1));
        views::Put(item, "value", c.value);
        views::Put(item, "text", c.text);
        views::Put(item, "checked", c.selected);
        views::Put(item, "item_hint", views::Opt(c.hint));
        views::Append(items, std::move(item));
    }
    views::Put(d, "items", std::move(items));
    return d;
}

Response Page::Render(std::string_view name, int status) {
    views::Put(data_, "title", title_);
    views::Put(data_, "asset_govuk_css", kit_.govuk_css);
    views::Put(data_, "asset_moj_css", kit_.moj_css);
    views::Put(data_, "asset_app_css", kit_.app_css);
    views::Put(data_, "asset_app_js", kit_.app_js);
    views::Put(data_, "asset_govuk_js", kit_.govuk_js);
    views::Put(data_, "asset_favicon_ico", kit_.favicon_ico);
    views::Put(data_, "asset_favicon_svg", kit_.favicon_svg);
    views::Put(data_, "asset_touch_icon", kit_.touch_icon);

    const bool signed_in = context_.actor.has_value();
    views::Put(data_, "signed_in", signed_in);
    views::Put(data_, "show_sign_out", signed_in && context_.via_session);
    views::Put(data_, "csrf_token", context_.csrf_token);
    views::Put(data_, "account_current", section_ == Section::kAccount);
    Data nav = views::List();
    if (signed_in) {
        const auto& actor = *context_.actor;
        views::Put(data_, "user_name", actor.username);
        for (const auto& item : kNav) {
            if (item.action && !domain::Allowed(actor, *item.action)) continue;
            Data d = views::Object();
            views::Put(d, "href", item.href);
            views::Put(d, "text", item.text);
            std::string current;
            if (item.section == section_) current = path_ == item.href ? "page" : "true";
            views::Put(d, "current", views::Opt(current));
            views::Append(nav, std::move(d));
        }
    }
    views::Put(data_, "has_nav", views::Size(nav) > 0);
    views::Put(data_, "nav", std::move(nav));

    views::Put(data_, "has_errors", !errors_.empty());
    Data errors = views::List();
    for (const auto& e : errors_) {
        Data d = views::Object();
        views::Put(d, "href", views::Opt(e.field.empty() ? "" : "#" + e.field));
        views::Put(d, "text", e.message);
        views::Append(errors, std::move(d));
    }
    views::Put(data_, "errors", std::move(errors));

    if (banner_) {
        Data b = views::Object();
        views::Put(b, "heading", *banner_);
        views::Put(b, "link_href", views::Opt(banner_link_.first));
        views::Put(b, "link_text", banner_link_.second);
        views::Put(data_, "banner", std::move(b));
    } else {
        views::Put(data_, "banner", false);
    }
    if (back_link_) {
        Data b = views::Object();
        views::Put(b, "href", back_link_->first);
        views::Put(b, "text", back_link_->second);
        views::Put(data_, "back_link", std::move(b));
    } else {
        views::Put(data_, "back_link", false);
    }
    return Response::Html(status, kit_.templates.Render(name, data_));
}

Response ErrorPage(const PageKit& kit, const Context& context, int status, const std::string& title,
                   const std::string& message) {
    Page page(kit, context, title, Section::kNone);
    views::Put(page.data(), "heading", title);
    views::Put(page.data(), "message", message);
    return page.Render("error", status);
}

Response ErrorPageFor(const PageKit& kit, const Context& context, const Error& error) {
    const int status = HttpStatusFor(error.code);
    std::string title(StatusTitle(status));
    std::string message = error.message;
    switch (error.code) {
        case ErrorCode::kNotFound:
            title = "Page not found";
            message = "If you typed the web address, check it is correct.";
            break;
        case ErrorCode::kForbidden:
            title = "You do not have permission to do this";
            break;
        case ErrorCode::kInternal:
            title = "Sorry, there is a problem with the service";
            message = "Try again later.";
            break;
        case ErrorCode::kUnavailable:
            title = "Sorry, the service is unavailable";
            message = "Try again later.";
            break;
        default:
            break;
    }
    return ErrorPage(kit, context, status, title, message);
}

RouteHandler Handle(std::shared_ptr<const PageKit> kit, PageFunction f) {
    return [kit = std::move(kit), f = std::move(f)](Request& request, Context& context) {
        Result<Response> result = f(*kit, request, context);
        if (!result) return ErrorPageFor(*kit, context, result.error());
        return std::move(result).value();
    };
}

Result<FormData> QueryOf(const Request& request) { return ParseQueryString(request.query); }

Result<FormData> FormOf(const Request& request) { return ParseRequestForm(request); }

std::string LinkWithQuery(std::string path,
                          const std::vector<std::pair<std::string, std::string>>& query) {
    char sep = '?';
    for (const auto& [name, value] : query) {
        if (value.empty()) continue;
        path += sep;
        path += name;
        path += '=';
        path += PercentEncode(value);
        sep = '&';
    }
    return path;
}

Data Pagination(const PageLink& prev, const PageLink& next) {
    Data pagination = views::Object();
    views::Put(pagination, "prev_title", prev.title);
    views::Put(pagination, "prev_href", views::Opt(prev.href));
    views::Put(pagination, "next_title", next.title);
    views::Put(pagination, "next_href", views::Opt(next.href));
    return pagination;
}

int PageCount(int total, int page_size) { return std::max(1, (total + page_size - 1) / page_size); }

void PutPageInfo(Data& d, int page_number, int pages) {
    views::Put(d, "page_info",
               views::Opt(pages > 1 ? "Page " + std::to_string(page_number) + " of " +
                                          std::to_string(pages)
                                    : ""));
}

void PutNumberedPager(Data& d, int page_number, int pages,
                      const std::function<std::string(int)>& link) {
    PutPageInfo(d, page_number, pages);
    if (pages <= 1) {
        views::Put(d, "pagination", false);
        return;
    }
    views::Put(d, "pagination",
               Pagination({"Previous page", page_number > 1 ? link(page_number - 1) : ""},
                          {"Next page", page_number < pages ? link(page_number + 1) : ""}));
}

}  // namespace warden::web::pages
