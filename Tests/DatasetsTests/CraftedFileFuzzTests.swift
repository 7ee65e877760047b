import Datasets
import Foundation
import Tensors
import XCTest

/// Thousands of crafted files per reader, made from valid seeds with a fixed seed: truncations at
/// every length, byte flips, splices, huge or zero declared sizes, bombs, bad CRCs, duplicate
/// names, members joined. Each file must load (equal to what a correct reader gives, where that
/// is knowable) or throw the reader's own error, within the 1 MB bound every read is given.
final class CraftedFileFuzzTests: XCTestCase {
    typealias F = CraftedFiles
    static let bound = 1 << 20

    enum Expect<T> {
        case loads(T)
        case fails
        /// Loading is allowed if the result passes the check (`{ _ in true }`: anything but a crash).
        case satisfies((T) -> Bool)
    }

    struct Case<T> {
        let bytes: [UInt8]
        let expect: Expect<T>
        init(_ bytes: [UInt8], _ expect: Expect<T>) { (self.bytes, self.expect) = (bytes, expect) }
    }

    /// Reads every case, checking its expectation, that loaded values fit the bound and that every
    /// refusal is the reader's error; prints the counts and the time.
    func fuzz<T: Equatable>(_ reader: String, _ cases: [Case<T>], size: (T) -> Int, isReaderError: (any Error) -> Bool,
                            read: ([UInt8]) throws -> T) {
        let start = Date(), peakBefore = peakMemory()
        var loaded = 0, refused = 0, failures = 0
        func fail(_ text: String) {
            failures += 1
            if failures <= 20 { XCTFail("\(reader): \(text)") }
        }
        for (i, c) in cases.enumerated() {
            do {
                let value = try read(c.bytes)
                loaded += 1
                if size(value) > Self.bound { fail("case \(i) loaded \(size(value)) bytes, past the bound") }
                switch c.expect {
                case let .loads(wanted): if value != wanted { fail("case \(i) loaded something else than a correct reader") }
                case .fails: fail("case \(i) (\(c.bytes.count) bytes) loaded, a correct reader refuses it")
                case let .satisfies(check): if !check(value) { fail("case \(i) loaded a wrong value") }
                }
            } catch {
                refused += 1
                if !isReaderError(error) { fail("case \(i) threw \(type(of: error)): \(error)") }
                if case .loads = c.expect { fail("case \(i) (\(c.bytes.count) bytes) refused: \(error)") }
            }
        }
        XCTAssertGreaterThanOrEqual(cases.count, 1000, reader)
        // The process's peak: a weak check (an earlier test may have set a higher one), but a read
        // that allocated gigabytes here would show.
        XCTAssertLessThan(peakMemory() - peakBefore, 256 << 20, "\(reader): the peak memory grew")
        print("fuzz \(reader): \(cases.count) crafted files, \(loaded) loaded, \(refused) refused, "
              + String(format: "%.2f s", Date().timeIntervalSince(start)))
    }

    func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    // MARK: Mutations

    static func truncations(_ seed: [UInt8]) -> [(length: Int, bytes: [UInt8])] {
        (0..<seed.count).map { ($0, Array(seed.prefix($0))) }
    }

    static func flipped(_ seed: [UInt8], _ rng: inout F.Random) -> [UInt8] {
        var out = seed
        for _ in 0...rng.below(3) where !out.isEmpty { out[rng.below(out.count)] ^= UInt8(1 + rng.below(255)) }
        return out
    }

    /// A range removed, repeated, or replaced by random bytes.
    static func spliced(_ seed: [UInt8], _ rng: inout F.Random) -> [UInt8] {
        let a = rng.below(seed.count), b = min(seed.count, a + 1 + rng.below(16))
        switch rng.below(3) {
        case 0: return Array(seed[..<a] + seed[b...])
        case 1: return Array(seed[..<b] + seed[a...])
        default: return Array(seed[..<a]) + rng.bytes(b - a) + Array(seed[b...])
        }
    }

    static func overwriting(_ seed: [UInt8], at offset: Int, with bytes: [UInt8]) -> [UInt8] {
        var out = seed
        for (i, b) in bytes.enumerated() where offset + i < out.count { out[offset + i] = b }
        return out
    }

