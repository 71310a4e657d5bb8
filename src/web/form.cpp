#include "web/form.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <exception>

#include "core/strings.hpp"

namespace warden::web {
namespace {

// A form's text (a field's name and value) is valid UTF-8 with no NUL: %00 decodes to NUL, which
// PostgreSQL's text cannot hold (SQLite would store it).
Status CheckFormText(std::string_view key, std::string_view value, std::string_view what) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) {
        return Error::Invalid("The " + std::string(what) + " is not valid UTF-8");
    }
    if (key.find('\0') != std::string_view::npos || value.find('\0') != std::string_view::npos) {
        return Error::Invalid("The " + std::string(what) + " contains a NUL character");
    }
    return Ok();
}

Result<FormData> ParseEncoded(std::string_view text, std::string_view what) {
    std::multimap<std::string, std::string> values;
    if (text.empty()) return FormData(std::move(values));
    // Boost.URL 1.81's parse_query measures its input with strlen (it passes s.data() where a
    // string_view is expected), so a view that is not NUL-terminated is read past its end (found by
    // fuzz/form_query_fuzz). A copy is NUL-terminated, and a raw NUL fails the query grammar first.
    const std::string owned(text);
    try {
        boost::urls::encoding_opts opts;
        opts.space_as_plus = true;
        boost::urls::params_view params(boost::core::string_view(owned.data(), owned.size()), opts);
        for (auto param : params) {
            if (param.key.empty()) continue;
            WARDEN_TRY(CheckFormText(param.key, param.value, what));
            values.emplace(std::move(param.key), std::move(param.value));
        }
    } catch (const std::exception&) {
        return Error::Invalid("The " + std::string(what) + " is not valid URL encoding");
    }
    return FormData(std::move(values));
}

// Case-insensitive ASCII comparison.
bool IEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
        if (x != y) return false;
    }
    return true;
}

// Parses `;`-separated header parameters (after the first value) into `name -> value`,
// names lower-cased, quoted values unquoted (with backslash escapes).
Result<std::map<std::string, std::string>> ParseHeaderParams(std::string_view s) {
    std::map<std::string, std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ';' || s[i] == ' ' || s[i] == '\t')) ++i;
        if (i >= s.size()) break;
        size_t eq = s.find('=', i);
        size_t semi = s.find(';', i);
        if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
            // A parameter without a value; skip it.
            i = semi == std::string_view::npos ? s.size() : semi;
            continue;
        }
        std::string name = ToLower(Trim(s.substr(i, eq - i)));
        i = eq + 1;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::string value;
        if (i < s.size() && s[i] == '"') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                char c = s[i++];
                if (c == '\\' && i < s.size()) {
                    value += s[i++];
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed) return Error::Invalid("Unterminated quoted header parameter");
        } else {
            size_t end = s.find(';', i);
            if (end == std::string_view::npos) end = s.size();
            value = std::string(Trim(s.substr(i, end - i)));
            i = end;
        }
        out.emplace(std::move(name), std::move(value));
    }
    return out;
}

}  // namespace

std::optional<std::string> FormData::Get(std::string_view name) const {
    auto it = values_.find(std::string(name));
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string FormData::GetOr(std::string_view name, std::string_view fallback) const {
    auto value = Get(name);
    return value ? *value : std::string(fallback);
}

std::vector<std::string> FormData::GetAll(std::string_view name) const {
    std::vector<std::string> out;
    auto [begin, end] = values_.equal_range(std::string(name));
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
    return out;
}

bool FormData::Has(std::string_view name) const { return values_.count(std::string(name)) > 0; }

Result<FormData> ParseQueryString(std::string_view query) {
    return ParseEncoded(query, "query string");
}

Result<FormData> ParseUrlEncoded(std::string_view body) { return ParseEncoded(body, "form"); }

const MultipartPart* MultipartForm::Find(std::string_view name) const {
    for (const auto& part : parts) {
        if (part.name == name) return &part;
    }
    return nullptr;
}

FormData MultipartForm::Fields() const {
    std::multimap<std::string, std::string> values;
    for (const auto& part : parts) {
        if (!part.filename) values.emplace(part.name, part.data);
    }
    return FormData(std::move(values));
}

std::string PercentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::string MediaType(std::string_view content_type) {
    size_t semi = content_type.find(';');
    return ToLower(Trim(content_type.substr(0, semi)));
}

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
    if (MediaType(content_type) != "multipart/form-data") return std::nullopt;
    size_t semi = content_type.find(';');
    if (semi == std::string_view::npos) return std::nullopt;
    auto params = ParseHeaderParams(content_type.substr(semi + 1));
    if (!params) return std::nullopt;
    auto it = params->find("boundary");
    if (it == params->end() || it->second.empty() || it->second.size() > 70) return std::nullopt;
    return it->second;
}

