/*
 * The full-screen interface: `iommu-lab --tui` or the `tui` command.  It
 * owns the terminal through curses while it runs; the command line is
 * readline's (tui_readline.c), and every line typed goes through
 * con_run_line() as in the plain console, with the console's output and
 * error streams pointed at a memory stream for the command's length so that
 * what it prints lands in the output pane.  The trace pane is fed by a
 * trace listener of its own, beside any others.
 *
 * Leaving by quit, exit, Ctrl-D or a terminal that has gone away, and
 * failing to start, all give the terminal back (endwin()); so do the fatal
 * signals, before the program dies.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

#include <sim/clock.h>
#include <sim/sim.h>

#include "console.h"
#include "tui.h"

/* last: its capability macros ("lines", "columns") would rename sim fields */
#include <term.h>

#define TUI_TOPOLOGY_LINES	4096
#define TUI_TRACE_LINES		2000
#define TUI_OUTPUT_LINES	5000

/* One terminal, so one interface. */
static struct tui tui;

static const int fatal_signals[] = { SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV };
static struct sigaction fatal_old[ARRAY_SIZE(fatal_signals)];

/* Gives the terminal back, then lets the signal do what it did before. */
static void tui_fatal(int sig, siginfo_t *info, void *uctx)
{
	endwin();
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &fatal_old[i], NULL);
	/* a fault comes back when the instruction runs again; a sent signal does not */
	if (info->si_code <= 0 || sig == SIGABRT)
		raise(sig);
}

static void fatal_handlers_set(bool on)
{
	struct sigaction sa = { .sa_sigaction = tui_fatal, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
		if (on)
			sigaction(fatal_signals[i], &sa, &fatal_old[i]);
		else
			sigaction(fatal_signals[i], &fatal_old[i], NULL);
	}
}

static void tui_atexit(void)
{
	if (tui.active)
		endwin();
}

/* Trace */

/* The colour of an event, by its name and its result. */
static enum tui_kind event_kind(const struct sim_trace_event *ev)
{
	static const struct {
		const char *prefix;
		enum tui_kind kind;
	} kinds[] = {
		{ "io_page_fault", TUI_K_EV_BAD },
		{ "m4u_fault", TUI_K_EV_BAD },
		{ "vtd_fault", TUI_K_EV_BAD },
		{ "mtk_iommu_error", TUI_K_EV_BAD },
		{ "probe_fail", TUI_K_EV_BAD },
		{ "iommu_configure_fail", TUI_K_EV_BAD },
		{ "guest_error", TUI_K_EV_BAD },
		{ "pgtable_", TUI_K_EV_BAD },
		{ "WARN", TUI_K_EV_BAD },
		{ "BUG", TUI_K_EV_BAD },
		{ "probe_defer", TUI_K_EV_DEFER },
		{ "probe_timeout", TUI_K_EV_DEFER },
		{ "probe_pending", TUI_K_EV_DEFER },
		{ "deferred_probe_timeout", TUI_K_EV_DEFER },
		{ "attach_deferred", TUI_K_EV_DEFER },
		{ "iommu_missing", TUI_K_EV_DEFER },
		{ "attach_device_to_domain", TUI_K_EV_CORE },
		{ "detach_device_from_domain", TUI_K_EV_CORE },
		{ "domain_", TUI_K_EV_CORE },
		{ "default_domain", TUI_K_EV_CORE },
		{ "group_", TUI_K_EV_CORE },
		{ "add_device_to_group", TUI_K_EV_CORE },
		{ "remove_device_from_group", TUI_K_EV_CORE },
		{ "vfio_", TUI_K_EV_CORE },
		{ "map", TUI_K_EV_MAP },
		{ "unmap", TUI_K_EV_MAP },
		{ "iotlb_", TUI_K_EV_MAP },
		{ "tlb_", TUI_K_EV_MAP },
		{ "m4u_invalidate", TUI_K_EV_MAP },
		{ "vtd_iotlb_inval", TUI_K_EV_MAP },
	};

