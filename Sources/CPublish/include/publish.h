#ifndef CNNSH_PUBLISH_H
#define CNNSH_PUBLISH_H

/// Hard-links `source` (a /proc/self/fd/N path of a nameless O_TMPFILE file) to `temporary`, then
/// renames `temporary` over `target`, in a child process that shares this one's memory instead of
/// copying it (Linux's clone with CLONE_VM | CLONE_VFORK): a fork would copy the page tables of
/// every byte the shell holds, which costs far more than the two system calls. The child finishes
/// both steps even if this process is killed meanwhile, so a kill -9 leaves the old file or the new
/// one, never the temporary. Returns 0, or the errno of the step that failed (the temporary then
/// removed); EIO if the child died without saying; ENOSYS where there is no such child (not Linux).
int cnnsh_publish_in_child(const char *source, const char *temporary, const char *target);

#endif
