#ifndef CNNSH_MACHINE_H
#define CNNSH_MACHINE_H

#include <stddef.h>

/// Writes the CPU's model name (x86's brand string) into `buffer`, NUL-terminated; an empty string
/// where the CPU does not say. Returns `buffer`.
char *cnnsh_cpu_model(char *buffer, size_t size);

/// The instructions this binary was built to assume, as a space-separated list ("avx2 fma", ...),
/// and those of them this CPU lacks (empty when it has them all). A constructor checks the same
/// thing before any Swift code runs and exits with a message when something is missing.
const char *cnnsh_cpu_assumed(void);
const char *cnnsh_cpu_missing(void);

#endif
