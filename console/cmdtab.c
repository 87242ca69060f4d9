/*
 * The command table and everything derived from it: finding a command's
 * row, argument-count checks from the row's spec, and help, all by the
 * console's grammar (grammar/grammar.h), which kernel-lab's module reads
 * its own table with too.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

const char con_complete_files[] = "<files>";

static const struct con_cmd *const con_tables[] = {
	con_misc_cmds,
	con_board_cmds,
	con_dev_cmds,
	con_drv_cmds,
	con_iommu_cmds,
	con_pgtable_cmds,
	con_iova_cmds,
	con_dma_map_cmds,
	con_dma_cmds,
	con_vfio_cmds,
	con_hw_cmds,
	con_trace_cmds,
	con_trace_diff_cmds,
	con_inject_cmds,
	con_graph_cmds,
};

size_t con_cmd_count(void)
{
	size_t n = 0;

	for (size_t t = 0; t < ARRAY_SIZE(con_tables); t++)
		for (const struct con_cmd *c = con_tables[t]; c->name; c++)
			n++;
	return n;
}

const struct con_cmd *con_cmd_get(size_t i)
{
	for (size_t t = 0; t < ARRAY_SIZE(con_tables); t++)
		for (const struct con_cmd *c = con_tables[t]; c->name; c++)
			if (i-- == 0)
				return c;
	return NULL;
}

/* The grammar's view of the rows. */
static const char *con_row(size_t i, const char **spec)
{
	const struct con_cmd *cmd = con_cmd_get(i);

	if (!cmd)
		return NULL;
	*spec = cmd->args;
	return cmd->name;
}

size_t con_cmd_word0_len(const struct con_cmd *cmd)
{
	return gram_word0_len(cmd->name);
}

int con_cmd_words(const struct con_cmd *cmd)
{
	return gram_name_words(cmd->name);
}

const struct con_cmd *con_cmd_lookup(const char *w0, const char *w1)
{
	long i = gram_find(con_row, w0, w1);

	return i < 0 ? NULL : con_cmd_get(i);
}

bool con_cmd_is_group(const char *w0)
{
	return gram_is_group(con_row, w0);
}

static void print_usage(FILE *f, const struct con_cmd *cmd)
{
	fputs(cmd->name, f);
	if (cmd->args && *cmd->args)
		fprintf(f, " %s", cmd->args);
}

static size_t usage_len(const struct con_cmd *cmd)
{
	size_t n = strlen(cmd->name);

	if (cmd->args && *cmd->args)
		n += 1 + strlen(cmd->args);
	return n;
}

/* Help columns: usage, then the description from this column on. */
#define HELP_MAX_COLUMN 36

static bool help_matches(const struct con_cmd *cmd, const char *topic)
{
	size_t len;

	if (!topic)
		return true;
	len = strlen(topic);
	return !strncmp(cmd->name, topic, len) &&
	       (cmd->name[len] == '\0' || cmd->name[len] == ' ');
}

int con_help(struct con *con, int argc, char **argv)
{
	const struct con_cmd *cmd;
	const char *topic = NULL;
	char words[256] = "";
	size_t width = 0, used = 0;
	bool found = false;

	for (int i = 0; i < argc; i++) {
		int n = snprintf(words + used, sizeof(words) - used, "%s%s",
				 i ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(words) - used)
			return con_err(con, 0, "unknown command '%s'", argv[0]);
		used += n;
		topic = words;
	}
	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		size_t len = usage_len(cmd);

		if (!help_matches(cmd, topic))
			continue;
		found = true;
		if (len <= HELP_MAX_COLUMN && len > width)
			width = len;
	}
	if (!found) {
		const char *help = con->cmd, *ctx;
		struct gram_err e;
		size_t i;
		int ret;

		if (gram_lookup(con_row, argc, argv, &i, &ctx, &e) >= 0)
			return con_err(con, 0, "unknown command '%s'", topic);
		/* The line names the group it is about ("dev"), else help. */
		if (ctx)
			con->cmd = ctx;
		ret = con_gram_err(con, &e);
		con->cmd = help;
		return ret;
	}

	for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
		size_t len = usage_len(cmd);

		if (!help_matches(cmd, topic))
			continue;
		print_usage(con->out, cmd);
		if (len > width)
			fprintf(con->out, "\n%*s", (int)width, "");
		else
			fprintf(con->out, "%*s", (int)(width - len), "");
		fprintf(con->out, "  %s\n", cmd->desc);
		/* One command asked for: its example too. */
		if (topic && !strcmp(topic, cmd->name) && con_cmd_example(cmd))
			fprintf(con->out, "%*s  example: %s\n", (int)width, "",
				con_cmd_example(cmd));
	}
	return 0;
}

int con_dispatch(struct con *con, int argc, char **argv)
{
	const struct con_cmd *cmd;
	struct gram_err e;
	const char *ctx;
	int words, ret;
	size_t i;

	if (argc < 1)
		return 0;
	words = gram_lookup(con_row, argc, argv, &i, &ctx, &e);
	if (words < 0) {
		con->cmd = ctx;
		ret = con_gram_err(con, &e);
		con->cmd = NULL;
		return ret;
	}
	cmd = con_cmd_get(i);
	con->cmd = cmd->name;
	if (gram_check_count(cmd->name, cmd->args, argc - words, &e)) {
		ret = con_gram_err(con, &e);
	} else {
		ret = cmd->fn(con, argc - words, argv + words);
		/* Work queued by the command runs once it has returned. */
		sim_run_due(con->sim);
	}
	fflush(con->out);
	con->cmd = NULL;
	return ret;
}

/* Completion */

const char *con_gen_commands(struct con *con, int argi, const char *text, size_t idx)
{
	const struct con_cmd *cmd;

	if (argi > 0)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		for (size_t i = 0; (cmd = con_cmd_get(i)); i++) {
			size_t len = con_cmd_word0_len(cmd);
			size_t j;

			for (j = 0; j < con->nscratch; j++)
				if (strlen(con->scratch[j]) == len &&
				    !strncmp(con->scratch[j], cmd->name, len))
					break;
			if (j == con->nscratch)
				con_scratch_add(con, "%.*s", (int)len, cmd->name);
		}
	}
	return con_scratch_get(con, idx);
}
