/*
 * The console's own commands and the machine-wide ones: help, quit, source,
 * reset, the deferred-probe work, the virtual clock, the kernel era, the
 * boot parameters and fail-nth.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sim/clock.h>
#include <sim/device.h>
#include <sim/fault-inject.h>
#include <sim/iova.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

/*
 * Boot parameters, by their kernel command-line names (a module's
 * parameters as MODULE.PARAM, the way the command line gives them to a
 * built-in or modprobe to a module), and the simulator's
 * own build choices (which driver variant is built in, how new DMA
 * domains search for IOVAs).  A setting with
 * get_now/set_now is no boot parameter but the machine's, and changes at
 * once: fail.alloc is the kernel's fail-nth, fail.m4u_range_invalidate
 * the same countdown for the M4U model's range invalidates.  `check`, the console's own
 * setting (the invariant checks after every command), is apart and takes
 * effect at once too.
 */
#define CON_CHECK_SETTING	"check"
#define CON_ECHO_SETTING	"echo"	/* cmd_demo.c's, at once too */

struct con_setting {
	const char *name;
	bool boolean;			/* 0 or 1, else an int >= -1 */
	size_t offset;			/* in struct sim_params */
	const char *const *values;	/* an enum's names, by value */
	int min, max;			/* an int's range */
	const char *range_hint;		/* "-1 or a number of seconds" */
	unsigned int (*get_now)(const struct sim *sim);
	void (*set_now)(struct sim *sim, unsigned int v);
	const char *now_what;		/* what set_now counts: "allocation" */
	const char *help;		/* its values and what they mean, for help set */
};

static const char *const mtk_variants[] = {
	[MTK_VARIANT_REFERENCE] = "reference",
	[MTK_VARIANT_GEN1] = "gen1",
	[MTK_VARIANT_FREE_DOMAIN] = "free-domain",
	NULL
};

static const char *const iova_allocators[] = {
	[IOVA_ALLOCATOR_LINEAR] = "linear",
	[IOVA_ALLOCATOR_AUGMENTED] = "augmented",
	NULL
};

static const struct con_setting con_settings[] = {
	{ .name = "iommu.passthrough", .boolean = true,
	  .offset = offsetof(struct sim_params, iommu_passthrough),
	  .help = "0 or 1: 1 gives every group an identity (passthrough) default domain" },
	{ .name = "iommu.strict", .boolean = true,
	  .offset = offsetof(struct sim_params, iommu_strict),
	  .help = "0 or 1: 1 invalidates the IOTLB on every unmap (DMA), 0 batches it (DMA-FQ)" },
	{ .name = "deferred_probe_timeout",
	  .offset = offsetof(struct sim_params, deferred_probe_timeout),
	  .min = -1, .max = INT_MAX, .range_hint = "-1 or a number of seconds",
	  .help = "-1 or seconds: how long deferred probes wait before giving up (-1: forever)" },
	{ .name = "mtk.variant", .offset = offsetof(struct sim_params, mtk_variant),
	  .values = mtk_variants,
	  .help = "reference (6.1's attach_dev), gen1 (mt2701's, 2022-06: accepts a "
		  "domain it did not make) or free-domain (2015-12 v6: frees the one it gets)" },
	{ .name = "m4u.tlb_entries", .offset = offsetof(struct sim_params, m4u_tlb_entries),
	  .min = 1, .max = 4096, .range_hint = "1 to 4096 entries",
	  .help = "1 to 4096: entries in the M4U model's TLB" },
	{ .name = "vfio_iommu_type1.allow_unsafe_interrupts", .boolean = true,
	  .offset = offsetof(struct sim_params, vfio_allow_unsafe_interrupts),
	  .help = "0 or 1: 1 lets VFIO type1 take a group without interrupt remapping" },
	{ .name = "vfio_platform.reset_required", .boolean = true,
	  .offset = offsetof(struct sim_params, vfio_platform_reset_required),
	  .help = "0 or 1: 1 makes vfio-platform refuse a device with no reset handler" },
	{ .name = "iova.allocator", .offset = offsetof(struct sim_params, iova_allocator),
	  .values = iova_allocators,
	  .help = "linear or augmented: how new DMA domains search for a free IOVA range" },
	{ .name = "fail.alloc", .min = 0, .max = INT_MAX,
	  .range_hint = "0 for off, or N for the Nth allocation from now",
	  .get_now = sim_fail_nth_get, .set_now = sim_fail_nth_set, .now_what = "allocation",
	  .help = "0 or N: the Nth allocation from now fails, once (at once, no reset)" },
	{ .name = "fail.m4u_range_invalidate", .min = 0, .max = INT_MAX,
	  .range_hint = "0 for off, or N for the Nth range invalidate from now",
	  .get_now = sim_fail_m4u_range_get, .set_now = sim_fail_m4u_range_set,
	  .now_what = "M4U range invalidate",
	  .help = "0 or N: the Nth M4U range invalidate from now fails, once (at once)" },
};

