// jemalloc's settings for kbgen, read by jemalloc when it starts (before main) from this symbol;
// a MALLOC_CONF in the environment still overrides them. Linked only with KB_JEMALLOC.
//
//   thp:always, metadata_thp:always  jemalloc asks the kernel for 2 MB pages (madvise), so a
//                                    build takes a third as many page faults (21,700 → 9,000 on
//                                    the real KB) where the kernel's transparent huge pages are
//                                    "madvise" or "always"; with "never" nothing changes
//   percpu_arena:percpu              one arena per processor, not four: the pages' threads
//                                    allocate from fewer, warmer arenas
//   dirty_decay_ms:-1, muzzy_decay_ms:-1
//                                    freed memory is kept for the next allocation instead of
//                                    being handed back to the kernel while the build runs
//                                    (which splits the huge pages and faults them in again);
//                                    `kbgen serve` thus keeps its largest rebuild's memory,
//                                    which its next rebuild reuses
//
// Real KB, 2 cores, hyperfine medians of 40 runs: 181 → 159-163 ms; 10,000 synthetic pages:
// 2.74-2.89 → 2.41-2.52 s, peak 613-638 → 698-790 MB (bench/analysis.md).
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always,percpu_arena:percpu,dirty_decay_ms:-1,muzzy_decay_ms:-1";
}
