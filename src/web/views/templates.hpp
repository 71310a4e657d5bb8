#pragma once
// Mustache templates (kainjow), read and compiled once at start: templates/layout.mustache wraps
// each templates/pages/NAME.mustache (at its `{{> content}}` tag, compiled once as the parts before
// and after it), and `{{> name}}` tags are replaced by templates/partials/name.mustache while
// loading. Rendering therefore parses nothing, runs no lambdas and writes no shared state, so one
// Templates may serve every thread.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "web/views/view_data.hpp"

namespace warden::web::views {

/// The compiled page templates of one template folder.
class Templates {
  public:
    /// Loads and compiles every page under `dir`; throws std::runtime_error naming the file for a
    /// missing layout, an unknown partial, a partial cycle or a template that does not parse.
    explicit Templates(const std::string& dir);
    ~Templates();
    Templates(const Templates&) = delete;
    Templates& operator=(const Templates&) = delete;

    /// Renders page `name` (the file name without ".mustache") with `data`; throws
    /// std::logic_error for an unknown page.
    std::string Render(std::string_view name, const Data& data) const;
    /// True when page `name` exists.
    bool Has(std::string_view name) const;

    /// The template folder to use when the configuration names none: $WARDEN_SOURCE_DIR/templates,
    /// else the templates folder of the source tree this file was built from.
    static std::string DefaultDir();

    struct Compiled;  // one compiled template (templates.cpp)

  private:
    std::unique_ptr<Compiled> head_;  // the layout up to its `{{> content}}` tag
    std::unique_ptr<Compiled> tail_;  // the layout after it
    std::map<std::string, std::unique_ptr<Compiled>, std::less<>> pages_;
};

}  // namespace warden::web::views
