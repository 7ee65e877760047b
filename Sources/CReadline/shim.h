#ifndef CNNSH_CREADLINE_SHIM_H
#define CNNSH_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// Readline configures itself through global variables, which Swift 6 will not touch without
// ceremony; these setters keep that in one place.
static inline void cnnsh_readline_setup(rl_completion_func_t *complete) {
    rl_catch_signals = 0;  // our SIGINT handler stays in charge (see LineEditor)
    rl_catch_sigwinch = 0;  // and our SIGWINCH handler, which poll() hears (see LineEditor)
    rl_readline_name = "cnnsh";
    rl_completer_word_break_characters = " \t;";  // keep key=value together as one word
    rl_attempted_completion_function = complete;
}

static inline const char *cnnsh_line_buffer(void) { return rl_line_buffer; }

static inline void cnnsh_completion_settings(int over, int append_character) {
    rl_attempted_completion_over = over;
    rl_completion_append_character = append_character;
}
#endif
