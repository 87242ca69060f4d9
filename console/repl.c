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
#define CON_PROMPT		"iommu-lab> "

static volatile sig_atomic_t in_readline;

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

void con_repl(struct con *con)
{
	struct sigaction sa = { .sa_handler = on_sigint, .sa_flags = SA_RESTART };
	struct sigaction old;
	char *hist = history_path();

	rl_readline_name = "iommu-lab";
	using_history();
	stifle_history(CON_HISTORY_MAX);
	if (hist)
		read_history(hist);
	con_complete_init(con);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);

	fprintf(con->out, "iommu-lab %s; type 'help' for the commands\n", CON_VERSION);
	if (con->board_name)
		con_board_summary(con);
	fflush(con->out);

	while (!con->stop) {
		HIST_ENTRY *last;
		char *line;

		in_readline = 1;
		line = readline(CON_PROMPT);
		in_readline = 0;
		if (!line) {
			fputc('\n', con->out);
			break;
		}
		last = history_length ? history_get(history_base + history_length - 1) : NULL;
		if (line[strspn(line, " \t")] && (!last || strcmp(last->line, line)))
			add_history(line);
		con_run_line(con, line);
		free(line);
		fflush(con->out);
	}

	sigaction(SIGINT, &old, NULL);
	if (hist)
		write_history(hist);
	free(hist);
	rl_clear_history();
	con_complete_release();
}
