/*
 * The full-screen interface's panes: the lines each one holds, where the
 * windows go for the terminal's size, the colours, and drawing them.  Long
 * lines wrap inside their pane; a pane that holds more than it shows says
 * how much more, and PgUp/PgDn move the focused one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/clock.h>
#include <sim/errno.h>
#include <sim/sim.h>

#include "console.h"
#include "tui.h"

/* Below this the panes wait for a bigger terminal; the command line stays. */
#define TUI_MIN_LINES	10
#define TUI_MIN_COLS	40
/* Below this there is no graph pane. */
#define TUI_GRAPH_MIN_LINES	24
#define TUI_GRAPH_MIN_COLS	80

/* Lines */

int tui_lines_init(struct tui_lines *l, size_t cap)
{
	l->v = calloc(cap, sizeof(*l->v));
	l->cap = l->v ? cap : 0;
	l->first = l->n = 0;
	return l->v ? 0 : -ENOMEM;
}

void tui_lines_clear(struct tui_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[(l->first + i) % l->cap].text);
	l->first = l->n = 0;
}

void tui_lines_free(struct tui_lines *l)
{
	if (l->v)
		tui_lines_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

static const struct tui_line *lines_get(const struct tui_lines *l, size_t i)
{
	return &l->v[(l->first + i) % l->cap];
}

/* Copies @len bytes of @s as printable ASCII: tabs to the next stop of 8, others '?'. */
static char *line_clean(const char *s, size_t len)
{
	size_t tabs = 0, col = 0;
	char *out;

	for (size_t i = 0; i < len; i++)
		tabs += s[i] == '\t';
	out = malloc(len + tabs * 7 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\t') {
			do
				out[col++] = ' ';
			while (col % 8);
		} else {
			out[col++] = c >= 0x20 && c < 0x7f ? c : '?';
		}
	}
	out[col] = '\0';
	return out;
}

static void lines_push(struct tui_lines *l, enum tui_kind kind, const char *s, size_t len)
{
	char *text = line_clean(s, len);
	struct tui_line *slot;

	if (!text || !l->cap) {
		free(text);
		return;
	}
	if (l->n == l->cap) {
		slot = &l->v[l->first];
		free(slot->text);
		l->first = (l->first + 1) % l->cap;
		l->n--;
	}
	slot = &l->v[(l->first + l->n) % l->cap];
	slot->text = text;
	slot->kind = kind;
	l->n++;
}

void tui_lines_add(struct tui_lines *l, enum tui_kind kind, const char *text)
{
	const char *p = text;

	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len && p[len - 1] == '\r')
			len--;
		lines_push(l, kind, p, len);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

void tui_lines_addf(struct tui_lines *l, enum tui_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	tui_lines_add(l, kind, s);
	free(s);
}

/* Colours */

enum {
	PAIR_STATUS = 1,
	PAIR_BORDER,
	PAIR_RED,
	PAIR_YELLOW,
	PAIR_GREEN,
	PAIR_BLUE,
	PAIR_MAGENTA,
	PAIR_CYAN,
	PAIR_FILL,		/* eight of them: black on each of curses' colours */
};

