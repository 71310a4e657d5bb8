#include "web/views/mustache.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace warden::web::views {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr int kMaxPartialDepth = 10;

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return s;
}

// The 1-based line of `pos` in `text`, for error messages.
std::string LineOf(std::string_view text, std::size_t pos) {
    return "line " + std::to_string(1 + std::count(text.begin(), text.begin() + pos, '\n'));
}

// kainjow's truthiness: only false and an empty list hide a section (an empty text shows it).
bool Hides(const Data& value) {
    return value.IsFalse() || (value.IsList() && value.Items().empty());
}

// Appends `s` to `out` with kainjow's HTML escaping.
void AppendEscaped(std::string& out, const std::string& s) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string_view entity;
        switch (s[i]) {
            case '&':
                entity = "&amp;";
                break;
            case '<':
                entity = "&lt;";
                break;
            case '>':
                entity = "&gt;";
                break;
            case '"':
                entity = "&quot;";
                break;
            case '\'':
                entity = "&apos;";
                break;
            default:
                continue;
        }
        out.append(s, run, i - run);
        out.append(entity);
        run = i + 1;
    }
    out.append(s, run);
}

}  // namespace

Mustache::Mustache(std::string_view text, const std::string& origin) : size_(text.size()) {
    if (text.size() >= kNone) throw std::runtime_error("template " + origin + " is too long");
    const auto fail = [&](std::size_t pos, const std::string& what) {
        throw std::runtime_error("template " + origin + " " + LineOf(text, pos) + ": " + what);
    };
    if (const auto cr = text.find('\r'); cr != std::string_view::npos) {
        fail(cr, "carriage return (save the file with \"\\n\" line breaks)");
    }
    text_.reserve(text.size());
    // The open sections: the step that opens each, its name and where its tag is.
    struct Open {
        std::size_t step;
        std::string_view name;
        std::size_t pos;
    };
    std::vector<Open> open;
    const auto add_text = [&](std::string_view run) {
        if (run.empty()) return;
        const auto first = run.find('\n');
        const auto last = run.rfind('\n');
        steps_.push_back(
            {Kind::kText, static_cast<std::uint32_t>(text_.size()),
             static_cast<std::uint32_t>(run.size()),
             first == std::string_view::npos ? kNone : static_cast<std::uint32_t>(first),
             last == std::string_view::npos ? kNone : static_cast<std::uint32_t>(last)});
        text_.append(run);
    };
    const auto add_name = [&](std::string_view name) {
        std::vector<std::string> parts;
        if (name != ".") {
            std::size_t start = 0;
            while (true) {
                const auto dot = name.find('.', start);
                parts.emplace_back(name.substr(start, dot - start));
                if (dot == std::string_view::npos) break;
                start = dot + 1;
            }
            // kainjow splits with std::getline, which drops one empty last piece ("a." is "a").
            if (parts.size() > 1 && parts.back().empty()) parts.pop_back();
        }
        names_.push_back(std::move(parts));
        return static_cast<std::uint32_t>(names_.size() - 1);
    };

    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto tag = text.find("{{", pos);
        if (tag == std::string_view::npos) {
            add_text(text.substr(pos));
            break;
        }
        add_text(text.substr(pos, tag - pos));
        const bool triple = tag + 2 < text.size() && text[tag + 2] == '{';
        const std::string_view close = triple ? "}}}" : "}}";
        const std::size_t start = tag + (triple ? 3 : 2);
        const auto end = text.find(close, start);
        if (end == std::string_view::npos) fail(tag, "a tag is not closed");
        pos = end + close.size();
        const std::string_view contents = Trim(text.substr(start, end - start));
        if (triple) {
            steps_.push_back({Kind::kRaw, add_name(contents)});
            continue;
        }
        const char sigil = contents.empty() ? '\0' : contents.front();
        const std::string_view name = Trim(contents.substr(sigil == '\0' ? 0 : 1));
        switch (sigil) {
            case '!':
                break;
            case '=':
                fail(tag, "set-delimiter tags are not supported");
                break;
            case '>':
                fail(tag, "partial tags are expanded when the templates load");
                break;
            case '&':
                steps_.push_back({Kind::kRaw, add_name(name)});
                break;
            case '#':
            case '^':
                open.push_back({steps_.size(), name, tag});
                steps_.push_back({sigil == '#' ? Kind::kSection : Kind::kInverted, add_name(name)});
                break;
            case '/':
                if (open.empty()) fail(tag, "{{/" + std::string(name) + "}} closes no section");
                if (open.back().name != name) {
                    fail(tag, "{{/" + std::string(name) + "}} closes {{#" +
                                  std::string(open.back().name) + "}} of " +
                                  LineOf(text, open.back().pos));
                }
                steps_[open.back().step].b = static_cast<std::uint32_t>(steps_.size());
                open.pop_back();
                break;
            default:
                steps_.push_back({Kind::kEscaped, add_name(contents)});
                break;
        }
    }
    if (!open.empty()) {
        fail(open.back().pos, "{{#" + std::string(open.back().name) + "}} is not closed");
    }
    text_.shrink_to_fit();
    steps_.shrink_to_fit();
}

