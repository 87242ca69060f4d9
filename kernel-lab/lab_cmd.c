// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: the console commands that make sense on a real
 * kernel, found by their one or two words, with the argument count
 * checked against each row's spec the way the console checks it, and
 * `help`.  The console's other commands (board, reset, tick, ...) act on
 * a simulated machine and are unknown here.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "lab.h"

static int cmd_help(int argc, char **argv);

static const struct lab_cmd lab_misc_cmds[] = {
	{ "help", "[command...]", cmd_help, "list the commands kernel-lab runs" },
	{ }
};

static const struct lab_cmd *const lab_tables[] = {
	lab_misc_cmds,
	lab_group_cmds,
	lab_dev_cmds,
	lab_dma_cmds,
	lab_xfer_cmds,
	lab_m4u_cmds,
	lab_m4u_drv_cmds,
	lab_trace_cmds,
};

static size_t word0_len(const struct lab_cmd *cmd)
{
	return strcspn(cmd->name, " ");
}

static int cmd_words(const struct lab_cmd *cmd)
{
	return cmd->name[word0_len(cmd)] ? 2 : 1;
}

static bool word0_is(const struct lab_cmd *cmd, const char *w0)
{
	size_t len = word0_len(cmd);

	return strlen(w0) == len && !strncmp(cmd->name, w0, len);
}

/* The @i-th command of all the tables, or NULL past the last. */
static const struct lab_cmd *cmd_get(size_t i)
{
	const struct lab_cmd *c;
	size_t t;

	for (t = 0; t < ARRAY_SIZE(lab_tables); t++)
		for (c = lab_tables[t]; c->name; c++)
			if (i-- == 0)
				return c;
	return NULL;
}

static const struct lab_cmd *cmd_lookup(const char *w0, const char *w1)
{
	const struct lab_cmd *c;
	size_t i;

	for (i = 0; (c = cmd_get(i)); i++) {
		if (!word0_is(c, w0))
			continue;
		if (!w1 && cmd_words(c) == 1)
			return c;
		if (w1 && cmd_words(c) == 2 && !strcmp(c->name + word0_len(c) + 1, w1))
			return c;
	}
	return NULL;
}

static bool cmd_is_group(const char *w0)
{
	const struct lab_cmd *c;
	size_t i;

	for (i = 0; (c = cmd_get(i)); i++)
		if (cmd_words(c) == 2 && word0_is(c, w0))
			return true;
	return false;
}

/*
 * Counts the arguments a spec allows: words split at blanks outside
 * brackets, "[...]" optional, a word ending in "..." repeats (@max -1).
 */
static void spec_arity(const char *spec, int *min, int *max)
{
	const char *p = spec ? spec : "";

	*min = 0;
	*max = 0;
	for (;;) {
		const char *start, *end;
		bool optional;
		int depth = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && (depth > 0 || *p != ' ')) {
			if (*p == '[' || *p == '<')
				depth++;
			else if (*p == ']' || *p == '>')
				depth--;
			p++;
		}
		end = p;
		optional = *start == '[';
		if (optional && end[-1] == ']')
			end--;
		if (!optional)
			(*min)++;
		if (end - start >= 3 && !strncmp(end - 3, "...", 3))
			*max = -1;
		else if (*max >= 0)
			(*max)++;
	}
}

static int cmd_help(int argc, char **argv)
{
	const struct lab_cmd *c;
	size_t i;

	for (i = 0; (c = cmd_get(i)); i++) {
		bool want = !argc;
		int a;

		for (a = 0; a < argc && !want; a++)
			want = !strcmp(argv[a], c->name) ||
			       (word0_is(c, argv[a]) && cmd_words(c) == 2);
		if (want)
			lab_printf("%s%s%s\n  %s\n", c->name, *c->args ? " " : "",
				   c->args, c->desc);
	}
	return 0;
}

static int unknown_command(int argc, char **argv)
{
	if (!cmd_is_group(argv[0])) {
		lab_out_set_cmd(NULL);
		return lab_err(0, "unknown command '%s'; 'help' lists what kernel-lab runs",
			       argv[0]);
	}
	lab_out_set_cmd(argv[0]);
	if (argc < 2)
		return lab_err(0, "missing subcommand; 'help %s' lists them", argv[0]);
	return lab_err(0, "unknown subcommand '%s'; 'help %s' lists what kernel-lab runs",
		       argv[1], argv[0]);
}

int lab_dispatch(int argc, char **argv)
{
	const struct lab_cmd *cmd = NULL;
	int min, max, nargs, ret;

	if (argc >= 2)
		cmd = cmd_lookup(argv[0], argv[1]);
	if (!cmd)
		cmd = cmd_lookup(argv[0], NULL);
	if (!cmd) {
		ret = unknown_command(argc, argv);
		lab_out_set_cmd(NULL);
		return ret;
	}
	lab_out_set_cmd(cmd->name);
	nargs = argc - cmd_words(cmd);
	spec_arity(cmd->args, &min, &max);
	if (nargs < min || (max >= 0 && nargs > max))
		ret = lab_err(0, "usage: %s%s%s", cmd->name, *cmd->args ? " " : "", cmd->args);
	else
		ret = cmd->fn(nargs, argv + cmd_words(cmd));
	lab_out_set_cmd(NULL);
	return ret;
}
