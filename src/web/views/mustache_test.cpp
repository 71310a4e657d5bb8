#include "web/views/mustache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <random>
#include <set>
#include <sstream>

#include "web/views/templates.hpp"

namespace warden::web::views {
namespace {

namespace fs = std::filesystem;

// The same data as kainjow's (a later member of the same name replaces an earlier one in both).
kainjow::mustache::data ToKainjow(const Data& data) {
    using K = kainjow::mustache::data;
    switch (data.kind()) {
        case Data::Kind::kText:
            return K(data.Text());
        case Data::Kind::kTrue:
            return K(true);
        case Data::Kind::kFalse:
            return K(false);
        case Data::Kind::kList: {
            K list(K::type::list);
            for (const auto& item : data.Items()) list.push_back(ToKainjow(item));
            return list;
        }
        case Data::Kind::kObject:
            break;
    }
    K object(K::type::object);
    for (const auto& member : data.Members()) object.set(member.name, ToKainjow(member.value));
    return object;
}

// What kainjow writes for `text` and `data`: the reference this renderer must equal.
std::string Kainjow(const std::string& text, const Data& data) {
    kainjow::mustache::mustache reference(text);
    EXPECT_TRUE(reference.is_valid()) << reference.error_message();
    return reference.render(ToKainjow(data));
}

std::string Ours(const std::string& text, const Data& data) {
    std::string out;
    Mustache(text, "test").RenderOnto(data, out);
    return out;
}

std::string Message(const std::string& text) {
    try {
        Mustache(text, "t.mustache");
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(compiled)";
}

TEST(MustacheTest, RendersVariablesSectionsAndEscapesAsKainjowDoes) {
    Data d = Object();
    Put(d, "name", "<b>&'\"x");
    Put(d, "yes", true);
    Put(d, "no", false);
    Put(d, "blank", "  ");
    Data items = List();
    for (const char* v : {"a", "b"}) {
        Data item = Object();
        Put(item, "v", v);
        Append(items, std::move(item));
    }
    Put(d, "items", std::move(items));
    Put(d, "none", List());
    Data inner = Object();
    Put(inner, "deep", "D");
    Put(d, "obj", std::move(inner));
    Put(d, "name_again", "old");
    Put(d, "name_again", "new");
    for (const std::string text : {
             "Hi {{name}} {{{name}}} {{& name}} {{ missing }}.",
             "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}{{^yes}}!Y{{/yes}}",
             "<ul>\n  {{#items}}\n  <li>{{v}} of {{name}}</li>\n  {{/items}}\n</ul>\n",
             "{{#none}}x{{/none}}\n{{^none}}\nempty\n{{/none}}\n",
             "a\n{{#no}}\nhidden\n{{/no}}\nb\n",
             "a\n  {{#yes}}{{blank}}{{/yes}}  \nb\n",
             "a\n  {{#yes}}  {{/yes}}x\n\n\n{{! a comment }}\nc{{!x}}d\n  {{^no}}\n{{/no}}",
             "{{obj.deep}} {{#obj}}{{deep}}{{name}}{{/obj}} {{obj.nope}} {{#items}}{{.}}{{/items}}",
             "{{#items}}{{#yes}}\n{{v}}\n{{/yes}}{{/items}}\n  \n{{#yes}}\t \n{{/yes}}",
             "{{obj.deep.}} {{#obj.}}{{deep}}{{/obj.}} {{.obj}} {{obj..deep}}",
             "",
             "plain",
             "\n",
             "{{#yes}}\n{{/yes}}",
             "{{#items}}{{/items}}x",
             "{{name_again}} {{#name_again}}{{.}}{{/name_again}}",
         }) {
        EXPECT_EQ(Ours(text, d), Kainjow(text, d)) << text;
    }
    EXPECT_EQ(Ours("<li>{{v}}</li>", d), "<li></li>");
    EXPECT_EQ(Ours("{{name}}", d), "&lt;b&gt;&amp;&apos;&quot;x");
}

TEST(MustacheTest, RefusesWhatItDoesNotTakeNamingTheLine) {
    EXPECT_EQ(Message("a\n{{name"), "template t.mustache line 2: a tag is not closed");
    EXPECT_EQ(Message("{{#a}}\n{{/b}}"),
              "template t.mustache line 2: {{/b}} closes {{#a}} of line 1");
    EXPECT_EQ(Message("\n\n{{#a}}"), "template t.mustache line 3: {{#a}} is not closed");
    EXPECT_EQ(Message("{{/a}}"), "template t.mustache line 1: {{/a}} closes no section");
    EXPECT_EQ(Message("{{> p}}"),
              "template t.mustache line 1: partial tags are expanded when the templates load");
    EXPECT_EQ(Message("{{=<% %>=}}"),
              "template t.mustache line 1: set-delimiter tags are not supported");
    EXPECT_EQ(Message("a\r\nb"),
              "template t.mustache line 1: carriage return (save the file with \"\\n\" line "
              "breaks)");
    EXPECT_EQ(Message("{{{a}}"), "template t.mustache line 1: a tag is not closed");
}

TEST(MustacheTest, ExpandsPartialsAndRefusesCyclesAndUnknownOnes) {
    const std::map<std::string, std::string> partials{
        {"a", "[{{> b}}]"}, {"b", "{{x}}"}, {"loop", "{{> loop}}"}};
    EXPECT_EQ(ExpandPartials("<{{> a }}>", partials, "p"), "<[{{x}}]>");
    EXPECT_THROW(ExpandPartials("{{> loop}}", partials, "p"), std::runtime_error);
    EXPECT_THROW(ExpandPartials("{{> nope}}", partials, "p"), std::runtime_error);
    EXPECT_THROW(ExpandPartials("{{> a", partials, "p"), std::runtime_error);
}

// Data for a template: each name its tags use gets, at random, no value, true, false, a text (with
// characters to escape, blank or empty), a list of objects or an object, nested two deep.
class DataMaker {
  public:
    explicit DataMaker(const std::string& text, unsigned seed) : random_(seed) {
        for (auto open = text.find("{{"); open != std::string::npos;
             open = text.find("{{", open + 2)) {
            const auto close = text.find("}}", open);
            if (close == std::string::npos) break;
            std::string name = text.substr(open + 2, close - open - 2);
            name.erase(0, name.find_first_not_of("#^&{/! "));
            name.erase(name.find_last_not_of(" ") + 1);
            if (!name.empty() && name != ".") names_.insert(name);
        }
    }
    Data Make(int depth = 0) {
        Data object = Object();
        for (const auto& name : names_) {
            if (depth > 0 && Pick(4) != 0) continue;  // nested objects hold a few names
            switch (Pick(depth < 2 ? 9 : 7)) {
                case 0:
                    break;
                case 1:
                    Put(object, name, true);
                    break;
                case 2:
                    Put(object, name, false);
                    break;
                case 3:
                    Put(object, name, "<a href='x'>&\"</a>");
                    break;
                case 4:
                    Put(object, name, " \t ");
                    break;
                case 5:
                    Put(object, name, "");
                    break;
                case 6:
                    Put(object, name, "text");
                    break;
                case 7: {
                    Data list = List();
                    for (unsigned n = Pick(3); n > 0; --n) Append(list, Make(depth + 1));
                    Put(object, name, std::move(list));
                    break;
                }
                default:
                    Put(object, name, Make(depth + 1));
                    break;
            }
        }
        return object;
    }

  private:
    unsigned Pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(random_); }
    std::mt19937 random_;
    std::set<std::string> names_;
};

std::map<std::string, std::string> ReadAll(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::ostringstream text;
        text << std::ifstream(entry.path()).rdbuf();
        out.emplace(entry.path().stem().string(), text.str());
    }
    return out;
}

// Every page of the service, wrapped in its layout by Templates (which renders the layout as two
// parts around the page), equals kainjow's rendering of the whole page as one template.
TEST(MustacheTest, EveryServicePageRendersAsKainjowRendersIt) {
    const fs::path dir = Templates::DefaultDir();
    const Templates templates(dir.string());
    auto partials = ReadAll(dir / "partials");
    std::ostringstream layout;
    layout << std::ifstream(dir / "layout.mustache").rdbuf();
    const auto pages = ReadAll(dir / "pages");
    ASSERT_GT(pages.size(), 10u);
    for (const auto& [name, page] : pages) {
        partials["content"] = page;
        const std::string whole = ExpandPartials(layout.str(), partials, name);
        for (unsigned seed = 1; seed <= 12; ++seed) {
            DataMaker maker(whole, seed);
            const Data data = maker.Make();
            ASSERT_EQ(templates.Render(name, data), Kainjow(whole, data))
                << "page " << name << ", seed " << seed;
        }
    }
}

}  // namespace
}  // namespace warden::web::views