/* The value of @s named @name, or -1. */
static int setting_value(const struct con_setting *s, const char *name)
{
	for (int i = 0; s->values[i]; i++)
		if (!strcmp(s->values[i], name))
			return i;
	return -1;
}

static void setting_print(FILE *f, const struct con_setting *s, long v)
{
	if (s->values)
		fputs(s->values[v], f);
	else
		fprintf(f, "%ld", v);
}

static long setting_get(const struct sim_params *p, const struct con_setting *s)
{
	const char *field = (const char *)p + s->offset;

	return s->boolean ? *(const bool *)field : *(const int *)field;
}

static void setting_put(struct sim_params *p, const struct con_setting *s, long v)
{
	char *field = (char *)p + s->offset;

	if (s->boolean)
		*(bool *)field = v;
	else
		*(int *)field = v;
}

static void print_era(struct con *con, enum sim_era era);

/* `help set`: every setting with its values and what they mean. */
static void help_settings(struct con *con)
{
	fprintf(con->out, "settings:\n  %s\n      on or off: the invariant checks after "
		"every command (at once)\n", CON_CHECK_SETTING);
	fprintf(con->out, "  %s\n      on or off: print each command of a batch run before its "
		"output, as -x (at once)\n", CON_ECHO_SETTING);
	for (size_t i = 0; i < ARRAY_SIZE(con_settings); i++)
		fprintf(con->out, "  %s\n      %s\n", con_settings[i].name, con_settings[i].help);
	fprintf(con->out, "  graph.layout\n      portrait or landscape: pictures ranked left to "
		"right, or top to bottom with the IOMMUs side by side (at once)\n");
	fprintf(con->out, "  graph.dpi\n      36 to 600, or 0 for Graphviz's 96: the resolution "
		"of PNG pictures (at once)\n");
}

/* `help era`: every era with how it differs from v6.1. */
static void help_eras(struct con *con)
{
	fprintf(con->out, "eras:\n");
	for (int e = 0; e < ERA_COUNT; e++) {
		fputs("  ", con->out);
		print_era(con, e);
	}
}

static int cmd_help(struct con *con, int argc, char **argv)
{
	if (con_help(con, argc, argv))
		return -1;
	if (argc == 1 && !strcmp(argv[0], "set"))
		help_settings(con);
	else if (argc == 1 && !strcmp(argv[0], "era"))
		help_eras(con);
	return 0;
}

static int cmd_quit(struct con *con, int argc, char **argv)
{
	con->stop = true;
	return 0;
}

static int cmd_tui(struct con *con, int argc, char **argv)
{
	return con_tui(con);
}

static int cmd_source(struct con *con, int argc, char **argv)
{
	FILE *f;
	int ret;

	if (con->depth >= CON_MAX_SOURCE_DEPTH)
		return con_err(con, 0, "'%s' is nested too deeply (more than %d levels)",
			       argv[0], CON_MAX_SOURCE_DEPTH);
	f = fopen(argv[0], "r");
	if (!f)
		return con_err(con, 0, "cannot open '%s': %s", argv[0], con_strerror(errno));
	con->depth++;
	ret = con_run_stream(con, f);
	con->depth--;
	fclose(f);
	if (ret) {
		con->cmd = "source";
		return con_err(con, 0, "cannot read '%s'", argv[0]);
	}
	/* failures inside were counted, each with its own error line */
	return 0;
}

static int cmd_complete(struct con *con, int argc, char **argv)
{
	return con_complete_list(con, argv[0]);
}

static int cmd_reset(struct con *con, int argc, char **argv)
{
	if (!con->blob)
		return con_err(con, 0, "no board loaded");
	if (con_board_boot(con, con->board_name, con->blob, con->blob_size,
			   con->board_flags))
		return -1;
	con_board_summary(con);
	return 0;
}

static int cmd_probe(struct con *con, int argc, char **argv)
{
	struct sim *sim = con->sim;

	driver_deferred_probe_trigger(sim);
	driver_deferred_probe_flush(sim);
	fprintf(con->out, "probe attempts=%llu deferred=%zu\n",
		(unsigned long long)sim->dd.probe_attempts, list_count(&sim->dd.pending));
	return 0;
}

