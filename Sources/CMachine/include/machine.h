#ifndef CNNSH_MACHINE_H
#define CNNSH_MACHINE_H

#include <stddef.h>

/// Writes the CPU's model name (x86's brand string) into `buffer`, NUL-terminated; an empty string
/// where the CPU does not say. Returns `buffer`.
char *cnnsh_cpu_model(char *buffer, size_t size);

// A constructor in machine.c checks, before any Swift code runs, that this CPU has every
// instruction set the build may use (Package.swift's CNNSH_ASSUMED, as /proc/cpuinfo names them),
// and exits with a message naming those it lacks.

#endif
