/*
 * The console's state and the helpers every command uses: one simulated
 * machine, the board blob it booted, how failures are handled, where
 * output goes, and the single error line a failing command prints.
 */
#ifndef CON_CONSOLE_H
#define CON_CONSOLE_H

#include <stdio.h>
#include <grammar/grammar.h>
#include <sim/era.h>
#include <sim/types.h>

struct sim;
struct sim_check;
struct con_dma_map;
struct con_graph;

#define CON_VERSION		"0.1"
#define CON_DEFAULT_BOARD	"mt8173-evb"
#define CON_MAX_SOURCE_DEPTH	16
#define CON_PROMPT		"iommu-lab> "

struct con {
	struct sim *sim;

	/* The board in the machine, kept whole so that reset can boot it again. */
	char *board_name;		/* "mt8173-evb", or a file's base name */
	char *board_path;		/* the .dtb or .dts it came from */
	void *blob;
	size_t blob_size;
	unsigned int board_flags;	/* BOARD_NO_DRIVERS */
	enum sim_era board_era;		/* the era the board booted under */

	FILE *out;			/* command output */
	FILE *err;			/* error lines */
	FILE *log;			/* kernel log lines; NULL: with the output */

	bool interactive;		/* reading from a terminal with readline */
	bool stop_on_error;		/* -e: a failure ends the run */
	bool stop;			/* no more commands: quit, or -e after a failure */
	unsigned int failures;		/* failed commands so far */
	unsigned int depth;		/* nesting of source */
	const char *cmd;		/* the running command's name, for error lines */

	struct sim_check *check;	/* the invariant checker */
	bool check_off;			/* `set check off` */
	bool echo;			/* -x, `set echo on`: batch and sourced commands echoed */
	bool checking;			/* the checker is running: its log lines are output too */

	struct con_dma_map *dma_maps;	/* named DMA API mappings, newest first */
	struct con_graph *graph;	/* graph live state and graphviz, or NULL */

	/* The word before the one being completed, while a generator runs. */
	const char *comp_prev;
	/* Strings built for tab completion, freed at the next completion. */
	char **scratch;
	size_t nscratch, scratch_cap;
};

/* con.c */

/* Makes a console with a fresh machine and no board.  Returns 0 or -ENOMEM. */
int con_init(struct con *con);
/* Frees the machine, the kept board and everything else the console owns. */
void con_release(struct con *con);

/*
 * Prints the one error line of a failing command to con->err:
 * "error: CMD: MESSAGE" and, when @err is non-zero (a simulated kernel's
 * result), " (-ENAME)".  Without a running command the "CMD: " part is
 * left out.  A control character or a byte outside valid UTF-8 in the
 * message (what the user typed, quoted back) is shown as \xNN, so the
 * line stays one line.  Returns -1, so that handlers can `return con_err(...)`.
 */
int con_err(struct con *con, int err, const char *fmt, ...) __printf(3, 4);
/* con_err() of what the grammar refused: its message and errno.  Returns -1. */
int con_gram_err(struct con *con, const struct gram_err *e);
/*
 * Checks @name, given to a new or named @what ("device", "domain",
 * "container", "mapping"), against the one grammar of sim/name.h
 * (gram_check_name()).  Returns 0, or -1 after the error line
 * "bad WHAT name 'NAME': RULE".
 */
int con_check_name(struct con *con, const char *what, const char *name);

/* A host errno (not a simulated one) as lower-case text for an error line. */
const char *con_strerror(int err);

/* Forgets the completion strings. */
void con_scratch_reset(struct con *con);
/* Adds a formatted completion string; returns it, or NULL if out of memory. */
const char *con_scratch_add(struct con *con, const char *fmt, ...) __printf(2, 3);
/* Returns completion string @idx, or NULL past the end. */
const char *con_scratch_get(const struct con *con, size_t idx);

/* run.c: the one path every command takes, typed, scripted or sourced. */

/*
 * Runs every command on @line (commands separated by ';', '#' starting a
 * comment).  Each failure is counted and, with stop_on_error, stops the run.
 */
void con_run_line(struct con *con, const char *line);
/*
 * Runs @f line by line until its end or a stop.  A line holding a NUL byte
 * is not run: it fails with one error line naming the byte's column.
 * Returns 0, or -EIO.
 */
int con_run_stream(struct con *con, FILE *f);
/*
 * Turns the checks after every command on or off.  Turning them on, like
 * a new machine, reports again whatever is still wrong.
 */
void con_check_set(struct con *con, bool on);
/*
 * Checks the machine's invariants now, as after every command, unless
 * `set check off`: what is newly wrong goes to the kernel log as WARNING
 * lines.  For a machine booted outside a command (trace diff's runs).
 */
void con_check(struct con *con);

/* sandbox.c */

/*
 * Denies this process new processes, threads and programs, signals to
 * other processes, and changes to files (--grade-fd; the list is in
 * sandbox.c).  A denied call fails with EPERM.  Returns 0 or -errno.
 */
int con_sandbox(void);

/* repl.c */

/* Reads commands from the terminal with readline until quit or end of input. */
void con_repl(struct con *con);
/*
 * Readline's history (loaded from ~/.iommu_lab_history, saved back) and
 * completion, for the console and the full-screen interface alike: the
 * first begin sets them up, the last end saves and frees them.
 */
void con_readline_begin(struct con *con);
void con_readline_end(void);
/* Adds a typed line to the history, unless it is blank or repeats the last one. */
void con_history_add(const char *line);

/* tui.c */

