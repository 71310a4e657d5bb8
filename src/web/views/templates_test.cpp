#include "web/views/templates.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

#include "web/pages/prisoner_view.hpp"
#include "web/views/format.hpp"

namespace warden::web::views {
namespace {

namespace fs = std::filesystem;

class TempTemplates {
  public:
    TempTemplates() {
        dir_ = fs::temp_directory_path() /
               ("warden-templates-" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "pages");
        fs::create_directories(dir_ / "partials");
    }
    ~TempTemplates() { fs::remove_all(dir_); }
    void Write(const std::string& rel, const std::string& text) {
        std::ofstream(dir_ / rel) << text;
    }
    std::string dir() const { return dir_.string(); }

  private:
    fs::path dir_;
};

TEST(TemplatesTest, WrapsPagesInTheLayoutAndExpandsPartials) {
    TempTemplates t;
    t.Write("layout.mustache", "<title>{{title}}</title>\n{{> content}}");
    t.Write("partials/greeting.mustache", "Hello {{name}}{{> mark}}");
    t.Write("partials/mark.mustache", "!");
    t.Write("pages/home.mustache", "<p>{{> greeting}}</p>");
    Templates templates(t.dir());
    EXPECT_TRUE(templates.Has("home"));
    EXPECT_FALSE(templates.Has("layout"));
    Data d = Object();
    Put(d, "title", "T");
    Put(d, "name", "<b>&'\"");
    EXPECT_EQ(templates.Render("home", d),
              "<title>T</title>\n<p>Hello &lt;b&gt;&amp;&apos;&quot;!</p>");
    EXPECT_THROW(templates.Render("nope", d), std::logic_error);
}

TEST(TemplatesTest, TheLayoutsPartsAroundThePageRenderWithThePagesData) {
    TempTemplates t;
    t.Write("layout.mustache",
            "{{#signed_in}}<nav>{{> who}}</nav>{{/signed_in}}\n{{> content}}\n"
            "{{^signed_in}}<a>Sign in</a>{{/signed_in}}");
    t.Write("partials/who.mustache", "{{name}}");
    t.Write("pages/home.mustache", "{{#items}}<li>{{.}}</li>{{/items}}");
    Templates templates(t.dir());
    Data d = Object();
    Put(d, "signed_in", true);
    Put(d, "name", "Ann");
    Data items = List();
    Append(items, Data("x"));
    Append(items, Data("y"));
    Put(d, "items", std::move(items));
    EXPECT_EQ(templates.Render("home", d), "<nav>Ann</nav>\n<li>x</li><li>y</li>\n");
    Data out = Object();
    EXPECT_EQ(templates.Render("home", out), "\n\n<a>Sign in</a>");
}

TEST(TemplatesTest, RefusesBadTemplateFolders) {
    EXPECT_THROW(Templates("/no/such/folder"), std::runtime_error);
    TempTemplates unknown;
    unknown.Write("layout.mustache", "{{> content}}");
    unknown.Write("pages/a.mustache", "{{> missing}}");
    EXPECT_THROW(Templates(unknown.dir()), std::runtime_error);
    TempTemplates cycle;
    cycle.Write("layout.mustache", "{{> content}}");
    cycle.Write("partials/x.mustache", "{{> x}}");
    cycle.Write("pages/a.mustache", "{{> x}}");
    EXPECT_THROW(Templates(cycle.dir()), std::runtime_error);
    // The layout wraps each page at exactly one {{> content}} tag, at the start of its line and
    // outside any section; its own errors are reported by line.
    const std::pair<const char*, const char*> bad_layouts[] = {
        {"<main></main>", "exactly one {{> content}} tag"},
        {"{{> content}}\n{{> content}}", "exactly one {{> content}} tag"},
        {"<main>{{> content}}</main>", "{{> content}} must start its line"},
        {"{{#signed_in}}\n{{> content}}\n{{/signed_in}}", "must not be inside a section"},
        {"\n{{> content}}\n{{#a}}", "layout.mustache line 3: {{#a}} is not closed"},
    };
    for (const auto& [layout, message] : bad_layouts) {
        TempTemplates bad_layout;
        bad_layout.Write("layout.mustache", layout);
        bad_layout.Write("pages/a.mustache", "A");
        try {
            Templates templates(bad_layout.dir());
            ADD_FAILURE() << "loaded " << layout;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
        }
    }
    TempTemplates reserved;
    reserved.Write("layout.mustache", "{{> content}}");
    reserved.Write("partials/content.mustache", "C");
    reserved.Write("pages/a.mustache", "A");
    EXPECT_THROW(Templates(reserved.dir()), std::runtime_error);
    TempTemplates unbalanced;
    unbalanced.Write("layout.mustache", "{{> content}}");
    unbalanced.Write("pages/a.mustache", "{{#open}}");
    EXPECT_THROW(Templates(unbalanced.dir()), std::runtime_error);
}

TEST(TemplatesTest, TheServiceTemplatesLoad) {
    Templates templates(Templates::DefaultDir());
    for (const char* page : {"sign_in", "home", "error", "prisoners", "prisoner", "import",
                             "import_result", "user", "user_new", "audit"}) {
        EXPECT_TRUE(templates.Has(page)) << page;
    }
}

TEST(TemplatesTest, OptHidesEmptyTextAndListsMove) {
    EXPECT_TRUE(Opt("").IsFalse());
    EXPECT_TRUE(Opt("x").IsText());
    EXPECT_EQ(Opt("x").Text(), "x");
    Data list = List();
    Reserve(list, 2);
    Data item = Object();
    Put(item, "a", "b");
    Append(list, std::move(item));
    EXPECT_EQ(Size(list), 1u);
    EXPECT_EQ(list.Items()[0].Get("a")->Text(), "b");
}

TEST(TemplatesTest, ViewDataKeepsTheLastPutOfANameAndRefusesMisuse) {
    Data d = Object();
    Put(d, "a", "first");
    Put(d, "n", 7);
    Put(d, "a", std::string("second"));
    EXPECT_EQ(d.Get("a")->Text(), "second");
    EXPECT_EQ(d.Get("n")->Text(), "7");
    EXPECT_EQ(d.Get("missing"), nullptr);
    EXPECT_EQ(Data("text").Get("a"), nullptr);  // only an object has members
    EXPECT_EQ(Data(true).kind(), Data::Kind::kTrue);
    Data list = List();
    EXPECT_THROW(Put(list, "a", "b"), std::logic_error);
    EXPECT_THROW(Append(d, Data("x")), std::logic_error);
    EXPECT_EQ(Size(d), 0u);
}

TEST(FormatTest, DatesNumbersAndLabels) {
    EXPECT_EQ(LongDate("1980-08-13"), "13 August 1980");
    EXPECT_EQ(LongDate("nonsense"), "nonsense");
    EXPECT_EQ(DateTime(std::chrono::sys_days{std::chrono::year{2026} / 11 / 2} +
                       std::chrono::hours(9) + std::chrono::minutes(5)),
              "2 November 2026 at 09:05 UTC");
    EXPECT_EQ(Thousands(0), "0");
    EXPECT_EQ(Thousands(999), "999");
    EXPECT_EQ(Thousands(1000), "1,000");
    EXPECT_EQ(Thousands(1234567), "1,234,567");
    EXPECT_EQ(Thousands(-1234), "-1,234");
    EXPECT_EQ(PhaseLabel(0), "Phase 0: TMPP not in use");
    EXPECT_EQ(RoleLabel(domain::Role::kWingOfficer), "Wing officer");
}

// The prisoner list page for a 1,000-prisoner wing: building its data and rendering it must take
// well under 5 ms in an optimised build. Debug builds are only reported, with a loose bound.
// Rendering speed is measured by bench/run.sh under load (docs/performance.md), not here.
TEST(TemplatesTest, ThousandPrisonerListRenders) {
    Templates templates(Templates::DefaultDir());
    std::vector<domain::Prisoner> prisoners(1000);
    for (size_t i = 0; i < prisoners.size(); ++i) {
        auto& p = prisoners[i];
        // (append, not "literal" + std::string: g++ 12 -O3 warns falsely about the latter)
        p.prison_number.append("A").append(std::to_string(1000 + i)).append("BC");
        p.first_name = "Firstname";
        p.last_name.append("Lastname-").append(std::to_string(i));
        p.wing = "A";
        p.cell.append("A-1-").append(std::to_string(i % 40));
    }
    Data d = Object();
    Put(d, "title", "Prisoners at Moorland");
    Put(d, "est_code", "MDI");
    Put(d, "est_name", "Moorland");
    Put(d, "total", "1,000");
    Put(d, "has_rows", true);
    Put(d, "rows", pages::PrisonerRows(prisoners));
    const std::string html = templates.Render("prisoners", d);
    EXPECT_NE(html.find("Lastname-999, Firstname"), std::string::npos);
}

}  // namespace
}  // namespace warden::web::views
