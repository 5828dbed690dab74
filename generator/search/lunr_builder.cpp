// lunr.Builder#add, #build and lunr.Index#toJSON, with JavaScript's object semantics made
// explicit: keys that are array indices ("3") enumerate first in numeric order, re-adding a
// ref overwrites its field statistics but not its place, and JSON.stringify prints numbers
// the JavaScript way.
#include "search/lunr_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "search/js_number.hpp"
#include "search/js_string.hpp"
#include "search/lunr_pipeline.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

// Results must be bit-identical to V8's, so no fused multiply-add may be formed from these
// expressions, even when building with -march flags that enable FMA.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace kb::search {

namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr int kStopWord = -1;

struct IndexField {
  std::string name;
  std::string json_name;  // JSON-escaped, with quotes
  double boost = 1.0;
};

struct Ref {
  std::string json_key;      // JSON-escaped ref, with quotes
  std::u16string text;
  bool is_index = false;     // an array index, which JavaScript enumerates first
  std::uint32_t index = 0;
  double boost = 1.0;        // of the last document added with this ref
};

struct FieldStats {
  std::uint32_t length = 0;                                      // terms after the pipeline
  std::vector<std::pair<std::uint32_t, std::uint32_t>> frequencies;  // (term, tf), first-seen order
};

struct Term {
  std::u16string text;
};

// Token bytes -> term id (or kStopWord), open addressing with linear probing. The hash is
// computed while the token is scanned, so each token costs one pass and usually one probe.
class TokenTable {
 public:
  TokenTable() : slots_(4096) {}

  const int* find(std::string_view key, std::uint64_t hash) const {
    for (std::size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[i];
      if (!slot.used) return nullptr;
      if (slot.hash == hash && slot.length == key.size() && key_of(slot) == key) return &slot.value;
    }
  }

  void insert(std::string_view key, std::uint64_t hash, int value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    Slot slot;
    slot.hash = hash;
    slot.length = static_cast<std::uint32_t>(key.size());
    slot.value = value;
    slot.used = true;
    // Most words fit in the slot itself, which saves a cache miss per lookup.
    if (key.size() <= sizeof slot.inline_key) {
      std::memcpy(slot.inline_key, key.data(), key.size());
    } else {
      slot.offset = static_cast<std::uint32_t>(arena_.size());
      arena_.append(key);
    }
    place(slot);
    ++size_;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t length = 0;
    int value = 0;
    std::uint32_t offset = 0;  // into arena_, for keys longer than inline_key
    bool used = false;
    char inline_key[11] = {};
  };

  std::string_view key_of(const Slot& slot) const {
    if (slot.length <= sizeof slot.inline_key) return std::string_view(slot.inline_key, slot.length);
    return std::string_view(arena_).substr(slot.offset, slot.length);
  }

  void place(const Slot& slot) {
    std::size_t i = slot.hash & (slots_.size() - 1);
    while (slots_[i].used) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = slot;
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.used) place(slot);
    }
  }

  std::vector<Slot> slots_;
  std::string arena_;
  std::size_t size_ = 0;
};

