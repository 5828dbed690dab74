// generator/search/lunr_state.js, compiled in (CMake embeds it): the script that turns the
// builder state of build_lunr_state into a lunr.Index in the page. Written as
// assets/lunr-state.js next to assets/lunr.js.
#pragma once

namespace kb::search {

extern const char* const kLunrStateJs;

}  // namespace kb::search
