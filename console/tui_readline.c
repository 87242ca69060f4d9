/*
 * readline's command line inside a curses window.  readline runs in its
 * callback mode and never touches the terminal itself:
 *
 *  - input: keys come from wgetch() and go to rl_callback_read_char(),
 *    which takes them byte by byte through rl_getc_function; curses' key
 *    codes are turned back into the escape sequences readline binds by
 *    default ("\e[A" for Up, "\e[3~" for Delete), so history, editing and
 *    tab completion behave as in the plain console;
 *  - display: rl_redisplay_function draws the prompt and the line into the
 *    command-line window, scrolled sideways to keep the cursor in view;
 *  - completion lists go to the output pane instead of the terminal;
 *  - no terminal preparation, signal handlers or LINES/COLUMNS from
 *    readline: curses owns the terminal, and readline's output stream is
 *    /dev/null in case something still writes there.
 *
 * The interface's own keys (resize, PgUp/PgDn, F2, Ctrl-L, Ctrl-C, and
 * the arrows and Home while the graph pane has the focus) are handled
 * here and never reach readline; Ctrl-C, which resets readline's state,
 * only between two of its callbacks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <readline/readline.h>

#include "console.h"
#include "tui.h"

#define CTRL_KEY(c)	((c) & 0x1f)
#define MATCHES_SHOWN	500

static struct tui *rl_tui;

/* The bytes of the last key still to be handed to readline. */
static char pending[16];
static size_t pending_pos, pending_len;

/* readline's settings before the interface took it over. */
static struct {
	rl_getc_func_t *getc_fn;
	rl_hook_func_t *input_available;
	rl_voidfunc_t *redisplay;
	rl_vintfunc_t *prep_term;
	rl_voidfunc_t *deprep_term;
	rl_compdisp_func_t *display_matches;
	int catch_signals, catch_sigwinch, change_environment;
	FILE *outstream;
	FILE *devnull;
} saved;

static void pending_set(const char *seq)
{
	size_t len = strlen(seq);

	memcpy(pending, seq, len);
	pending_pos = 0;
	pending_len = len;
}

/* Queues what readline expects for curses key @c; false for a key it has no use for. */
static bool key_to_sequence(int c)
{
	static const struct {
		int key;
		const char *seq;
	} keys[] = {
		{ KEY_UP, "\033[A" },
		{ KEY_DOWN, "\033[B" },
		{ KEY_RIGHT, "\033[C" },
		{ KEY_LEFT, "\033[D" },
		{ KEY_HOME, "\033[H" },
		{ KEY_END, "\033[F" },
		{ KEY_DC, "\033[3~" },
		{ KEY_IC, "\033[2~" },
		{ KEY_BACKSPACE, "\177" },
		{ KEY_ENTER, "\r" },
	};
	/* xterm's modified keys, which curses names but does not number */
	static const struct {
		const char *name;
		const char *seq;
	} named[] = {
		{ "kLFT5", "\033[1;5D" },
		{ "kRIT5", "\033[1;5C" },
		{ "kLFT3", "\033[1;3D" },
		{ "kRIT3", "\033[1;3C" },
		{ "kDC5", "\033[3;5~" },
	};
	const char *name;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].key == c) {
			pending_set(keys[i].seq);
			return true;
		}
	}
	name = keyname(c);
	for (size_t i = 0; name && i < ARRAY_SIZE(named); i++) {
		if (!strcmp(named[i].name, name)) {
			pending_set(named[i].seq);
			return true;
		}
	}
	return false;
}

/* Ctrl-C: drop the line being typed, and any search or half-typed key. */
static void cancel_line(void)
{
	rl_callback_sigcleanup();
	rl_free_line_state();
	rl_replace_line("", 1);
	rl_point = rl_mark = 0;
	tui_rl_redisplay();
}

/*
 * While the graph pane has the focus, the arrows move its view (a row, a
 * quarter of the pane sideways) and Home centres it again.
 */
static bool graph_key(struct tui *t, int c)
{
	int step = tui_pane_width(t, TUI_GRAPH) / 4;

	if (t->focus != TUI_GRAPH || !t->pane[TUI_GRAPH].win)
		return false;
	step = step > 0 ? step : 1;
	switch (c) {
	case KEY_UP:
		tui_graph_pan(t, 0, -1);
		return true;
	case KEY_DOWN:
		tui_graph_pan(t, 0, 1);
		return true;
	case KEY_LEFT:
		tui_graph_pan(t, -step, 0);
		return true;
	case KEY_RIGHT:
		tui_graph_pan(t, step, 0);
		return true;
	case KEY_HOME:
		tui_graph_home(t);
		return true;
	default:
		return false;
	}
}