void tui_colours_init(struct tui *t)
{
	short bg = COLOR_BLACK;
	attr_t *a = t->attr;

	t->colour = has_colors() && start_color() == OK;
	for (int k = 0; k < TUI_K_COUNT; k++)
		a[k] = A_NORMAL;
	if (!t->colour) {
		a[TUI_K_ERROR] = A_BOLD;
		a[TUI_K_ECHO] = A_BOLD;
		a[TUI_K_NOTE] = A_DIM;
		a[TUI_K_IOMMU] = A_BOLD | A_UNDERLINE;
		a[TUI_K_EV_BAD] = A_BOLD;
		t->border_attr = A_NORMAL;
		t->title_attr = A_BOLD;
		t->status_attr = A_REVERSE;
		for (int c = 0; c < 8; c++)
			t->fill_attr[c] = A_REVERSE;
		t->line_attr = A_NORMAL;
		t->faint_attr = A_DIM;
		t->cluster_attr = A_DIM;
		return;
	}
	if (use_default_colors() == OK)
		bg = -1;
	init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_BORDER, COLOR_CYAN, bg);
	init_pair(PAIR_RED, COLOR_RED, bg);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, bg);
	init_pair(PAIR_GREEN, COLOR_GREEN, bg);
	init_pair(PAIR_BLUE, COLOR_BLUE, bg);
	init_pair(PAIR_MAGENTA, COLOR_MAGENTA, bg);
	init_pair(PAIR_CYAN, COLOR_CYAN, bg);
	for (int c = 0; c < 8; c++)
		init_pair(PAIR_FILL + c, c == COLOR_BLACK ? COLOR_WHITE : COLOR_BLACK, c);

	a[TUI_K_ERROR] = COLOR_PAIR(PAIR_RED) | A_BOLD;
	a[TUI_K_ECHO] = COLOR_PAIR(PAIR_YELLOW) | A_BOLD;
	a[TUI_K_NOTE] = COLOR_PAIR(PAIR_CYAN);
	a[TUI_K_IOMMU] = COLOR_PAIR(PAIR_MAGENTA) | A_BOLD;
	a[TUI_K_DEV] = A_NORMAL;
	a[TUI_K_DOM_DMA] = COLOR_PAIR(PAIR_GREEN) | A_BOLD;
	a[TUI_K_DOM_IDENTITY] = COLOR_PAIR(PAIR_BLUE) | A_BOLD;
	a[TUI_K_DOM_UNMANAGED] = COLOR_PAIR(PAIR_MAGENTA) | A_BOLD;
	a[TUI_K_DOM_BLOCKED] = COLOR_PAIR(PAIR_RED) | A_BOLD;
	a[TUI_K_EV_CORE] = COLOR_PAIR(PAIR_GREEN);
	a[TUI_K_EV_MAP] = COLOR_PAIR(PAIR_CYAN);
	a[TUI_K_EV_DEFER] = COLOR_PAIR(PAIR_YELLOW);
	a[TUI_K_EV_BAD] = COLOR_PAIR(PAIR_RED) | A_BOLD;
	t->border_attr = COLOR_PAIR(PAIR_BORDER);
	t->title_attr = COLOR_PAIR(PAIR_BORDER) | A_BOLD;
	t->status_attr = COLOR_PAIR(PAIR_STATUS);
	/* a terminal with few colour pairs fills the graph's nodes in reverse video */
	for (int c = 0; c < 8; c++)
		t->fill_attr[c] = COLOR_PAIRS >= PAIR_FILL + 8 ? COLOR_PAIR(PAIR_FILL + c) : A_REVERSE;
	t->line_attr = A_NORMAL;
	t->faint_attr = A_DIM;
	t->cluster_attr = COLOR_PAIR(PAIR_MAGENTA);
}

/* Layout */

