import Foundation
import Tensors

extension Parallelism {
    /// The machine's measured fused multiply-add ceiling in GFLOP/s on `threads` threads at once:
    /// `Kernels.fmaPeak` on each for about `seconds`, the slowest thread's time counting. What no
    /// kernel can beat, so an epoch's GFLOP/s divided by it says how much of the CPU training uses.
    public static func peakGFLOPs(threads: Int, seconds: Double = 0.25) -> Double {
        // Calibrate on one thread, then give every thread the same work.
        var iterations = 1 << 16
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            blackHole(Kernels.fmaPeak(iterations: iterations))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed > seconds / 8 { iterations = Int(Double(iterations) * seconds / elapsed); break }
            iterations *= 4
        }
        let work = iterations
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { _ in blackHole(Kernels.fmaPeak(iterations: work)) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(work) * Double(Kernels.peakOperationsPerIteration) * Double(max(threads, 1)) / elapsed / 1e9
    }
}

/// Keeps a result alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole(_ value: Float) { if value == .infinity { print("") } }
