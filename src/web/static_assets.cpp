#include "web/static_assets.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace warden::web {

namespace {

constexpr std::string_view kPrefix = "/assets/";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kShortLived = "public, max-age=3600";

/// "css/app.css" + "abc" -> "css/app-abc.css"; the extension is that of the last path segment.
std::string Fingerprint(const std::string& rel, const std::string& hash) {
    auto slash = rel.rfind('/');
    auto dot = rel.rfind('.');
    std::size_t name_start = slash == std::string::npos ? 0 : slash + 1;
    if (dot == std::string::npos || dot <= name_start) return rel + "-" + hash;
    return rel.substr(0, dot) + "-" + hash + rel.substr(dot);
}

std::string_view StripLeadingSlash(std::string_view s) {
    while (!s.empty() && s.front() == '/') s.remove_prefix(1);
    return s;
}

/// True when an If-None-Match header value lists `etag` (or is "*").
bool EtagMatches(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == etag || item == "*") return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

StaticAssets::StaticAssets(const std::string& root) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path base(root);
    if (!fs::is_directory(base, ec)) return;
    for (auto it = fs::recursive_directory_iterator(base, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::ifstream in(it->path(), std::ios::binary);
        if (!in) continue;
        std::ostringstream content;
        content << in.rdbuf();
        std::string rel = it->path().lexically_relative(base).generic_string();
        auto asset = std::make_shared<Asset>();
        asset->body = std::move(content).str();
        std::string hash = ContentHash(asset->body);
        asset->content_type = ContentTypeFor(rel);
        asset->etag = "\"" + hash + "\"";
        asset->fingerprinted = Fingerprint(rel, hash);
        by_fingerprint_[asset->fingerprinted] = asset;
        by_plain_[rel] = std::move(asset);
    }
}

std::string StaticAssets::Url(std::string_view relative_path) const {
    std::string rel(StripLeadingSlash(relative_path));
    auto it = by_plain_.find(rel);
    if (it == by_plain_.end()) return std::string(kPrefix) + rel;
    return std::string(kPrefix) + it->second->fingerprinted;
}

std::optional<Response> StaticAssets::Serve(std::string_view relative_path,
                                            std::string_view if_none_match) const {
    std::string rel(StripLeadingSlash(relative_path));
    const Asset* asset = nullptr;
    bool immutable = false;
    if (auto it = by_fingerprint_.find(rel); it != by_fingerprint_.end()) {
        asset = it->second.get();
        immutable = true;
    } else if (auto plain = by_plain_.find(rel); plain != by_plain_.end()) {
        asset = plain->second.get();
    }
    if (asset == nullptr) return std::nullopt;
    Response response;
    response.content_type = asset->content_type;
    response.SetHeader("Cache-Control", immutable ? kImmutable : kShortLived);
    response.SetHeader("ETag", asset->etag);
    if (!if_none_match.empty() && EtagMatches(if_none_match, asset->etag)) {
        response.status = 304;
        response.content_type.clear();
        return response;
    }
    response.status = 200;
    response.body = asset->body;
    return response;
}

std::string StaticAssets::ContentHash(std::string_view bytes) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kHex[h & 0xF];
        h >>= 4;
    }
    return out.substr(0, 12);
}

std::string StaticAssets::ContentTypeFor(std::string_view name) {
    auto slash = name.rfind('/');
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
        return "application/octet-stream";
    }
    std::string ext(name.substr(dot + 1));
    for (char& c : ext) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    static const std::unordered_map<std::string, std::string> kTypes = {
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
        {"png", "image/png"},
        {"svg", "image/svg+xml"},
        {"ico", "image/x-icon"},
        {"json", "application/json"},
        {"txt", "text/plain; charset=utf-8"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
    };
    auto it = kTypes.find(ext);
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace warden::web
