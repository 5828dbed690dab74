// Diagnostics: what a user sees when content is wrong. User mistakes never throw; every stage
// reports them into a Sink, and the CLI prints them sorted before the summary.
#pragma once

#include <string>
#include <vector>

namespace kb::diag {

enum class Severity { Warning, Error };

struct Diagnostic {
  std::string path;  // relative to the site root, '/' separators
  int line = 0;      // 1-based; 0 when the problem concerns the whole file (printed as 1:1)
  int col = 0;       // 1-based; 0 when unknown
  Severity severity = Severity::Error;
  std::string code;  // short kebab-case id, e.g. "unknown-ref"
  std::string message;
};

// "path:line:col: error: message [code]"
std::string format(const Diagnostic& d);

// Orders by path, line, column, then code, so output is stable whatever the stage order.
bool operator<(const Diagnostic& a, const Diagnostic& b);

class Sink {
 public:
  void error(std::string path, int line, int col, std::string code, std::string message);
  void warning(std::string path, int line, int col, std::string code, std::string message);
  void add(Diagnostic d);
  void merge(const Sink& other);

  const std::vector<Diagnostic>& all() const { return items_; }
  std::vector<Diagnostic> sorted() const;
  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  int warning_count() const { return static_cast<int>(items_.size()) - errors_; }

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

}  // namespace kb::diag