    static let extremes32: [[UInt8]] = [[0, 0, 0, 0], [0xff, 0xff, 0xff, 0xff], [0x7f, 0xff, 0xff, 0xff], [0, 0x10, 0, 1], [0x80, 0, 0, 0], [0, 0, 0, 1]]

    // MARK: IDX

    struct IDXValue: Equatable {
        let dims: [Int], bytes: [UInt8]
    }

    /// What a correct reader makes of raw IDX bytes: written from the format, not from IDX.swift.
    static func referenceIDX(_ b: [UInt8]) -> IDXValue? {
        guard b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 8, b[3] >= 1, b.count >= 4 + 4 * Int(b[3]) else { return nil }
        let dims = (0..<Int(b[3])).map { d in (0..<4).reduce(0) { $0 << 8 | Int(b[4 + 4 * d + $1]) } }
        var count = 1
        for d in dims {
            guard d > 0, d <= bound, count * d <= bound else { return nil }
            count *= d
        }
        guard b.count == 4 + 4 * dims.count + count else { return nil }
        return IDXValue(dims: dims, bytes: Array(b.suffix(count)))
    }

    static func idxSeeds(_ rng: inout F.Random) -> [[UInt8]] {
        [F.idx([3, 4, 5], rng.bytes(60)), F.idx([7], rng.bytes(7)), F.idx([2, 2, 2, 2], rng.bytes(16)), F.idx([1], [9]),
         F.idx([2, 3], rng.bytes(6))]
    }

    func readIDX(_ bytes: [UInt8]) throws -> IDXValue {
        let array = try IDXArray(parsing: bytes, maxBytes: Self.bound)
        return IDXValue(dims: array.dimensions, bytes: array.bytes)
    }

    func testCraftedRawIDXFiles() {
        var rng = F.Random(state: 14)
        var files: [[UInt8]] = []
        for seed in Self.idxSeeds(&rng) {
            files += Self.truncations(seed).map(\.bytes) + [seed + [0], seed + rng.bytes(9)]
            for field in 0..<(Int(seed[3]) + 1) {
                for value in Self.extremes32 + [rng.bytes(4)] { files.append(Self.overwriting(seed, at: 4 * field, with: value)) }
            }
            files += [0, 1, 2, 3, 5, 9, 255].map { Self.overwriting(seed, at: 3, with: [$0]) }
        }
        let seeds = Self.idxSeeds(&rng)
        for i in 0..<900 { files.append(i % 3 == 0 ? Self.spliced(seeds[i % seeds.count], &rng) : Self.flipped(seeds[i % seeds.count], &rng)) }
        // Declared sizes around the bound, with the data, and without it.
        files += [F.idx([Self.bound], [UInt8](repeating: 1, count: Self.bound)), F.idx([Self.bound + 1], [UInt8](repeating: 1, count: Self.bound + 1)),
                  F.idx([1024, 1025], [UInt8](repeating: 1, count: 1024 * 1025)), F.idx([0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff], []),
                  F.idx([Int](repeating: 1, count: 255), [7]), F.idx([Int](repeating: 0xffff, count: 255), [7]), F.idx([0], []), F.idx([4, 0, 4], [])]
        let cases = files.map { bytes in
            Case<IDXValue>(bytes, bytes.starts(with: [0x1f, 0x8b]) ? .satisfies { _ in true } : Self.referenceIDX(bytes).map { .loads($0) } ?? .fails)
        }
        fuzz("IDX raw", cases, size: { $0.bytes.count }, isReaderError: { $0 is IDXError }, read: readIDX)
    }

