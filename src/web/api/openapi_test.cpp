// The OpenAPI document against the API contract and the router: every operation of
// docs/api-contract.md (the checked-in copy of shared/design/API.md) that the router serves is in
// `paths`, the others are in `x-planned`; every served /api/v1 route is in `paths`; operationIds
// are unique; the document is public and lints clean with Redocly (redocly.yaml).

#include <unistd.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "web/api/api.hpp"
#include "web/pages/pages_test_support.hpp"

namespace warden::web::api {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using pages::testing::SourceDir;

// An operation as "METHOD /path", with every {parameter} written as {}: the router, API.md and
// the document name the same parameter differently at times.
std::string OperationKey(std::string method, const std::string& path) {
    for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const std::regex kParam(R"(\{[^}]*\})");
    return method + " " + std::regex_replace(path, kParam, "{}");
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every "METHOD /path" of the contract's resources table (the first cell of each row).
// "`…/withdraw`" after "`POST /api/v1/proposals/{id}/submit`" is that path with its last segment
// replaced and the same method; "`.csv`" is the previous path with ".csv"; a query is dropped.
std::vector<std::string> ContractOperations(const std::string& markdown) {
    std::vector<std::string> out;
    std::istringstream lines(markdown);
    std::string line;
    bool in_resources = false;
    static const std::regex kSpan("`([^`]*)`");
    static const std::regex kOperation(R"(^(GET|POST|PUT|PATCH|DELETE) (/\S*|…/\S*)$)");
    while (std::getline(lines, line)) {
        if (line.rfind("## ", 0) == 0) in_resources = line == "## Resources";
        if (!in_resources || line.rfind("| ", 0) != 0) continue;
        // The first cell: up to the next unescaped '|'.
        size_t end = 1;
        while ((end = line.find('|', end)) != std::string::npos && line[end - 1] == '\\') ++end;
        const std::string cell = line.substr(1, end == std::string::npos ? end : end - 1);
        std::string method;
        std::string path;
        for (std::sregex_iterator it(cell.begin(), cell.end(), kSpan), last; it != last; ++it) {
            std::string span = (*it)[1];
            std::smatch m;
            std::string next_path;
            if (std::regex_match(span, m, kOperation)) {
                method = m[1];
                next_path = m[2];
            } else if (span.rfind("…/", 0) == 0) {
                next_path = span;
            } else if (span == ".csv" && !path.empty()) {
                next_path = path + ".csv";
            } else {
                continue;  // a body or a response, not an operation
            }
            if (next_path.rfind("…/", 0) == 0) {
                if (path.empty()) {
                    ADD_FAILURE() << "no path before " << span;
                    continue;
                }
                next_path =
                    path.substr(0, path.rfind('/')) + next_path.substr(std::string("…").size());
            }
            next_path = next_path.substr(0, next_path.find('?'));
            if (span != ".csv") path = next_path;
            out.push_back(OperationKey(method, next_path));
        }
    }
    return out;
}

const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch"};

class OpenApiTest : public pages::testing::PagesTest {
  protected:
    json::object Document() { return json::parse(OpenApiDocument(app_->router())).as_object(); }

    // Every "METHOD /path" in the document's `paths`.
    std::set<std::string> Documented() {
        std::set<std::string> out;
        const json::object doc = Document();
        for (const auto& [path, item] : doc.at("paths").as_object()) {
            for (const auto& [method, operation] : item.as_object()) {
                if (kMethods.count(method) != 0) out.insert(OperationKey(method, path));
            }
        }
        return out;
    }

    // Every "METHOD /path" the router serves.
    std::set<std::string> Served() {
        std::set<std::string> out;
        for (const auto& route : app_->router().routes()) {
            out.insert(OperationKey(route.method, route.pattern));
        }
        return out;
    }
};

TEST_F(OpenApiTest, TheContractCopyEqualsApiMdWhenItIsBesideTheSource) {
    const fs::path copy = fs::path(SourceDir()) / "docs" / "api-contract.md";
    ASSERT_TRUE(fs::exists(copy)) << copy;
    const fs::path original = fs::path(SourceDir()) / ".." / "shared" / "design" / "API.md";
    if (!fs::exists(original)) GTEST_SKIP() << original << " is not beside this clone";
    EXPECT_EQ(ReadFile(copy), ReadFile(original))
        << "docs/api-contract.md is stale: copy " << original << " over it";
}

TEST_F(OpenApiTest, EveryContractOperationIsDocumentedWhenServedAndPlannedOtherwise) {
    const auto contract =
        ContractOperations(ReadFile(fs::path(SourceDir()) / "docs" / "api-contract.md"));
    ASSERT_GT(contract.size(), 40u) << "the resources table was not read";
    const auto documented = Documented();
    const auto served = Served();
    std::set<std::string> planned;
    const json::object doc = Document();
    for (const auto& p : doc.at("x-planned").as_array()) {
        const auto& o = p.as_object();
        planned.insert(OperationKey(std::string(o.at("method").as_string()),
                                    std::string(o.at("path").as_string())));
    }
    int served_count = 0;
    for (const auto& operation : contract) {
        SCOPED_TRACE(operation);
        if (served.count(operation) != 0) {
            ++served_count;
            EXPECT_EQ(documented.count(operation), 1u) << "served but not in the document's paths";
            EXPECT_EQ(planned.count(operation), 0u) << "served but still under x-planned";
        } else {
            EXPECT_EQ(documented.count(operation), 0u) << "in paths but not served";
            EXPECT_EQ(planned.count(operation), 1u) << "not served and not under x-planned";
        }
    }
    EXPECT_GT(served_count, 20);
    // Nothing is planned that the contract does not ask for.
    const std::set<std::string> contract_set(contract.begin(), contract.end());
    for (const auto& operation : planned) {
        EXPECT_EQ(contract_set.count(operation), 1u)
            << operation << " is planned but not in API.md";
    }
}

TEST_F(OpenApiTest, EveryServedApiRouteIsDocumentedAndEveryDocumentedOperationIsServed) {
    const auto documented = Documented();
    const auto served = Served();
    for (const auto& route : app_->router().routes()) {
        if (route.pattern.rfind("/api/v1/", 0) != 0) continue;
        const std::string key = OperationKey(route.method, route.pattern);
        EXPECT_EQ(documented.count(key), 1u) << key << " is served but not documented";
    }
    for (const auto& operation : documented) {
        EXPECT_EQ(served.count(operation), 1u) << operation << " is documented but not served";
    }
}

TEST_F(OpenApiTest, EveryOperationHasAUniqueCamelCaseOperationId) {
    static const std::regex kCamelCase("^[a-z][A-Za-z0-9]*$");
    std::set<std::string> ids;
    const json::object doc = Document();
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            if (kMethods.count(method) == 0) continue;
            SCOPED_TRACE(std::string(method) + " " + std::string(path));
            const json::value* id = operation.as_object().if_contains("operationId");
            ASSERT_NE(id, nullptr);
            ASSERT_TRUE(id->is_string());
            const std::string text(id->as_string());
            EXPECT_TRUE(std::regex_match(text, kCamelCase)) << text;
            EXPECT_TRUE(ids.insert(text).second) << text << " is used twice";
        }
    }
    EXPECT_GT(ids.size(), 20u);
}