// split_lunr_tokens over lowercased UTF-8: calls fn(token, hash) for each token between
// separators. Each separator is one UTF-16 code unit, matched here by its UTF-8 bytes.
template <typename Fn>
void for_each_utf8_token(std::string_view s, Fn&& fn) {
  constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
  constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
  const auto* b = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  // 0 if b[p] does not start a separator, else the separator's length in bytes.
  auto separator = [&](std::size_t p) -> std::size_t {
    const unsigned char c = b[p];
    if (c < 0x80) return (c == ' ' || c == '-' || (c >= 0x09 && c <= 0x0D)) ? 1 : 0;
    if (c == 0xC2) return (p + 1 < n && b[p + 1] == 0xA0) ? 2 : 0;                 // U+00A0
    if (c < 0xE1 || p + 2 >= n) return 0;
    const unsigned char c1 = b[p + 1], c2 = b[p + 2];
    if (c == 0xE1) return (c1 == 0x9A && c2 == 0x80) ? 3 : 0;                       // U+1680
    if (c == 0xE2) {
      if (c1 == 0x80) return (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) ? 3 : 0;
      return (c1 == 0x81 && c2 == 0x9F) ? 3 : 0;                                      // U+205F
    }
    if (c == 0xE3) return (c1 == 0x80 && c2 == 0x80) ? 3 : 0;                       // U+3000
    if (c == 0xEF) return (c1 == 0xBB && c2 == 0xBF) ? 3 : 0;                       // U+FEFF
    return 0;
  };
  std::size_t i = 0;
  while (i < n) {
    if (const std::size_t length = separator(i)) {
      i += length;
      continue;
    }
    const std::size_t start = i;
    std::uint64_t hash = kFnvOffset;
    do {
      hash = (hash ^ b[i]) * kFnvPrime;
      ++i;
    } while (i < n && separator(i) == 0);
    fn(s.substr(start, i - start), hash);
  }
}

// lunr's `boost || 1`: a zero (or NaN) boost counts as 1.
double effective_boost(double boost) { return (boost == 0 || std::isnan(boost)) ? 1.0 : boost; }

// A document's text for a field, or nullptr: the last value wins, as in JSON.
const std::string* text_of(const Document& document, const std::string& field) {
  const std::string* text = nullptr;
  for (const auto& [name, value] : document.fields) {
    if (name == field) text = &value;
  }
  return text;
}

// String#toLowerCase of a field's text, as UTF-8. Tokens are looked up as UTF-8 (lossless for
// the well-formed text we get), so the common all-ASCII field needs no UTF-16 conversion and no
// ICU; only new tokens go through the UTF-16 pipeline.
void lower_text(const std::string& text, std::string& lowered, Utf8LowerCaser& lower_caser) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    lowered.resize(text.size());
    std::transform(text.begin(), text.end(), lowered.begin(), [](char c) { return util::lower_ascii(c); });
  } else {
    lower_caser.lower(text, lowered);
  }
}

// A run of consecutive documents split into terms, on a thread of its own: every field of
// every document lowercased and cut into tokens, and each distinct token put through lunr's
// pipeline once. Tokens are numbered in this chunk only; the builder numbers the terms as
// lunr does afterwards, in document order.
struct TokenisedChunk {
  std::vector<std::u16string> terms;  // by local id
  std::vector<std::uint32_t> ids;     // local ids of the kept tokens, document by document, field by field
  std::vector<std::size_t> ends;      // end of each (document, field) in ids
  std::vector<TokenCount> counts;     // each distinct token of the chunk, in order of first appearance

  void tokenise(const Document* begin, const Document* end, const std::vector<IndexField>& fields) {
    TokenTable tokens;  // token -> its index in counts and local_ids_
    std::string lowered;
    Utf8LowerCaser lower_caser;
    for (const Document* document = begin; document != end; ++document) {
      for (const IndexField& field : fields) {
        if (const std::string* text = text_of(*document, field.name)) {
          lower_text(*text, lowered, lower_caser);
          for_each_utf8_token(lowered, [&](std::string_view token, std::uint64_t hash) {
            const int* known = tokens.find(token, hash);
            const int index = known ? *known : add_token(tokens, token, hash);
            ++counts[static_cast<std::size_t>(index)].count;
            const int id = local_ids_[static_cast<std::size_t>(index)];
            if (id != kStopWord) ids.push_back(static_cast<std::uint32_t>(id));
          });
        }
        ends.push_back(ids.size());
      }
    }
  }

