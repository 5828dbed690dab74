// Footnote markers as they occur in PDF-extracted sources: runs of Unicode superscript digits
// (two code-point ranges: U+00B9/B2/B3 and U+2070/2074–2079), U+2071 `ⁱ` used once for note 1,
// and HTML `<sup>n</sup>`. Shared by the importer and the fidelity tests.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::importer {

struct MarkerRun {
  int value = 0;
  std::size_t length = 0;  // bytes consumed
};

// A superscript run starting at byte `pos`, if any. `<sup>n</sup>` counts as a run too.
std::optional<MarkerRun> marker_at(std::string_view s, std::size_t pos);

// Removes every footnote marker (superscript runs and <sup>n</sup>).
std::string strip_markers(std::string_view s);


}  // namespace kb::importer
