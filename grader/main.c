/*
 * grader: the two steps of `make grade` that are not make's (labs/labs.mk).
 *
 *   grader collect LAB SUBMISSION DIR [FILE]
 *       copies the files LAB/manifest names (or only FILE) from SUBMISSION
 *       into DIR
 *   grader run [options] LAB
 *       runs LAB's tests on a console built with the submission (its
 *       answer tests on the reference console, with the submission's
 *       answers), prints the report, writes results.json and the TAP file
 *   grader combine [--results FILE] LAB RESULTS [LAB RESULTS ...]
 *       the course summary of `make grade-all`: each LAB's score, read
 *       from its RESULTS (a results.json), out of its manifest's points,
 *       and the total; with --results, one results.json of every lab
 *
 * Exit status: collect 0, or 1 when a file was refused; run and combine
 * 0 on full marks only, 1 below them; 2 when it cannot grade at all (a
 * bad command line, a bad manifest; for combine, a lab with no results).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

static const char usage_text[] =
	"usage: grader collect LAB SUBMISSION DIR [FILE]\n"
	"       grader run [options] LAB\n"
	"       grader combine [--results FILE] LAB RESULTS [LAB RESULTS ...]\n"
	"\n"
	"run options:\n"
	"  --program FILE     the iommu-lab built with the submission\n"
	"  --reference FILE   the reference iommu-lab, on which the answer tests run\n"
	"  --src DIR          the submission's files as collect took them (its answers file)\n"
	"  --boards DIR       the compiled boards\n"
	"  --out DIR          where the logs, results.json and results.tap go\n"
	"  --results FILE     results.json here instead (GRADE_RESULTS)\n"
	"  --build-log FILE   the build failed with this log: every test scores 0\n"
	"  --kernel DIR       KERNEL=1: grade the kernel tests from DIR/ID.out and DIR/ID.status,\n"
	"                     one boot of the real kernel (scripts/grade-kernel)\n"
	"  -T FILTER          only the tests whose id or title holds FILTER, and what they depend on\n"
	"  -v                 show the log of each failed test\n";

static int usage(void)
{
	fputs(usage_text, stderr);
	return GRADER_EXIT_USAGE;
}

static int cmd_collect(int argc, char **argv)
{
	char err[512];
	struct lab lab;
	int ret;

	if (argc != 5 && argc != 6)
		return usage();
	if (lab_load(&lab, argv[2], err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		return GRADER_EXIT_USAGE;
	}
	ret = collect(&lab, argv[3], argv[4], argc == 6 ? argv[5] : NULL) ? 1 : 0;
	lab_free(&lab);
	return ret;
}

/* The value of option argv[*i], or NULL after a usage message. */
static const char *opt_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* Whether the options name what the lab's answer tests need, if it has any. */
static bool lab_answers_ok(const struct lab *lab, const struct grade_opts *o)
{
	for (size_t i = 0; i < lab->ntests; i++)
		if (lab->tests[i].answer)
			return o->src_dir && (o->kernel_dir || (o->reference && o->run.boards));
	return true;
}

static int cmd_run(int argc, char **argv)
{
	struct grade_opts o = { 0 };
	const char *lab_dir = NULL, *results = NULL;
	struct buf results_path = { 0 }, tap_path = { 0 };
	struct grade g;
	struct lab lab;
	char err[512];
	int ret;

	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], **slot = NULL;

		if (!strcmp(a, "-v"))
			o.verbose = true;
		else if (!strcmp(a, "-T"))
			slot = &o.filter;
		else if (!strcmp(a, "--program"))
			slot = &o.run.program;
		else if (!strcmp(a, "--reference"))
			slot = &o.reference;
		else if (!strcmp(a, "--src"))
			slot = &o.src_dir;
		else if (!strcmp(a, "--boards"))
			slot = &o.run.boards;
		else if (!strcmp(a, "--out"))
			slot = &o.out_dir;
		else if (!strcmp(a, "--results"))
			slot = &results;
		else if (!strcmp(a, "--build-log"))
			slot = &o.build_log;
		else if (!strcmp(a, "--kernel"))
			slot = &o.kernel_dir;
		else if (a[0] == '-' || lab_dir)
			return usage();
		else
			lab_dir = a;
		if (slot && !(*slot = opt_value(argc, argv, &i)))
			return usage();
	}
	if (!lab_dir || !o.out_dir ||
	    (!o.build_log && !o.kernel_dir && (!o.run.program || !o.run.boards)))
		return usage();
	if (o.filter && !*o.filter)
		o.filter = NULL;
	if (results && *results)
		buf_puts(&results_path, results);
	else
		buf_printf(&results_path, "%s/results.json", o.out_dir);
	buf_printf(&tap_path, "%s/results.tap", o.out_dir);

	if (dir_make(o.out_dir)) {
		fprintf(stderr, "error: cannot make %s\n", o.out_dir);
		ret = GRADER_EXIT_USAGE;
		goto out;
	}
	if (lab_load(&lab, lab_dir, err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		results_write_failure(results_path.s, err);
		ret = GRADER_EXIT_USAGE;
		goto out;
	}
	if (!lab_answers_ok(&lab, &o)) {
		fprintf(stderr, "error: %s has answer tests: grader run needs --src DIR%s\n", lab_dir,
			o.kernel_dir ? "" : ", --reference FILE and --boards DIR");
		ret = GRADER_EXIT_USAGE;
		goto out_lab;
	}
	report_init(stdout);
	if (grade_run(&g, &lab, &o)) {
		ret = GRADER_EXIT_USAGE;
		goto out_lab;
	}
	ret = g.score == g.max_score && !g.failed ? 0 : 1;
	if (results_write(&g, results_path.s)) {
		fprintf(stderr, "error: cannot write %s\n", results_path.s);
		ret = GRADER_EXIT_USAGE;
	}
	if (tap_write(&g, tap_path.s)) {
		fprintf(stderr, "error: cannot write %s\n", tap_path.s);
		ret = GRADER_EXIT_USAGE;
	}
	grade_free(&g);
out_lab:
	lab_free(&lab);
out:
	buf_free(&results_path);
	buf_free(&tap_path);
	return ret;
}

static int cmd_combine(int argc, char **argv)
{
	const char *results = NULL;
	int first = 2;

	if (argc > 3 && !strcmp(argv[2], "--results")) {
		results = argv[3];
		first = 4;
	}
	if (argc - first < 2 || (argc - first) % 2)
		return usage();
	return combine((argc - first) / 2, argv + first, results);
}

int main(int argc, char **argv)
{
	/* A test that closes its channel early must not take the grader with it. */
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && !strcmp(argv[1], "collect"))
		return cmd_collect(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "combine"))
		return cmd_combine(argc, argv);
	return usage();
}
