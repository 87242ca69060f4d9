/*
 * The command table.  Every command is one row: its name (one word, or a
 * word and a subcommand), an argument spec, a handler, a one-line
 * description and a completion generator.  Help, argument-count errors,
 * suggestions and tab completion are all derived from the rows.
 *
 * Argument specs follow BlueZ's shell: "<dev>" is required, "[n]" is
 * optional, a spec word ending in "..." takes any number, and literal
 * words such as "compatible=<str>" count as required arguments; the
 * grammar (grammar/grammar.h) reads them, for kernel-lab's table too.
 */
#ifndef CON_CMDTAB_H
#define CON_CMDTAB_H

#include <stdbool.h>
#include <stddef.h>

struct con;

/*
 * Runs a command with its arguments (the command's own words left out),
 * after the argument count has been checked against the spec.  Returns 0,
 * or -1 once it has printed its one error line with con_err().
 */
typedef int (*con_cmd_fn)(struct con *con, int argc, char **argv);

/*
 * Returns completion candidate @idx for argument @argi (0 is the first
 * argument) given what has been typed so far, @text; NULL after the last.
 * Returning CON_COMPLETE_FILES asks for file name completion instead.
 * Candidates must stay valid until the next call with @idx 0.
 */
typedef const char *(*con_gen_fn)(struct con *con, int argi, const char *text,
				  size_t idx);

struct con_cmd {
	const char *name;		/* "dev show" */
	const char *args;		/* "<dev>" */
	con_cmd_fn fn;
	const char *desc;		/* one line, lower case */
	con_gen_fn gen;			/* NULL: nothing to complete */
};

extern const char con_complete_files[];
#define CON_COMPLETE_FILES con_complete_files

/* The tables, one per command file, each ended by a row with a NULL name. */
extern const struct con_cmd con_misc_cmds[];
extern const struct con_cmd con_board_cmds[];
extern const struct con_cmd con_dev_cmds[];
extern const struct con_cmd con_drv_cmds[];
extern const struct con_cmd con_iommu_cmds[];
extern const struct con_cmd con_vfio_cmds[];
extern const struct con_cmd con_pgtable_cmds[];
extern const struct con_cmd con_iova_cmds[];
extern const struct con_cmd con_trace_diff_cmds[];
extern const struct con_cmd con_dma_cmds[];
extern const struct con_cmd con_dma_map_cmds[];
extern const struct con_cmd con_hw_cmds[];
extern const struct con_cmd con_trace_cmds[];
extern const struct con_cmd con_inject_cmds[];
extern const struct con_cmd con_graph_cmds[];

/* Every row, in help order. */
size_t con_cmd_count(void);
const struct con_cmd *con_cmd_get(size_t i);

/* The row named "@w0 @w1", or "@w0" when @w1 is NULL; NULL if none. */
const struct con_cmd *con_cmd_lookup(const char *w0, const char *w1);
/* True when some row is a subcommand of @w0 ("dev" for "dev show"). */
bool con_cmd_is_group(const char *w0);
/* Number of words in a row's name: 1 or 2. */
int con_cmd_words(const struct con_cmd *cmd);
/* Length of the first word of a row's name. */
size_t con_cmd_word0_len(const struct con_cmd *cmd);

/*
 * Finds the row for @argv, checks the argument count and runs it.  Returns
 * the handler's result; -1 after an error line for an unknown command or a
 * wrong argument count.
 */
int con_dispatch(struct con *con, int argc, char **argv);

/* Completes command names: the first words of the rows, each once. */
const char *con_gen_commands(struct con *con, int argi, const char *text, size_t idx);

/* cmd_examples.c: the worked example of @cmd, or NULL. */
const char *con_cmd_example(const struct con_cmd *cmd);

/*
 * Prints the rows whose name is the words @argv or starts with them (all
 * rows when @argc is 0).  Words that name no row get the error running
 * them would, with its suggestion (gram_lookup()), on a line naming help
 * or the group it is about; words past a row's name, "unknown command
 * 'tick 5'".
 */
int con_help(struct con *con, int argc, char **argv);

#endif