void tui_windows_free(struct tui *t)
{
	for (int i = 0; i < TUI_NPANES; i++) {
		if (t->pane[i].win)
			delwin(t->pane[i].win);
		t->pane[i].win = NULL;
	}
	if (t->status)
		delwin(t->status);
	if (t->cmdline)
		delwin(t->cmdline);
	t->status = t->cmdline = NULL;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* True when a terminal of @lines x @cols has a graph pane. */
static bool graph_fits(const struct tui *t, int lines, int cols)
{
	return !t->graph_hidden && lines >= TUI_GRAPH_MIN_LINES && cols >= TUI_GRAPH_MIN_COLS;
}

int tui_layout(struct tui *t)
{
	int lines = LINES, cols = COLS, body, left, trace_h;

	tui_windows_free(t);
	/* what the old windows left where the new ones do not reach */
	werase(stdscr);
	wnoutrefresh(stdscr);
	if (lines < 1 || cols < 1)
		return 0;
	t->cmdline = newwin(1, cols, lines - 1, 0);
	if (!t->cmdline)
		return -ENOMEM;
	keypad(t->cmdline, TRUE);
	/* Wake up now and then to notice a resize whose signal went missing. */
	wtimeout(t->cmdline, TUI_SIZE_POLL_MS);
	if (lines < 2)
		return 0;
	t->status = newwin(1, cols, 0, 0);
	if (!t->status)
		return -ENOMEM;
	if (lines < TUI_MIN_LINES || cols < TUI_MIN_COLS)
		return 0;

	body = lines - 2;
	left = clamp(cols * 2 / 5, 20, cols - 20);
	if (t->zoomed) {
		if (t->focus == TUI_GRAPH && !graph_fits(t, lines, cols))
			t->focus = TUI_OUTPUT;
		t->pane[t->focus].win = newwin(body, cols, 1, 0);
		return t->pane[t->focus].win ? 0 : -ENOMEM;
	}
	if (graph_fits(t, lines, cols)) {
		/* topology and graph above, trace and command output below */
		int top_h = clamp(body / 2, 5, body - 5);

		t->pane[TUI_TOPOLOGY].win = newwin(top_h, left, 1, 0);
		t->pane[TUI_GRAPH].win = newwin(top_h, cols - left, 1, left);
		t->pane[TUI_TRACE].win = newwin(body - top_h, left, 1 + top_h, 0);
		t->pane[TUI_OUTPUT].win = newwin(body - top_h, cols - left, 1 + top_h, left);
		if (!t->pane[TUI_GRAPH].win)
			return -ENOMEM;
	} else {
		/* topology on the left; trace above the command output on the right */
		trace_h = clamp(body * 2 / 5, 3, body - 3);
		t->pane[TUI_TOPOLOGY].win = newwin(body, left, 1, 0);
		t->pane[TUI_TRACE].win = newwin(trace_h, cols - left, 1, left);
		t->pane[TUI_OUTPUT].win = newwin(body - trace_h, cols - left, 1 + trace_h, left);
	}
	for (int i = 0; i < TUI_NPANES; i++)
		if (!t->pane[i].win && i != TUI_GRAPH)
			return -ENOMEM;
	/* a focused pane that is gone hands the focus to the output */
	if (!t->pane[t->focus].win)
		t->focus = TUI_OUTPUT;
	return 0;
}

void tui_focus_next(struct tui *t)
{
	if (t->zoomed) {
		t->focus = (t->focus + 1) % TUI_NPANES;
		if (t->focus == TUI_GRAPH && !graph_fits(t, LINES, COLS))
			t->focus = (t->focus + 1) % TUI_NPANES;
		if (tui_layout(t))
			t->done = true;
		return;
	}
	for (int i = 1; i <= TUI_NPANES; i++) {
		enum tui_pane_id id = (t->focus + i) % TUI_NPANES;

		if (t->pane[id].win) {
			t->focus = id;
			return;
		}
	}
}

int tui_zoom_toggle(struct tui *t)
{
	t->zoomed = !t->zoomed;
	return tui_layout(t);
}

int tui_graph_toggle(struct tui *t)
{
	t->graph_hidden = !t->graph_hidden;
	return tui_layout(t);
}

int tui_pane_width(const struct tui *t, enum tui_pane_id id)
{
	WINDOW *w = t->pane[id].win;

	return w && getmaxx(w) > 2 ? getmaxx(w) - 2 : 1;
}

int tui_pane_height(const struct tui *t, enum tui_pane_id id)
{
	WINDOW *w = t->pane[id].win;

	return w && getmaxy(w) > 2 ? getmaxy(w) - 2 : 1;
}

void tui_scroll(struct tui *t, int rows)
{
	struct tui_pane *p = &t->pane[t->focus];

	if (t->focus == TUI_GRAPH) {
		tui_graph_pan(t, 0, rows);
		return;
	}
	/* the newest-at-the-bottom panes count back from the end */
	p->scroll += p->bottom ? -rows : rows;
	if (p->scroll < 0)
		p->scroll = 0;
	/* the far end is clamped when the pane is drawn */
}

/* Drawing */

/*
 * Where the row that starts at @s ends when rows are @width columns, and in
 * @next where the following one starts: after the last space that fits,
 * or in the middle of a word longer than a row.
 */
static size_t row_len(const char *s, int width, const char **next)
{
	size_t len = strlen(s);

	if (len <= (size_t)width) {
		*next = s + len;
		return len;
	}
	for (size_t i = width; i > 0; i--) {
		if (s[i] == ' ') {
			*next = s + i + 1;
			return i;
		}
	}
	*next = s + width;
	return width;
}

static int line_rows(const struct tui_line *ln, int width)
{
	const char *p = ln->text;
	int rows = 0;

	do {
		row_len(p, width, &p);
		rows++;
	} while (*p);
	return rows;
}

void tui_draw_frame(struct tui *t, enum tui_pane_id id, long above, long below)
{
	struct tui_pane *p = &t->pane[id];
	WINDOW *w = p->win;
	int width = getmaxx(w);
	char more[48];

	wattrset(w, t->border_attr);
	box(w, 0, 0);
	wattrset(w, t->title_attr | (id == t->focus ? A_REVERSE : 0));
	mvwprintw(w, 0, 1, " %s ", p->title);
	wattrset(w, t->border_attr);
	if (above) {
		snprintf(more, sizeof(more), " %ld more above ", above);
		if ((int)strlen(more) + (int)strlen(p->title) + 6 < width)
			mvwaddstr(w, 0, width - 1 - strlen(more), more);
	}
	if (below) {
		snprintf(more, sizeof(more), " %ld more below ", below);
		if ((int)strlen(more) + 2 < width)
			mvwaddstr(w, getmaxy(w) - 1, width - 1 - strlen(more), more);
	}
	wattrset(w, A_NORMAL);
}

/* Draws as many rows of @l as fit, wrapped, from the pane's scroll position. */
static void draw_lines(struct tui *t, enum tui_pane_id id, const struct tui_lines *l)
{
	struct tui_pane *p = &t->pane[id];
	int width = tui_pane_width(t, id), height = tui_pane_height(t, id), y = 0;
	long total = 0, first, row = 0, max;

	for (size_t i = 0; i < l->n; i++)
		total += line_rows(lines_get(l, i), width);
	max = total > height ? total - height : 0;
	if (p->scroll > max)
		p->scroll = max;
	first = p->bottom ? max - p->scroll : p->scroll;

	werase(p->win);
	for (size_t i = 0; i < l->n && y < height; i++) {
		const struct tui_line *ln = lines_get(l, i);
		int rows = line_rows(ln, width);

		if (row + rows <= first) {
			row += rows;
			continue;
		}
		wattrset(p->win, t->attr[ln->kind]);
		for (const char *s = ln->text, *next;; s = next) {
			size_t len = row_len(s, width, &next);

			if (row++ >= first)
				mvwaddnstr(p->win, 1 + y++, 1, s, len);
			if (!*next || y >= height)
				break;
		}
	}
	tui_draw_frame(t, id, first, total - first - height > 0 ? total - first - height : 0);
	wnoutrefresh(p->win);
}

static void draw_status(struct tui *t)
{
	static const char keys[] =
		"F2 pane  F5 zoom  F6 graph  PgUp/PgDn scroll  ^L redraw  ^D quit ";
	struct con *con = t->con;
	struct sim *sim = con->sim;
	WINDOW *w = t->status;
	int cols = getmaxx(w);
	u64 now = sim_now(sim);
	char left[256];

	snprintf(left, sizeof(left),
		 " iommu-lab %s   board %s   era %s   time %llu.%06llu   trace %s",
		 CON_VERSION, con->board_name ? con->board_name : "-",
		 sim_era_name(sim->era), (unsigned long long)(now / NSEC_PER_SEC),
		 (unsigned long long)(now % NSEC_PER_SEC / NSEC_PER_USEC),
		 sim_trace_enabled(sim) ? "on" : "off");
	wbkgdset(w, ' ' | t->status_attr);
	werase(w);
	wattrset(w, t->status_attr);
	mvwaddnstr(w, 0, 0, left, cols);
	if ((int)(strlen(left) + sizeof(keys)) < cols)
		mvwaddstr(w, 0, cols - (int)sizeof(keys) + 1, keys);
	wnoutrefresh(w);
}

void tui_draw_panes(struct tui *t)
{
	if (t->status)
		draw_status(t);
	if (!t->pane[TUI_TOPOLOGY].win && !t->pane[TUI_GRAPH].win &&
	    !t->pane[TUI_TRACE].win && !t->pane[TUI_OUTPUT].win) {
		/* too small for panes: say so where the status line is */
		if (t->status) {
			werase(t->status);
			mvwaddnstr(t->status, 0, 0, " iommu-lab: terminal too small",
				   getmaxx(t->status));
			wnoutrefresh(t->status);
		}
		return;
	}
	if (t->pane[TUI_TOPOLOGY].win) {
		tui_topology_build(t, tui_pane_width(t, TUI_TOPOLOGY));
		draw_lines(t, TUI_TOPOLOGY, &t->topology);
	}
	tui_graph_draw(t);
	if (t->pane[TUI_TRACE].win)
		draw_lines(t, TUI_TRACE, &t->trace);
	if (t->pane[TUI_OUTPUT].win)
		draw_lines(t, TUI_OUTPUT, &t->output);
}
