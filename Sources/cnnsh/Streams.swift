import Foundation
import Shell
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error, written as coreutils write them: a failed write ends cnnsh the
/// conventional way instead of crashing it (Foundation's `FileHandle.write` traps on any error).
/// - EPIPE, the reader went away (`cnnsh -c help | head -1`): end quietly as a process killed by
///   SIGPIPE does, status 141, even when SIGPIPE was ignored by whoever started us.
/// - Anything else (ENOSPC on a full disk or /dev/full, EBADF on a closed descriptor, EIO): one line
///   on standard error naming the stream and the reason, status 1.
enum Streams {
    /// Run before a failed write ends the process: the prompt gives the terminal back.
    nonisolated(unsafe) static var beforeExit: (() -> Void)?

    static func output(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if n >= 0 { done += n; continue }
                if errno == EINTR { continue }
                if errno == EAGAIN {  // a non-blocking descriptor someone handed us: wait until it drains
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                    continue
                }
                fail(descriptor, errno)
            }
        }
    }

    /// Ends the process after a write to `descriptor` failed with `code`.
    static func fail(_ descriptor: Int32, _ code: Int32) -> Never {
        beforeExit?()
        if code == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
            _exit(128 + SIGPIPE)
        }
        if descriptor != STDERR_FILENO {
            let message = tr("main.stdout-failed", String(cString: strerror(code))) + "\n"
            _ = message.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
        }
        _exit(1)  // not exit(): its handlers would write the stream that just failed again
    }

    /// Checks, at exit, what went through C's stdio (the argument parser's `--help`, readline's
    /// echo): a buffer that could not be written is the same failure as any other write.
    static func checkStandardOutputAtExit() {
        atexit {
            if fflush(nil) != 0 { Streams.fail(STDOUT_FILENO, errno == 0 ? EIO : errno) }  // what stdio still holds is at most a few kB of help
        }
    }

    /// A standard descriptor the caller closed (`cnnsh >&-`) would be the number the next open()
    /// returns, and output would go into a file being saved. /dev/null opened the wrong way round
    /// holds its place: writing to it, or reading from it, still fails with EBADF.
    static func guardClosedDescriptors() {
        for (descriptor, mode) in [(STDIN_FILENO, O_WRONLY), (STDOUT_FILENO, O_RDONLY), (STDERR_FILENO, O_RDONLY)]
        where fcntl(descriptor, F_GETFD) < 0 && errno == EBADF {
            let held = open("/dev/null", mode)
            if held >= 0 && held != descriptor { dup2(held, descriptor); close(held) }
        }
    }

    /// All of standard input, a script; refused past `limit` bytes (`yes | cnnsh` would otherwise
    /// read until memory runs out) or when it cannot be read.
    static func readInput(atMost limit: Int) -> Result<String, InputProblem> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(STDIN_FILENO, &chunk, chunk.count)
            if n > 0 {
                bytes += chunk[..<n]
                if bytes.count > limit { return .failure(InputProblem(description: tr("main.stdin-too-long", limit))) }
                continue
            }
            if n == 0 { return .success(String(decoding: bytes, as: UTF8.self)) }
            if errno == EINTR { continue }
            if errno == EAGAIN {  // a non-blocking descriptor: wait until there is more
                var ready = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                _ = poll(&ready, 1, -1)
                continue
            }
            return .failure(InputProblem(description: String(cString: strerror(errno))))
        }
    }

    struct InputProblem: Error, CustomStringConvertible { let description: String }
}
