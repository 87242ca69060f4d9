/*
 * What the libFuzzer targets share: the environment they run in (the
 * boards, a scratch directory that is emptied after every input, output
 * thrown away) and libFuzzer's entry points.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Sets the process up once: the boards are found in $IOMMU_LAB_BOARDS or
 * else the tree's build, standard input is /dev/null (so that `tui` finds
 * no terminal), and a fresh scratch directory is made for the files a
 * script writes (`graph`) and reads (`source`).  Exits with a message when
 * any of it fails.
 */
void fuzz_env_init(void);
/* /dev/null, opened for writing, for output nobody reads. */
FILE *fuzz_devnull(void);
/* The names of the boards, sorted; @n is set to how many (at least one). */
char **fuzz_boards(size_t *n);
/*
 * An input runs in the scratch directory: enter makes it the working
 * directory, leave empties it and goes back, so that libFuzzer's own
 * relative paths (corpora) keep their meaning.  A crash report written
 * meanwhile goes to an -artifact_prefix, which should be absolute.
 */
void fuzz_scratch_enter(void);
void fuzz_scratch_leave(void);

#endif
