// Corpus JSON reading and writing.
#include "search/corpus.hpp"

#include <simdjson.h>

#include <algorithm>
#include <variant>

#include "search/js_number.hpp"
#include "util/json_text.hpp"
#include "util/text.hpp"

namespace kb::search {

namespace {

// The corpus is read through one of two views of a JSON value, with the same rules: nlohmann's
// tree, or simdjson's tape, which parses a large corpus many times faster. Both give a key's last
// value when an object repeats it, as JSON.parse does.

class NlohmannValue {
 public:
  explicit NlohmannValue(const nlohmann::json& json) : json_(&json) {}
  bool is_object() const { return json_->is_object(); }
  bool is_array() const { return json_->is_array(); }
  bool is_string() const { return json_->is_string(); }
  bool is_number() const { return json_->is_number(); }
  bool is_null() const { return json_->is_null(); }
  std::string string() const { return json_->get<std::string>(); }
  double number() const { return json_->get<double>(); }
  std::optional<NlohmannValue> find(const std::string& key) const {
    const auto it = json_->find(key);
    if (it == json_->end()) return std::nullopt;
    return NlohmannValue(*it);
  }
  std::size_t size() const { return json_->size(); }
  template <typename Fn>  // fn(item) for each item of an array, until it returns false
  bool each(Fn&& fn) const {
    for (const nlohmann::json& item : *json_) {
      if (!fn(NlohmannValue(item))) return false;
    }
    return true;
  }
  // String(value) for the JSON scalars lunr would stringify; nullopt for arrays and objects.
  std::optional<std::string> js_string() const {
    const nlohmann::json& value = *json_;
    if (value.is_string()) return value.get<std::string>();
    // JSON.parse reads every number as a double, so big integers are rounded first.
    // (is_number_integer() is true for unsigned numbers too, so test unsigned first.)
    if (value.is_number_unsigned()) return js_number_to_string(static_cast<double>(value.get<std::uint64_t>()));
    if (value.is_number_integer()) return js_number_to_string(static_cast<double>(value.get<std::int64_t>()));
    if (value.is_number_float()) return js_number_to_string(value.get<double>());
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    return std::nullopt;
  }

 private:
  const nlohmann::json* json_;
};

class SimdValue {
 public:
  explicit SimdValue(simdjson::dom::element element) : element_(element) {}
  bool is_object() const { return element_.is_object(); }
  bool is_array() const { return element_.is_array(); }
  bool is_string() const { return element_.is_string(); }
  bool is_number() const { return element_.is_number(); }
  bool is_null() const { return element_.is_null(); }
  // Each accessor is called only for a value of its type (the reader asks first).
  std::string string() const { return std::string(get<std::string_view>()); }
  double number() const { return get<double>(); }
  std::optional<SimdValue> find(const std::string& key) const {
    std::optional<SimdValue> found;
    for (const auto field : get<simdjson::dom::object>()) {
      if (field.key == key) found = SimdValue(field.value);
    }
    return found;
  }
  std::size_t size() const { return get<simdjson::dom::array>().size(); }
  template <typename Fn>
  bool each(Fn&& fn) const {
    for (const simdjson::dom::element item : get<simdjson::dom::array>()) {
      if (!fn(SimdValue(item))) return false;
    }
    return true;
  }
  std::optional<std::string> js_string() const {
    switch (element_.type()) {
      case simdjson::dom::element_type::STRING: return string();
      case simdjson::dom::element_type::INT64: return js_number_to_string(static_cast<double>(get<std::int64_t>()));
      case simdjson::dom::element_type::UINT64: return js_number_to_string(static_cast<double>(get<std::uint64_t>()));
      case simdjson::dom::element_type::DOUBLE: return js_number_to_string(number());
      case simdjson::dom::element_type::BOOL: return get<bool>() ? "true" : "false";
      default: return std::nullopt;
    }
  }

 private:
  template <typename T>
  T get() const {
    T value{};
    if (element_.get(value) != simdjson::SUCCESS) return T{};  // not reached: see above
    return value;
  }

