/*
 * Helpers shared by the cmocka unit tests.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/board.h>
#include <sim/current.h>
#include <sim/sim.h>

#include "unit.h"

int unit_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return _cmocka_run_group_tests(name, tests, n, NULL, NULL);
}

void *unit_read_file(const char *path, size_t *size)
{
	size_t len = 0, room = 4096, got;
	char *buf, *bigger;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf = malloc(room);
	while (buf) {
		got = fread(buf + len, 1, room - len - 1, f);
		len += got;
		if (len < room - 1)
			break;
		room *= 2;
		bigger = realloc(buf, room);
		if (!bigger)
			free(buf);
		buf = bigger;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[len] = '\0';
	if (size)
		*size = len;
	return buf;
}

void unit_boot_into(struct sim *sim, const char *dir, const char *board,
		    unsigned int flags)
{
	char path[512], err[256];
	size_t size;
	void *blob;

	snprintf(path, sizeof(path), "%s/%s.dtb", dir, board);
	blob = unit_read_file(path, &size);
	assert_non_null(blob);
	assert_int_equal(sim_board_boot(sim, board, blob, size, flags, err,
					sizeof(err)), 0);
	free(blob);
	sim_enter(sim);
}

struct sim *unit_boot(const char *dir, const char *board, unsigned int flags)
{
	struct sim *sim = sim_new();

	assert_non_null(sim);
	unit_boot_into(sim, dir, board, flags);
	return sim;
}
