// Compiled without -target-cpu (C targets do not get the Swift settings), so this file runs on any
// x86-64 CPU, and its constructor can say what is missing before the Swift code, compiled for the
// build machine, executes an instruction this CPU does not have.
#include "machine.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

// The instruction sets the build may use, space-separated, from Package.swift (empty elsewhere).
#ifndef CNNSH_ASSUMED
#define CNNSH_ASSUMED ""
#endif

// Whether `word` is one of the space-separated words of `list`.
static int has_word(const char *list, const char *word, size_t length) {
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += length) {
        int starts = p == list || p[-1] == ' ' || p[-1] == '\t';
        int ends = p[length] == 0 || p[length] == ' ' || p[length] == '\n' || p[length] == '\t';
        if (starts && ends) return 1;
    }
    return 0;
}

// This CPU's "flags" line of /proc/cpuinfo, the names the build's list uses; NULL where there is none.
static char cpu_flags[4096];
static const char *flags(void) {
    static int read_once = 0;
    if (read_once) return cpu_flags[0] ? cpu_flags : NULL;
    read_once = 1;
    FILE *file = fopen("/proc/cpuinfo", "r");
    if (!file) return NULL;
    char line[4096];
    while (fgets(line, sizeof line, file)) {
        if (strncmp(line, "flags", 5) == 0) {
            snprintf(cpu_flags, sizeof cpu_flags, "%s", line);
            break;
        }
    }
    fclose(file);
    return cpu_flags[0] ? cpu_flags : NULL;
}

// Tests pretend a CPU lacks some instruction sets, to see the message: CNNSH_TEST_CPU_LACKS="avx2 fma".
static int cpu_has(const char *name, size_t length) {
    const char *lacks = getenv("CNNSH_TEST_CPU_LACKS");
    if (lacks && has_word(lacks, name, length)) return 0;
    const char *all = flags();
    return all == NULL || has_word(all, name, length);  // where the CPU does not say, assume it has them
}

// The assumed names this CPU lacks, space-separated in the build's order ("" when it has them all).
static void missing(char *out, size_t size) {
    out[0] = 0;
    const char *p = CNNSH_ASSUMED;
    while (*p) {
        while (*p == ' ') p++;
        size_t length = strcspn(p, " ");
        if (length == 0) break;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)length, p);
        if (!cpu_has(name, strlen(name))) {
            if (out[0]) strncat(out, " ", size - strlen(out) - 1);
            strncat(out, name, size - strlen(out) - 1);
        }
        p += length;
    }
}

char *cnnsh_cpu_model(char *buffer, size_t size) {
    if (size == 0) return buffer;
    buffer[0] = 0;
#if defined(__x86_64__)
    unsigned int regs[12];
    if (__get_cpuid_max(0x80000000, NULL) >= 0x80000004) {
        for (unsigned int i = 0; i < 3; i++) __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
        char brand[49];
        memcpy(brand, regs, 48);
        brand[48] = 0;
        const char *start = brand;
        while (*start == ' ') start++;
        snprintf(buffer, size, "%s", start);
        for (size_t n = strlen(buffer); n > 0 && buffer[n - 1] == ' '; n--) buffer[n - 1] = 0;
    }
#endif
    return buffer;
}

__attribute__((constructor)) static void cnnsh_check_cpu(void) {
    char lacking[512];
    missing(lacking, sizeof lacking);
    if (!lacking[0]) return;
#ifdef CNNSH_PORTABLE_BUILD
    fprintf(stderr,
            "cnnsh: this CPU lacks %s, which the portable build needs (x86-64-v3: AVX2, FMA, BMI2 and others of Intel Haswell, AMD Zen and later CPUs).\n"
            "hint: build on this machine without CNNSH_PORTABLE: 'swift build -c release' compiles for the CPU it runs on.\n",
            lacking);
#else
    fprintf(stderr,
            "cnnsh: this CPU lacks %s, which this binary may use: it was built for the CPU of the machine that compiled it (-target-cpu native).\n"
            "hint: rebuild here with 'swift build -c release', or build a binary for any AVX2 CPU with 'CNNSH_PORTABLE=1 swift build -c release'.\n",
            lacking);
#endif
    _exit(69);  // EX_UNAVAILABLE
}
