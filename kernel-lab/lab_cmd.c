// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: the console commands that make sense on a real
 * kernel, found by their one or two words and with the argument count
 * checked against each row's spec by the console's grammar, `help`, and
 * running a written line.  The console's other commands (board, reset,
 * tick, ...) act on a simulated machine and are unknown here.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
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

/* The grammar's view of the rows. */
static const char *lab_row(size_t i, const char **spec)
{
	const struct lab_cmd *c = cmd_get(i);

	if (!c)
		return NULL;
	*spec = c->args;
	return c->name;
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
			       (gram_name_words(c->name) == 2 &&
				gram_word0_len(c->name) == strlen(argv[a]) &&
				!strncmp(c->name, argv[a], strlen(argv[a])));
		if (want)
			lab_printf("%s%s%s\n  %s\n", c->name, *c->args ? " " : "",
				   c->args, c->desc);
	}
	return 0;
}

static int lab_dispatch(int argc, char **argv)
{
	const struct lab_cmd *cmd;
	struct gram_err e;
	const char *ctx;
	int words, ret;
	size_t i;

	words = gram_lookup(lab_row, argc, argv, &i, &ctx, &e);
	if (words < 0) {
		lab_out_set_cmd(ctx);
		ret = lab_gram_err(&e);
		lab_out_set_cmd(NULL);
		return ret;
	}
	cmd = cmd_get(i);
	lab_out_set_cmd(cmd->name);
	if (gram_check_count(cmd->name, cmd->args, argc - words, &e))
		ret = lab_gram_err(&e);
	else
		ret = cmd->fn(argc - words, argv + words);
	lab_out_set_cmd(NULL);
	return ret;
}

int lab_run_line(const char *line)
{
	size_t len = strlen(line);
	struct gram_err e;
	char **argv, **cmd;
	int argc, ret, first = 0;
	char *buf;

	buf = kmalloc(len + 1, GFP_KERNEL);
	argv = kvmalloc_array(len + 2, sizeof(*argv), GFP_KERNEL);
	if (!buf || !argv) {
		ret = lab_err(-ENOMEM, "no memory for the line");
		goto out_free;
	}
	ret = gram_split(line, buf, argv, &e);
	if (ret) {
		lab_out_set_cmd(NULL);
		ret = lab_gram_err(&e);
		goto out_free;
	}
	for (cmd = argv; *cmd; cmd += argc + 1) {
		argc = gram_argc(cmd);
		ret = lab_dispatch(argc, cmd);
		if (ret && !first)
			first = ret;
	}
	ret = first;
out_free:
	kvfree(argv);
	kfree(buf);
	return ret;
}
