#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* ncurses exposes its attributes and colour pairs as macros, which Swift cannot import. */
static inline attr_t oauth2_a_normal(void) { return A_NORMAL; }
static inline attr_t oauth2_a_bold(void) { return A_BOLD; }
static inline attr_t oauth2_a_underline(void) { return A_UNDERLINE; }
static inline attr_t oauth2_a_reverse(void) { return A_REVERSE; }
static inline attr_t oauth2_a_dim(void) { return A_DIM; }

/* COLORS is a mutable C global, which Swift 6 refuses to read directly. */
static inline int oauth2_colors(void) { return COLORS; }
