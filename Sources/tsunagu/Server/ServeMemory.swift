#if canImport(Glibc)
import Glibc
#endif

/// Keeps the serving process's resident memory small with glibc's allocator.
///
/// glibc gives each thread that allocates its own arena (up to eight per core), and start-up
/// (compiling rules, importing the demo footprints) frees much of what it allocated without
/// returning the pages. The functions come from `malloc.h`, which Swift's Glibc module does not
/// import, so they are looked up at run time (`dlsym(nil, …)` searches the process, as `RTLD_DEFAULT`); elsewhere (musl, macOS) nothing happens.
enum ServeMemory {
    /// glibc's `M_ARENA_MAX` parameter of `mallopt` (`malloc.h`).
    private static let arenaMaximumParameter: Int32 = -8

    /// Limits the allocator to two arenas (the event loops and the task pool share them), unless
    /// the operator chose a number with `MALLOC_ARENA_MAX`. Call before any thread is started.
    static func limitArenas() {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(arenaMaximumParameter, 2)
        #endif
    }

    /// Returns the pages freed so far to the system (`malloc_trim`), once start-up is done.
    static func returnFreedPages() {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        _ = trim(0)
        #endif
    }
}
