import Foundation
import LimesCore

/// Screening working memory, one per concurrent check, kept for reuse: a scratch for a
/// million alerts is several megabytes, too much to allocate per request.
final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var index: ScreeningIndex?
    private var free: [ScreeningScratch] = []

    /// Runs `body` with a scratch made for `index`.
    func with<T>(_ index: ScreeningIndex, _ body: (ScreeningScratch) -> T) -> T {
        let scratch: ScreeningScratch = lock.withLock {
            if self.index !== index {
                self.index = index
                free.removeAll()
            }
            return free.popLast() ?? ScreeningScratch(index: index)
        }
        let result = body(scratch)
        lock.withLock {
            if self.index === index, free.count < 16 { free.append(scratch) }
        }
        return result
    }
}
