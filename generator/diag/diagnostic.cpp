#include "diag/diagnostic.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <tuple>

namespace kb::diag {

std::string format(const Diagnostic& d) {
  // Paths and messages quote what authors wrote, which may hold terminal escape sequences.
  std::string out = d.path.empty() ? std::string("kbgen") : util::escape_controls(d.path);
  // A problem with a whole file (or folder) points at its start, so that editors and CI
  // annotations, which read path:line:col, can jump to it.
  if (!d.path.empty()) {
    out += ':' + std::to_string(d.line > 0 ? d.line : 1);
    out += ':' + std::to_string(d.line > 0 && d.col > 0 ? d.col : 1);
  }
  out += d.severity == Severity::Error ? ": error: " : ": warning: ";
  out += util::escape_controls(d.message);
  if (!d.code.empty()) out += " [" + d.code + "]";
  return out;
}

bool operator<(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.path, a.line, a.col, a.code, a.message) <
         std::tie(b.path, b.line, b.col, b.code, b.message);
}

void Sink::error(std::string path, int line, int col, std::string code, std::string message) {
  add({std::move(path), line, col, Severity::Error, std::move(code), std::move(message)});
}

void Sink::warning(std::string path, int line, int col, std::string code, std::string message) {
  add({std::move(path), line, col, Severity::Warning, std::move(code), std::move(message)});
}

void Sink::add(Diagnostic d) {
  if (d.severity == Severity::Error) ++errors_;
  items_.push_back(std::move(d));
}

void Sink::merge(const Sink& other) {
  for (const auto& d : other.items_) add(d);
}

std::vector<Diagnostic> Sink::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end());
  return out;
}

}  // namespace kb::diag
