/*
 * Trace commands: recording the simulator's events and printing them in
 * the "[T] EVENT key=value ..." format, oldest first.
 */
#include <sim/sim.h>
#include <sim/trace.h>

#include "cmdtab.h"
#include "console.h"
#include "parse.h"

static int cmd_trace_on(struct con *con, int argc, char **argv)
{
	sim_trace_enable(con->sim, true);
	return 0;
}

static int cmd_trace_off(struct con *con, int argc, char **argv)
{
	sim_trace_enable(con->sim, false);
	return 0;
}

static int cmd_trace_show(struct con *con, int argc, char **argv)
{
	size_t count = sim_trace_count(con->sim), first = 0;
	char err[160];
	u64 n;

	if (argc) {
		if (con_parse_u64(argv[0], &n, err, sizeof(err)))
			return con_err(con, 0, "%s", err);
		if (n < count)
			first = count - n;
	}
	for (size_t i = first; i < count; i++)
		sim_trace_print(con->out, sim_trace_get(con->sim, i));
	return 0;
}

static int cmd_trace_clear(struct con *con, int argc, char **argv)
{
	sim_trace_clear(con->sim);
	return 0;
}

const struct con_cmd con_trace_cmds[] = {
	{ "trace on", "", cmd_trace_on, "record the simulator's events", NULL },
	{ "trace off", "", cmd_trace_off, "stop recording events", NULL },
	{ "trace show", "[n]", cmd_trace_show,
	  "print the last N recorded events (all by default), oldest first", NULL },
	{ "trace clear", "", cmd_trace_clear, "forget the recorded events", NULL },
	{ .name = NULL }
};
