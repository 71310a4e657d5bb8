#include "web/views/templates.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "web/views/mustache.hpp"

namespace warden::web::views {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExtension = ".mustache";

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
    // took about 9 MB of the server's memory (docs/performance.md, issue 9). Whether a line is
    // left out is decided when the line ends (web/views/mustache.hpp), and each part ends its last
    // line, so the HTML equals one template's while the tag starts its line and each page ends
    // with a line break (as every template here does; the test renders them both ways).
    constexpr std::string_view kBody = "\x01warden page body\x01";
    partials["content"] = std::string(kBody);
    const std::string layout = ExpandPartials(ReadFile(layout_path), partials, "layout.mustache");
    partials.erase("content");
    const std::size_t body = layout.find(kBody);
    if (body == std::string::npos || layout.find(kBody, body + 1) != std::string::npos) {
        throw std::runtime_error("layout.mustache must have exactly one {{> content}} tag");
    }
    if (body != 0 && layout[body - 1] != '\n') {
        throw std::runtime_error("layout.mustache: {{> content}} must start its line");
    }
    Mustache whole(layout, "layout.mustache");  // reports the layout's own errors by line
    const std::string parts = "layout.mustache ({{> content}} must not be inside a section)";
    head_ = std::make_unique<Mustache>(std::string_view(layout).substr(0, body), parts);
    tail_ = std::make_unique<Mustache>(std::string_view(layout).substr(body + kBody.size()), parts);
    const auto pages = ReadFolder(root / "pages");
    if (pages.empty()) throw std::runtime_error("no pages in template folder '" + dir + "'");
    for (const auto& [name, text] : pages) {
        const std::string origin = "pages/" + name + ".mustache";
        pages_.emplace(name,
                       std::make_unique<Mustache>(ExpandPartials(text, partials, origin), origin));
    }
}

Templates::~Templates() = default;

bool Templates::Has(std::string_view name) const { return pages_.find(name) != pages_.end(); }

std::string Templates::Render(std::string_view name, const Data& data) const {
    auto it = pages_.find(name);
    if (it == pages_.end()) throw std::logic_error("no page template " + std::string(name));
    std::string out;
    out.reserve(head_->size() + it->second->size() * 2 + tail_->size());
    head_->RenderOnto(data, out);
    it->second->RenderOnto(data, out);
    tail_->RenderOnto(data, out);
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
