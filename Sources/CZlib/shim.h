#ifndef CNNSH_CZLIB_SHIM_H
#define CNNSH_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 and deflateInit2 are macros, which Swift does not import.
// windowBits 15 + 32: accept both zlib and gzip headers.
static inline int cnnsh_inflate_init(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
// Raw deflate (no header), as inside ZIP entries.
static inline int cnnsh_inflate_raw_init(z_stream *stream) {
    return inflateInit2(stream, -15);
}
static inline int cnnsh_deflate_init(z_stream *stream, int level) {
    return deflateInit(stream, level);
}
#endif
