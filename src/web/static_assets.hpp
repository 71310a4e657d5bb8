#pragma once
// Static files (CSS, JS, fonts, images) loaded into memory at start, served under /assets/ with
// content-hash fingerprinted names so browsers may cache them forever.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "web/http.hpp"

namespace warden::web {

/// The files under one directory, in memory, addressable by plain or fingerprinted name.
class StaticAssets {
  public:
    /// Loads every regular file under `root` (recursively); a missing root gives an empty set.
    explicit StaticAssets(const std::string& root);

    /// "/assets/app-3f2a9c0d1b2e.css" for "app.css" (fingerprinted), "/assets/<rel>" if unknown.
    std::string Url(std::string_view relative_path) const;

    /// Serves a path relative to /assets/: the fingerprinted name (Cache-Control "public,
    /// max-age=31536000, immutable") or the plain name (Cache-Control "public, max-age=3600");
    /// ETag; Content-Type by extension; 304 when `if_none_match` carries the ETag; nullopt when
    /// unknown (only names loaded at start are served, so no path traversal).
    std::optional<Response> Serve(std::string_view relative_path,
                                  std::string_view if_none_match = {}) const;

    /// Number of files loaded.
    std::size_t size() const { return by_plain_.size(); }

    /// The short content hash used in names and ETags: FNV-1a 64, first 12 hex digits.
    static std::string ContentHash(std::string_view bytes);
    /// Content-Type for a file name by its extension (application/octet-stream if unknown).
    static std::string ContentTypeFor(std::string_view name);

  private:
    struct Asset {
        std::string body;
        std::string content_type;
        std::string etag;  // quoted
        std::string fingerprinted;
    };
    std::unordered_map<std::string, std::shared_ptr<const Asset>> by_plain_;
    std::unordered_map<std::string, std::shared_ptr<const Asset>> by_fingerprint_;
};

}  // namespace warden::web
