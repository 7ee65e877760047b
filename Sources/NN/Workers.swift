import Foundation
import Synchronization

/// Long-lived threads for `Parallelism.run`: a job's parts are claimed one at a time by the caller
/// and the workers, so the same parts run whoever runs them. A worker that has just finished spins
/// for a moment before it sleeps, so the next job (the optimizer's runs after a batch's parts, then
/// the next batch's parts) starts without waking a thread through the kernel (on a virtual machine
/// a wake-up can cost tens of microseconds).
final class Workers: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`: the job, its number, and how many workers it wants (the first ones).
    private var job: (@Sendable (Int) -> Void)?
    private var parts = 0
    private var generation = 0
    private var helping = 0
    /// The last job's number, readable without the lock by a spinning worker.
    private let posted = Atomic<Int>(0)
    private let nextPart = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// Workers holding the current job's closure; the caller waits for none before it returns.
    private let holders = Atomic<Int>(0)
    private var started = 0

    /// One job at a time: a second caller meanwhile (a job started from inside a part, or another
    /// thread) runs its parts itself, which gives the same results.
    private let entry = NSLock()

    /// Runs `body(part)` for every part in 0..<parts on the calling thread and up to `helpers` workers.
    func run(parts count: Int, helpers: Int, _ body: @Sendable (Int) -> Void) {
        guard entry.try() else {
            for part in 0..<count { body(part) }
            return
        }
        defer { entry.unlock() }
        withoutActuallyEscaping(body) { body in
            condition.lock()
            while started < helpers {
                let index = started
                started += 1
                let thread = Thread { [unowned self] in self.serve(index) }
                thread.stackSize = 1 << 20
                thread.start()
            }
            (job, parts, helping) = (body, count, helpers)
            nextPart.store(0, ordering: .relaxed)
            finished.store(0, ordering: .relaxed)
            generation += 1
            posted.store(generation, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
            work(body, parts: count)
            // Wait for every part, then for every worker to let go of the closure.
            var spins = 0
            while true {
                if finished.load(ordering: .acquiring) == count && holders.load(ordering: .acquiring) == 0 {
                    condition.lock()
                    if holders.load(ordering: .acquiring) == 0 {
                        job = nil
                        condition.unlock()
                        return
                    }
                    condition.unlock()
                }
                spins += 1
                if spins > 1000 { sched_yield() }
            }
        }
    }

    /// Claims and runs parts until none are left.
    private func work(_ body: @Sendable (Int) -> Void, parts count: Int) {
        while true {
            let part = nextPart.wrappingAdd(1, ordering: .relaxed).oldValue
            guard part < count else { return }
            body(part)
            finished.wrappingAdd(1, ordering: .releasing)
        }
    }

    /// Worker `index`'s loop: it takes part in a job only when the job wants that many workers.
    private func serve(_ index: Int) {
        var seen = 0, wanted = true
        while true {
            // Having just worked, spin about 70 µs (200,000 polls on a Zen 1) for the next job before
            // sleeping on the condition: long enough to outlast the optimizer's step between two
            // batches (20,000 polls, 7 µs, let the worker fall asleep there and cost 1–2% of training's
            // speed); a worker the last job did not want (fewer threads now) goes straight back to sleep.
            var spins = 0
            while wanted && posted.load(ordering: .acquiring) == seen && spins < 200_000 { spins += 1 }
            condition.lock()
            while generation == seen { condition.wait() }
            seen = generation
            let holding = job != nil && index < helping
            if holding { holders.wrappingAdd(1, ordering: .relaxed) }
            wanted = index < helping
            condition.unlock()
            guard holding else { continue }
            workOnHeldJob()
            holders.wrappingSubtract(1, ordering: .releasing)
        }
    }

    /// The job's closure lives only in this call, so it is released before `holders` drops: the
    /// caller's `withoutActuallyEscaping` checks that nothing still holds it.
    @inline(never)
    private func workOnHeldJob() {
        condition.lock()
        let (body, count) = (job!, parts)  // set: the caller clears it only once no worker holds it
        condition.unlock()
        work(body, parts: count)
    }
}