// x-roles is generated from the policy table: each served operation lists exactly the roles of
// its route's action.
TEST_F(OpenApiTest, RolesComeFromThePolicyTable) {
    const json::object doc = Document();
    int checked = 0;
    for (const auto& route : app_->router().routes()) {
        if (!route.action || !IsApiPath(route.pattern)) continue;
        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto& operation = doc.at("paths").at(route.pattern).at(method).as_object();
        json::array expected;
        for (auto role : domain::RuleFor(*route.action).roles) {
            expected.push_back(json::string(domain::RoleName(role)));
        }
        EXPECT_EQ(operation.at("x-roles").as_array(), expected) << route.pattern;
        EXPECT_EQ(operation.at("x-action").as_string(), domain::ActionName(*route.action));
        ++checked;
    }
    EXPECT_GT(checked, 20);
    EXPECT_EQ(doc.at("paths").at("/api/v1/prisoners/{number}/grants").at("post").at("x-roles"),
              json::array({"SECURITY"}));
}

TEST_F(OpenApiTest, TheDocumentIsServedWithoutSignIn) {
    Response r = Get("/api/v1/openapi.json");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, OpenApiDocument(app_->router()));
    const json::object doc = Document();
    const auto& operation = doc.at("paths").at("/api/v1/openapi.json").at("get").as_object();
    ASSERT_NE(operation.if_contains("security"), nullptr);
    EXPECT_TRUE(operation.at("security").as_array().empty());
}

// Writes the document to a file and runs `redocly lint` on it (node_modules from `npm ci`, as
// scripts/install-deps.sh runs it); no error and no warning may remain.
TEST_F(OpenApiTest, LintsCleanWithRedocly) {
    const fs::path source(SourceDir());
    const fs::path redocly = source / "node_modules" / ".bin" / "redocly";
    ASSERT_TRUE(fs::exists(redocly)) << redocly << " is missing: run npm ci in " << source;
    const fs::path dir = fs::temp_directory_path() /
                         ("warden-openapi-lint-" + std::to_string(static_cast<long>(getpid())));
    fs::create_directories(dir);
    const fs::path document = dir / "openapi.json";
    const fs::path errors = dir / "stderr.txt";
    {
        std::ofstream out(document, std::ios::binary);
        out << OpenApiDocument(app_->router());
    }
    auto quoted = [](const fs::path& p) { return "'" + p.string() + "'"; };
    const std::string command = "REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true " +
                                quoted(redocly) + " lint --config " +
                                quoted(source / "redocly.yaml") + " --format json " +
                                quoted(document) + " 2>" + quoted(errors);
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = pclose(pipe);
    const std::string stderr_text = ReadFile(errors);
    fs::remove_all(dir);
    ASSERT_EQ(status, 0) << output << stderr_text;
    boost::system::error_code ec;
    json::value report = json::parse(output, ec);
    ASSERT_FALSE(ec) << output << stderr_text;
    const auto& totals = report.at("totals").as_object();
    EXPECT_EQ(totals.at("errors").as_int64(), 0) << output;
    EXPECT_EQ(totals.at("warnings").as_int64(), 0) << output;
}

}  // namespace
}  // namespace warden::web::api
