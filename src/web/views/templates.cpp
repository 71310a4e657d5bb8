#include "web/views/templates.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace warden::web::views {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExtension = ".mustache";
constexpr int kMaxPartialDepth = 10;

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read template " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every NAME.mustache directly inside `dir`, by NAME.
std::map<std::string, std::string> ReadFolder(const fs::path& dir) {
    std::map<std::string, std::string> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        const std::string file = entry.path().filename().string();
        if (file.size() <= kExtension.size() ||
            file.compare(file.size() - kExtension.size(), kExtension.size(), kExtension) != 0) {
            continue;
        }
        out.emplace(file.substr(0, file.size() - kExtension.size()), ReadFile(entry.path()));
    }
    return out;
}

// Replaces each `{{> name}}` in `text` by the partial `name` (recursively); `content` is the page
// body the layout wraps.
std::string Expand(std::string_view text, const std::map<std::string, std::string>& partials,
                   const std::string& origin, int depth) {
    if (depth > kMaxPartialDepth) {
        throw std::runtime_error("template " + origin + ": partials nest too deeply (a cycle?)");
    }
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (true) {
        size_t open = text.find("{{>", pos);
        if (open == std::string_view::npos) {
            out.append(text.substr(pos));
            break;
        }
        size_t close = text.find("}}", open);
        if (close == std::string_view::npos) {
            throw std::runtime_error("template " + origin + ": unclosed partial tag");
        }
        std::string_view name = text.substr(open + 3, close - open - 3);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        auto it = partials.find(std::string(name));
        if (it == partials.end()) {
            throw std::runtime_error("template " + origin + ": unknown partial '" +
                                     std::string(name) + "'");
        }
        out.append(text.substr(pos, open - pos));
        out.append(Expand(it->second, partials, origin, depth + 1));
        pos = close + 2;
    }
    return out;
}

}  // namespace

struct Templates::Compiled {
    explicit Compiled(const std::string& text) : mustache(text), size_hint(text.size()) {}
    // Mutable: kainjow's render() is not const, though it writes only on lambda or partial errors,
    // and compiled pages have neither (see the header).
    mutable kainjow::mustache::mustache mustache;
    std::size_t size_hint = 0;  // the template's length, to reserve the output
};

namespace {

// Compiles `text`; throws naming `origin` when it does not parse.
std::unique_ptr<Templates::Compiled> Compile(const std::string& text, const std::string& origin,
                                             const char* hint = "") {
    auto compiled = std::make_unique<Templates::Compiled>(text);
    if (!compiled->mustache.is_valid()) {
        throw std::runtime_error("template " + origin + ": " + compiled->mustache.error_message() +
                                 hint);
    }
    return compiled;
}

// Renders `part` with `data` onto the end of `out`; throws naming the page when it fails.
void RenderOnto(const Templates::Compiled& part, const Data& data, std::string_view page,
                std::string& out) {
    part.mustache.render(data, [&out](const std::string& chunk) { out.append(chunk); });
    if (!part.mustache.is_valid()) {
        throw std::logic_error("rendering " + std::string(page) +
                               " failed: " + part.mustache.error_message());
    }
}

}  // namespace

Templates::Templates(const std::string& dir) {
    const fs::path root(dir);
    const fs::path layout_path = root / "layout.mustache";
    if (!fs::is_regular_file(layout_path)) {
        throw std::runtime_error("no layout.mustache in template folder '" + dir + "'");
    }
    auto partials = ReadFolder(root / "partials");
    if (partials.count("content")) {
        throw std::runtime_error("partials/content.mustache is reserved for the page body");
    }
    // The layout is compiled once, as the part before its `{{> content}}` tag and the part after
    // (so the tag must not sit inside a section): compiled into each of the pages, its copies
    // took about 9 MB of the server's memory (docs/performance.md, issue 9). kainjow decides
    // whether a line holds only a tag when the line ends, and each part ends its last line, so the
    // HTML equals one template's while the tag starts its line and each page ends with a line
    // break (as every template here does).
    constexpr std::string_view kBody = "\x01warden page body\x01";
    partials["content"] = std::string(kBody);
    const std::string layout = Expand(ReadFile(layout_path), partials, "layout.mustache", 0);
    partials.erase("content");
    const std::size_t body = layout.find(kBody);
    if (body == std::string::npos || layout.find(kBody, body + 1) != std::string::npos) {
        throw std::runtime_error("layout.mustache must have exactly one {{> content}} tag");
    }
    const char* outside = " ({{> content}} must not be inside a section)";
    head_ = Compile(layout.substr(0, body), "layout.mustache", outside);
    tail_ = Compile(layout.substr(body + kBody.size()), "layout.mustache", outside);
    const auto pages = ReadFolder(root / "pages");
    if (pages.empty()) throw std::runtime_error("no pages in template folder '" + dir + "'");
    for (const auto& [name, text] : pages) {
        const std::string origin = "pages/" + name + ".mustache";
        pages_.emplace(name, Compile(Expand(text, partials, origin, 0), origin));
    }
}

Templates::~Templates() = default;

bool Templates::Has(std::string_view name) const { return pages_.find(name) != pages_.end(); }

std::string Templates::Render(std::string_view name, const Data& data) const {
    auto it = pages_.find(name);
    if (it == pages_.end()) throw std::logic_error("no page template " + std::string(name));
    std::string out;
    out.reserve(head_->size_hint + it->second->size_hint * 2 + tail_->size_hint);
    RenderOnto(*head_, data, name, out);
    RenderOnto(*it->second, data, name, out);
    RenderOnto(*tail_, data, name, out);
    return out;
}

std::string Templates::DefaultDir() {
    if (const char* source = std::getenv("WARDEN_SOURCE_DIR"); source && *source) {
        return std::string(source) + "/templates";
    }
    // This file is src/web/views/templates.cpp in the source tree.
    fs::path here(__FILE__);
    return (here.parent_path().parent_path().parent_path().parent_path() / "templates").string();
}

}  // namespace warden::web::views
