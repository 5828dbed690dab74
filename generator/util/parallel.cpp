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

// One parallel_for call under way: the caller runs it as worker 0 and up to `slots` threads of
// the pool join it as workers 1, 2, ...
struct Job {
  const std::function<void(std::size_t)>* work;
  std::size_t slots;
  std::size_t taken = 0;  // slots given out
  std::size_t active = 0;  // pool threads working on it now
};

// Threads kept from one parallel_for to the next, shared by every caller: each thread joins
// whichever call has a free slot. A thread that ends costs more than its start: jemalloc hands
// all the free memory of the thread's arena back to the kernel when its last thread leaves it,
// and the next stage faults it in again, zeroed (3,648 madvise calls in a 10,000-page build with
// threads started for each call; bench/faults.sh).
class Pool {
 public:
  // The pool, made on first use; never destroyed: at exit its threads wait for work that does
  // not come.
  static Pool& get() {
    static Pool* pool = new Pool(worker_count() - 1);
    return *pool;
  }

  // Runs work(0) on the calling thread while up to `slots` pool threads run work(1..slots),
  // and returns when all of them have returned.
  void run(std::size_t slots, const std::function<void(std::size_t)>& work) {
    Job job{&work, slots};
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(&job);
    }
    wake_.notify_all();
    work(0);
    std::unique_lock<std::mutex> lock(mutex_);
    // No thread joins once the caller has run out of indices; those that did are waited for.
    jobs_.erase(std::find(jobs_.begin(), jobs_.end(), &job));
    done_.wait(lock, [&] { return job.active == 0; });
  }

 private:
  explicit Pool(std::size_t threads) {
    for (std::size_t t = 0; t < threads; ++t) std::thread([this] { serve(); }).detach();
  }

  Job* open_job() {
    for (Job* job : jobs_)
      if (job->taken < job->slots) return job;
    return nullptr;
  }

  void serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      Job* job = nullptr;
      wake_.wait(lock, [&] { return (job = open_job()) != nullptr; });
      const std::size_t worker = ++job->taken;
      ++job->active;
      lock.unlock();
      (*job->work)(worker);
      lock.lock();
      if (--job->active == 0) done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::vector<Job*> jobs_;  // calls under way, oldest first
};

// Threads kept for start_on_kept_thread: each runs one task at a time and then waits for the
// next; a task finding none idle gets a new thread. Apart from the Pool, so that a task starts at
// once even while every pool thread works on a parallel_for call (a task may be what that call
// waits for: the writer of the pages it makes).
class KeptThreads {
 public:
  static KeptThreads& get() {
    static KeptThreads* threads = new KeptThreads;  // never destroyed, as the Pool
    return *threads;
  }

  void start(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_ == 0) {
      std::thread([this, first = std::move(task)]() mutable { serve(std::move(first)); }).detach();
      return;
    }
    --idle_;
    tasks_.push_back(std::move(task));
    wake_.notify_one();
  }

 private:
  void serve(std::function<void()> task) {
    for (;;) {
      task();
      task = nullptr;  // what it holds goes now, not when the next task comes
      std::unique_lock<std::mutex> lock(mutex_);
      ++idle_;
      wake_.wait(lock, [&] { return !tasks_.empty(); });
      task = std::move(tasks_.front());
      tasks_.erase(tasks_.begin());
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::function<void()>> tasks_;  // given to a thread counted idle, not yet taken
  std::size_t idle_ = 0;  // threads waiting, less the tasks given to them
};

}  // namespace

void start_on_kept_thread(std::function<void()> task) { KeptThreads::get().start(std::move(task)); }

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
  // The calling thread is worker 0: it would only wait otherwise.
  Pool::get().run(threads - 1, work);
}

}  // namespace kb::util
