// End-to-end checks of `grade`, `--shard` and `merge` on the built binary:
// a small class with a good, a failing, a non-compiling and a hanging
// submission; shards merged equal one unsharded run or grade.
#include <cstdlib>

#include "app/app_test_support.h"

using namespace ipcgrade::app_test;
namespace fs = std::filesystem;

namespace {

// greet prints "hello" N times (N from argv[1], default 1).
const char* kGreetN =
    "#include <stdio.h>\n#include <stdlib.h>\n"
    "int main(int argc, char **argv) {\n"
    "  int n = argc > 1 ? atoi(argv[1]) : 1;\n"
    "  for (int i = 0; i < n; i++) puts(\"hello\");\n"
    "  return 0;\n}\n";

void write_class(const Scratch& s) {
  s.write("suites/greet/suite.yaml",
          "programs: [greet]\n"
          "defaults: {timeout: 500ms}\n"
          "tests:\n"
          "  - name: says hello\n"
          "    steps: [{run: greet, stdout: \"hello\\n\"}]\n"
          "  - name: says hello twice\n"
          "    points: 2\n"
          "    hint: Loop as often as argv[1] says.\n"
          "    steps: [{run: greet 2, stdout: \"hello\\nhello\\n\"}]\n"
          "  - name: secret\n"
          "    visibility: hidden\n"
          "    steps: [{run: greet 3, stdout: \"hello\\nhello\\nhello\\n\"}]\n");
  s.write("reference/greet/greet.c", kGreetN);
  s.write("class/alice/greet.c", kGreetN);
  s.write("class/bob/greet.c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); }\n");
  s.write("class/carol/greet.c", "int main(void) { return missing; }\n");
  s.write("class/dave/greet.c", "int main(void) { for (;;) {} }\n");
  s.write("class/.git/HEAD", "not a submission\n");
}

// Every file under `dir`, by relative path, with its content.
std::map<std::string, std::string> files_under(const Scratch& s, const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(s.dir / dir))
    if (entry.is_regular_file()) {
      const std::string rel = fs::relative(entry.path(), s.dir / dir).string();
      files[rel] = rel == "report.json" ? without_durations(s.json(dir + "/" + rel)).dump(2)
                                        : s.read(dir + "/" + rel);
    }
  return files;
}

}  // namespace

TEST_CASE("grade writes the gradebook, feedback, summary and report of a class", "[app]") {
  Scratch s;
  write_class(s);
  REQUIRE(run_ipcgrade(s, "grade suites/greet --submissions class --out grades") == 0);
  CHECK(s.read("grades/gradebook.csv") ==
        "submission,score,max_score,says hello,says hello twice,secret\r\n"
        "alice,4,4,1,2,1\r\n"
        "bob,1,4,1,0,0\r\n"
        "carol,0,4,0,0,0\r\n"
        "dave,0,4,0,0,0\r\n");

  const auto report = s.json("grades/report.json");
  REQUIRE(report["suites"].size() == 4);
  CHECK(report["suites"][0]["submission"] == "alice");
  CHECK(report["suites"][2]["submission"] == "carol");
  CHECK(report["suites"][2]["tests"][0]["failures"][0]["kind"] == "build");
  CHECK(report["suites"][3]["tests"][0]["failures"][0]["kind"] == "timeout");
  CHECK(report["score"] == 5);
  CHECK(report["max_score"] == 16);

  const std::string summary = s.read("grades/summary.md");
  CHECK(summary.find("4 submissions graded; mean score 1.25/4.") != std::string::npos);
  CHECK(summary.find("| says hello | 1 | 2/4 | 50% | `build` (1): ") != std::string::npos);
  CHECK(summary.find("| says hello twice | 2 | 1/4 | 25% | `output` (1): ") != std::string::npos);

  for (const char* name : {"alice", "bob", "carol", "dave"})
    CHECK(fs::exists(s.dir / "grades/feedback" / (std::string(name) + ".md")));
  CHECK_FALSE(fs::exists(s.dir / "grades/feedback/.git.md"));
  const std::string bob = s.read("grades/feedback/bob.md");
  CHECK(bob.find("says hello twice") != std::string::npos);
  CHECK(bob.find("Loop as often as argv\\[1\\] says.") != std::string::npos);
  // The hidden test's failure stays with the instructor (report.json).
  CHECK(bob.find("'^secret$'") == std::string::npos);
  CHECK(bob.find("-hello\n-hello") == std::string::npos);
  CHECK(report["suites"][1]["tests"][2]["reproduce"].get<std::string>().find("'^secret$'") !=
        std::string::npos);
  CHECK(s.read("out.txt").find("[2/4] bob: 1/4\n") != std::string::npos);
}

TEST_CASE("grade -j 3 writes what grade -j 1 writes: row for row", "[app]") {
  // With boxes, three submissions are graded at once; the outputs keep the
  // class's name order whatever order they finish in.
  Scratch s;
  write_class(s);
  REQUIRE(run_ipcgrade(s, "grade suites/greet --submissions class --out one -j 1") == 0);
  REQUIRE(run_ipcgrade(s, "grade suites/greet --submissions class --out three -j 3") == 0);
  const auto one = files_under(s, "one");
  CHECK(one.size() == 7);  // gradebook, summary, report and four feedback files
  CHECK(files_under(s, "three") == one);
}

