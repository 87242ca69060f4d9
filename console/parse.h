/*
 * Numbers typed at the console: decimal or 0x hex, sizes with K, M or G,
 * durations with ns, us, ms or s.  Each parser takes the whole word or
 * fails with a one-line reason ("'12x' is not a number") in @err.
 */
#ifndef CON_PARSE_H
#define CON_PARSE_H

#include <stddef.h>
#include <sim/types.h>

/* A plain unsigned number.  Returns 0, or -1 with a reason in @err. */
int con_parse_u64(const char *s, u64 *out, char *err, size_t errlen);
/* A signed number: an optional '-' before a plain number. */
int con_parse_s64(const char *s, s64 *out, char *err, size_t errlen);
/* A size: a number and an optional K, M or G (binary multiples). */
int con_parse_size(const char *s, u64 *out, char *err, size_t errlen);
/* A duration in ns: a number and an optional ns, us, ms or s (default ms). */
int con_parse_duration(const char *s, u64 *ns, char *err, size_t errlen);

#endif
