/*
 * Helpers shared by the cmocka unit tests: running a group with TAP output
 * for prove, and reading fixture files.
 */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/*
 * Runs the @n tests of group @name, printing TAP.  Returns the number of
 * tests that failed, which is the test binary's exit status.
 */
int unit_run(const char *name, const struct CMUnitTest *tests, size_t n);

/*
 * Reads the whole file at @path into a malloc'ed buffer, followed by a NUL
 * that @size does not count.  Returns the buffer (the caller frees it) and
 * its size in *@size, or NULL if the file cannot be read.
 */
void *unit_read_file(const char *path, size_t *size);

struct sim;

/*
 * Boots @dir/@board.dtb into @sim, whose boot_params the caller has set,
 * and makes it the current machine (sim/current.h) for the kernel calls
 * the test makes on it; fails the test if it does not boot.
 */
void unit_boot_into(struct sim *sim, const char *dir, const char *board,
		    unsigned int flags);
/* A fresh machine with default parameters, booted on @dir/@board.dtb. */
struct sim *unit_boot(const char *dir, const char *board, unsigned int flags);

#endif
