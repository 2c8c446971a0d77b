/// Lets one task at a time through, in arrival order. SQLite has one connection here, and a
/// transaction on it must not interleave with another task's statements.
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if head < waiting.count {
            let next = waiting[head]
            head += 1
            if head > 1024, head * 2 > waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            next.resume()
        } else {
            busy = false
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
    }

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await enter()
        do {
            let result = try await body()
            leave()
            return result
        } catch {
            leave()
            throw error
        }
    }
}
