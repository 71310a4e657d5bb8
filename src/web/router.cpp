#include "web/router.hpp"

#include <stdexcept>
#include <string_view>

namespace warden::web {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {""}.
std::vector<std::string> SplitPath(std::string_view path) {
    std::vector<std::string> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            out.emplace_back(path.substr(start));
            break;
        }
        out.emplace_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

bool IsParam(const std::string& seg) {
    return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

bool IsRest(const std::string& seg) {
    return IsParam(seg) && seg.size() > 5 && seg.compare(seg.size() - 4, 4, "...}") == 0;
}

std::string ParamName(const std::string& seg) {
    return IsRest(seg) ? seg.substr(1, seg.size() - 5) : seg.substr(1, seg.size() - 2);
}

// Specificity rank of a segment kind: literal 2, parameter 1, rest 0.
int Rank(const std::string& seg) { return IsRest(seg) ? 0 : (IsParam(seg) ? 1 : 2); }

// Matches `path` segments against `pattern` segments; fills `params` on success.
bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::map<std::string, std::string>& params) {
    std::map<std::string, std::string> found;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const std::string& seg = pattern[i];
        if (IsRest(seg)) {
            if (i >= path.size()) return false;
            std::string rest;
            for (size_t j = i; j < path.size(); ++j) {
                if (j > i) rest += '/';
                rest += path[j];
            }
            if (rest.empty()) return false;
            found[ParamName(seg)] = std::move(rest);
            params = std::move(found);
            return true;
        }
        if (i >= path.size()) return false;
        if (IsParam(seg)) {
            if (path[i].empty()) return false;
            found[ParamName(seg)] = path[i];
        } else if (seg != path[i]) {
            return false;
        }
    }
    if (pattern.size() != path.size()) return false;
    params = std::move(found);
    return true;
}

// True when pattern `a` is more specific than `b` (compared segment by segment).
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        int ra = Rank(a[i]);
        int rb = Rank(b[i]);
        if (ra != rb) return ra > rb;
    }
    return a.size() > b.size();
}

}  // namespace

void Router::Add(Route route) {
    if (route.pattern.empty() || route.pattern.front() != '/') {
        throw std::logic_error("route pattern must start with '/': " + route.pattern);
    }
    auto segments = SplitPath(route.pattern);
    for (size_t i = 0; i + 1 < segments.size(); ++i) {
        if (IsRest(segments[i])) {
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
    const std::vector<std::string>* best_segments = nullptr;
    std::map<std::string, std::string> best_params;
    // HEAD is served by GET routes.
    const std::string& want = method;
    for (size_t i = 0; i < routes_.size(); ++i) {
        std::map<std::string, std::string> candidate;
        if (!MatchSegments(segments_[i], path_segments, candidate)) continue;
        const Route& route = routes_[i];
        bool same = route.method == want || (want == "HEAD" && route.method == "GET");
        if (!same) {
            method_mismatch = true;
            continue;
        }
        if (best == nullptr || MoreSpecific(segments_[i], *best_segments)) {
            best = &route;
            best_segments = &segments_[i];
            best_params = std::move(candidate);
        }
    }
    if (best != nullptr) {
        method_mismatch = false;
        params = std::move(best_params);
    }
    return best;
}

}  // namespace warden::web