/* As the kernel's debugfs devices_deferred: "NAME\tREASON", pending list only. */
static int cmd_deferred(struct con *con, int argc, char **argv)
{
	struct device *dev;

	list_for_each_entry(dev, &con->sim->dd.pending, deferred_probe) {
		const char *reason = dev->deferred_probe_reason;
		size_t len;

		if (!reason)
			reason = "";
		len = strlen(reason);
		fprintf(con->out, "%s\t%s", dev_name(dev), reason);
		if (!len || reason[len - 1] != '\n')
			fputc('\n', con->out);
	}
	return 0;
}

static void print_time(struct con *con)
{
	u64 now = sim_now(con->sim);

	fprintf(con->out, "time=%llu.%06llu\n",
		(unsigned long long)(now / NSEC_PER_SEC),
		(unsigned long long)(now % NSEC_PER_SEC / NSEC_PER_USEC));
}

static int cmd_tick(struct con *con, int argc, char **argv)
{
	struct sim *sim = con->sim;
	u64 now = sim_now(sim), ns, when;
	struct gram_err e;

	if (argc == 0) {
		if (!sim_next_event(sim, &when))
			fprintf(con->out, "no pending events\n");
		else if (when > now)
			sim_advance(sim, when - now);
		else
			sim_run_due(sim);
		print_time(con);
		return 0;
	}
	/* "tick 5 ms" is "tick 5ms": a unit word after a bare number */
	if (argc == 2) {
		char joined[64];

		if (strspn(argv[0], "0123456789") != strlen(argv[0]) ||
		    strspn(argv[1], "0123456789"))
			return con_err(con, 0, "usage: tick [duration] [unit]");
		if (strcmp(argv[1], "ns") && strcmp(argv[1], "us") && strcmp(argv[1], "ms") &&
		    strcmp(argv[1], "s"))
			return con_err(con, 0, "unknown unit '%s' (use ns, us, ms or s)", argv[1]);
		snprintf(joined, sizeof(joined), "%.30s%.30s", argv[0], argv[1]);
		if (gram_parse_duration(joined, &ns, &e))
			return con_gram_err(con, &e);
	} else if (gram_parse_duration(argv[0], &ns, &e)) {
		return con_gram_err(con, &e);
	}
	if (ns > UINT64_MAX - now)
		return con_err(con, 0, "'%s' is too large", argv[0]);
	sim_advance(sim, ns);
	print_time(con);
	return 0;
}

/* "v4.4: masters get ...": the era and how it differs from v6.1. */
static void print_era(struct con *con, enum sim_era era)
{
	fprintf(con->out, "%s: %s\n", sim_era_name(era), sim_eras[era].what);
}

static int cmd_era_list(struct con *con, int argc, char **argv)
{
	for (int e = 0; e < ERA_COUNT; e++) {
		fputs(e == (int)con->sim->era ? "* " : "  ", con->out);
		print_era(con, e);
	}
	return 0;
}

/*
 * The era is the machine's from the next command on: whatever happens
 * from here (a device added, a driver loaded, an attach) happens as that
 * kernel does it.  What the board did when it booted stays as it was
 * until `reset` replays the boot under the new era, and the second line
 * says which era that boot was (con->board_era), or that no board was
 * loaded yet (a graded test starts with none), the next one booting under it.
 */
static int cmd_era(struct con *con, int argc, char **argv)
{
	struct gram_suggest sg;
	const char *best;
	char list[128] = "";
	size_t used = 0;
	int era;

	if (argc == 0) {
		print_era(con, con->sim->era);
		return 0;
	}
	era = sim_era_from_name(argv[0]);
	if (era >= 0 && era < ERA_COUNT) {
		con->sim->era = era;
		fputs("era ", con->out);
		print_era(con, era);
		if (!con->board_name)
			fprintf(con->out, "in force now; no board is loaded, the next board "
				"load boots under it\n");
		else if (era == (int)con->board_era)
			fprintf(con->out, "in force now; the board booted under it too\n");
		else
			fprintf(con->out, "in force now for what comes next; the board booted "
				"under %s, and reset boots it again under %s\n",
				sim_era_name(con->board_era), sim_era_name(era));
		return 0;
	}
	gram_suggest_init(&sg, argv[0]);
	for (int e = 0; e < ERA_COUNT; e++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s%s",
				 e ? ", " : "", sim_era_name(e));

		gram_suggest_add(&sg, sim_era_name(e), strlen(sim_era_name(e)));
		if (n < 0 || (size_t)n >= sizeof(list) - used)
			continue;
		used += n;
	}
	best = gram_suggest_best(&sg);
	if (best)
		return con_err(con, 0, "unknown era '%s'; did you mean '%s'?", argv[0], best);
	return con_err(con, 0, "unknown era '%s' (use %s)", argv[0], list);
}