    func testCraftedGzippedIDXFiles() {
        var rng = F.Random(state: 1414)
        var cases: [Case<IDXValue>] = []
        func add(_ bytes: [UInt8], decompressed: [UInt8]) {
            guard bytes.starts(with: [0x1f, 0x8b]) else { return cases.append(Case(bytes, Self.referenceIDX(bytes).map { .loads($0) } ?? .fails)) }
            // The inflated file, header and all, must fit the bound: it is a buffer too.
            let wanted = decompressed.count <= Self.bound ? Self.referenceIDX(decompressed) : nil
            cases.append(Case(bytes, wanted.map { w in .satisfies { $0 == w } } ?? .fails))
        }
        for raw in Self.idxSeeds(&rng) {
            // One member, and two joined: truncations load only at a member's end.
            let cut = raw.count / 2
            let members = [F.gzip(raw), F.gzip(Array(raw.prefix(cut))) + F.gzip(Array(raw.dropFirst(cut)))]
            for (m, file) in members.enumerated() {
                let firstEnd = m == 1 ? F.gzip(Array(raw.prefix(cut))).count : -1
                for (length, prefix) in Self.truncations(file) {
                    add(prefix, decompressed: length == firstEnd ? Array(raw.prefix(cut)) : [])
                }
                for _ in 0..<60 { add(Self.flipped(file, &rng), decompressed: raw) }
                for _ in 0..<20 { add(Self.spliced(file, &rng), decompressed: raw) }  // harmless in the header, else caught by the CRC
                for value in Self.extremes32 { add(Self.overwriting(file, at: file.count - 4, with: value), decompressed: raw) }
                add(file + [0, 0, 0], decompressed: raw)
                add(file + [0, 5], decompressed: [])
            }
        }
        // Bombs: a few kilobytes that inflate past the bound, declared in the IDX header or not.
        let zeros = [UInt8](repeating: 0, count: 3 << 20)
        add(F.gzip(F.idx([3 << 20], zeros)), decompressed: F.idx([3 << 20], zeros))
        add(F.gzip(F.idx([10], zeros)), decompressed: [])
        add(F.gzip(F.idx([10], [UInt8](repeating: 0, count: 10)), size: 0xffff_ffff), decompressed: [])
        let nearBound = F.idx([1000, 1048], [UInt8](repeating: 3, count: 1_048_000))
        add(F.gzip(nearBound), decompressed: nearBound)
        let overBound = F.idx([1024, 1024], [UInt8](repeating: 3, count: Self.bound))
        add(F.gzip(overBound), decompressed: overBound)
        add(F.gzip(Array(nearBound.prefix(500_000))) + F.gzip(Array(nearBound.dropFirst(500_000))), decompressed: nearBound)
        fuzz("IDX gzipped", cases, size: { $0.bytes.count }, isReaderError: { $0 is IDXError }, read: readIDX)
    }

    // MARK: gzip

    func testCraftedGzipStreams() {
        var rng = F.Random(state: 31)
        var cases: [Case<[UInt8]>] = []
        let text = Array(String(repeating: "a small convolutional network ", count: 40).utf8)
        let seeds: [[[UInt8]]] = [[rng.bytes(300)], [text], [text, [], rng.bytes(50)], [[1, 2, 3], [4]]]
        for parts in seeds {
            let members = parts.map { F.gzip($0) }
            let file = Array(members.joined()), whole = Array(parts.joined())
            var ends: [Int: [UInt8]] = [:]
            var at = 0
            for (i, m) in members.enumerated() {
                at += m.count
                ends[at] = Array(parts[...i].joined())
            }
            for (length, prefix) in Self.truncations(file) {
                cases.append(Case(prefix, length < 2 ? .loads(prefix) : ends[length].map { .loads($0) } ?? .fails))
            }
            for _ in 0..<150 {
                let f = Self.flipped(file, &rng)
                cases.append(Case(f, f.starts(with: [0x1f, 0x8b]) ? .satisfies { $0 == whole } : .loads(f)))
            }
            for _ in 0..<30 { cases.append(Case(Self.spliced(file, &rng), .satisfies { _ in true })) }
            for value in Self.extremes32 {
                cases.append(Case(Self.overwriting(file, at: file.count - 4, with: value), .satisfies { $0 == whole }))
                cases.append(Case(Self.overwriting(file, at: file.count - 8, with: value), .satisfies { $0 == whole }))
            }
            cases += [Case(file + [0, 0], .loads(whole)), Case(file + [0, 0, 7], .fails), Case(file + file, .loads(whole + whole))]
        }
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        cases += [
            Case(F.gzip(zeros), .fails), Case(F.gzip(zeros, size: 10), .fails),
            Case(Array(repeatElement(F.gzip([UInt8](repeating: 5, count: 300_000)), count: 5).joined()), .fails),
            Case(F.gzip([UInt8](repeating: 5, count: Self.bound)), .loads([UInt8](repeating: 5, count: Self.bound))),
            Case(F.gzip(Array(zeros.prefix(Self.bound + 1))), .fails),
        ]
        fuzz("gzip", cases, size: \.count, isReaderError: { $0 is GzipError }) { try gunzipIfNeeded($0, maxBytes: Self.bound) }
    }