/* Handles a key that changes only what is shown; false for any other key. */
static bool display_key(struct tui *t, int c)
{
	int page = tui_pane_height(t, t->focus) - 1;

	if (graph_key(t, c)) {
		tui_redraw(t);
		return true;
	}
	switch (c) {
	case KEY_RESIZE:
		if (tui_layout(t)) {
			t->done = true;
			return true;
		}
		rl_set_screen_size(LINES, COLS);
		break;
	case KEY_PPAGE:
		tui_scroll(t, -(page > 0 ? page : 1));
		break;
	case KEY_NPAGE:
		tui_scroll(t, page > 0 ? page : 1);
		break;
	case KEY_F(2):
		tui_focus_next(t);
		break;
	case KEY_F(5):
	case KEY_F(6):
		if (c == KEY_F(5) ? tui_zoom_toggle(t) : tui_graph_toggle(t)) {
			t->done = true;
			return true;
		}
		break;
	case CTRL_KEY('L'):
		clearok(curscr, TRUE);
		break;
	default:
		return false;
	}
	tui_redraw(t);
	return true;
}

/*
 * Waits for a key that is not a display key; returns it (a byte, or a
 * curses key code), or EOF once the terminal has gone away.
 */
static int read_key(struct tui *t)
{
	int errors = 0;

	while (!t->done) {
		int c;

		errno = 0;
		c = wgetch(t->cmdline);
		if (c == ERR) {
			struct winsize ws;

			con_graph_serve_wait(t->con, -1, 0);	/* `graph serve`'s browsers */

			/*
			 * The poll timeout: a terminal still there whose size
			 * changed without a KEY_RESIZE gets one now.  A signal,
			 * or a terminal that has gone away (end of input).
			 */
			if (!ioctl(STDIN_FILENO, TIOCGWINSZ, &ws)) {
				errors = 0;
				if (ws.ws_row && ws.ws_col &&
				    (ws.ws_row != LINES || ws.ws_col != COLS)) {
					resizeterm(ws.ws_row, ws.ws_col);
					display_key(t, KEY_RESIZE);
				}
				continue;
			}
			if (errno != EINTR && ++errors > 100)
				t->done = true;
			continue;
		}
		errors = 0;
		if (!display_key(t, c))
			return c;
	}
	return EOF;
}

/* Queues a key for readline; false for a key it has no use for. */
static bool key_queue(int c)
{
	if (c < KEY_MIN) {
		pending[0] = (char)c;	/* NUL too: Ctrl-Space sets the mark */
		pending_pos = 0;
		pending_len = 1;
		return true;
	}
	return key_to_sequence(c);
}

/*
 * readline asks for a byte: the rest of the last key, or (when it wants
 * more than one inside a single callback) the next key.
 */
static int tui_rl_getc(FILE *unused)
{
	struct tui *t = rl_tui;

	while (pending_pos >= pending_len) {
		int c = read_key(t);

		if (c == EOF)
			return EOF;
		key_queue(c);
	}
	return (unsigned char)pending[pending_pos++];
}

void tui_rl_read(struct tui *t)
{
	int c = read_key(t);

	if (c == EOF)
		return;
	/* between callbacks readline's state can be reset safely */
	if (c == CTRL_KEY('C')) {
		cancel_line();
		return;
	}
	if (!key_queue(c))
		return;
	while (pending_pos < pending_len && !t->done)
		rl_callback_read_char();
}

static int tui_rl_input_available(void)
{
	return pending_pos < pending_len;
}

/* One character on the command line and the columns it takes. */
struct cell {
	wchar_t wc;
	int width;
};

/* Appends the characters of @s to @cells (room for strlen(s) more); returns the new count. */
static size_t cells_add(struct cell *cells, size_t n, const char *s, size_t len)
{
	mbstate_t st;
	size_t i = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		int width;

		if (k == (size_t)-1 || k == (size_t)-2) {
			memset(&st, 0, sizeof(st));
			wc = L'?';
			k = 1;
		} else if (k == 0) {
			k = 1;
		}
		i += k;
		if (wc == RL_PROMPT_START_IGNORE || wc == RL_PROMPT_END_IGNORE)
			continue;
		width = wcwidth(wc);
		if (width < 0) {
			wc = L'?';	/* a control character */
			width = 1;
		}
		cells[n].wc = wc;
		cells[n].width = width;
		n++;
	}
	return n;
}

