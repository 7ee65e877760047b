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

// The build's assumptions, from Package.swift's defines.
static const char *const assumed[] = {
#ifdef CNNSH_NEEDS_AVX2
    "avx2",
#endif
#ifdef CNNSH_NEEDS_FMA
    "fma",
#endif
#ifdef CNNSH_NEEDS_AVX512F
    "avx512f",
#endif
#ifdef CNNSH_NEEDS_AVX512BW
    "avx512bw",
#endif
#ifdef CNNSH_NEEDS_AVX512DQ
    "avx512dq",
#endif
#ifdef CNNSH_NEEDS_AVX512VL
    "avx512vl",
#endif
    NULL
};

// `__builtin_cpu_supports` takes only literal names.
static int cpu_has(const char *name) {
    // Tests pretend a CPU lacks some instructions, to see the message: CNNSH_TEST_CPU_LACKS="avx2 fma".
    const char *lacks = getenv("CNNSH_TEST_CPU_LACKS");
    if (lacks && strstr(lacks, name)) return 0;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (!strcmp(name, "avx2")) return __builtin_cpu_supports("avx2");
    if (!strcmp(name, "fma")) return __builtin_cpu_supports("fma");
    if (!strcmp(name, "avx512f")) return __builtin_cpu_supports("avx512f");
    if (!strcmp(name, "avx512bw")) return __builtin_cpu_supports("avx512bw");
    if (!strcmp(name, "avx512dq")) return __builtin_cpu_supports("avx512dq");
    if (!strcmp(name, "avx512vl")) return __builtin_cpu_supports("avx512vl");
#endif
    return 1;
}

static char assumed_list[128], missing_list[128];

static void list(char *out, size_t size, int wantMissing) {
    out[0] = 0;
    for (const char *const *name = assumed; *name; name++) {
        if (wantMissing && cpu_has(*name)) continue;
        if (out[0]) strncat(out, " ", size - strlen(out) - 1);
        strncat(out, *name, size - strlen(out) - 1);
    }
}

const char *cnnsh_cpu_assumed(void) { list(assumed_list, sizeof assumed_list, 0); return assumed_list; }
const char *cnnsh_cpu_missing(void) { list(missing_list, sizeof missing_list, 1); return missing_list; }

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
    const char *missing = cnnsh_cpu_missing();
    if (!missing[0]) return;
#ifdef CNNSH_PORTABLE_BUILD
    fprintf(stderr,
            "cnnsh: this CPU lacks %s, which the portable build needs (x86-64-v3: AVX2 and FMA, as on Intel Haswell, AMD Zen or later).\n"
            "hint: build on this machine without CNNSH_PORTABLE: 'swift build -c release' compiles for the CPU it runs on.\n",
            missing);
#else
    fprintf(stderr,
            "cnnsh: this CPU lacks %s, which this binary uses: it was built for the CPU of the machine that compiled it (-target-cpu native).\n"
            "hint: rebuild here with 'swift build -c release', or build a binary for any AVX2 CPU with 'CNNSH_PORTABLE=1 swift build -c release'.\n",
            missing);
#endif
    _exit(69);  // EX_UNAVAILABLE
}