    // MARK: .npy and .npz

    /// A tensor compared bit for bit, so that a NaN made by a flip equals itself.
    struct NpyValue: Equatable {
        let name: String, shape: [Int], bits: [UInt32]
        init(_ t: Tensor, name: String = "") { (self.name, shape, bits) = (name, t.shape, t.scalars.map(\.bitPattern)) }
    }

    struct NpySeed {
        let bytes: [UInt8], descr: String, shape: [Int], dataStart: Int
        init(_ descr: String, _ shape: [Int], _ data: [UInt8]) {
            let text = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
            bytes = F.npy(shape: text, descr: descr, data: data)
            (self.descr, self.shape, dataStart) = (descr, shape, bytes.count - data.count)
        }

        /// What a correct reader makes of `file`'s data as this seed's dtype and shape.
        func decode(_ file: [UInt8]) -> NpyValue {
            let d = Array(file[dataStart...])
            func le(_ i: Int, _ n: Int) -> UInt64 { (0..<n).reduce(0) { $0 | UInt64(d[i * n + $1]) << (8 * $1) } }
            let count = shape.reduce(1, *)
            let values: [Float] = (0..<count).map { i in
                switch descr {
                case "<f4": return Float(bitPattern: UInt32(le(i, 4)))
                case "<f8": return Float(Double(bitPattern: le(i, 8)))
                case "<i2": return Float(Int16(bitPattern: UInt16(le(i, 2))))
                default: return Float(d[i])
                }
            }
            return NpyValue(Tensor(shape: shape, scalars: values))
        }
    }

    static func npySeeds(_ rng: inout F.Random) -> [NpySeed] {
        [NpySeed("<f4", [3, 4], rng.bytes(48)), NpySeed("<f4", [5], rng.bytes(20)), NpySeed("<f4", [], rng.bytes(4)),
         NpySeed("<f8", [2, 1, 3], rng.bytes(48)), NpySeed("|u1", [7], rng.bytes(7)), NpySeed("<i2", [2, 2], rng.bytes(8))]
    }

    func testCraftedNpyFiles() {
        var rng = F.Random(state: 93)
        var cases: [Case<NpyValue>] = []
        let anything = Expect<NpyValue>.satisfies { !$0.shape.contains(0) }
        for seed in Self.npySeeds(&rng) {
            let file = seed.bytes
            XCTAssertEqual(try NpyValue(NumPy.tensor(npy: file)), seed.decode(file))
            cases += Self.truncations(file).map { Case($0.bytes, .fails) }
            for _ in 0..<60 {
                let f = Self.flipped(file, &rng)
                let headerIntact = f.prefix(seed.dataStart) == file.prefix(seed.dataStart)
                cases.append(Case(f, headerIntact ? .loads(seed.decode(f)) : anything))
            }
            for _ in 0..<20 { cases.append(Case(Self.spliced(file, &rng), anything)) }
            cases.append(Case(file + [1, 2, 3], .loads(seed.decode(file))))
            for length in [[0xff, 0xff], [0, 0], [0xff, 0x7f]] as [[UInt8]] { cases.append(Case(Self.overwriting(file, at: 8, with: length), .fails)) }
            for version in [0, 2, 3, 4, 255] as [UInt8] { cases.append(Case(Self.overwriting(file, at: 6, with: [version]), anything)) }
        }
        let data = [UInt8](repeating: 0, count: 48)
        for shape in ["(0,)", "(0, 3)", "(3, 0, 4)", "(99999999999999,)", "(4294967296, 4294967296)", "(300000,)", "(-1,)", "(3,",
                      "(" + String(repeating: "1, ", count: 65) + ")", "(1 2)", "(262145,)"] {
            cases.append(Case(F.npy(shape: shape, data: data), .fails))
        }
        cases.append(Case(F.npy(shape: "(262144,)", data: [UInt8](repeating: 0, count: Self.bound)), .loads(NpyValue(Tensor(shape: [262144])))))
        cases.append(Case(F.npy(shape: "(262145,)", data: [UInt8](repeating: 0, count: Self.bound + 4)), .fails))
        fuzz(".npy", cases, size: { $0.bits.count * 4 }, isReaderError: { $0 is NumPyError }) {
            try NpyValue(NumPy.tensor(npy: $0, maxBytes: Self.bound))
        }
    }