void tui_rl_redisplay(void)
{
	struct tui *t = rl_tui;
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	size_t plen = strlen(prompt), n, cursor, start = 0;
	int cols, col = 0, cursor_col = 0;
	struct cell *cells;
	WINDOW *w;

	if (!t || !t->cmdline)
		return;
	w = t->cmdline;
	cols = getmaxx(w);
	cells = malloc((plen + rl_end + 1) * sizeof(*cells));
	if (!cells)
		return;
	n = cells_add(cells, 0, prompt, plen);
	cursor = cells_add(cells, n, rl_line_buffer, rl_point);
	n = cells_add(cells, cursor, rl_line_buffer + rl_point, rl_end - rl_point);

	for (size_t i = 0; i < cursor; i++)
		cursor_col += cells[i].width;
	/*
	 * Keep the cursor in view, the last column left empty: characters
	 * scrolled off on the left leave a '<' behind.
	 */
	if (cursor_col > cols - 1)
		while (start < cursor && 1 + cursor_col > cols - 1)
			cursor_col -= cells[start++].width;

	werase(w);
	wmove(w, 0, 0);
	if (start) {
		waddch(w, '<');
		col = 1;
		cursor_col++;
	}
	for (size_t i = start; i < n && col + cells[i].width <= cols - 1; i++) {
		waddnwstr(w, &cells[i].wc, 1);
		col += cells[i].width;
	}
	free(cells);
	wmove(w, 0, cursor_col < cols ? cursor_col : cols - 1);
	wnoutrefresh(w);
	doupdate();
}

/* The part of a match worth showing: a file name without its directory. */
static const char *match_shown(const char *match)
{
	const char *slash;

	if (!rl_filename_completion_desired)
		return match;
	slash = strrchr(match, '/');
	if (!slash)
		return match;
	if (slash[1])
		return slash + 1;
	/* "dir/": show "dir/" */
	while (slash > match && slash[-1] != '/')
		slash--;
	return slash;
}

/* Lists the candidates of an ambiguous completion in the output pane, in columns. */
static void tui_rl_display_matches(char **matches, int num, int max_length)
{
	struct tui *t = rl_tui;
	int width = tui_pane_width(t, TUI_OUTPUT);
	int colw = max_length + 2, per = width / colw > 0 ? width / colw : 1;
	int shown = num < MATCHES_SHOWN ? num : MATCHES_SHOWN;
	char *line = malloc((size_t)per * colw + 1);
	size_t len = 0;

	if (!line)
		return;
	for (int i = 1; i <= shown; i++) {
		const char *m = match_shown(matches[i]);

		len += sprintf(line + len, "%-*.*s", i % per && i < shown ? colw : 0,
			       max_length, m);
		if (i % per == 0 || i == shown) {
			tui_lines_add(&t->output, TUI_K_NOTE, line);
			len = 0;
		}
	}
	if (shown < num)
		tui_lines_addf(&t->output, TUI_K_NOTE, "... and %d more", num - shown);
	free(line);
	t->pane[TUI_OUTPUT].scroll = 0;
	tui_redraw(t);
}

void tui_rl_start(struct tui *t, void (*on_line)(char *line))
{
	rl_tui = t;
	pending_pos = pending_len = 0;

	saved.getc_fn = rl_getc_function;
	saved.input_available = rl_input_available_hook;
	saved.redisplay = rl_redisplay_function;
	saved.prep_term = rl_prep_term_function;
	saved.deprep_term = rl_deprep_term_function;
	saved.display_matches = rl_completion_display_matches_hook;
	saved.catch_signals = rl_catch_signals;
	saved.catch_sigwinch = rl_catch_sigwinch;
	saved.change_environment = rl_change_environment;
	saved.outstream = rl_outstream;

	rl_getc_function = tui_rl_getc;
	rl_input_available_hook = tui_rl_input_available;
	rl_redisplay_function = tui_rl_redisplay;
	rl_prep_term_function = NULL;
	rl_deprep_term_function = NULL;
	rl_completion_display_matches_hook = tui_rl_display_matches;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	saved.devnull = fopen("/dev/null", "w");
	if (saved.devnull)
		rl_outstream = saved.devnull;

	/* nothing is drawn until the windows exist */
	rl_callback_handler_install(CON_PROMPT, on_line);
}

void tui_rl_stop(struct tui *t)
{
	rl_callback_handler_remove();
	rl_getc_function = saved.getc_fn;
	rl_input_available_hook = saved.input_available;
	rl_redisplay_function = saved.redisplay;
	rl_prep_term_function = saved.prep_term;
	rl_deprep_term_function = saved.deprep_term;
	rl_completion_display_matches_hook = saved.display_matches;
	rl_catch_signals = saved.catch_signals;
	rl_catch_sigwinch = saved.catch_sigwinch;
	rl_change_environment = saved.change_environment;
	rl_outstream = saved.outstream;
	if (saved.devnull)
		fclose(saved.devnull);
	saved.devnull = NULL;
	/* the terminal may have changed size while the interface had it */
	rl_reset_screen_size();
	pending_pos = pending_len = 0;
	rl_tui = NULL;
}
