import Foundation

/// Where cnnsh finds the data it ships with (MNIST), so that an installed copy works without the
/// build folder: SwiftPM's generated `Bundle.module` falls back to the build folder's absolute path
/// and crashes when it is gone, so it is not used.
///
/// Looked for, in order, a folder holding `mnist/`:
/// 1. `$CNNSH_DATA`;
/// 2. beside the executable: its own folder, and SwiftPM's resource bundle there
///    (`cnnsh_Datasets.resources`, where `swift build` puts it beside `.build/release/cnnsh`, or
///    the macOS `.bundle`);
/// 3. `PREFIX/share/cnnsh` for an executable in `PREFIX/bin` (where `install.sh` puts it).
public enum BundledData {
    /// The folders searched, in order, for an executable at `executable` (symbolic links resolved).
    public static func places(environment: [String: String], executable: String?) -> [String] {
        var places: [String] = []
        if let data = environment["CNNSH_DATA"], !data.isEmpty { places.append(data) }
        if let executable {
            let folder = (executable as NSString).deletingLastPathComponent
            places.append(folder)
            #if os(macOS)
            places.append((folder as NSString).appendingPathComponent("cnnsh_Datasets.bundle/Contents/Resources"))
            #else
            places.append((folder as NSString).appendingPathComponent("cnnsh_Datasets.resources"))
            #endif
            let prefix = (folder as NSString).deletingLastPathComponent
            places.append((prefix as NSString).appendingPathComponent("share/cnnsh"))
        }
        return places
    }

    /// The running executable's path, links resolved (`/proc/self/exe` on Linux).
    public static var executable: String? {
        Bundle.main.executableURL?.resolvingSymlinksInPath().path
    }

    /// The first `PLACE/name` that is a folder, or the places looked in.
    public static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            executable: String? = BundledData.executable) -> Result<String, Missing> {
        let candidates = places(environment: environment, executable: executable).map { ($0 as NSString).appendingPathComponent(name) }
        for candidate in candidates {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), isFolder.boolValue { return .success(candidate) }
        }
        return .failure(Missing(name: name, looked: candidates))
    }

    /// Data that is in none of the places: which ones were looked in.
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public let looked: [String]
        public var description: String { "the bundled \(name) data was not found; looked in \(looked.joined(separator: ", "))" }
    }
}
