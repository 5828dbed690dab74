// A site's files in memory: output path → bytes. The bytes are shared and never change, so the
// render cache, a rebuild's file map and the site `kbgen serve` publishes hold one copy of each
// page between them: copying a map copies pointers, and comparing two builds' maps compares
// only the files that are not the very same bytes.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace kb::site {

class Bytes {
 public:
  Bytes() : text_(empty()) {}
  Bytes(std::string text) : text_(std::make_shared<const std::string>(std::move(text))) {}  // NOLINT: implicit

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }  // NOLINT: implicit, read as a string
  // The same bytes, or equal ones.
  friend bool operator==(const Bytes& a, const Bytes& b) { return a.text_ == b.text_ || *a.text_ == *b.text_; }

 private:
  static const std::shared_ptr<const std::string>& empty() {
    static const std::shared_ptr<const std::string> none = std::make_shared<const std::string>();
    return none;
  }
  std::shared_ptr<const std::string> text_;
};

using Files = std::map<std::string, Bytes>;

}  // namespace kb::site
