/*
 * libFuzzer target: a console script run against a freshly booted board.
 * The first byte picks the board (every board in turn, by its index in
 * the sorted list); the rest is the script, read by con_run_stream() as a
 * script FILE is, so NUL bytes, long lines and missing newlines reach the
 * console as they would from a file.  Each input gets its own console and
 * machine, released at the end, and an empty scratch directory.
 *
 * Inputs with a '/' are left out: without one, every file a script names
 * (graph writes, source and board load read) is in the scratch directory;
 * board files are fuzz-board's.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_env_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct con con;
	size_t nboards;
	char **boards = fuzz_boards(&nboards);
	FILE *script;

	if (size < 1 || memchr(data, '/', size))
		return -1;
	fuzz_scratch_enter();
	if (con_init(&con))
		abort();
	con.out = con.err = fuzz_devnull();
	con.cmd = "board load";
	if (con_board_load(&con, boards[data[0] % nboards], 0, true))
		abort();	/* the tree's own boards always boot */
	con.cmd = NULL;
	if (size > 1) {
		script = fmemopen((void *)(data + 1), size - 1, "r");
		if (!script)
			abort();
		con_run_stream(&con, script);
		fclose(script);
	}
	con_release(&con);
	fuzz_scratch_leave();
	return 0;
}
