/*
 * The interactive console: a readline loop with line editing, a history
 * kept in ~/.iommu_lab_history and tab completion.  Each line goes through
 * con_run_line(), exactly as a script's lines do.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "console.h"

#define CON_HISTORY_FILE	".iommu_lab_history"
#define CON_HISTORY_MAX		1000

static volatile sig_atomic_t in_readline;

/* The readline users (the console, the full-screen interface) running now. */
static unsigned int rl_users;
static char *hist_path;

/* Ctrl-C at the prompt drops the line typed so far instead of leaving. */
static void on_sigint(int sig)
{
	if (!in_readline)
		return;
	rl_crlf();
	rl_on_new_line();
	rl_replace_line("", 0);
	rl_redisplay();
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	char *path;

	if (!home || !*home)
		return NULL;
	if (asprintf(&path, "%s/%s", home, CON_HISTORY_FILE) < 0)
		return NULL;
	return path;
}

void con_readline_begin(struct con *con)
{
	if (rl_users++)
		return;
	rl_readline_name = "iommu-lab";
	/*
	 * No LINES and COLUMNS in the environment from readline: curses would
	 * take them over the terminal's own size, and stop following resizes.
	 */
	rl_change_environment = 0;
	using_history();
	stifle_history(CON_HISTORY_MAX);
	hist_path = history_path();
	if (hist_path)
		read_history(hist_path);
	con_complete_init(con);
}

void con_readline_end(void)
{
	if (!rl_users || --rl_users)
		return;
	if (hist_path)
		write_history(hist_path);
	free(hist_path);
	hist_path = NULL;
	rl_clear_history();
	con_complete_release();
}

void con_history_add(const char *line)
{
	HIST_ENTRY *last = history_length ?
		history_get(history_base + history_length - 1) : NULL;

	if (line[strspn(line, " \t")] && (!last || strcmp(last->line, line)))
		add_history(line);
}

/* The console whose browsers readline's event hook answers while it waits for keys. */
static struct con *serving_con;

static int repl_serve(void)
{
	if (serving_con)
		con_graph_serve_wait(serving_con, -1, 0);
	return 0;
}

void con_repl(struct con *con)
{
	struct sigaction sa = { .sa_handler = on_sigint, .sa_flags = SA_RESTART };
	struct sigaction old;

	con_readline_begin(con);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);

	fprintf(con->out, "iommu-lab %s; type 'help' for the commands\n", CON_VERSION);
	if (con->board_name)
		con_board_summary(con);
	fflush(con->out);

	while (!con->stop) {
		char *line;

		serving_con = con_graph_serving(con) ? con : NULL;
		rl_event_hook = serving_con ? repl_serve : NULL;
		in_readline = 1;
		line = readline(CON_PROMPT);
		in_readline = 0;
		if (!line) {
			fputc('\n', con->out);
			break;
		}
		con_history_add(line);
		con_run_line(con, line);
		free(line);
		fflush(con->out);
	}

	rl_event_hook = NULL;
	serving_con = NULL;
	sigaction(SIGINT, &old, NULL);
	con_readline_end();
}