Result<MultipartForm> ParseMultipart(std::string_view body, std::string_view content_type,
                                     std::size_t max_parts) {
    auto boundary = MultipartBoundary(content_type);
    if (!boundary) {
        return Error::Invalid("The multipart body has no boundary in its Content-Type");
    }
    const std::string delimiter = "--" + *boundary;
    const std::string inner_delimiter = "\r\n" + delimiter;

    // The first delimiter: at the start, or after a preamble ending in CRLF.
    size_t pos;
    if (body.substr(0, delimiter.size()) == delimiter) {
        pos = delimiter.size();
    } else {
        size_t found = body.find(inner_delimiter);
        if (found == std::string_view::npos) {
            return Error::Invalid("The multipart body does not contain its boundary");
        }
        pos = found + inner_delimiter.size();
    }

    MultipartForm form;
    while (true) {
        if (body.substr(pos, 2) == "--") return form;  // closing delimiter
        // Optional transport padding, then CRLF.
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (body.substr(pos, 2) != "\r\n") {
            return Error::Invalid("The multipart body has a malformed boundary line");
        }
        pos += 2;
        if (form.parts.size() >= max_parts) {
            return Error::Invalid("The multipart body has too many parts");
        }
        size_t headers_end = body.find("\r\n\r\n", pos);
        size_t next = body.find(inner_delimiter, pos);
        if (next == std::string_view::npos) {
            return Error::Invalid("The multipart body is missing its closing boundary");
        }
        MultipartPart part;
        part.content_type = "text/plain";
        std::string_view headers;
        size_t data_start;
        if (body.substr(pos, 2) == "\r\n") {
            headers = {};
            data_start = pos + 2;
        } else {
            if (headers_end == std::string_view::npos || headers_end > next) {
                return Error::Invalid("A multipart part has no end of headers");
            }
            headers = body.substr(pos, headers_end - pos);
            data_start = headers_end + 4;
        }
        bool has_disposition = false;
        for (const auto& line : Split(headers, '\n')) {
            std::string_view l = line;
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            if (l.empty()) continue;
            size_t colon = l.find(':');
            if (colon == std::string_view::npos) {
                return Error::Invalid("A multipart part has a malformed header line");
            }
            std::string_view name = Trim(l.substr(0, colon));
            std::string_view value = Trim(l.substr(colon + 1));
            if (IEquals(name, "content-disposition")) {
                size_t semi = value.find(';');
                if (!IEquals(Trim(value.substr(0, semi)), "form-data")) {
                    return Error::Invalid("A multipart part is not form-data");
                }
                if (semi == std::string_view::npos) break;
                WARDEN_ASSIGN_OR_RETURN(auto params, ParseHeaderParams(value.substr(semi + 1)));
                auto n = params.find("name");
                if (n != params.end()) {
                    part.name = n->second;
                    has_disposition = true;
                }
                auto f = params.find("filename");
                if (f != params.end()) part.filename = f->second;
            } else if (IEquals(name, "content-type")) {
                part.content_type = std::string(value);
            }
        }
        if (!has_disposition || part.name.empty()) {
            return Error::Invalid("A multipart part has no Content-Disposition name");
        }
        if (data_start > next) {
            return Error::Invalid("A multipart part is malformed");
        }
        part.data = std::string(body.substr(data_start, next - data_start));
        form.parts.push_back(std::move(part));
        pos = next + inner_delimiter.size();
        if (pos > body.size()) {
            return Error::Invalid("The multipart body is missing its closing boundary");
        }
    }
}

Result<FormData> ParseRequestForm(const Request& request) {
    std::string_view content_type = request.Header("content-type");
    std::string media = MediaType(content_type);
    if (media == "application/x-www-form-urlencoded") return ParseUrlEncoded(request.body);
    if (media == "multipart/form-data") {
        WARDEN_ASSIGN_OR_RETURN(auto form, ParseMultipart(request.body, content_type));
        // The text fields, not the files: an upload is checked by what reads it.
        for (const auto& part : form.parts) {
            if (!part.filename) WARDEN_TRY(CheckFormText(part.name, part.data, "form"));
        }
        return form.Fields();
    }
    return FormData();
}

}  // namespace warden::web
