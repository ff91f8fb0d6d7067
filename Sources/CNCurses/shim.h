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

/* The mouse masks are macros too. Reported: button 1 pressed or clicked (a click), the
   wheel (buttons 4 and 5). */
static inline void oauth2_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}

/* The pending mouse event: 1 a click, 2 the wheel up, 3 the wheel down, 0 anything else;
   where it happened in row and column. */
static inline int oauth2_read_mouse(int *row, int *column) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *row = event.y;
    *column = event.x;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 2;
    if (event.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}
