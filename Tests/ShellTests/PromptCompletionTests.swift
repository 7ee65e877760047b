import Foundation
import XCTest

/// Tab at the prompt completes file names quoted the way cnnsh reads words, so that the completed
/// line names the file: a backslash before a blank or a quote, or the open quote's own quoting.
final class PromptCompletionTests: ScratchDirectoryTestCase {
    func testCompletedFileNamesAreQuotedAsCnnshReadsWords() throws {
        let names = ["ab cd.npy", "it's.npy", "semi;colon.npy", "dq\"x.npy"]
        let session = try PromptSession(binary: try XCTUnwrap(ProcessTests.binary), history: directory.appendingPathComponent("history").path, in: directory)
        try session.expect("cnnsh> ")
        for (n, name) in names.enumerated() {
            try session.enter("tensor t\(n) 2; save t\(n) '\(name.replacingOccurrences(of: "'", with: "'\\''"))'", expecting: "to \(name)")
        }
        // Each typed start, Tab, then the rest of the command: the completion is the file's whole name.
        let typed = [("ab", "ab\\ cd.npy"), ("it", "it\\'s.npy"), ("se", "semi\\;colon.npy"), ("dq", "dq\\\"x.npy"),
                     ("'a", "'ab cd.npy'"), ("'i", "'it'\\''s.npy'"), ("\"d", "\"dq\\\"x.npy\"")]
        for (n, (start, completed)) in typed.enumerated() {
            session.type("load npy \(start)\t")
            try session.expect("load npy \(completed)")
            try session.enter("as back\(n)", expecting: "loaded back\(n): 2 from")
        }
        XCTAssertEqual(try session.quit(), 0)
    }
}