TEST_CASE("a sharded grade merged equals the unsharded grade", "[app]") {
  Scratch s;
  write_class(s);
  REQUIRE(run_ipcgrade(s, "grade suites/greet --submissions class --out whole -q") == 0);
  for (int k = 1; k <= 3; ++k)
    REQUIRE(run_ipcgrade(s, "grade suites/greet --submissions class -q --shard " +
                                std::to_string(k) + "/3 --out shard" + std::to_string(k)) == 0);
  const auto shard1 = s.json("shard1/report.json");
  CHECK(shard1["shard"]["planned"] == nlohmann::json({"alice", "bob", "carol", "dave"}));
  REQUIRE(shard1["suites"].size() == 2);  // alice and dave: item i goes to (i mod 3)+1
  CHECK(shard1["suites"][1]["submission"] == "dave");

  REQUIRE(run_ipcgrade(s,
                       "merge shard3/report.json shard1/report.json shard2/report.json "
                       "--out merged") == 0);
  CHECK(files_under(s, "merged") == files_under(s, "whole"));
}

TEST_CASE("4 shards of a run merged equal the unsharded run", "[app]") {
  Scratch s;
  std::string tests;
  for (int n = 1; n <= 7; ++n)
    tests += "  - name: prints " + std::to_string(n) + "\n    points: " + std::to_string(n) +
             "\n    steps: [{run: greet " + std::to_string(n) +
             ", stdout: {line_count: " + std::to_string(n) + "}}]\n";
  s.write("suites/greet/suite.yaml", "programs: [greet]\ntests:\n" + tests);
  s.write("suites/count/suite.yaml",
          "programs: [greet]\ntests:\n  - name: prints none\n"
          "    steps: [{run: greet 0, stdout: {empty: true}}]\n");
  s.write("reference/greet/greet.c", kGreetN);
  s.write("reference/count/greet.c", kGreetN);
  // At most 3 lines: passes 1..3 and "prints none", fails 4..7, so that
  // every shard has a pass and a failure.
  s.write("student/greet.c",
          "#include <stdio.h>\n#include <stdlib.h>\n"
          "int main(int c, char **v) { int n = c > 1 ? atoi(v[1]) : 1;\n"
          "  for (int i = 0; i < n && i < 3; i++) puts(\"hello\"); return 0; }\n");
  REQUIRE(run_ipcgrade(s, "run suites --submission student -q --json whole.json") == 1);
  for (int k = 1; k <= 4; ++k) {
    const std::string shard = std::to_string(k) + "/4";
    REQUIRE(run_ipcgrade(s, "run suites --submission student -q --shard " + shard + " --json r" +
                                std::to_string(k) + ".json") == 1);
  }
  const auto whole = s.json("whole.json");
  REQUIRE(whole["score"] == 7);
  CHECK(s.json("r2.json")["shard"] == nlohmann::json::parse(
                                          R"({"k": 2, "n": 4, "planned": ["count/prints none",
          "greet/prints 1", "greet/prints 2", "greet/prints 3", "greet/prints 4",
          "greet/prints 5", "greet/prints 6", "greet/prints 7"]})"));
  CHECK(run_ipcgrade(s, "merge r4.json r2.json r1.json r3.json -o merged.json") == 1);
  CHECK(without_durations(s.json("merged.json")) == without_durations(whole));
}

TEST_CASE("merge refuses overlapping and missing shards with exit 2", "[app]") {
  Scratch s;
  write_greet_suite(s, std::string(kGreetTest) +
                           "  - name: says nothing\n    steps: [{run: greet, stdout: "
                           "\"hello\\n\"}]\n");
  for (const char* k : {"1", "2"})
    REQUIRE(run_ipcgrade(s, std::string("run suites/greet --reference -q --shard ") + k +
                                "/2 --json r" + k + ".json") == 0);
  CHECK(run_ipcgrade(s, "merge r1.json r1.json -o m.json") == 2);
  CHECK(s.read("err.txt") ==
        "merge: shards overlap: shard 1/2 is given twice (r1.json and r1.json)\n");
  CHECK(run_ipcgrade(s, "merge r2.json -o m.json") == 2);
  CHECK(s.read("err.txt") ==
        "merge: 1 of 2 planned tests are in no shard: 'greet/says hello' (shard 1 of 2 was "
        "not given)\n");
  CHECK_FALSE(fs::exists(s.dir / "m.json"));
  CHECK(run_ipcgrade(s, "merge r1.json r2.json -o m.json") == 0);
  CHECK(s.json("m.json")["suites"][0]["tests"].size() == 2);
}

TEST_CASE("the shard option is K/N with 1 <= K <= N; grade needs --submissions", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  CHECK(run_ipcgrade(s, "run suites/greet --reference --shard 5/4") == 2);
  CHECK(s.read("err.txt") == "run: --shard must be K/N with 1 <= K <= N, e.g. 2/4; got '5/4'\n");
  CHECK(run_ipcgrade(s, "grade suites/greet") == 2);
}

TEST_CASE("on GitHub Actions a failure is annotated and the job summary gets the report", "[app]") {
  Scratch s;
  write_greet_suite(s, kGreetTest);
  s.write("student/greet.c", "int main(void) { return 0; }\n");
  s.write("summary.md", "before\n");
  const int status = run_ipcgrade(
      s, "run suites/greet --submission student -q",
      "GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY='" + (s.dir / "summary.md").string() + "'");
  CHECK(status == 1);
  CHECK(s.read("out.txt").find("\n::error title=fail greet%3A says hello::[output] step1: ") !=
        std::string::npos);
  const std::string summary = s.read("summary.md");
  CHECK(summary.rfind("before\n", 0) == 0);
  CHECK(summary.find("says hello") != std::string::npos);
}