 private:
  // The term a new token becomes after trimmer, stop-word filter and stemmer (the stemmer
  // dominates, hence the table).
  int add_token(TokenTable& tokens, std::string_view token, std::uint64_t hash) {
    int id = kStopWord;
    TokenCount count{std::string(token), "", 0};
    if (std::optional<std::u16string> term = lunr_index_term(utf8_to_utf16(token))) {
      id = static_cast<int>(terms.size());
      count.term = utf16_to_utf8(*term);
      terms.push_back(std::move(*term));
    }
    const int index = static_cast<int>(counts.size());
    counts.push_back(std::move(count));
    local_ids_.push_back(id);
    tokens.insert(token, hash, index);
    return index;
  }

  std::vector<int> local_ids_;  // by index in counts: the token's local term id, or kStopWord
};

// Below this much document text, the index is built on the calling thread alone: for the real
// knowledge base's corpus (1.3 MB) a second thread cost 10 ms more processor time than it saved
// and the whole `kbgen lunr` took 4-6 ms longer; at 2.4 MB the two were even, at 22 MB two
// threads were 60 ms faster (hyperfine, bench/analysis.md). The other thread allocates from an
// arena of its own (jemalloc's percpu_arena), whose fresh memory the kernel must zero first.
constexpr std::size_t kParallelTextBytes = 2 << 20;

// The threads the builder uses for a corpus: 1 below kParallelTextBytes, else every core's.
std::size_t builder_threads(const Corpus& corpus) {
  std::size_t bytes = 0;
  for (const Document& document : corpus.documents)
    for (const auto& field : document.fields) bytes += field.second.size();
  return bytes < kParallelTextBytes ? 1 : util::worker_count();
}

// Appends write(i, out) for i = 0..count-1 in order, the pieces written on `threads` threads.
template <typename Write>
void append_in_parallel(std::string& out, std::size_t threads, std::size_t count, Write&& write) {
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) write(i, out);
    return;
  }
  const std::size_t pieces = std::min(count, 8 * threads);
  std::vector<std::string> written(pieces);
  util::parallel_for(pieces, [&](std::size_t p, std::size_t) {
    for (std::size_t i = count * p / pieces; i < count * (p + 1) / pieces; ++i) write(i, written[p]);
  });
  for (const std::string& piece : written) out += piece;
}