  simdjson::dom::element element_;
};

template <typename Value>
bool read_boost(const Value& value, const std::string& where, double& boost, std::string& error) {
  if (!value.is_number()) {
    error = where + ": boost must be a number";
    return false;
  }
  boost = value.number();
  return true;
}

// lunr reads a field as doc[name]; for these names a document without the field would hand
// lunr an inherited function ("function Object() { [native code] }") to index.
bool is_object_prototype_key(const std::string& name) {
  static constexpr std::string_view kKeys[] = {
      "__proto__",      "__defineGetter__", "__defineSetter__",     "__lookupGetter__",
      "__lookupSetter__", "constructor",    "hasOwnProperty",       "isPrototypeOf",
      "propertyIsEnumerable", "toLocaleString", "toString",          "valueOf"};
  for (std::string_view key : kKeys) {
    if (name == key) return true;
  }
  return false;
}

template <typename Value>
std::optional<Corpus> read_corpus(const Value& json, std::string& error) {
  if (!json.is_object()) {
    error = "corpus: expected an object with \"fields\" and \"documents\"";
    return std::nullopt;
  }
  Corpus corpus;
  if (const auto ref = json.find("ref")) {
    if (!ref->is_string() || ref->string().empty()) {
      error = "ref: expected the name of the reference field, a non-empty string";
      return std::nullopt;
    }
    corpus.ref_field = ref->string();
  }
  if (corpus.ref_field == "boost") {
    error = "ref: \"boost\" is reserved for document boosts";
    return std::nullopt;
  }

  const auto fields = json.find("fields");
  if (!fields || !fields->is_array()) {
    error = "fields: expected an array of fields";
    return std::nullopt;
  }
  std::size_t i = 0;
  const bool fields_read = fields->each([&](const Value& item) {
    const std::string where = "fields[" + std::to_string(i++) + "]";
    Field field;
    const auto name = item.is_object() ? item.find("name") : std::nullopt;
    if (item.is_string()) {
      field.name = item.string();
    } else if (name && name->is_string()) {
      field.name = name->string();
      if (const auto boost = item.find("boost")) {
        if (!read_boost(*boost, where, field.boost, error)) return false;
      }
    } else {
      error = where + ": expected a field name or {\"name\": ..., \"boost\": ...}";
      return false;
    }
    if (field.name.find('/') != std::string::npos) {
      error = where + ": field name '" + field.name + "' contains '/', which lunr forbids";
      return false;
    }
    if (field.name == "boost" || is_object_prototype_key(field.name)) {
      error = where + ": '" + field.name + "' cannot be a field name";
      return false;
    }
    corpus.fields.push_back(std::move(field));
    return true;
  });
  if (!fields_read) return std::nullopt;

  const auto documents = json.find("documents");
  if (!documents || !documents->is_array()) {
    error = "documents: expected an array of documents";
    return std::nullopt;
  }
  corpus.documents.reserve(documents->size());
  i = 0;
  const bool documents_read = documents->each([&](const Value& item) {
    const std::string where = "documents[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      error = where + ": expected an object";
      return false;
    }
    Document document;
    const auto ref = item.find(corpus.ref_field);
    const std::optional<std::string> ref_text = ref ? ref->js_string() : std::nullopt;
    if (!ref_text) {
      error = where + ": needs a string or number '" + corpus.ref_field + "' (its ref)";
      return false;
    }
    document.ref = *ref_text;
    for (const Field& field : corpus.fields) {
      const auto value = item.find(field.name);
      if (!value || value->is_null()) continue;
      std::optional<std::string> text = value->js_string();
      if (!text) {
        error = where + "." + field.name + ": expected a string, number, boolean or null";
        return false;
      }
      document.fields.emplace_back(field.name, std::move(*text));
    }
    if (const auto boost = item.find("boost")) {
      if (!read_boost(*boost, where, document.boost, error)) return false;
    }
    corpus.documents.push_back(std::move(document));
    return true;
  });
  if (!documents_read) return std::nullopt;
  return corpus;
}

}  // namespace

std::optional<Corpus> parse_corpus(const nlohmann::json& json, std::string& error) {
  return read_corpus(NlohmannValue(json), error);
}

