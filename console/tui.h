/*
 * The full-screen interface's pieces, shared by its files: tui.c runs it
 * (terminal, event loop, commands), tui_readline.c puts readline's command
 * line into a curses window, tui_panes.c lays out and draws the panes,
 * tui_topology.c describes the machine for the topology pane and
 * tui_graph.c draws the graph pane from Graphviz's layout.
 *
 *   +- status ------------------------------------------------------+
 *   | topology          | graph (graph.c's picture, laid out by dot)  |
 *   | iommu (driver)    |   [larb0]--[ovl0]--\                        |
 *   |  group 0 ...      |   [larb1]--[vdec]--->[group 0]-->(dom0)     |
 *   |   dev dev dev     |                                             |
 *   +-------------------+---------------------------------------------+
 *   | trace (newest at  | output (each command's, newest at the       |
 *   | the bottom)       | bottom)                                     |
 *   +-------------------+---------------------------------------------+
 *   iommu-lab> command line
 *
 * On a terminal smaller than 80x24 there is no graph pane: topology on the
 * left, trace above output on the right.
 */
#ifndef CON_TUI_H
#define CON_TUI_H

/* How often the key loop looks at the terminal's size, in ms. */
#define TUI_SIZE_POLL_MS	250

#include <stdbool.h>
#include <stddef.h>

#include <curses.h>

#include <sim/trace.h>
#include <sim/types.h>

struct con;

/* What a line is, for its colour. */
enum tui_kind {
	TUI_K_TEXT,
	TUI_K_ERROR,		/* "error: ..." */
	TUI_K_ECHO,		/* a command as typed */
	TUI_K_NOTE,		/* the interface's own lines, completion lists */
	TUI_K_IOMMU,		/* topology: an IOMMU instance */
	TUI_K_DEV,		/* topology: a group's devices */
	TUI_K_DOM_DMA,		/* topology: a group in a DMA or DMA-FQ domain */
	TUI_K_DOM_IDENTITY,
	TUI_K_DOM_UNMANAGED,
	TUI_K_DOM_BLOCKED,
	TUI_K_EV_CORE,		/* trace: groups, domains, attach, detach */
	TUI_K_EV_MAP,		/* trace: map, unmap, TLB */
	TUI_K_EV_DEFER,		/* trace: probe deferral */
	TUI_K_EV_BAD,		/* trace: faults, WARN, BUG, errors */
	TUI_K_COUNT
};

struct tui_line {
	char *text;		/* printable ASCII, tabs expanded */
	enum tui_kind kind;
};

/* A pane's lines, oldest dropped first once @cap are held. */
struct tui_lines {
	struct tui_line *v;
	size_t cap, first, n;
};

/* In the order F2 moves the focus. */
enum tui_pane_id {
	TUI_TOPOLOGY,
	TUI_GRAPH,
	TUI_TRACE,
	TUI_OUTPUT,
	TUI_NPANES
};

struct tui_pane {
	WINDOW *win;		/* the pane with its border; NULL when too small */
	const char *title;
	bool bottom;		/* newest at the bottom; else read from the top */
	int scroll;		/* rows moved away from the newest (or the top) */
};

struct tui_graph;

struct tui {
	struct con *con;
	bool active;
	bool done;		/* quit, Ctrl-D, or the terminal gone */
	bool colour;
	attr_t attr[TUI_K_COUNT];
	attr_t border_attr, title_attr, status_attr;
	/* graph pane: a node filled with curses colour N, lines, cluster boxes */
	attr_t fill_attr[8];
	attr_t line_attr, faint_attr, cluster_attr;

	WINDOW *status, *cmdline;
	struct tui_pane pane[TUI_NPANES];
	enum tui_pane_id focus;	/* the pane PgUp/PgDn scroll */
	bool zoomed;		/* F5: the focused pane alone fills the body */
	bool graph_hidden;	/* F6: laid out as if too small for the graph */
	struct tui_lines topology, trace, output;
	struct tui_graph *graph;	/* the graph pane's layout, or NULL */

	/* Feeds the trace pane; registered while the interface runs. */
	struct sim_trace_listener trace_listener;
};

/* tui_panes.c */

int tui_lines_init(struct tui_lines *l, size_t cap);
void tui_lines_free(struct tui_lines *l);
void tui_lines_clear(struct tui_lines *l);
/* Adds each line of @text (split at newlines) as a line of @kind. */
void tui_lines_add(struct tui_lines *l, enum tui_kind kind, const char *text);
void tui_lines_addf(struct tui_lines *l, enum tui_kind kind, const char *fmt, ...)
	__printf(3, 4);

/* Sets the colours, or the attributes of a terminal without them. */
void tui_colours_init(struct tui *t);
/* Makes the windows for the terminal's size; 0, or -ENOMEM. */
int tui_layout(struct tui *t);
void tui_windows_free(struct tui *t);
/* Draws the status line and the panes, ready for doupdate(). */
void tui_draw_panes(struct tui *t);
/* Moves the focused pane's view by @rows: negative up (older, higher lines), positive down. */
void tui_scroll(struct tui *t, int rows);
/* Focuses the next pane on the screen (zoomed: zooms the next pane instead). */
void tui_focus_next(struct tui *t);
/* F5: the focused pane fills the body, or back to all the panes. */
int tui_zoom_toggle(struct tui *t);
/* F6: hides the graph pane, or shows it again where the terminal has room. */
int tui_graph_toggle(struct tui *t);
/*
 * Draws pane @id's border and title, and on the border how many rows are
 * hidden @above and @below.
 */
void tui_draw_frame(struct tui *t, enum tui_pane_id id, long above, long below);
/* The text width inside a pane's border (at least 1). */
int tui_pane_width(const struct tui *t, enum tui_pane_id id);
int tui_pane_height(const struct tui *t, enum tui_pane_id id);

/* tui_topology.c: rebuilds @t->topology from the machine, wrapped at @width. */
void tui_topology_build(struct tui *t, int width);

/*
 * tui_graph.c: the graph pane.  tui_graph_draw() lays the machine's graph
 * out again when its DOT text has changed since the last layout, scales
 * it to the pane when either has changed, and draws the part in view.
 */
int tui_graph_init(struct tui *t);
void tui_graph_release(struct tui *t);
void tui_graph_draw(struct tui *t);
/* Moves the graph's view by @cols and @rows (negative: left, up), no further than its edges. */
void tui_graph_pan(struct tui *t, int cols, int rows);
/* Back to the view it starts with: the middle of the picture. */
void tui_graph_home(struct tui *t);

/* tui_readline.c */

/* Takes over readline's input and display; @on_line gets each line (NULL at EOF). */
void tui_rl_start(struct tui *t, void (*on_line)(char *line));
/* Waits for the next key and gives it to readline, or handles it. */
void tui_rl_read(struct tui *t);
/* Gives readline back the way it was. */
void tui_rl_stop(struct tui *t);
/* Draws the command line (readline's redisplay). */
void tui_rl_redisplay(void);

/* tui.c: everything drawn again, and the screen updated. */
void tui_redraw(struct tui *t);

#endif