// Object.keys(this._fields): array-index names first (ascending), then the others in the order
// they were first declared; a repeated declaration replaces the attributes only.
std::vector<IndexField> ordered_fields(const std::vector<Field>& declared) {
  std::vector<IndexField> fields;
  std::vector<std::u16string> names;
  for (const Field& field : declared) {
    const std::u16string name = utf8_to_utf16(field.name);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) {
      fields[static_cast<std::size_t>(it - names.begin())].boost = field.boost;
      continue;
    }
    IndexField entry;
    entry.name = field.name;
    append_json_string(entry.json_name, name);
    entry.boost = field.boost;
    fields.push_back(std::move(entry));
    names.push_back(name);
  }
  std::vector<std::size_t> order(fields.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [&](std::size_t i) {
    std::uint32_t value = 0;
    const bool index = is_array_index(names[i], &value);
    return std::pair<int, std::uint64_t>(index ? 0 : 1, index ? value : i);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  std::vector<IndexField> result;
  for (std::size_t i : order) result.push_back(std::move(fields[i]));
  return result;
}

class Builder {
 public:
  explicit Builder(const Corpus& corpus) : fields_(ordered_fields(corpus.fields)), threads_(builder_threads(corpus)) {
    std::unordered_set<std::string_view> seen;
    for (const Document& document : corpus.documents) {
      if (!seen.insert(document.ref).second) repeated_refs_.insert(document.ref);
    }
    // A posting is created as {_index, field1, field2, ...}; array-index field names, which
    // ordered_fields put first, enumerate before "_index".
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (!is_array_index(utf8_to_utf16(fields_[f].name))) {
        posting_keys_.push_back(-1);
        for (; f < fields_.size(); ++f) posting_keys_.push_back(static_cast<int>(f));
        break;
      }
      posting_keys_.push_back(static_cast<int>(f));
    }
    if (std::find(posting_keys_.begin(), posting_keys_.end(), -1) == posting_keys_.end()) {
      posting_keys_.push_back(-1);
    }
  }

  // lunr.Builder#add for each document in order. The documents are first split into terms on
  // all cores (TokenisedChunk); the terms are then numbered and counted here, in document
  // order, which is all that lunr's `_index` and postings depend on.
  void add_all(const std::vector<Document>& documents, std::vector<TokenCount>* token_counts = nullptr) {
    const std::size_t chunks = std::max<std::size_t>(1, std::min(threads_, documents.size() / 64));
    std::vector<TokenisedChunk> tokenised(chunks);
    auto first = [&](std::size_t c) { return documents.data() + documents.size() * c / chunks; };
    util::parallel_for(chunks, [&](std::size_t c, std::size_t) {
      tokenised[c].tokenise(first(c), first(c + 1), fields_);
    });
    std::size_t tokens = 0;  // each token makes at most one posting
    for (TokenisedChunk& chunk : tokenised) {
      tokens += chunk.ids.size();
      if (token_counts)
        token_counts->insert(token_counts->end(), std::make_move_iterator(chunk.counts.begin()),
                             std::make_move_iterator(chunk.counts.end()));
    }
    postings_.reserve(tokens);
    for (std::size_t c = 0; c < chunks; ++c) {
      TokenisedChunk& chunk = tokenised[c];
      global_ids_.assign(chunk.terms.size(), kUnnumbered);
      std::size_t token = 0;
      const std::size_t* end = chunk.ends.data();
      for (const Document* document = first(c); document != first(c + 1); ++document) {
        add(*document, chunk, token, end);
        end += fields_.size();
      }
    }
  }

  // The builder's state before #build: see build_lunr_state. Needs each ref added once.
  std::string state() {
    std::string out;
    out.reserve(8 * postings_.size() + 16 * terms_.size() + 16 * refs_.size() + 256);
    out += "{\"version\":\"2.3.9\",\"fields\":[";
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (f) out.push_back(',');
      out.push_back('[');
      out += fields_[f].json_name;
      out.push_back(',');
      append_json_number(out, effective_boost(fields_[f].boost));
      out.push_back(']');
    }
    out += "],\"refs\":[";
    bool boosted = false;
    for (std::size_t r = 0; r < refs_.size(); ++r) {
      if (r) out.push_back(',');
      out += refs_[r].json_key;
      boosted = boosted || effective_boost(refs_[r].boost) != 1.0;
    }
    out += "]";
    if (boosted) {
      out += ",\"boosts\":[";
      for (std::size_t r = 0; r < refs_.size(); ++r) {
        if (r) out.push_back(',');
        append_json_number(out, effective_boost(refs_[r].boost));
      }
      out += "]";
    }
    out += ",\"terms\":[";
    for (std::size_t t = 0; t < terms_.size(); ++t) {
      if (t) out.push_back(',');
      append_json_string(out, terms_[t].text);
    }
    out += "],\"frequencies\":[";
    append_in_parallel(out, threads_, stats_.size(), [&](std::size_t i, std::string& piece) {
      if (i) piece.push_back(',');
      piece.push_back('[');
      std::vector<std::pair<std::uint32_t, std::uint32_t>>& entries = stats_[i].frequencies;
      std::sort(entries.begin(), entries.end());
      std::int64_t previous = -1;
      for (std::size_t e = 0; e < entries.size(); ++e) {
        if (e) piece.push_back(',');
        const std::int64_t step = static_cast<std::int64_t>(entries[e].first) - previous;
        previous = entries[e].first;
        if (entries[e].second == 1) {
          append_json_number(piece, static_cast<double>(step));
        } else {
          append_json_number(piece, static_cast<double>(-step));
          piece.push_back(',');
          append_json_number(piece, entries[e].second);
        }
      }
      piece.push_back(']');
    });
    out += "]}";
    return out;
  }

  std::string serialise() {
    std::string out;
    // Each (term, field, ref) triple appears once in the inverted index and once in a vector.
    group_postings();
    out.reserve(40 * postings_.size() + 48 * terms_.size() + 48 * refs_.size() * fields_.size() + 256);
    out += "{\"version\":\"2.3.9\",\"fields\":[";
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (f) out.push_back(',');
      out += fields_[f].json_name;
    }
    out += "],\"fieldVectors\":[";
    write_field_vectors(out);
    out += "],\"invertedIndex\":[";
    write_inverted_index(out);
    out += "],\"pipeline\":[\"stemmer\"]}";
    return out;
  }

 private:
  // One document, its fields' terms at chunk.ids[token, ends[f]) in field order.
  void add(const Document& document, TokenisedChunk& chunk, std::size_t& token, const std::size_t* ends) {
    ++document_count_;
    const auto [ref_it, is_new_ref] =
        ref_ids_.try_emplace(document.ref, static_cast<std::uint32_t>(refs_.size()));
    const std::uint32_t ref_id = ref_it->second;
    if (is_new_ref) {
      Ref ref;
      ref.text = utf8_to_utf16(document.ref);
      append_json_string(ref.json_key, ref.text);
      ref.is_index = is_array_index(ref.text, &ref.index);
      any_index_ref_ = any_index_ref_ || ref.is_index;
      ref_key_offsets_.push_back(static_cast<std::uint32_t>(ref_keys_.size()));
      ref_keys_ += ref.json_key;
      ref_keys_ += ":{}";
      refs_.push_back(std::move(ref));
      stats_.resize(stats_.size() + fields_.size());
    }
    refs_[ref_id].boost = document.boost;
    // (term, field) pairs already posted for a ref that the corpus adds more than once.
    std::unordered_set<std::uint64_t>* listed = nullptr;
    if (repeated_refs_.count(document.ref)) listed = &listed_by_ref_[ref_id];

    for (std::size_t f = 0; f < fields_.size(); ++f) {
      FieldStats& stats = stats_[ref_id * fields_.size() + f];
      stats.length = 0;
      stats.frequencies.clear();
      ++stamp_;
      for (; token < ends[f]; ++token) add_term(term_of(chunk, chunk.ids[token]), f, ref_id, listed, stats);
    }
  }

  void add_term(std::uint32_t id, std::size_t field, std::uint32_t ref_id,
                std::unordered_set<std::uint64_t>* listed, FieldStats& stats) {
    ++stats.length;
    if (term_stamp_[id] == stamp_) {
      ++stats.frequencies[term_slot_[id]].second;
      return;
    }
    term_stamp_[id] = stamp_;
    term_slot_[id] = static_cast<std::uint32_t>(stats.frequencies.size());
    stats.frequencies.emplace_back(id, 1);
    // Only a ref added more than once can already be listed for this term and field.
    if (listed && !listed->insert(static_cast<std::uint64_t>(id) * fields_.size() + field).second) return;
    postings_.push_back(Posting{id, static_cast<std::uint32_t>(field), ref_id});
  }

  // A chunk's term as lunr numbers `_index`: in order of first appearance.
  std::uint32_t term_of(TokenisedChunk& chunk, std::uint32_t local) {
    std::uint32_t& id = global_ids_[local];
    if (id == kUnnumbered) {
      const auto [it, inserted] =
          term_ids_.try_emplace(chunk.terms[local], static_cast<std::uint32_t>(terms_.size()));
      if (inserted) {
        terms_.push_back(Term{std::move(chunk.terms[local])});
        term_stamp_.push_back(0);
        term_slot_.push_back(0);
      }
      id = it->second;
    }
    return id;
  }

  void write_field_vectors(std::string& out) {
    // lunr.Builder#calculateAverageFieldLengths: every ref has every field.
    std::vector<double> average(fields_.size(), 0.0);
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      double total = 0;
      for (std::size_t r = 0; r < refs_.size(); ++r) total += stats_[r * fields_.size() + f].length;
      average[f] = total / static_cast<double>(refs_.size());
    }
    // lunr.idf of every term.
    std::vector<double> idf(terms_.size());
    for (std::size_t term = 0; term < terms_.size(); ++term) {
      const auto with_term = static_cast<double>(group_start_[(term + 1) * fields_.size()] -
                                                 group_start_[term * fields_.size()]);
      const double x = (static_cast<double>(document_count_) - with_term + 0.5) / (with_term + 0.5);
      // lunr.js uses V8's Math.log (fdlibm's algorithm), which can differ from glibc's
      // correctly rounded log in the last bit. Debian packages no fdlibm-compatible libm and we
      // do not copy its code, so a score could in principle round differently at the third
      // decimal; the lunr.js comparison tests guard the corpora we ship.
      idf[term] = std::log(1 + std::abs(x));
    }
    // ["field/ref",[termIndex,score,...]] for each ref and field — the field name has no '/',
    // the ref may.
    append_in_parallel(out, threads_, refs_.size() * fields_.size(), [&](std::size_t i, std::string& piece) {
      const std::size_t r = i / fields_.size();
      const std::size_t f = i % fields_.size();
      FieldStats& stats = stats_[i];
      if (i) piece.push_back(',');
      piece += "[";
      piece.append(fields_[f].json_name, 0, fields_[f].json_name.size() - 1);
      piece.push_back('/');
      piece.append(refs_[r].json_key, 1);
      piece += ",[";
      std::vector<std::pair<std::uint32_t, std::uint32_t>>& entries = stats.frequencies;
      std::sort(entries.begin(), entries.end());
      const double doc_boost = effective_boost(refs_[r].boost);
      const double field_boost = effective_boost(fields_[f].boost);
      const double length = stats.length;
      for (std::size_t e = 0; e < entries.size(); ++e) {
        const double tf = entries[e].second;
        // Same operations in the same order as lunr, so the doubles are the same.
        double score = idf[entries[e].first] * ((kK1 + 1) * tf) /
                       (kK1 * (1 - kB + kB * (length / average[f])) + tf);
        score *= field_boost;
        score *= doc_boost;
        const double rounded = js_math_round(score * 1000) / 1000;
        if (e) piece.push_back(',');
        append_json_number(piece, entries[e].first);
        piece.push_back(',');
        append_json_number(piece, rounded);
      }
      piece += "]]";
    });
  }

  void write_inverted_index(std::string& out) const {
    std::vector<std::uint32_t> order(terms_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    // Array.prototype.sort without a comparator: UTF-16 code unit order, which is
    // std::u16string's order.
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return terms_[a].text < terms_[b].text; });
    append_in_parallel(out, threads_, order.size(), [&](std::size_t i, std::string& piece) {
      const Term& term = terms_[order[i]];
      if (i) piece.push_back(',');
      piece.push_back('[');
      append_json_string(piece, term.text);
      piece += ",{";
      for (std::size_t k = 0; k < posting_keys_.size(); ++k) {
        if (k) piece.push_back(',');
        if (posting_keys_[k] < 0) {
          piece += "\"_index\":";
          append_json_number(piece, order[i]);
          continue;
        }
        const auto f = static_cast<std::size_t>(posting_keys_[k]);
        piece += fields_[f].json_name;
        piece += ":{";
        const std::size_t group = order[i] * fields_.size() + f;
        write_posting_refs(piece, &grouped_[group_start_[group]], &grouped_[0] + group_start_[group + 1]);
        piece.push_back('}');
      }
      piece += "}]";
    });
  }

  // Groups the (term, field, ref) triples by term and field with a stable counting sort, so
  // each group keeps the order in which lunr inserted the refs.
  void group_postings() {
    const std::size_t groups = terms_.size() * fields_.size();
    group_start_.assign(groups + 1, 0);
    for (const Posting& p : postings_) ++group_start_[p.term * fields_.size() + p.field + 1];
    for (std::size_t g = 0; g < groups; ++g) group_start_[g + 1] += group_start_[g];
    std::vector<std::size_t> fill(group_start_.begin(), group_start_.end() - 1);
    grouped_.resize(postings_.size() + 1);
    for (const Posting& p : postings_) grouped_[fill[p.term * fields_.size() + p.field]++] = p.ref;
  }

  void write_posting_refs(std::string& out, const std::uint32_t* begin, const std::uint32_t* end) const {
    std::vector<std::uint32_t> scratch;
    if (any_index_ref_ && std::any_of(begin, end, [&](std::uint32_t r) { return refs_[r].is_index; })) {
      scratch.assign(begin, end);
      std::stable_sort(scratch.begin(), scratch.end(), [&](std::uint32_t a, std::uint32_t b) {
        const Ref& x = refs_[a];
        const Ref& y = refs_[b];
        if (x.is_index != y.is_index) return x.is_index;
        return x.is_index && x.index < y.index;
      });
      begin = scratch.data();
      end = begin + scratch.size();
    }
    // The keys sit back to back in ref_keys_, so this loop reads two small arrays rather than
    // chasing a string per ref.
    for (const std::uint32_t* ref = begin; ref != end; ++ref) {
      if (ref != begin) out.push_back(',');
      const std::uint32_t from = ref_key_offsets_[*ref];
      const std::uint32_t to = *ref + 1 < ref_key_offsets_.size()
                                   ? ref_key_offsets_[*ref + 1]
                                   : static_cast<std::uint32_t>(ref_keys_.size());
      out.append(ref_keys_, from, to - from);
    }
  }

  std::vector<IndexField> fields_;
  std::size_t threads_;  // builder_threads
  std::vector<int> posting_keys_;  // field numbers in JSON key order; -1 is "_index"
  std::vector<Ref> refs_;
  std::string ref_keys_;                       // each ref's "key":{} as in a posting
  std::vector<std::uint32_t> ref_key_offsets_;  // into ref_keys_, by ref
  bool any_index_ref_ = false;
  std::unordered_map<std::string, std::uint32_t> ref_ids_;
  std::vector<FieldStats> stats_;  // [ref * fields + field]
  std::vector<Term> terms_;        // by _index
  std::unordered_map<std::u16string, std::uint32_t> term_ids_;
  static constexpr std::uint32_t kUnnumbered = ~std::uint32_t{0};
  std::vector<std::uint32_t> global_ids_;  // a chunk's local term -> term id, or kUnnumbered
  struct Posting {
    std::uint32_t term, field, ref;
  };
  std::vector<Posting> postings_;          // in lunr's insertion order
  std::unordered_set<std::string> repeated_refs_;
  std::unordered_map<std::uint32_t, std::unordered_set<std::uint64_t>> listed_by_ref_;
  std::vector<std::size_t> group_start_;  // [term * fields + field] -> offset in grouped_
  std::vector<std::uint32_t> grouped_;
  std::vector<std::uint32_t> term_stamp_, term_slot_;  // tf counting within one field
  std::uint32_t stamp_ = 0;
  std::uint64_t document_count_ = 0;
};

}  // namespace

std::string build_lunr_index(const Corpus& corpus) {
  Builder builder(corpus);
  builder.add_all(corpus.documents);
  return builder.serialise();
}

std::optional<std::string> build_lunr_state(const Corpus& corpus, std::string& error,
                                            std::vector<TokenCount>* token_counts) {
  std::unordered_set<std::string_view> seen;
  for (const Document& document : corpus.documents) {
    if (!seen.insert(document.ref).second) {
      error = "ref \"" + document.ref + "\" is added more than once; the builder's state form needs each ref once";
      return std::nullopt;
    }
  }
  Builder builder(corpus);
  builder.add_all(corpus.documents, token_counts);
  return builder.state();
}

}  // namespace kb::search