bool parse_corpus_text(std::string_view text, std::optional<Corpus>& corpus, std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return false;
  corpus = read_corpus(SimdValue(root), error);
  return true;
}

nlohmann::json corpus_to_json(const Corpus& corpus) {
  nlohmann::json fields = nlohmann::json::array();
  for (const Field& field : corpus.fields) {
    nlohmann::json item = {{"name", field.name}};
    if (field.boost != 1.0) item["boost"] = field.boost;
    fields.push_back(std::move(item));
  }
  nlohmann::json documents = nlohmann::json::array();
  for (const Document& document : corpus.documents) {
    nlohmann::json item = nlohmann::json::object();
    item[corpus.ref_field] = document.ref;
    for (const auto& [name, text] : document.fields) {
      // The ref field may be indexed too; it then holds the ref, which wins as in lunr.
      if (name != corpus.ref_field && name != "boost") item[name] = text;
    }
    if (document.boost != 1.0) item["boost"] = document.boost;
    documents.push_back(std::move(item));
  }
  nlohmann::json json = nlohmann::json::object();
  json["ref"] = corpus.ref_field;
  json["fields"] = std::move(fields);
  json["documents"] = std::move(documents);
  return json;
}

std::string corpus_text(const Corpus& corpus) {
  // A string that is not UTF-8 is left to nlohmann, which throws as dump(1) does; the search
  // stage never makes one.
  constexpr auto kStrict = nlohmann::json::error_handler_t::strict;
  std::size_t size = 64;
  for (const Document& document : corpus.documents) {
    size += document.ref.size() + 32;
    for (const auto& [name, text] : document.fields) size += name.size() + text.size() + 16;
  }

  // One object as nlohmann writes it at `depth` with indent 1: its keys in byte order, a key
  // set twice keeping its last value.
  using Value = std::variant<const std::string*, double>;
  std::vector<std::pair<const std::string*, Value>> members;
  auto set = [&](const std::string& key, Value value) {
    for (auto& member : members)
      if (*member.first == key) {
        member.second = value;
        return;
      }
    members.emplace_back(&key, value);
  };
  std::string out;
  out.reserve(size);
  auto object = [&](int depth) {
    if (members.empty()) {
      out += "{}";
      return;
    }
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    const std::string inner(static_cast<std::size_t>(depth) + 1, ' ');
    out += '{';
    for (std::size_t m = 0; m < members.size(); ++m) {
      out += m == 0 ? "\n" : ",\n";
      out += inner;
      util::append_json_string(out, *members[m].first, kStrict);
      out += ": ";
      if (const auto* text = std::get_if<const std::string*>(&members[m].second)) util::append_json_string(out, **text, kStrict);
      else out += nlohmann::json(std::get<double>(members[m].second)).dump();
    }
    out += '\n';
    out.append(static_cast<std::size_t>(depth), ' ');
    out += '}';
    members.clear();
  };
  static const std::string kName = "name", kBoost = "boost";
  out += "{\n \"documents\": ";
  if (corpus.documents.empty()) out += "[]";
  for (std::size_t d = 0; d < corpus.documents.size(); ++d) {
    const Document& document = corpus.documents[d];
    out += d == 0 ? "[\n  " : ",\n  ";
    set(corpus.ref_field, &document.ref);
    for (const auto& [name, text] : document.fields)
      if (name != corpus.ref_field && name != kBoost) set(name, &text);
    if (document.boost != 1.0) set(kBoost, document.boost);
    object(2);
    if (d + 1 == corpus.documents.size()) out += "\n ]";
  }
  out += ",\n \"fields\": ";
  if (corpus.fields.empty()) out += "[]";
  for (std::size_t f = 0; f < corpus.fields.size(); ++f) {
    const Field& field = corpus.fields[f];
    out += f == 0 ? "[\n  " : ",\n  ";
    set(kName, &field.name);
    if (field.boost != 1.0) set(kBoost, field.boost);
    object(2);
    if (f + 1 == corpus.fields.size()) out += "\n ]";
  }
  out += ",\n \"ref\": ";
  util::append_json_string(out, corpus.ref_field, kStrict);
  out += "\n}";
  return out;
}

}  // namespace kb::search
