#pragma once
// Warden's own mustache renderer (docs/adr/0025-own-mustache-renderer.md) of Warden's view data
// (web/views/view_data.hpp, docs/adr/0026-flat-view-data.md).
//
// kainjow parses a template into a tree with one node per word, space and line break, each owning
// its text: the service's 67 pages took 11.5 MB that way (docs/performance.md, issue 9). A
// Mustache here is a flat list of steps whose text runs are views into one string, and it renders
// straight onto the output. It takes the tags Warden's templates use ({{name}}, {{{name}}},
// {{&name}}, {{#name}}, {{^name}}, {{/name}}, {{! comment}}, {{.}} and dotted names) and writes
// what kainjow writes for them byte for byte, including kainjow's rule for lines: a line is left
// out when a section was opened or closed on it and what it rendered is only spaces and tabs. The
// test renders every page of templates/ both ways with generated data and compares.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "web/views/view_data.hpp"

namespace warden::web::views {

/// One compiled template. Rendering parses nothing and writes no shared state, so one Mustache may
/// serve every thread.
class Mustache {
  public:
    /// Compiles `text`; throws std::runtime_error naming `origin` and the line in `text` for a tag
    /// that does not close, a section that is not closed or is closed by another name, and for the
    /// tags this renderer leaves to the loader (partials) or does not take (set delimiters).
    /// Carriage returns are refused: templates use "\n" line breaks.
    Mustache(std::string_view text, const std::string& origin);

    /// Renders with `data` onto the end of `out`.
    void RenderOnto(const Data& data, std::string& out) const;
    /// The template's length, to reserve the output.
    std::size_t size() const { return size_; }

  private:
    enum class Kind : std::uint8_t { kText, kEscaped, kRaw, kSection, kInverted };
    struct Step {
        Kind kind = Kind::kText;
        // kText: the run is text_[a, a + b); c and d are the offsets in it of its first and last
        // line break, or kNone. Tags: a is the index in names_; for sections, b is the index of
        // the step after the section.
        std::uint32_t a = 0, b = 0, c = 0, d = 0;
    };
    struct Renderer;

    std::string text_;                             // every text run, one after another
    std::vector<Step> steps_;                      // the template in order
    std::vector<std::vector<std::string>> names_;  // each tag's name, split at dots; {{.}} is empty
    std::size_t size_ = 0;
};

/// Replaces each `{{> name}}` in `text` by `partials[name]`, recursively; throws
/// std::runtime_error naming `origin` for an unknown partial, an unclosed tag or a cycle.
std::string ExpandPartials(std::string_view text,
                           const std::map<std::string, std::string>& partials,
                           const std::string& origin);

}  // namespace warden::web::views
