import Datasets
import Foundation

/// A libFuzzer target for the file readers (issue 14): every input goes through the IDX, gzip,
/// .npy, .npz (and samples made of its arrays) and CSV readers under a 1 MB bound. Each must load or throw its own error; a crash or an
/// allocation past the bound is what libFuzzer reports.
///
/// Built with the fuzzer by `.ci/run` (`-sanitize=fuzzer -parse-as-library -DFUZZING`, its own
/// scratch path); a plain build makes a replayer instead: `ReadersFuzz FILE...` runs each file
/// through the same function, to reproduce what the fuzzer found.
@_cdecl("LLVMFuzzerTestOneInput")
public func readersFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let bound = 1 << 20
    _ = try? IDXArray(parsing: bytes, maxBytes: bound)
    _ = try? gunzipIfNeeded(bytes, maxBytes: bound)
    _ = try? NumPy.tensor(npy: bytes, maxBytes: bound)
    _ = try? NumPy.entries(npz: bytes, maxBytes: bound)
    for var array in (try? NumPy.arrays(npz: bytes, maxBytes: bound / 2)) ?? [] { _ = (Samples.firstInvalidLabel(array.tensor), Samples.samples(from: &array)) }
    _ = try? CSV.samples(csv: bytes, maxBytes: bound)
    return 0
}

#if FUZZING
/// libFuzzer's driver. SwiftPM points an executable's `main` at `ReadersFuzz_main`, so that is
/// where the driver is started, with this target's function.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("ReadersFuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var (count, values) = (argc, argv)
    return runDriver(&count, &values, readersFuzzOne)
}
#else
@main
enum Replay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("\(path): cannot read"); continue }
            _ = [UInt8](data).withUnsafeBufferPointer { readersFuzzOne($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            print("\(path): read without a crash")
        }
    }
}
#endif
