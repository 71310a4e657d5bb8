#pragma once
// Mustache templates (web/views/mustache.hpp), read and compiled once at start:
// templates/layout.mustache wraps each templates/pages/NAME.mustache (at its `{{> content}}` tag,
// compiled once as the parts before and after it), and `{{> name}}` tags are replaced by
// templates/partials/name.mustache while loading. Rendering therefore parses nothing and writes no
// shared state, so one Templates may serve every thread.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "web/views/view_data.hpp"

namespace warden::web::views {

class Mustache;  // web/views/mustache.hpp

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

  private:
    std::unique_ptr<Mustache> head_;  // the layout up to its `{{> content}}` tag
    std::unique_ptr<Mustache> tail_;  // the layout after it
    std::map<std::string, std::unique_ptr<Mustache>, std::less<>> pages_;
};

}  // namespace warden::web::views
