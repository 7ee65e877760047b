#define _GNU_SOURCE
#include "publish.h"

#include <errno.h>

#ifdef __linux__
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct paths { const char *source, *temporary, *target; };

/// The child's whole work. It shares the parent's memory (and the calling thread's errno), so it
/// makes system calls only: no allocation, no locks, nothing that another thread could hold.
static int publish(void *argument) {
    const struct paths *paths = argument;
    if (linkat(AT_FDCWD, paths->source, AT_FDCWD, paths->temporary, AT_SYMLINK_FOLLOW) != 0) _exit(errno);
    if (rename(paths->temporary, paths->target) != 0) {
        int code = errno;
        unlink(paths->temporary);
        _exit(code);
    }
    _exit(0);
}

int cnnsh_publish_in_child(const char *source, const char *temporary, const char *target) {
    struct paths paths = { source, temporary, target };
    // The child's own stack, in this frame: the parent is suspended until the child exits. 32 KiB
    // covers the dynamic linker's first binding of a function (it saves the vector registers).
    _Alignas(16) char stack[32 * 1024];
    // Signals stay blocked in the child, so no handler of this process ever runs on its stack.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t child = clone(publish, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &paths);
    int code = child < 0 ? errno : 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (child < 0) return code;
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    // Exited normally: the exit code is the errno, or 0.
    return WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
}
#else
int cnnsh_publish_in_child(const char *source, const char *temporary, const char *target) {
    (void)source; (void)temporary; (void)target;
    return ENOSYS;  // only Linux writes nameless files, so only Linux publishes them
}
#endif