    func testCraftedNpzFiles() throws {
        var rng = F.Random(state: 2014)
        let tensors = [Tensor(shape: [2, 3], scalars: (0..<6).map(Float.init)), Tensor([0.5, -1]), Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])]
        let named = zip(["conv1.W", "conv1.b", "fc1.W"], tensors).map { ($0, $1) }
        func item(_ i: Int, change: (inout F.ZipItem) -> Void = { _ in }) -> F.ZipItem {
            var it = F.ZipItem(named[i].0 + ".npy", NumPy.npy(named[i].1))
            change(&it)
            return it
        }
        let seeds: [(file: [UInt8], entries: [NpyValue])] = [
            (try NumPy.npz(named), named.map { NpyValue($1, name: $0) }),
            (F.zip([item(0) { $0.deflated = true }, item(1) { $0.zip64Local = true }]), named.prefix(2).map { NpyValue($1, name: $0) }),
            (F.zip([item(2) { ($0.descriptor, $0.deflated) = (true, true) }, item(1) { ($0.zip64Local, $0.deflated) = (true, true) }]),
             [NpyValue(named[2].1, name: named[2].0), NpyValue(named[1].1, name: named[1].0)]),
        ]
        var cases: [Case<[NpyValue]>] = []
        for (file, entries) in seeds {
            XCTAssertEqual(try NumPy.entries(npz: file).map { NpyValue($1, name: $0) }, entries)
            // A damaged archive may at most load fewer of the entries (a smaller count in its end record).
            let prefixOnly = Expect<[NpyValue]>.satisfies { Array(entries.prefix($0.count)) == $0 }
            cases += Self.truncations(file).map { Case($0.bytes, .fails) }
            for _ in 0..<180 { cases.append(Case(Self.flipped(file, &rng), prefixOnly)) }
            for _ in 0..<40 { cases.append(Case(Self.spliced(file, &rng), .satisfies { _ in true })) }
            // Every 32-bit field of the directory and the end record, set to extremes.
            let directory = Int(file[file.count - 6]) | Int(file[file.count - 5]) << 8 | Int(file[file.count - 4]) << 16
            for offset in stride(from: directory, to: file.count - 4, by: 2) {
                for value in [[0xff, 0xff, 0xff, 0xff], [0xff, 0xff, 0xff, 0x7f], [0, 0, 0, 0]] as [[UInt8]] {
                    cases.append(Case(Self.overwriting(file, at: offset, with: value), prefixOnly))
                }
            }
        }
        let zeros = NumPy.npy(Tensor(shape: [300_000]))
        cases += [
            Case(F.zip([item(0) { $0.crc = 7 }]), .fails),
            Case(F.zip([item(0) { ($0.crc, $0.deflated) = (7, true) }]), .fails),
            Case(F.zip([item(0), item(1), item(0)]), .fails),
            Case(F.zip([item(1), item(1) { $0.name = Array("conv1.b".utf8); $0.localName = $0.name }]), .fails),
            Case(F.zip([item(0) { $0.localName = Array("other.npy".utf8) }]), .fails),
            Case(F.zip([item(0) { $0.declaredSize = 0xffff_fffe }]), .fails),
            Case(F.zip([item(0) { ($0.declaredSize, $0.deflated) = (5, true) }]), .fails),
            Case(F.zip([F.ZipItem("big.npy", zeros) { $0.deflated = true }]), .fails),
            Case(F.zip([F.ZipItem("big.npy", zeros) { ($0.deflated, $0.declaredSize) = (true, 0x7fff_ffff) }]), .fails),
            Case(F.zip((0..<3).map { i in F.ZipItem("part\(i).npy", NumPy.npy(Tensor(shape: [100_000]))) { $0.deflated = true } }), .fails),
            Case(F.zip([item(0) { $0.name = [0xff, 0xfe, 0x2e, 0x6e, 0x70, 0x79]; $0.localName = $0.name }]), .fails),
            Case(F.zip([]), .loads([])),
        ]
        fuzz(".npz", cases, size: { $0.reduce(0) { $0 + $1.bits.count * 4 } }, isReaderError: { $0 is NumPyError }) {
            try NumPy.entries(npz: $0, maxBytes: Self.bound).map { NpyValue($1, name: $0) }
        }
    }
}

