#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "judge/visible.h"
#include "report/report_test_support.h"
#include "report/writer.h"

using namespace ipcgrade;

namespace {

std::string write_html(const RunReport& report) { return report_test::render("html", report); }

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Parsed as XML: every element closed, nothing from run text taken for a tag.
pugi::xml_document parse(const std::string& html) {
  pugi::xml_document doc;
  const pugi::xml_parse_result result =
      doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype);
  INFO(result.description() << " at byte " << result.offset);
  REQUIRE(result);
  return doc;
}

std::size_t count(const pugi::xml_document& doc, const char* xpath) {
  return doc.select_nodes(xpath).size();
}

}  // namespace

TEST_CASE("the HTML page of a run matches its golden file", "[report]") {
  report_test::check_golden("report.html", write_html(report_test::sample_report()));
}

TEST_CASE("the HTML page of a class matches its golden file", "[report]") {
  report_test::check_golden("class.html", write_html(report_test::class_report()));
}

TEST_CASE("the HTML page needs nothing from the network", "[report]") {
  for (const RunReport& report : {report_test::sample_report(), report_test::class_report()}) {
    const std::string html = write_html(report);
    for (const char* outside : {"http:", "https:", "<script", "<link", "url(", "@import", "src="})
      CHECK_FALSE(has(html, outside));
    CHECK(html.starts_with("<!DOCTYPE html>\n"));
    CHECK(has(html, "<style>"));
  }
}

TEST_CASE("the HTML page of a run lists its tests and opens its failures", "[report]") {
  const std::string html = write_html(report_test::sample_report());
  const pugi::xml_document doc = parse(html);
  CHECK(count(doc, "//table/tr") == 1 + 7);
  CHECK(count(doc, "//div[@class='chart']/div[@class='row']") == 7);
  CHECK(count(doc, "//details[@open]") == 3);  // two failures and an error
  CHECK(count(doc, "//pre[@class='diff']/span") == 6);
  CHECK(count(doc, "//pre[@class='diff']/span[@class='add']") == 1);
  CHECK(has(html, "<span class=\"tag\">hidden</span>"));
  CHECK(
      has(html,
          "<div class=\"value\">4.5\u2009/\u20099.5</div><div class=\"label\">points \u00b7 47%"));
}

TEST_CASE("the HTML page shows hostile bytes visibly and escaped", "[report]") {
  const std::string html = write_html(report_test::sample_report());
  CHECK(visible(html) == html);  // no raw control byte, valid UTF-8
  CHECK(has(html, "bad&amp;name"));
  CHECK(has(html,
            "<strong>&lt;reader&gt;</strong>: <span class=\"message\">saw ]]&gt; then \\x00 "
            "then \\x1b[31mred\\x1b[0m and \xEF\xBF\xBD\nsecond line</span>"));
  CHECK(has(html, "Quote &quot;it&quot; &amp; &lt;escape&gt; it"));
  const pugi::xml_document doc = parse(html);
  CHECK(std::string(doc.select_node("//details[3]/summary").node().child_value()) ==
        "pipe-relay: bad&name");
}

TEST_CASE("the HTML page of a class has a row per submission and pass rates", "[report]") {
  const std::string html = write_html(report_test::class_report());
  const pugi::xml_document doc = parse(html);
  CHECK(count(doc, "//table/tr") == 1 + 3);
  CHECK(count(doc, "//div[@class='strip']/span") == 21);
  CHECK(count(doc, "//h3") == 3);
  CHECK(count(doc, "//details[@open]") == 0);  // a class folds its failures
  CHECK(count(doc, "//details") == 3 + 7);
  CHECK(has(html, "<p class=\"allpass\">Every test passed.</p>"));
  // alice and bob pass "relays a short line", carol's did not build.
  CHECK(has(html,
            "pipe-relay: relays a short line</span><span class=\"bar\"><span class=\"mid\" "
            "style=\"width:67%\"></span></span><span class=\"num\">2/3 \u00b7 67%</span>"));
  CHECK(has(html, "<div class=\"value\">3</div><div class=\"label\">submissions</div>"));
}

// Not a check: writes both pages for the page test (CTest report/html-page),
// which opens them in a headless browser. Hidden from the normal run.
TEST_CASE("write the sample HTML pages", "[.page]") {
  const char* dir = std::getenv("IPCGRADE_PAGE_DIR");
  REQUIRE(dir != nullptr);
  std::ofstream(std::string(dir) + "/run.html", std::ios::binary)
      << write_html(report_test::sample_report());
  std::ofstream(std::string(dir) + "/class.html", std::ios::binary)
      << write_html(report_test::class_report());
  CHECK_FALSE(report_test::read_file(std::string(dir) + "/class.html").empty());
}
