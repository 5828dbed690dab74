// JSON text written straight into a string: what nlohmann's dump() writes, byte for byte, at a
// fraction of its cost (its serializer decodes and appends one character at a time). The search
// data, the largest files of a build, are written with it.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kb::util {

// `s` as a JSON string, quotes included: '"', '\\' and control characters escaped, as nlohmann
// escapes them; the rest (UTF-8 included) as it is. `s` must be valid UTF-8.
void append_json_string(std::string& out, std::string_view s);

// The same for any `s`: one that is not valid UTF-8 is left to nlohmann, which replaces, ignores
// or throws (type_error 316) as `handler` says, exactly as its dump() would.
void append_json_string(std::string& out, std::string_view s, nlohmann::json::error_handler_t handler);

// value.dump(indent, ' ', false, handler), appended to `out`. A string that is not valid UTF-8 is
// left to nlohmann (which replaces, ignores or throws as `handler` says).
void append_json(std::string& out, const nlohmann::json& value, int indent = -1,
                 nlohmann::json::error_handler_t handler = nlohmann::json::error_handler_t::strict);

}  // namespace kb::util
