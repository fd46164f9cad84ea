// The bytes a process gets on stdin, produced chunk by chunk so that a
// 200 MiB input never sits in memory. The same source, made again, lets
// `same_as: stdin` compare output with input as both stream.
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "spec/model.h"

namespace ipcgrade::exec {

class StdinSource {
 public:
  virtual ~StdinSource() = default;
  // Up to `max` more bytes; empty at the end.
  virtual std::string next(std::size_t max) = 0;
};

// For `text`, `file` and `generate_*` stdin (scripts are the scenario's);
// `text` is the spec's text with variables already expanded. nullptr with
// `error` set when a file cannot be read.
std::unique_ptr<StdinSource> make_stdin_source(const spec::StdinSpec& stdin_spec,
                                               const std::string& text, std::string& error);

}  // namespace ipcgrade::exec