// One rendering: the output, where its current line starts, whether a section tag was on that
// line (kainjow's `contained_section_tag`) and the context stack, innermost last.
struct Mustache::Renderer {
    const Mustache& m;
    std::string& out;
    std::size_t line_start;
    bool section_on_line = false;
    std::vector<const Data*> stack;

    // Whether the current line holds only spaces and tabs.
    bool LineIsBlank() const {
        for (std::size_t i = line_start; i < out.size(); ++i) {
            if (out[i] != ' ' && out[i] != '\t') return false;
        }
        return true;
    }
    // Ends the current line: kainjow leaves it out when a section tag was on it and it is blank.
    void EndLine(bool with_break) {
        if (section_on_line && LineIsBlank()) {
            out.resize(line_start);
        } else if (with_break) {
            out.push_back('\n');
        }
        line_start = out.size();
        section_on_line = false;
    }

    const Data* Find(const std::vector<std::string>& name) const {
        if (name.empty()) return stack.back();
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
            const Data* value = *it;
            for (const auto& part : name) {
                value = value->Get(part);
                if (value == nullptr) break;
            }
            if (value != nullptr) return value;
        }
        return nullptr;
    }
    void Section(const Data* value, std::uint32_t begin, std::uint32_t end) {
        if (value != nullptr && value->IsList() && !value->Items().empty()) {
            for (const auto& item : value->Items()) {
                section_on_line = true;
                stack.push_back(&item);
                Steps(begin, end);
                stack.pop_back();
                section_on_line = true;
            }
            return;
        }
        section_on_line = true;
        if (value != nullptr) stack.push_back(value);
        Steps(begin, end);
        if (value != nullptr) stack.pop_back();
        section_on_line = true;
    }

    void Steps(std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t i = begin; i < end;) {
            const Step& step = m.steps_[i];
            switch (step.kind) {
                case Kind::kText: {
                    const char* run = m.text_.data() + step.a;
                    if (step.c == kNone) {
                        out.append(run, step.b);
                    } else {
                        // Only the first line break can end a line with a section tag on it.
                        out.append(run, step.c);
                        EndLine(true);
                        out.append(run + step.c + 1, step.d - step.c);
                        line_start = out.size();
                        out.append(run + step.d + 1, step.b - step.d - 1);
                    }
                    ++i;
                    break;
                }
                case Kind::kEscaped:
                case Kind::kRaw: {
                    const Data* value = Find(m.names_[step.a]);
                    if (value != nullptr && value->IsText()) {
                        if (step.kind == Kind::kEscaped) {
                            AppendEscaped(out, value->Text());
                        } else {
                            out.append(value->Text());
                        }
                    }
                    ++i;
                    break;
                }
                case Kind::kSection: {
                    const Data* value = Find(m.names_[step.a]);
                    if (value != nullptr && !Hides(*value)) {
                        Section(value, i + 1, step.b);
                    }
                    i = step.b;
                    break;
                }
                case Kind::kInverted: {
                    const Data* value = Find(m.names_[step.a]);
                    if (value == nullptr || Hides(*value)) {
                        Section(value, i + 1, step.b);
                    }
                    i = step.b;
                    break;
                }
            }
        }
    }
};

void Mustache::RenderOnto(const Data& data, std::string& out) const {
    Renderer r{*this, out, out.size(), false, {}};
    r.stack.reserve(8);
    r.stack.push_back(&data);
    r.Steps(0, static_cast<std::uint32_t>(steps_.size()));
    r.EndLine(false);
}

namespace {

std::string Expand(std::string_view text, const std::map<std::string, std::string>& partials,
                   const std::string& origin, int depth) {
    if (depth > kMaxPartialDepth) {
        throw std::runtime_error("template " + origin + ": partials nest too deeply (a cycle?)");
    }
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (true) {
        const auto open = text.find("{{>", pos);
        if (open == std::string_view::npos) {
            out.append(text.substr(pos));
            break;
        }
        const auto close = text.find("}}", open);
        if (close == std::string_view::npos) {
            throw std::runtime_error("template " + origin + ": unclosed partial tag");
        }
        const std::string name(Trim(text.substr(open + 3, close - open - 3)));
        const auto it = partials.find(name);
        if (it == partials.end()) {
            throw std::runtime_error("template " + origin + ": unknown partial '" + name + "'");
        }
        out.append(text.substr(pos, open - pos));
        out.append(Expand(it->second, partials, origin, depth + 1));
        pos = close + 2;
    }
    return out;
}

}  // namespace

std::string ExpandPartials(std::string_view text,
                           const std::map<std::string, std::string>& partials,
                           const std::string& origin) {
    return Expand(text, partials, origin, 0);
}

}  // namespace warden::web::views