	if (strstr(ev->args, "ret=-"))
		return TUI_K_EV_BAD;
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strncmp(ev->name, kinds[i].prefix, strlen(kinds[i].prefix)))
			return kinds[i].kind;
	return TUI_K_TEXT;
}

/* As `trace show` prints it. */
static void trace_add(struct tui *t, const struct sim_trace_event *ev)
{
	tui_lines_addf(&t->trace, event_kind(ev), "[%llu.%06llu] %s%s%s",
		       (unsigned long long)(ev->time / NSEC_PER_SEC),
		       (unsigned long long)(ev->time % NSEC_PER_SEC / NSEC_PER_USEC),
		       ev->name, ev->args[0] ? " " : "", ev->args);
}

static void tui_trace_event(struct sim_trace_listener *l, struct sim *sim,
			    const struct sim_trace_event *ev)
{
	struct tui *t = container_of(l, struct tui, trace_listener);

	if (t->active)
		trace_add(t, ev);
}

static void trace_listen(struct tui *t)
{
	struct sim *sim = t->con->sim;
	size_t count = sim_trace_count(sim);

	/* the recorded events so far, as many as the pane keeps */
	for (size_t i = count > t->trace.cap ? count - t->trace.cap : 0; i < count; i++)
		trace_add(t, sim_trace_get(sim, i));
	t->trace_listener.event = tui_trace_event;
	sim_trace_listener_register(sim, &t->trace_listener);
}

static void trace_unlisten(struct tui *t)
{
	sim_trace_listener_unregister(&t->trace_listener);
}

/* Commands */

static void output_add(struct tui *t, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);

		if (line) {
			tui_lines_add(&t->output, strncmp(line, "error: ", 7) ?
				      TUI_K_TEXT : TUI_K_ERROR, line);
			free(line);
		}
		p += len + (nl != NULL);
	}
}

/*
 * Calls @fn(@t, @arg) with the console's output and errors caught in memory,
 * then shows them in the output pane in the order they were printed.
 */
static void tui_capture(struct tui *t, void (*fn)(struct tui *t, const char *arg),
			const char *arg)
{
	struct con *con = t->con;
	FILE *out = con->out, *err = con->err, *mem;
	char *buf = NULL;
	size_t len = 0;

	mem = open_memstream(&buf, &len);
	if (!mem) {
		tui_lines_add(&t->output, TUI_K_ERROR,
			      "error: tui: cannot catch the output (out of memory)");
		return;
	}
	con->out = con->err = mem;
	fn(t, arg);
	con->out = out;
	con->err = err;
	if (fclose(mem) == 0 && buf)
		output_add(t, buf);
	free(buf);
	t->pane[TUI_OUTPUT].scroll = 0;
	t->pane[TUI_TRACE].scroll = 0;
}

static void run_line(struct tui *t, const char *line)
{
	con_run_line(t->con, line);
}

static void greet(struct tui *t, const char *unused)
{
	if (t->con->board_name)
		con_board_summary(t->con);
}

static void tui_on_line(char *line)
{
	struct tui *t = &tui;

	if (!line || t->done) {
		free(line);
		t->done = true;
		rl_callback_handler_remove();
		return;
	}
	con_history_add(line);
	if (line[strspn(line, " \t")]) {
		tui_lines_addf(&t->output, TUI_K_ECHO, "%s%s", CON_PROMPT, line);
		tui_capture(t, run_line, line);
	}
	free(line);
	if (t->con->stop) {
		t->done = true;
		rl_callback_handler_remove();
		return;
	}
	tui_redraw(t);
}

void tui_redraw(struct tui *t)
{
	tui_draw_panes(t);
	tui_rl_redisplay();
}

/* Life cycle */

/*
 * True when terminfo knows the terminal and it can move the cursor.  Asked
 * before newterm(), which leaks its screen when it fails (ncurses 6.4).
 */
