// Corpus JSON reading and writing.
#include "search/corpus.hpp"

#include "search/js_number.hpp"

namespace kb::search {

namespace {

// String(value) for the JSON scalars lunr would stringify; nullopt for arrays and objects.
std::optional<std::string> js_string_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  // JSON.parse reads every number as a double, so big integers are rounded first.
  // (is_number_integer() is true for unsigned numbers too, so test unsigned first.)
  if (value.is_number_unsigned()) return js_number_to_string(static_cast<double>(value.get<std::uint64_t>()));
  if (value.is_number_integer()) return js_number_to_string(static_cast<double>(value.get<std::int64_t>()));
  if (value.is_number_float()) return js_number_to_string(value.get<double>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return std::nullopt;
}

bool read_boost(const nlohmann::json& value, const std::string& where, double& boost,
                std::string& error) {
  if (!value.is_number()) {
    error = where + ": boost must be a number";
    return false;
  }
  boost = value.get<double>();
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

}  // namespace

std::optional<Corpus> parse_corpus(const nlohmann::json& json, std::string& error) {
  if (!json.is_object()) {
    error = "corpus: expected an object with \"fields\" and \"documents\"";
    return std::nullopt;
  }
  Corpus corpus;
  if (const auto it = json.find("ref"); it != json.end()) {
    if (!it->is_string() || it->get<std::string>().empty()) {
      error = "ref: expected the name of the reference field, a non-empty string";
      return std::nullopt;
    }
    corpus.ref_field = it->get<std::string>();
  }
  if (corpus.ref_field == "boost") {
    error = "ref: \"boost\" is reserved for document boosts";
    return std::nullopt;
  }

  const auto fields = json.find("fields");
  if (fields == json.end() || !fields->is_array()) {
    error = "fields: expected an array of fields";
    return std::nullopt;
  }
  for (std::size_t i = 0; i < fields->size(); ++i) {
    const nlohmann::json& item = (*fields)[i];
    const std::string where = "fields[" + std::to_string(i) + "]";
    Field field;
    if (item.is_string()) {
      field.name = item.get<std::string>();
    } else if (item.is_object() && item.contains("name") && item["name"].is_string()) {
      field.name = item["name"].get<std::string>();
      if (const auto boost = item.find("boost"); boost != item.end()) {
        if (!read_boost(*boost, where, field.boost, error)) return std::nullopt;
      }
    } else {
      error = where + ": expected a field name or {\"name\": ..., \"boost\": ...}";
      return std::nullopt;
    }
    if (field.name.find('/') != std::string::npos) {
      error = where + ": field name '" + field.name + "' contains '/', which lunr forbids";
      return std::nullopt;
    }
    if (field.name == "boost" || is_object_prototype_key(field.name)) {
      error = where + ": '" + field.name + "' cannot be a field name";
      return std::nullopt;
    }
    corpus.fields.push_back(std::move(field));
  }

  const auto documents = json.find("documents");
  if (documents == json.end() || !documents->is_array()) {
    error = "documents: expected an array of documents";
    return std::nullopt;
  }
  corpus.documents.reserve(documents->size());
  for (std::size_t i = 0; i < documents->size(); ++i) {
    const nlohmann::json& item = (*documents)[i];
    const std::string where = "documents[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      error = where + ": expected an object";
      return std::nullopt;
    }
    Document document;
    const auto ref = item.find(corpus.ref_field);
    const std::optional<std::string> ref_text =
        ref == item.end() ? std::nullopt : js_string_of(*ref);
    if (!ref_text) {
      error = where + ": needs a string or number '" + corpus.ref_field + "' (its ref)";
      return std::nullopt;
    }
    document.ref = *ref_text;
    for (const Field& field : corpus.fields) {
      const auto value = item.find(field.name);
      if (value == item.end() || value->is_null()) continue;
      std::optional<std::string> text = js_string_of(*value);
      if (!text) {
        error = where + "." + field.name + ": expected a string, number, boolean or null";
        return std::nullopt;
      }
      document.fields.emplace_back(field.name, std::move(*text));
    }
    if (const auto boost = item.find("boost"); boost != item.end()) {
      if (!read_boost(*boost, where, document.boost, error)) return std::nullopt;
    }
    corpus.documents.push_back(std::move(document));
  }
  return corpus;
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

}  // namespace kb::search
