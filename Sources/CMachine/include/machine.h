#ifndef CNNSH_MACHINE_H
#define CNNSH_MACHINE_H

#include <stddef.h>

/// Writes the CPU's model name (x86's brand string) into `buffer`, NUL-terminated; an empty string
/// where the CPU does not say. Returns `buffer`.
char *cnnsh_cpu_model(char *buffer, size_t size);

/// The instruction sets this binary may use, space-separated as /proc/cpuinfo names them ("avx
/// avx2 fma ..."), and those of them this CPU lacks (empty when it has them all, or where there is
/// no /proc/cpuinfo to ask). A constructor checks the same thing before any Swift code runs and
/// exits with a message when something is missing. Not thread-safe: each call refills one buffer.
const char *cnnsh_cpu_assumed(void);
const char *cnnsh_cpu_missing(void);

#endif
