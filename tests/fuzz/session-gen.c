/*
 * session-gen: random console sessions from a seed (session.c), for the
 * sanitizer run in make check (t0700) and the fuzzers' seeds, and a
 * libFuzzer dictionary of the words they use.
 *
 *   session-gen [-n COMMANDS] SEED                print the session of SEED
 *   session-gen [-n COMMANDS] -o DIR SEED COUNT   write DIR/SEED.cmds for
 *                                                 COUNT seeds from SEED
 *   session-gen -d                                print the dictionary
 *
 * The boards are the console's: $IOMMU_LAB_BOARDS, then the tree's build.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"

#define GEN_DEFAULT_COMMANDS	60

static int usage(void)
{
	fputs("usage: session-gen [-n COMMANDS] SEED\n"
	      "       session-gen [-n COMMANDS] -o DIR SEED COUNT\n"
	      "       session-gen -d\n", stderr);
	return 2;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end || *s == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned int ncmds = GEN_DEFAULT_COMMANDS;
	struct session_gen *g;
	const char *dir = NULL;
	bool dict = false;
	uint64_t seed = 0, count = 1, v;
	int opt, status = 0;

	while ((opt = getopt(argc, argv, "dn:o:")) != -1) {
		switch (opt) {
		case 'd':
			dict = true;
			break;
		case 'n':
			if (parse_u64(optarg, &v) || v > 100000000)
				return usage();
			ncmds = v;
			break;
		case 'o':
			dir = optarg;
			break;
		default:
			return usage();
		}
	}
	if (dict ? optind != argc : optind >= argc || parse_u64(argv[optind], &seed))
		return usage();
	if (dir && (optind + 2 != argc || parse_u64(argv[optind + 1], &count)))
		return usage();
	if (!dict && !dir && optind + 1 != argc)
		return usage();

	g = session_gen_new();
	if (!g)
		return 1;
	if (dict) {
		session_gen_dict(g, stdout);
		count = 0;
	}
	for (uint64_t s = seed; s - seed < count; s++) {
		FILE *out = stdout;
		char path[4096];

		if (dir) {
			snprintf(path, sizeof(path), "%s/%llu.cmds", dir, (unsigned long long)s);
			out = fopen(path, "w");
			if (!out) {
				fprintf(stderr, "session-gen: cannot write '%s': %s\n", path,
					strerror(errno));
				status = 1;
				break;
			}
		}
		session_gen_write(g, s, ncmds, out);
		if (dir && fclose(out)) {
			fprintf(stderr, "session-gen: cannot write '%s'\n", path);
			status = 1;
			break;
		}
	}
	if (fflush(stdout))
		status = 1;

	session_gen_free(g);
	return status;
}
