#ifndef CNNSH_CREADLINE_SHIM_H
#define CNNSH_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

#include <stdlib.h>
#include <string.h>

// File names that Tab completes are quoted as cnnsh reads words (Sources/Shell/Words.swift):
// outside quotes a backslash before each special character; after an open ' or " in that quote's
// own way ('it'\''s.npy', "say \"hi\".npy"), readline closing the quote after a single match.
static const char *const cnnsh_specials = " \t\n\\\"';#";

static inline char *cnnsh_quote_filename(char *text, int match_type, char *quote) {
    (void)match_type;
    char q = quote ? *quote : 0;
    char *out = malloc(4 * strlen(text) + 2), *p = out;
    if (q == '\'') *p++ = q;
    if (q == '"') *p++ = q;
    for (const char *s = text; *s; s++) {
        if (q == '\'') {
            if (*s == '\'') { memcpy(p, "'\\''", 4); p += 4; } else *p++ = *s;
        } else if (q == '"') {
            if (strchr("\"\\$`", *s)) *p++ = '\\';
            *p++ = *s;
        } else {
            if (strchr(cnnsh_specials, *s)) *p++ = '\\';
            *p++ = *s;
        }
    }
    *p = 0;
    return out;
}

// The word as the file system names it: quotes and backslashes taken away as cnnsh's words do.
// `quote` is the quote the word was opened with, which readline has already left out of `text`.
static inline char *cnnsh_dequote_filename(char *text, int quote) {
    char *out = malloc(strlen(text) + 1), *p = out;
    for (const char *s = text; *s; s++) {
        if (quote == '\'') {
            if (*s == '\'') quote = 0; else *p++ = *s;
        } else if (quote == '"') {
            if (*s == '"') quote = 0;
            else if (*s == '\\' && s[1] && strchr("\"\\$`", s[1])) *p++ = *++s;
            else *p++ = *s;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
        } else if (*s == '\\' && s[1]) {
            *p++ = *++s;
        } else {
            *p++ = *s;
        }
    }
    *p = 0;
    return out;
}

// A blank or ; after a backslash is part of the word, not a break between words.
static inline int cnnsh_char_is_quoted(char *line, int index) {
    int backslashes = 0;
    while (index - backslashes > 0 && line[index - backslashes - 1] == '\\') backslashes++;
    return backslashes % 2 == 1;
}

// Readline configures itself through global variables, which Swift 6 will not touch without
// ceremony; these setters keep that in one place.
static inline void cnnsh_readline_setup(rl_completion_func_t *complete) {
    rl_catch_signals = 0;  // our SIGINT handler stays in charge (see LineEditor)
    rl_catch_sigwinch = 0;  // and our SIGWINCH handler, which poll() hears (see LineEditor)
    rl_readline_name = "cnnsh";
    rl_completer_word_break_characters = " \t;";  // keep key=value together as one word
    rl_attempted_completion_function = complete;
    rl_completer_quote_characters = "'\"";
    rl_filename_quote_characters = cnnsh_specials;
    rl_filename_quoting_function = cnnsh_quote_filename;
    rl_filename_dequoting_function = cnnsh_dequote_filename;
    rl_char_is_quoted_p = cnnsh_char_is_quoted;
}

static inline const char *cnnsh_line_buffer(void) { return rl_line_buffer; }

static inline void cnnsh_completion_settings(int over, int append_character) {
    rl_attempted_completion_over = over;
    rl_completion_append_character = append_character;
}
#endif
