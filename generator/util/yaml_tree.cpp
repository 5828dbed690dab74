#include "util/yaml_tree.hpp"

#include <yaml.h>

#include <unordered_map>

#include "util/text.hpp"

namespace kb::util::yaml {

namespace {

// libyaml's parser over one text, released at the end of its scope.
class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~Parser() { yaml_parser_delete(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_;
};

// One event, released at the end of its scope.
struct Event {
  yaml_event_t event{};
  ~Event() { yaml_event_delete(&event); }
};

Mark mark_of(const yaml_mark_t& m) { return {static_cast<int>(m.line), static_cast<int>(m.column)}; }

// The line and character column of byte `offset` (libyaml's reader errors give only that).
Mark mark_at(std::string_view text, std::size_t offset) {
  const LineCol lc = line_col_at(text, offset);
  return {lc.line - 1, lc.col - 1};
}

void parser_error(const yaml_parser_t& p, std::string_view text, Error& error) {
  error = Error{};
  if (p.error == YAML_MEMORY_ERROR) {
    error.message = "out of memory";
    return;
  }
  error.message = p.problem ? p.problem : "cannot be read";
  if (p.error == YAML_READER_ERROR) {
    error.mark = mark_at(text, p.problem_offset);
    return;
  }
  error.mark = mark_of(p.problem_mark);
  if (p.context) {
    error.context = p.context;
    error.context_line = static_cast<int>(p.context_mark.line);
  }
}

// YAML's core schema: these plain scalars, and an absent one, are null.
bool null_scalar(const yaml_event_t& e) {
  if (e.data.scalar.tag || e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  const std::string_view v(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
  return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL";
}

}  // namespace

const Node* Node::get(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k->is_scalar() && k->text == key) return v;
  return nullptr;
}

const Node* Node::scalar(std::string_view key) const {
  const Node* n = get(key);
  return n && n->is_scalar() ? n : nullptr;
}

std::string Error::describe(int first_line) const {
  std::string out = "invalid YAML: " + message;
  if (!context.empty()) {
    out += " " + context;
    if (context_line >= 0 && context_line != mark.line)
      out += " (which starts on line " + std::to_string(first_line + context_line) + ")";
  }
  return out;
}

bool parse(std::string_view text, Document& doc, Error& error) {
  doc = Document{};
  Parser parser(text);
  std::vector<Node*> open;  // the lists and mappings being read, outermost first
  std::vector<const Node*> pending_key;  // per open mapping: its key awaiting a value, or nullptr
  std::unordered_map<std::string, const Node*> anchors;
  auto fail = [&](std::string message, Mark mark) {
    error = Error{std::move(message), mark, {}, -1};
    return false;
  };
  // Puts a finished node (or an open one, which its end event closes) in its place.
  auto place = [&](const Node* node) {
    if (open.empty()) {
      if (!doc.root) doc.root = node;
      return;
    }
    Node* parent = open.back();
    if (parent->is_list()) {
      parent->items.push_back(node);
    } else if (const Node*& key = pending_key.back(); !key) {
      key = node;
    } else {
      parent->entries.emplace_back(key, node);
      key = nullptr;
    }
  };
  auto anchor = [&](const yaml_char_t* name, const Node* node) {
    if (name) anchors[reinterpret_cast<const char*>(name)] = node;
  };
  for (;;) {
    Event e;
    if (!yaml_parser_parse(parser.get(), &e.event)) {
      parser_error(*parser.get(), text, error);
      return false;
    }
    const yaml_event_t& ev = e.event;
    switch (ev.type) {
      case YAML_SCALAR_EVENT: {
        Node& n = doc.nodes.emplace_back();
        n.mark = mark_of(ev.start_mark);
        if (!null_scalar(ev)) {
          n.kind = Node::Kind::scalar;
          n.quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
          n.text.assign(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
        }
        anchor(ev.data.scalar.anchor, &n);
        place(&n);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool list = ev.type == YAML_SEQUENCE_START_EVENT;
        Node& n = doc.nodes.emplace_back();
        n.kind = list ? Node::Kind::list : Node::Kind::map;
        n.mark = mark_of(ev.start_mark);
        if (static_cast<int>(open.size()) >= kMaxDepth)
          return fail("nested more than " + std::to_string(kMaxDepth) + " levels deep", n.mark);
        anchor(list ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor, &n);
        place(&n);
        open.push_back(&n);
        pending_key.push_back(nullptr);
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        open.pop_back();
        pending_key.pop_back();
        break;
      case YAML_ALIAS_EVENT: {
        const std::string name = reinterpret_cast<const char*>(ev.data.alias.anchor);
        auto it = anchors.find(name);
        if (it == anchors.end())
          return fail("the alias *" + name + " names no anchor written before it", mark_of(ev.start_mark));
        for (const Node* o : open)
          if (o == it->second)
            return fail("an alias refers to the list or mapping that contains it, so the value never ends",
                        o->mark);
        place(it->second);
        break;
      }
      case YAML_DOCUMENT_END_EVENT:
      case YAML_STREAM_END_EVENT:
        // The first document only, as the files hold one.
        if (!doc.root) doc.root = &doc.nodes.emplace_back();
        return true;
      default:  // stream and document starts
        break;
    }
  }
}

}  // namespace kb::util::yaml