static const struct con_setting *setting_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(con_settings); i++)
		if (!strcmp(con_settings[i].name, name))
			return &con_settings[i];
	return NULL;
}

/*
 * `set check on|off`: the console's own setting, in force at once (the
 * invariant checks after every command, sim/check/).
 */
static int set_check(struct con *con, const char *value)
{
	if (strcmp(value, "on") && strcmp(value, "off"))
		return con_err(con, 0, "bad value '%s' for 'check' (use on or off)", value);
	con_check_set(con, !strcmp(value, "on"));
	fprintf(con->out, "check=%s\n", value);
	return 0;
}

/* "check, iommu.passthrough, ..." in @buf. */
static const char *setting_list(char *buf, size_t size)
{
	size_t used = snprintf(buf, size, "%s, %s", CON_CHECK_SETTING, CON_ECHO_SETTING);

	for (size_t i = 0; i < ARRAY_SIZE(con_settings) && used < size; i++)
		used += snprintf(buf + used, size - used, ", %s", con_settings[i].name);
	for (size_t i = 0; con_graph_setting_name(i) && used < size; i++)
		used += snprintf(buf + used, size - used, ", %s", con_graph_setting_name(i));
	return buf;
}

static int cmd_set(struct con *con, int argc, char **argv)
{
	const struct con_setting *s = setting_find(argv[0]);
	struct gram_err e;
	s64 v;

	if (!strcmp(argv[0], CON_CHECK_SETTING))
		return set_check(con, argv[1]);
	if (!strcmp(argv[0], CON_ECHO_SETTING))
		return con_set_echo(con, argv[1]);
	if (con_graph_is_setting(argv[0]))
		return con_graph_set(con, argv[0], argv[1]);
	if (!s) {
		char list[512];
		struct gram_suggest sg;
		const char *best;

		gram_suggest_init(&sg, argv[0]);
		gram_suggest_add(&sg, CON_CHECK_SETTING, strlen(CON_CHECK_SETTING));
		gram_suggest_add(&sg, CON_ECHO_SETTING, strlen(CON_ECHO_SETTING));
		for (size_t i = 0; i < ARRAY_SIZE(con_settings); i++)
			gram_suggest_add(&sg, con_settings[i].name, strlen(con_settings[i].name));
		for (size_t i = 0; con_graph_setting_name(i); i++)
			gram_suggest_add(&sg, con_graph_setting_name(i),
					 strlen(con_graph_setting_name(i)));
		best = gram_suggest_best(&sg);
		if (best)
			return con_err(con, 0, "unknown setting '%s'; did you mean '%s'?",
				       argv[0], best);
		return con_err(con, 0, "unknown setting '%s' (settings: %s; help set "
			       "describes them)", argv[0], setting_list(list, sizeof(list)));
	}
	if (s->values) {
		v = setting_value(s, argv[1]);
		if (v < 0) {
			char list[128] = "";

			for (int i = 0; s->values[i]; i++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list),
					 "%s%s", i ? ", " : "", s->values[i]);
			return con_err(con, 0, "bad value '%s' for '%s' (use %s)",
				       argv[1], s->name, list);
		}
	} else if (s->boolean) {
		if (strcmp(argv[1], "0") && strcmp(argv[1], "1"))
			return con_err(con, 0, "bad value '%s' for '%s' (use 0 or 1)",
				       argv[1], s->name);
		v = argv[1][0] == '1';
	} else {
		if (gram_parse_s64(argv[1], &v, &e) || v < s->min || v > s->max)
			return con_err(con, 0, "bad value '%s' for '%s' (use %s)",
				       argv[1], s->name, s->range_hint);
	}
	if (s->set_now) {
		s->set_now(con->sim, v);
		if (v)
			fprintf(con->out, "%s=%lld: %s %lld from now fails, once\n",
				s->name, (long long)v, s->now_what, (long long)v);
		else
			fprintf(con->out, "%s=0: off\n", s->name);
		return 0;
	}
	setting_put(&con->sim->boot_params, s, v);
	fprintf(con->out, "%s=", s->name);
	setting_print(con->out, s, v);
	fprintf(con->out, ": takes effect at the next board load or reset\n");
	return 0;
}

