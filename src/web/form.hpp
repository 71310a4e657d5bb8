#pragma once
// Parsing of query strings, application/x-www-form-urlencoded bodies and multipart/form-data
// (RFC 7578). No Boost in this header.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "web/http.hpp"

namespace warden::web {

/// Decoded name/value pairs of a query string or urlencoded form, in order; names may repeat.
class FormData {
  public:
    FormData() = default;
    explicit FormData(std::multimap<std::string, std::string> values)
        : values_(std::move(values)) {}

    /// The first value of `name`, or nullopt.
    std::optional<std::string> Get(std::string_view name) const;
    /// The first value of `name`, or `fallback`.
    std::string GetOr(std::string_view name, std::string_view fallback = {}) const;
    /// Every value of `name`, in order.
    std::vector<std::string> GetAll(std::string_view name) const;
    bool Has(std::string_view name) const;
    const std::multimap<std::string, std::string>& values() const { return values_; }

  private:
    std::multimap<std::string, std::string> values_;
};

/// Parses a raw query string (without '?'); '+' means space. kInvalidInput for bad escapes.
Result<FormData> ParseQueryString(std::string_view query);
/// Parses an application/x-www-form-urlencoded body; '+' means space. kInvalidInput for bad
/// escapes.
Result<FormData> ParseUrlEncoded(std::string_view body);

/// One part of a multipart/form-data body.
struct MultipartPart {
    std::string name;
    std::optional<std::string> filename;  // set for file fields
    std::string content_type;             // "text/plain" when the part gives none
    std::string data;                     // raw bytes
};

/// A parsed multipart/form-data body.
struct MultipartForm {
    std::vector<MultipartPart> parts;

    /// The first part named `name`, or nullptr.
    const MultipartPart* Find(std::string_view name) const;
    /// The text fields (parts without a filename) as FormData.
    FormData Fields() const;
};

/// The `boundary` parameter of a multipart Content-Type, or nullopt.
std::optional<std::string> MultipartBoundary(std::string_view content_type);
/// Parses a multipart/form-data body given its Content-Type header; kInvalidInput with a clear
/// message for a missing boundary, a missing closing delimiter, a part without headers or
/// Content-Disposition name, or more than `max_parts` parts.
Result<MultipartForm> ParseMultipart(std::string_view body, std::string_view content_type,
                                     std::size_t max_parts = 1000);

/// Percent-encodes everything but RFC 3986 unreserved characters (for query values).
std::string PercentEncode(std::string_view s);

/// The media type of a Content-Type value, lower-cased, without parameters.
std::string MediaType(std::string_view content_type);

/// The request's form fields: urlencoded or multipart text fields by Content-Type; an empty
/// FormData for other content types.
Result<FormData> ParseRequestForm(const Request& request);

}  // namespace warden::web
