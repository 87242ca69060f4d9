/*
 * Board commands: listing the boards that can be loaded, booting one, and
 * showing the one in the machine.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/check.h>
#include <sim/device.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

void con_board_summary(struct con *con)
{
	size_t n = 0, bound = 0, deferred = 0;
	struct device *dev;

	list_for_each_entry(dev, &con->sim->devices, sim_node) {
		n++;
		if (dev->driver)
			bound++;
		else if (device_is_deferred(dev))
			deferred++;
	}
	fprintf(con->out, "board %s: %zu devices, %zu bound, %zu deferred\n",
		con->board_name, n, bound, deferred);
}

int con_board_boot(struct con *con, const char *name, const void *blob,
		   size_t size, unsigned int flags)
{
	char err[512] = "";
	int ret;

	ret = sim_board_replace(&con->sim, name, blob, size, flags, err, sizeof(err));
	if (ret)
		return con_err(con, ret, "%s", err[0] ? err : "cannot boot the board");
	con->board_era = con->sim->era;
	/* The old machine went with its memory, and what was wrong with it. */
	con_dma_maps_forget(con);
	sim_check_forget(con->check);
	return 0;
}

int con_board_load(struct con *con, const char *arg, unsigned int flags, bool quiet)
{
	char err[512] = "";
	char *name, *path;
	size_t size;
	void *blob;

	if (con_board_read(arg, &blob, &size, &name, &path, err, sizeof(err)))
		return con_err(con, 0, "%s", err);
	if (con_board_boot(con, name, blob, size, flags)) {
		free(blob);
		free(name);
		free(path);
		return -1;
	}
	free(con->blob);
	free(con->board_name);
	free(con->board_path);
	con->blob = blob;
	con->blob_size = size;
	con->board_name = name;
	con->board_path = path;
	con->board_flags = flags;
	if (!quiet)
		con_board_summary(con);
	return 0;
}

static int cmd_board_list(struct con *con, int argc, char **argv)
{
	char **names = con_board_names();

	if (!names)
		return con_err(con, 0, "out of memory");
	for (char **p = names; *p; p++)
		fprintf(con->out, "%s\n", *p);
	con_strv_free(names);
	return 0;
}

static int cmd_board_load(struct con *con, int argc, char **argv)
{
	unsigned int flags = 0;
	const char *target = NULL;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--no-drivers"))
			flags |= BOARD_NO_DRIVERS;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return con_err(con, 0, "unknown option '%s'", argv[i]);
		else if (target)
			return con_err(con, 0, "one board at a time, not '%s' and '%s'",
				       target, argv[i]);
		else
			target = argv[i];
	}
	if (!target)
		return con_err(con, 0, "missing board name or file");
	return con_board_load(con, target, flags, false);
}

static int cmd_board_show(struct con *con, int argc, char **argv)
{
	if (!con->board_name)
		return con_err(con, 0, "no board loaded");
	con_board_summary(con);
	return 0;
}

static const char *gen_board(struct con *con, int argi, const char *text, size_t idx)
{
	if (argi > 0)
		return idx == 0 ? "--no-drivers" : NULL;
	if (strchr(text, '/') || text[0] == '.' || text[0] == '~')
		return CON_COMPLETE_FILES;
	if (idx == 0) {
		char **names = con_board_names();

		con_scratch_reset(con);
		for (char **p = names; p && *p; p++)
			con_scratch_add(con, "%s", *p);
		con_strv_free(names);
	}
	return con_scratch_get(con, idx);
}

const struct con_cmd con_board_cmds[] = {
	{ "board list", "", cmd_board_list,
	  "list the boards that can be loaded by name", NULL },
	{ "board load", "<board|file.dts|file.dtb> [--no-drivers]", cmd_board_load,
	  "boot a board; with --no-drivers no driver is registered", gen_board },
	{ "board show", "", cmd_board_show,
	  "show the current board", NULL },
	{ .name = NULL }
};