/*
 * Runs the full-screen interface on the terminal until quit, exit or
 * Ctrl-D, then gives the terminal back as it was.  Commands typed there run
 * through con_run_line() with their output shown in a pane; con->stop is
 * cleared again on the way out, so a console that started it carries on.
 * Returns 0, or -1 after an error line (no terminal, already running, a
 * terminal type curses does not know).
 */
int con_tui(struct con *con);

/* complete.c */

/* Makes readline complete through the command table. */
void con_complete_init(struct con *con);
void con_complete_release(void);
/*
 * Prints what Tab would offer at the end of @line, one per line, or
 * "<files>" where file names are completed (the `complete` command).
 */
int con_complete_list(struct con *con, const char *line);

/* boardfile.c: where boards live and how a blob is obtained. */

/* Returns the board names found (sorted, no duplicates), NULL-ended; NULL if out of memory. */
char **con_board_names(void);
void con_strv_free(char **v);
/*
 * Reads the board @arg: a board NAME, a FILE.dtb, or a FILE.dts compiled
 * by scripts/dtc-board, as the build compiles the boards.  On success stores a malloc'd blob, its size, the board's name
 * and the path read, and returns 0.  Otherwise returns -1 with a one-line
 * reason in @err.
 */
int con_board_read(const char *arg, void **blob, size_t *size, char **name,
		   char **path, char *err, size_t errlen);

/* cmd_iommu.c */

struct iommu_group;
struct iommu_domain;
/* "3" or "group:3": the group, or NULL after an error line. */
struct iommu_group *con_find_group(struct con *con, const char *arg);
/* The ID in a group argument (N or group:N), or -1 after an error line. */
int con_parse_group_id(struct con *con, const char *arg, u64 *id);
/* The domain named @name, or NULL after an error line. */
struct iommu_domain *con_find_domain(struct con *con, const char *name);
/* An address or size (K, M, G allowed) called @what.  Returns 0, or -1 after an error line. */
int con_parse_addr(struct con *con, const char *what, const char *s, u64 *out);
/* Completes argument 0 with domain names. */
const char *con_gen_domain(struct con *con, int argi, const char *text, size_t idx);

/* cmd_dev.c */

struct device;
/* The device named @name, or NULL after an error line. */
struct device *con_find_dev(struct con *con, const char *name);
/* "bound", "deferred" or "unbound": the state dev list shows. */
const char *con_dev_state(const struct device *dev);
/* Completes argument 0 with device names. */
const char *con_gen_dev(struct con *con, int argi, const char *text, size_t idx);

/* cmd_dma_map.c: forgets the mappings of a machine that is gone. */
void con_dma_maps_forget(struct con *con);
struct device_driver;
/*
 * Refuses, with one error line, a removal that would take a device with
 * named DMA mappings or one VFIO holds: deleting device @victim or
 * unloading driver @drv (sim_dev_affected()).  Returns 0 or -1.
 */
int con_removal_check(struct con *con, const struct device *victim, const struct device_driver *drv);

/* cmd_graph.c */

/*
 * Runs after every command: while `graph live` is on, writes the picture
 * again if it changed.  Returns 0, or -1 after an error line, which also
 * turns live rendering off.
 */
int con_graph_live_update(struct con *con);
/* True while `graph serve` is on. */
bool con_graph_serving(struct con *con);
/*
 * While `graph serve` is on, answers browsers until @fd (-1: none) has
 * input, for at most @timeout_ms (-1: no limit); returns 1 when @fd has
 * input, else 0.  Returns 1 at once when not serving.
 */
int con_graph_serve_wait(struct con *con, int fd, int timeout_ms);
/* Stops live rendering and serving, and frees graphviz. */
void con_graph_release(struct con *con);
/*
 * Graphviz's context, shared by everything that lays graphs out: made at
 * the first call, freed by con_graph_release().  NULL if it cannot start.
 */
struct GVC_s *con_graph_gvc(struct con *con);

/* cmd_demo.c */

/*
 * With -x or `set echo on`, in a batch run or a file sourced at the
 * prompt: prints the command about to run, "iommu-lab> WORDS", quoted so
 * that it reads back the same.
 */
void con_echo_command(struct con *con, int argc, char **argv);
/* `set echo on|off`.  Returns 0, or -1 after an error line. */
int con_set_echo(struct con *con, const char *value);

/* cmd_misc.c */

/*
 * Value @idx a setting takes by name: an enum's names, or "0" and "1" for
 * a boolean; NULL after the last, and for a number or an unknown setting.
 */
const char *con_setting_value(const char *name, size_t idx);

/* cmd_graph_style.c: the graph.* settings, which `set` hands over. */
const char *con_graph_setting_name(size_t idx);
bool con_graph_is_setting(const char *name);
/* Sets one and prints the line saying so; or an error line and -1. */
int con_graph_set(struct con *con, const char *name, const char *value);
/* Their values, for completion; NULL after the last or for a number. */
const char *con_graph_setting_value(const char *name, size_t idx);
/* "NAME=VALUE" for each set away from its default, for `show settings`. */
void con_graph_show_settings(struct con *con);

/* cmd_board.c */

/*
 * Boots @blob as board @name on a machine built beside the current one,
 * which it replaces only on success (the named DMA mappings go with it).
 * Returns 0, or -1 after an error line, the machine exactly as it was.
 */
int con_board_boot(struct con *con, const char *name, const void *blob,
		   size_t size, unsigned int flags);

/*
 * Reads and boots board @arg with @flags, replacing the current board.
 * Prints the board summary line unless @quiet.  Returns 0, or -1 after an
 * error line (the machine unchanged).
 */
int con_board_load(struct con *con, const char *arg, unsigned int flags, bool quiet);
/* Prints "board NAME: N devices, M bound, K deferred". */
void con_board_summary(struct con *con);

#endif
