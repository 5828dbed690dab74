// Work spread over the machine's cores: kbgen's stages that handle pages one by one (Markdown,
// rendering) run them on a pool of threads. KB_THREADS=N sets how many (1: no thread at all);
// the output never depends on it.
#pragma once

#include <cstddef>
#include <functional>

namespace kb::util {

// How many threads parallel_for uses: KB_THREADS if set to a positive number, else the number
// of cores.
std::size_t worker_count();

// Runs body(i, worker) for every i in 0..count-1, each index exactly once, on up to
// worker_count() threads; `worker` (0..workers-1) names the thread, for state of its own.
void parallel_for(std::size_t count, const std::function<void(std::size_t i, std::size_t worker)>& body);

}  // namespace kb::util