static bool terminal_usable(void)
{
	TERMINAL *old = cur_term, *probe;
	char *cup;
	bool ok;
	int err;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	cup = tigetstr("cup");
	ok = cup && cup != (char *)-1;
	probe = cur_term;
	set_curterm(old);
	del_curterm(probe);
	return ok;
}

static int tui_init(struct tui *t, struct con *con)
{
	static const char *const titles[TUI_NPANES] = {
		[TUI_TOPOLOGY] = "topology",
		[TUI_GRAPH] = "graph",
		[TUI_TRACE] = "trace",
		[TUI_OUTPUT] = "output",
	};

	t->con = con;
	t->done = false;
	t->status = t->cmdline = NULL;
	t->focus = TUI_OUTPUT;
	for (int i = 0; i < TUI_NPANES; i++) {
		t->pane[i].win = NULL;
		t->pane[i].title = titles[i];
		t->pane[i].bottom = i == TUI_TRACE || i == TUI_OUTPUT;
		t->pane[i].scroll = 0;
	}
	if (tui_lines_init(&t->topology, TUI_TOPOLOGY_LINES) ||
	    tui_lines_init(&t->trace, TUI_TRACE_LINES) ||
	    tui_lines_init(&t->output, TUI_OUTPUT_LINES) ||
	    tui_graph_init(t))
		return -ENOMEM;
	return 0;
}

static void tui_release(struct tui *t)
{
	tui_lines_free(&t->topology);
	tui_lines_free(&t->trace);
	tui_lines_free(&t->output);
	tui_graph_release(t);
}

int con_tui(struct con *con)
{
	static bool atexit_done;
	struct tui *t = &tui;
	const char *cmd = con->cmd, *failed = NULL;
	bool stop_on_error = con->stop_on_error;
	TERMINAL *old_term;
	SCREEN *screen;
	char *locale;
	int ret = -1;

	if (t->active)
		return con_err(con, 0, "already running");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return con_err(con, 0, "needs a terminal");
	if (tui_init(t, con)) {
		tui_release(t);
		return con_err(con, 0, "out of memory");
	}
	if (!atexit_done)
		atexit_done = !atexit(tui_atexit);

	/* curses and readline both need the terminal's character set */
	locale = strdup(setlocale(LC_CTYPE, NULL));
	setlocale(LC_CTYPE, "");
	con_readline_begin(con);
	tui_rl_start(t, tui_on_line);

	old_term = cur_term;
	fflush(stdout);
	screen = terminal_usable() ? newterm(NULL, stdout, stdin) : NULL;
	if (!screen) {
		failed = "cannot drive this terminal (check TERM)";
		goto out_readline;
	}
	t->active = true;
	fatal_handlers_set(true);
	raw();
	noecho();
	nonl();
	set_escdelay(25);
	tui_colours_init(t);
	if (tui_layout(t)) {
		failed = "out of memory";
		goto out_screen;
	}

	trace_listen(t);
	con->stop_on_error = false;
	tui_lines_addf(&t->output, TUI_K_NOTE,
		       "iommu-lab %s; type 'help' for the commands, 'quit' or Ctrl-D to leave",
		       CON_VERSION);
	tui_capture(t, greet, NULL);
	tui_redraw(t);
	while (!t->done)
		tui_rl_read(t);
	ret = 0;
	trace_unlisten(t);

out_screen:
	tui_windows_free(t);
	endwin();
	t->active = false;
	fatal_handlers_set(false);
	delscreen(screen);
	/* readline's terminal, which newterm() replaced as the current one */
	set_curterm(old_term);
out_readline:
	tui_rl_stop(t);
	con_readline_end();
	if (locale)
		setlocale(LC_CTYPE, locale);
	free(locale);
	tui_release(t);
	con->stop = false;
	con->stop_on_error = stop_on_error;
	con->cmd = cmd;
	if (failed)
		ret = con_err(con, 0, "%s", failed);
	return ret;
}
