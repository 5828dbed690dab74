#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kb::util {

std::size_t worker_count() {
  if (const char* env = std::getenv("KB_THREADS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return static_cast<std::size_t>(std::min(n, 256L));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// Threads kept from one parallel_for to the next. A thread that ends costs more than its start:
// jemalloc hands all the free memory of the thread's arena back to the kernel when its last
// thread leaves it, and the next stage faults it in again, zeroed (3,648 madvise calls in a
// 10,000-page build with a thread per call, and 16 % of its time in the kernel clearing pages).
class Pool {
 public:
  // The pool, made on first use with `helpers` threads; never destroyed: at exit its threads
  // wait for work that does not come.
  static Pool& get(std::size_t helpers) {
    static Pool* pool = new Pool(helpers);
    return *pool;
  }

  // Runs work(t) for each t in 1..helpers on the pool's threads and returns when all are done;
  // false, having run nothing, when the pool is busy with another caller's work or too small.
  bool run(std::size_t helpers, const std::function<void(std::size_t)>& work) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy || helpers > threads_.size()) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      work_ = &work;
      helpers_ = helpers;
      running_ = helpers;
      ++generation_;
    }
    busy.release();  // wait() unlocks it
    wake_.notify_all();
    return true;
  }

  // Waits for the work that run() started.
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return running_ == 0; });
    work_ = nullptr;
    busy_.unlock();
  }

 private:
  explicit Pool(std::size_t helpers) {
    for (std::size_t t = 1; t <= helpers; ++t) threads_.emplace_back([this, t] { serve(t); });
    for (auto& th : threads_) th.detach();
  }

  void serve(std::size_t t) {
    std::uint64_t seen = 0;
    for (;;) {
      const std::function<void(std::size_t)>* work;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (t > helpers_) continue;
        work = work_;
      }
      (*work)(t);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--running_ == 0) done_.notify_all();
    }
  }

  std::mutex busy_;  // held by the caller whose work the pool runs
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t)>* work_ = nullptr;
  std::size_t helpers_ = 0, running_ = 0;
  std::uint64_t generation_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace

void parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body) {
  const std::size_t threads = std::min(worker_count(), count);
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) body(i, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  const std::function<void(std::size_t)> work = [&](std::size_t t) {
    for (std::size_t i; (i = next++) < count;) body(i, t);
  };
  // The calling thread is worker 0: it would only wait otherwise. When the pool is busy (the
  // search stage's work beside the pages'), threads of its own do the rest.
  Pool& pool = Pool::get(worker_count() - 1);
  if (pool.run(threads - 1, work)) {
    work(0);
    pool.wait();
    return;
  }
  std::vector<std::thread> own;
  for (std::size_t t = 1; t < threads; ++t) own.emplace_back(work, t);
  work(0);
  for (auto& th : own) th.join();
}

}  // namespace kb::util
