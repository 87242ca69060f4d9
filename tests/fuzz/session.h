/*
 * Random console sessions from a seed, drawn from the command table and
 * the boards' own names (session.c).  Used by session-gen (t0700, the
 * fuzzers' seeds and dictionary) and by the random-sessions benchmark.
 */
#ifndef FUZZ_SESSION_H
#define FUZZ_SESSION_H

#include <stdint.h>
#include <stdio.h>

struct session_gen;

/*
 * Boots every board the console finds once, to learn its names.  Returns
 * the generator, or NULL after a message on stderr (no boards, or one that
 * does not boot).
 */
struct session_gen *session_gen_new(void);
void session_gen_free(struct session_gen *g);
/*
 * Writes the session of @seed to @out: a comment, "era" and "board load"
 * lines, then @ncmds commands.
 */
void session_gen_write(struct session_gen *g, uint64_t seed, unsigned int ncmds, FILE *out);
/* Writes a libFuzzer dictionary of the words sessions are made of. */
void session_gen_dict(struct session_gen *g, FILE *out);

#endif
