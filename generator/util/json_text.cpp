#include "util/json_text.hpp"

#include <array>

#include "util/text.hpp"

namespace kb::util {

namespace {

// The bytes JSON escapes: control characters, '"' and '\\'.
constexpr auto kEscaped = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

void append_escaped(std::string& out, char ch) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (ch) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      const auto c = static_cast<unsigned char>(ch);
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

class Writer {
 public:
  Writer(std::string& out, int indent, nlohmann::json::error_handler_t handler)
      : out_(out), indent_(indent), handler_(handler) {}

  void value(const nlohmann::json& j, int depth) {
    using T = nlohmann::json::value_t;
    switch (j.type()) {
      case T::object: {
        if (j.empty()) {
          out_ += "{}";
          return;
        }
        out_ += '{';
        bool first = true;
        for (auto it = j.begin(); it != j.end(); ++it) {
          out_ += first ? "" : ",";
          first = false;
          newline(depth + 1);
          string(it.key());
          out_ += indent_ >= 0 ? ": " : ":";
          value(it.value(), depth + 1);
        }
        newline(depth);
        out_ += '}';
        return;
      }
      case T::array: {
        if (j.empty()) {
          out_ += "[]";
          return;
        }
        out_ += '[';
        bool first = true;
        for (const auto& item : j) {
          out_ += first ? "" : ",";
          first = false;
          newline(depth + 1);
          value(item, depth + 1);
        }
        newline(depth);
        out_ += ']';
        return;
      }
      case T::string:
        string(j.get_ref<const std::string&>());
        return;
      default:  // numbers, booleans, null: short, and nlohmann's number format is its own
        out_ += j.dump(-1, ' ', false, handler_);
        return;
    }
  }

 private:
  void newline(int depth) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth * indent_), ' ');
  }

  void string(const std::string& s) { append_json_string(out_, s, handler_); }

  std::string& out_;
  int indent_;
  nlohmann::json::error_handler_t handler_;
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  std::size_t plain = 0;  // the run since the last escaped byte, copied at once
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!kEscaped[static_cast<unsigned char>(s[i])]) continue;
    out.append(s.substr(plain, i - plain));
    append_escaped(out, s[i]);
    plain = i + 1;
  }
  out.append(s.substr(plain));
  out += '"';
}

void append_json_string(std::string& out, std::string_view s, nlohmann::json::error_handler_t handler) {
  if (find_invalid_utf8(s)) out += nlohmann::json(std::string(s)).dump(-1, ' ', false, handler);
  else append_json_string(out, s);
}

void append_json(std::string& out, const nlohmann::json& value, int indent, nlohmann::json::error_handler_t handler) {
  Writer(out, indent, handler).value(value, 0);
}

}  // namespace kb::util
