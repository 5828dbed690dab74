#include "diag/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace kb::diag {

std::string format(const Diagnostic& d) {
  std::string out = d.path.empty() ? std::string("kbgen") : d.path;
  if (d.line > 0) {
    out += ':' + std::to_string(d.line);
    if (d.col > 0) out += ':' + std::to_string(d.col);
  }
  out += d.severity == Severity::Error ? ": error: " : ": warning: ";
  out += d.message;
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
