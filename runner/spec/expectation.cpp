#include "spec/expectation.h"

#include <yaml-cpp/yaml.h>

namespace ipcgrade::spec {

namespace {

Diagnostic at(const std::filesystem::path& file, const YAML::Mark& mark, std::string message) {
  return {{file.string(), mark.line + 1, mark.column + 1}, std::move(message)};
}

}  // namespace

std::optional<FixtureExpectation> load_expectation(const std::filesystem::path& file,
                                                   std::vector<Diagnostic>& diagnostics) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    diagnostics.push_back({{file.string(), 0, 0}, "cannot read the file"});
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diagnostics.push_back(at(file, e.mark, e.msg));
    return std::nullopt;
  }
  FixtureExpectation out;
  const std::size_t before = diagnostics.size();
  if (!root.IsMap()) {
    diagnostics.push_back({{file.string(), 1, 1}, "expected a map with 'bug' and 'fails'"});
    return std::nullopt;
  }
  for (const auto& pair : root) {
    const std::string key = pair.first.Scalar();
    if (key == "bug" && pair.second.IsScalar()) {
      out.bug = pair.second.Scalar();
    } else if (key == "suite" && pair.second.IsScalar()) {
      out.suite = pair.second.Scalar();
    } else if (key == "tests" && pair.second.IsSequence()) {
      for (const auto& name : pair.second) {
        if (!name.IsScalar())
          diagnostics.push_back(at(file, name.Mark(), "expected a test name"));
        else
          out.tests.push_back(name.Scalar());
      }
    } else if (key == "fails" && (pair.second.IsMap() || pair.second.IsNull())) {
      for (const auto& test : pair.second) {
        std::vector<std::string> kinds;
        if (!test.second.IsSequence()) {
          diagnostics.push_back(at(file, test.second.Mark(), "expected a list of failure kinds"));
          continue;
        }
        for (const auto& kind : test.second) kinds.push_back(kind.Scalar());
        out.fails[test.first.Scalar()] = kinds;
      }
    } else {
      diagnostics.push_back(at(file, pair.first.Mark(), "unknown or malformed key '" + key + "'"));
    }
  }
  if (diagnostics.size() != before) return std::nullopt;
  return out;
}

}  // namespace ipcgrade::spec