static int cmd_show_settings(struct con *con, int argc, char **argv)
{
	fprintf(con->out, "%s=%s\n", CON_CHECK_SETTING, con->check_off ? "off" : "on");
	con_graph_show_settings(con);
	for (size_t i = 0; i < ARRAY_SIZE(con_settings); i++) {
		const struct con_setting *s = &con_settings[i];
		long now, next;

		/* What reading fail-nth gives: the countdown, 0 once it failed. */
		if (s->get_now) {
			fprintf(con->out, "%s=%u\n", s->name, s->get_now(con->sim));
			continue;
		}
		now = setting_get(&con->sim->params, s);
		next = setting_get(&con->sim->boot_params, s);
		fprintf(con->out, "%s=", s->name);
		setting_print(con->out, s, now);
		if (next != now) {
			fputs(" (next boot: ", con->out);
			setting_print(con->out, s, next);
			fputc(')', con->out);
		}
		fputc('\n', con->out);
	}
	return 0;
}

/* Completion */

static const char *gen_era(struct con *con, int argi, const char *text, size_t idx)
{
	return argi == 0 && idx < ERA_COUNT ? sim_era_name(idx) : NULL;
}

static const char *gen_setting(struct con *con, int argi, const char *text, size_t idx)
{
	if (argi == 0) {
		if (idx == 0)
			return CON_CHECK_SETTING;
		if (idx == 1)
			return CON_ECHO_SETTING;
		if (idx <= ARRAY_SIZE(con_settings) + 1)
			return con_settings[idx - 2].name;
		return con_graph_setting_name(idx - 2 - ARRAY_SIZE(con_settings));
	}
	if (argi == 1 && con->comp_prev) {
		static const char *const on_off[] = { "on", "off" };

		if (!strcmp(con->comp_prev, CON_CHECK_SETTING) ||
		    !strcmp(con->comp_prev, CON_ECHO_SETTING))
			return idx < 2 ? on_off[idx] : NULL;
		return con_setting_value(con->comp_prev, idx);
	}
	return NULL;
}

static const char *gen_files(struct con *con, int argi, const char *text, size_t idx)
{
	return argi == 0 ? CON_COMPLETE_FILES : NULL;
}

const char *con_setting_value(const char *name, size_t idx)
{
	const struct con_setting *s = setting_find(name);

	if (con_graph_is_setting(name))
		return con_graph_setting_value(name, idx);
	if (!s)
		return NULL;
	if (s->boolean)
		return idx < 2 ? (idx ? "1" : "0") : NULL;
	if (!s->values)
		return NULL;
	for (size_t i = 0; s->values[i]; i++)
		if (i == idx)
			return s->values[i];
	return NULL;
}

const struct con_cmd con_misc_cmds[] = {
	{ "help", "[command...]", cmd_help,
	  "list the commands, or the ones named", con_gen_commands },
	{ "quit", "", cmd_quit, "leave", NULL },
	{ "exit", "", cmd_quit, "leave", NULL },
	{ "source", "<file>", cmd_source, "run the commands in a file", gen_files },
	{ "complete", "<line>", cmd_complete,
	  "what Tab offers at the end of a quoted partial line", NULL },
	{ "tui", "", cmd_tui,
	  "full-screen interface: topology, graph, trace, output and this command line", NULL },
	{ "reset", "", cmd_reset,
	  "boot the current board again, with the new settings", NULL },
	{ "era list", "", cmd_era_list,
	  "list the kernel eras, each with how it differs from v6.1 (* marks the current one)",
	  NULL },
	{ "era", "[era]", cmd_era,
	  "show the kernel era, or switch to another now (reset replays the boot under it)",
	  gen_era },
	{ "set", "<setting> <value>", cmd_set,
	  "set a boot parameter for the next board load or reset; check, fail.*, graph.* at once",
	  gen_setting },
	{ "show settings", "", cmd_show_settings,
	  "show check, graph.*, the boot parameters now and for the next boot, and fail.*",
	  NULL },
	{ "probe", "", cmd_probe, "run the deferred-probe work now", NULL },
	{ "deferred", "", cmd_deferred,
	  "list the devices waiting for a deferred probe, with the reasons", NULL },
	{ "tick", "[duration] [unit]", cmd_tick,
	  "advance the virtual clock (5ms or 5 ms; ns, us, ms or s; default ms), or to the next event",
	  NULL },
	{ .name = NULL }
};
