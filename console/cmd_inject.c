/*
 * inject: make a driver callback return an error instead of running, at
 * the core's call site, as the kernel's fail_function does; and list or
 * disarm what is armed.  fail-nth, the allocation side, is `set
 * fail.alloc` in cmd_misc.c.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

/* inject CALLBACK ERRNO [dev=DEV] [count=N] */
static int cmd_inject(struct con *con, int argc, char **argv)
{
	const char *dev = NULL;
	char why[256];
	struct gram_err e;
	bool seen_count = false;
	u64 count = 1;
	int errnum;

	if (sim_fail_callback_lookup(argv[0], why, sizeof(why)) < 0)
		return con_err(con, 0, "%s", why);
	/* What the callback returns: a negative errno, by its name. */
	errnum = argv[1][0] == '-' ? sim_errno_from_name(argv[1]) : 0;
	if (!errnum)
		return con_err(con, 0, "'%s' is not an errno name (such as -ENOMEM)",
			       argv[1]);
	for (int i = 2; i < argc; i++) {
		bool is_dev = !strncmp(argv[i], "dev=", 4);
		bool is_count = !strncmp(argv[i], "count=", 6);

		if ((is_dev && dev) || (is_count && seen_count))
			return con_err(con, 0, "'%s' given twice", is_dev ? "dev" : "count");
		if (is_dev) {
			dev = argv[i] + 4;
			if (!con_find_dev(con, dev))
				return -1;
		} else if (is_count) {
			seen_count = true;
			if (gram_parse_u64(argv[i] + 6, &count, &e))
				return con_err(con, 0, "bad count: %s", e.msg);
			if (!count || count > UINT_MAX)
				return con_err(con, 0, "bad count '%s' (use 1 to %u)",
					       argv[i] + 6, UINT_MAX);
		} else {
			return con_err(con, 0, "unknown argument '%s' (use dev=<dev> or count=<n>)",
				       argv[i]);
		}
	}
	if (sim_inject_add(con->sim, argv[0], -errnum, dev, count, why, sizeof(why)))
		return con_err(con, 0, "%s", why);
	return 0;
}

/* One line per armed injection, in the order made, as it was typed. */
static int cmd_inject_list(struct con *con, int argc, char **argv)
{
	struct sim_inject *inj;

	list_for_each_entry(inj, &con->sim->fault.injects, node) {
		fprintf(con->out, "%s %s", sim_fail_callback_name(inj->cb),
			sim_errname(inj->err));
		if (inj->dev[0])
			fprintf(con->out, " dev=%s", inj->dev);
		fprintf(con->out, " count=%u\n", inj->count);
	}
	return 0;
}

static int cmd_inject_clear(struct con *con, int argc, char **argv)
{
	sim_inject_clear(con->sim);
	return 0;
}

/* Callbacks, then errno names, then dev=DEV and count=. */
static const char *gen_inject(struct con *con, int argi, const char *text, size_t idx)
{
	if (argi == 0)
		return idx < FAIL_CALLBACK_COUNT ? sim_fail_callback_name(idx) : NULL;
	if (argi == 1)
		return sim_errname_nth(idx);
	if (idx == 0) {
		con_scratch_reset(con);
		if (!strncmp(text, "dev=", 4)) {
			const char *dev;

			for (size_t i = 0; (dev = con_gen_dev(con, 0, "", i)); i++)
				con_scratch_add(con, "dev=%s", dev);
		} else {
			con_scratch_add(con, "dev=");
			con_scratch_add(con, "count=");
		}
	}
	return con_scratch_get(con, idx);
}

const struct con_cmd con_inject_cmds[] = {
	{ "inject list", "", cmd_inject_list,
	  "list the armed injections, with the calls each has still to fail", NULL },
	{ "inject clear", "", cmd_inject_clear, "disarm every injection", NULL },
	{ "inject", "<callback> <errno> [dev=<dev>] [count=<n>]", cmd_inject,
	  "make the next calls of a driver callback return an errno instead of running",
	  gen_inject },
	{ .name = NULL }
};
