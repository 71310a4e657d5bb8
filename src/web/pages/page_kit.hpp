#pragma once
// What page handlers share: the compiled templates, asset URLs and services (PageKit), and the
// page being built (Page: the layout's data, error summary, field errors, banner).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "web/form.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/services.hpp"
#include "web/views/templates.hpp"
#include "web/views/view_data.hpp"

namespace warden::web {
class StaticAssets;
}

namespace warden::web::pages {

using views::Data;

/// Everything page handlers share; built once by AddPageRoutes.
struct PageKit {
    PageKit(Services& services, WebConfig config, const StaticAssets& assets);

    Services& services;
    WebConfig config;
    views::Templates templates;
    // Fingerprinted asset URLs, resolved once.
    std::string govuk_css, moj_css, app_css, app_js, govuk_js, favicon_ico, favicon_svg, touch_icon;
};

/// The sections of the service navigation.
enum class Section {
    kNone,
    kHome,
    kEstablishments,
    kPrisoners,
    kProposals,
    kAdmin,
    kAudit,
    kAccount
};

/// One text input (govuk-input) for the text_input partial.
struct InputSpec {
    std::string id;  // also the name unless `name` is set
    std::string label;
    std::string value;
    std::string type = "text";
    std::string hint;
    std::string autocomplete;
    std::string width;        // e.g. "govuk-input--width-10"
    std::string label_class;  // e.g. "govuk-label--s"
    std::string name;
};

/// One choice of a select or a checkbox group.
struct Choice {
    std::string value;
    std::string text;
    bool selected = false;
    std::string hint;
};

/// A page being built: layout data, page data, and the form's errors.
class Page {
  public:
    /// `path` is the request path (marks the current navigation item); may be empty.
    Page(const PageKit& kit, const Context& context, std::string title, Section section,
         std::string_view path = {});

    /// The data the page template reads (the layout's keys are filled at Render).
    Data& data() { return data_; }

    /// Adds an error to the summary, linked to element `id` (no link when `id` is empty), and
    /// shows `message` at that field.
    void AddError(const std::string& id, const std::string& message);
    /// Adds the errors of a failed service call: each field error (its field renamed through
    /// `ids`, pairs of {service field, element id}; unnamed fields keep their name), or the
    /// error's message linked to `fallback_id` when it has no field errors.
    void AddErrors(const Error& error,
                   const std::vector<std::pair<std::string, std::string>>& ids = {},
                   const std::string& fallback_id = {});
    /// True when an error was added.
    bool HasErrors() const { return !errors_.empty(); }
    /// The error shown at element `id`, or "".
    std::string ErrorAt(const std::string& id) const;

    /// Replaces the title given to the constructor.
    void SetTitle(std::string title) { title_ = std::move(title); }
    /// A success notification banner, with a link after the heading when `link_href` is set.
    void SetBanner(std::string heading, std::string link_href = {}, std::string link_text = {});
    /// A back link above the main content.
    void SetBackLink(std::string href, std::string text = "Back");

    /// Data for the text_input partial (with this page's error for the field).
    Data Input(const InputSpec& spec) const;
    /// Data for the select partial (named `name`, else `id`).
    Data Select(const std::string& id, const std::string& label, const std::vector<Choice>& choices,
                const std::string& hint = {}, const std::string& name = {}) const;
    /// Data for the checkboxes partial: a fieldset with `legend`; the first box has id `id`.
    Data Checkboxes(const std::string& id, const std::string& legend,
                    const std::vector<Choice>& choices, const std::string& hint = {},
                    const std::string& empty_text = "There is nothing to choose from.") const;

    /// Renders page template `name` inside the layout.
    Response Render(std::string_view name, int status = 200);

  private:
    const PageKit& kit_;
    const Context& context_;
    std::string title_;
    Section section_;
    std::string path_;
    Data data_;
    std::vector<FieldError> errors_;  // {element id, message}, in order
    std::optional<std::string> banner_;
    std::pair<std::string, std::string> banner_link_;  // {href, text}
    std::optional<std::pair<std::string, std::string>> back_link_;
};

/// The signed-in actor (the middleware guarantees one on every non-public route).
const domain::Actor& ActorOf(const Context& context);

/// An error page in the layout.
Response ErrorPage(const PageKit& kit, const Context& context, int status, const std::string& title,
                   const std::string& message);
/// The error page for a service error, with the status of HttpStatusFor: "Page not found" for
/// kNotFound (also outside the caseload), a generic message for internal errors.
Response ErrorPageFor(const PageKit& kit, const Context& context, const Error& error);

/// A page handler: returns a response or an error, which becomes the error page.
using PageFunction = std::function<Result<Response>(const PageKit&, Request&, Context&)>;
/// Wraps a PageFunction into a route handler.
RouteHandler Handle(std::shared_ptr<const PageKit> kit, PageFunction f);

/// The request's query string, parsed; kInvalidInput for bad escapes.
Result<FormData> QueryOf(const Request& request);
/// The request's form fields (urlencoded or multipart text fields).
Result<FormData> FormOf(const Request& request);

/// "/path?name=value&..." with the non-empty values percent-encoded.
std::string LinkWithQuery(std::string path,
                          const std::vector<std::pair<std::string, std::string>>& query);

/// One side of a GOV.UK pagination block: its label and address (no link when href is empty).
struct PageLink {
    std::string title;
    std::string href;
};

/// The `pagination` partial's data: the previous and next links, each shown only with an href.
Data Pagination(const PageLink& prev, const PageLink& next);

/// How many pages `total` items fill at `page_size` a page: at least one.
int PageCount(int total, int page_size);

/// `page_info`: "Page N of M", or false on a single page.
void PutPageInfo(Data& d, int page_number, int pages);

/// A numbered list's pager: `page_info` ("Page N of M", false on a single page) and
/// `pagination` (Previous page and Next page, false on a single page); link(n) is page n's address.
void PutNumberedPager(Data& d, int page_number, int pages,
                      const std::function<std::string(int)>& link);

}  // namespace warden::web::pages