extension CraftedFileFuzzTests {
    /// What a CSV read gives, compared bit for bit.
    struct CSVValue: Equatable {
        let shape: [Int], bits: [UInt32], labels: [Float]?
        init(shape: [Int], values: [Float], labels: [Float]?) { (self.shape, bits, self.labels) = (shape, values.map(\.bitPattern), labels) }
        init(_ s: CSVSamples) { self.init(shape: s.features.shape, values: s.features.scalars, labels: s.labels?.scalars) }
    }

    func testCraftedCSVFiles() throws {
        var rng = F.Random(state: 2015)
        let seeds = ["a,b,label\n0.5,1,2\n3,4,0\n", "1,2,3\r\n4,5,6\r\n\r\n7,8,9\r\n", "label, \"p1\" ,p2\n 9 ,0,1e-3\n1,-2.5,255\n",
                     String(repeating: "1,2,3,4,5,6,7,8\n", count: 20), "\"p,1\",\"label\"\n\"0.5\", 2\n3 ,\"0\"\n"].map { Array($0.utf8) }
        XCTAssertEqual(CSVValue(try CSV.samples(csv: seeds[0])), CSVValue(shape: [2, 2], values: [0.5, 1, 3, 4], labels: [2, 0]))
        XCTAssertEqual(CSVValue(try CSV.samples(csv: seeds[2])), CSVValue(shape: [2, 2], values: [0, 1e-3, -2.5, 255], labels: [9, 1]))
        XCTAssertEqual(CSVValue(try CSV.samples(csv: seeds[4])), CSVValue(shape: [2, 1], values: [0.5, 3], labels: [2, 0]), "quoted fields")
        var files: [[UInt8]] = []
        for seed in seeds {
            files += Self.truncations(seed).map(\.bytes)
            for _ in 0..<150 { files.append(Self.flipped(seed, &rng)) }
            for _ in 0..<60 { files.append(Self.spliced(seed, &rng)) }
        }
        // 600 kB of one-number rows: 2.4 MB as float32 values with their (empty) labels, past the bound.
        files += [[], Array("\n\n".utf8), Array(",,,\n,,,\n".utf8), Array(String(repeating: ",", count: 5000).utf8), Array(String(repeating: "1\n", count: 300_000).utf8)]
        // Whatever loads is whole: one label per row, each a class, every value finite.
        let whole = Expect<CSVValue>.satisfies { v in
            v.bits.allSatisfy { Float(bitPattern: $0).isFinite } && (v.labels.map { $0.count == v.shape[0] && $0.allSatisfy(Samples.isLabel) } ?? true)
        }
        fuzz("CSV", files.map { Case($0, whole) }, size: { ($0.bits.count + ($0.labels?.count ?? 0)) * 4 }, isReaderError: { $0 is CSVError }) {
            CSVValue(try CSV.samples(csv: $0, maxBytes: Self.bound))
        }
    }
}

extension CraftedFiles.ZipItem {
    init(_ name: String, _ data: [UInt8], _ change: (inout Self) -> Void) {
        self.init(name, data)
        change(&self)
    }
}
