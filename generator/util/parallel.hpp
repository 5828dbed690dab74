// Work spread over the machine's cores: kbgen's stages that handle pages one by one (Markdown,
// rendering) run them on a pool of threads. KB_THREADS=N sets how many (1: no thread at all);
// the output never depends on it.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <type_traits>

namespace kb::util {

// How many threads parallel_for uses: KB_THREADS if set to a positive number, else the number
// of cores.
std::size_t worker_count();

// Runs body(i, worker) for every i in 0..count-1, each index exactly once, on up to
// worker_count() threads; `worker` (0..workers-1) names the thread, for state of its own.
void parallel_for(std::size_t count, const std::function<void(std::size_t i, std::size_t worker)>& body);

// Starts task() at once on a thread of its own, as std::async(std::launch::async) would, but on
// a thread kept for the next task rather than one that ends: a thread that ends makes the
// allocator hand its memory back to the kernel, and the next stage fault it in again, zeroed.
void start_on_kept_thread(std::function<void()> task);

// The result of a function run by start_on_kept_thread. Like std::async's future, it waits for
// the function when destroyed without get(), so whatever the function reads outlives it.
template <class T>
class Background {
 public:
  Background() = default;
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Background>>>
  explicit Background(F&& f) {
    auto task = std::make_shared<std::packaged_task<T()>>(std::forward<F>(f));
    future_ = task->get_future();
    start_on_kept_thread([task] { (*task)(); });
  }
  Background(Background&&) noexcept = default;
  Background& operator=(Background&& other) noexcept {
    wait();
    future_ = std::move(other.future_);
    return *this;
  }
  ~Background() { wait(); }

  // Whether it holds a function's result not yet taken (not default-made, get() not called).
  bool holds() const { return future_.valid(); }
  void wait() const {
    if (future_.valid()) future_.wait();
  }
  T get() { return future_.get(); }

 private:
  std::future<T> future_;
};

template <class F>
Background(F&&) -> Background<std::invoke_result_t<std::decay_t<F>>>;

}  // namespace kb::util
