#include "web/router.hpp"

#include <stdexcept>
#include <string_view>

namespace warden::web {
namespace {

using Segment = Router::Segment;

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {""}.
std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            out.push_back(path.substr(start));
            break;
        }
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

Segment ParseSegment(std::string_view seg) {
    const bool param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    if (param && seg.size() > 5 && seg.substr(seg.size() - 4) == "...}") {
        return {Segment::kRest, std::string(seg.substr(1, seg.size() - 5))};
    }
    if (param) return {Segment::kParam, std::string(seg.substr(1, seg.size() - 2))};
    return {Segment::kLiteral, std::string(seg)};
}

// True when `path` fits `pattern`: each literal equal, each parameter non-empty, and a rest
// parameter takes at least one character. Allocates nothing: most routes do not fit.
bool Fits(const std::vector<Segment>& pattern, const std::vector<std::string_view>& path) {
    for (size_t i = 0; i < pattern.size(); ++i) {
        const Segment& seg = pattern[i];
        if (i >= path.size()) return false;
        if (seg.kind == Segment::kRest) return i + 1 < path.size() || !path[i].empty();
        if (seg.kind == Segment::kParam ? path[i].empty() : seg.text != path[i]) return false;
    }
    return pattern.size() == path.size();
}

// The parameters of `path`, which Fits `pattern`.
std::map<std::string, std::string> ParamsOf(const std::vector<Segment>& pattern,
                                            const std::vector<std::string_view>& path) {
    std::map<std::string, std::string> params;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const Segment& seg = pattern[i];
        if (seg.kind == Segment::kRest) {
            std::string rest;
            for (size_t j = i; j < path.size(); ++j) {
                if (j > i) rest += '/';
                rest += path[j];
            }
            params[seg.text] = std::move(rest);
            break;
        }
        if (seg.kind == Segment::kParam) params[seg.text] = std::string(path[i]);
    }
    return params;
}

// True when pattern `a` is more specific than `b` (compared segment by segment).
bool MoreSpecific(const std::vector<Segment>& a, const std::vector<Segment>& b) {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i].kind != b[i].kind) return a[i].kind > b[i].kind;
    }
    return a.size() > b.size();
}

}  // namespace

void Router::Add(Route route) {
    if (route.pattern.empty() || route.pattern.front() != '/') {
        throw std::logic_error("route pattern must start with '/': " + route.pattern);
    }
    std::vector<Segment> segments;
    for (std::string_view seg : SplitPath(route.pattern)) segments.push_back(ParseSegment(seg));
    for (size_t i = 0; i + 1 < segments.size(); ++i) {
        if (segments[i].kind == Segment::kRest) {
            throw std::logic_error("{rest...} must be the last segment: " + route.pattern);
        }
    }
    for (size_t i = 0; i < routes_.size(); ++i) {
        if (routes_[i].method == route.method && routes_[i].pattern == route.pattern) {
            throw std::logic_error("duplicate route: " + route.method + " " + route.pattern);
        }
    }
    segments_.push_back(std::move(segments));
    routes_.push_back(std::move(route));
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>& params,
                           bool& method_mismatch) const {
    method_mismatch = false;
    const auto path_segments = SplitPath(path);
    const Route* best = nullptr;
    const std::vector<Segment>* best_segments = nullptr;
    // HEAD is served by GET routes.
    const std::string& want = method;
    for (size_t i = 0; i < routes_.size(); ++i) {
        if (!Fits(segments_[i], path_segments)) continue;
        const Route& route = routes_[i];
        bool same = route.method == want || (want == "HEAD" && route.method == "GET");
        if (!same) {
            method_mismatch = true;
            continue;
        }
        if (best == nullptr || MoreSpecific(segments_[i], *best_segments)) {
            best = &route;
            best_segments = &segments_[i];
        }
    }
    if (best != nullptr) {
        method_mismatch = false;
        params = ParamsOf(*best_segments, path_segments);
    }
    return best;
}

}  // namespace warden::web
