/*
 * Grading a lab: choosing the tests (T=, and whatever they depend on),
 * running each one whose dependencies passed, and turning how it ended
 * into a verdict and the words a student reads.  A verdict comes only
 * from the channel's lines, the end record and how the process ended;
 * the test's log is never read for it.  With KERNEL=1 the kernel tests'
 * lines come from one boot of the real kernel instead (scripts/grade-kernel
 * wrote them, and kernel-lab-run's verdict on each), compared as t0601
 * compares kernel-lab's runs.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grader.h"

/* The most of a failed build's log kept for the report. */
#define GRADE_BUILD_MSG_CAP	(64u << 10)

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_OK:
		return "OK";
	case VERDICT_TIMEOUT:
		return "TIMEOUT";
	default:
		return "FAIL";
	}
}

static bool matches(const struct lab_test *t, const char *filter)
{
	return strstr(t->id, filter) || strcasestr(t->title, filter);
}

/* What a crash says about itself. */
static void why_signal(struct buf *why, int sig)
{
	switch (sig) {
	case SIGXFSZ:
		buf_printf(why, "the test wrote more than %u MiB to its log (standard output) and was killed",
			   GRADER_LOG_CAP >> 20);
		break;
	case SIGSEGV:
	case SIGBUS:
		buf_printf(why, "the test crashed: %s (signal %d); a NULL or freed pointer?",
			   strsignal(sig), sig);
		break;
	case SIGABRT:
		buf_printf(why, "the test crashed: %s (signal %d); abort() or a failed assertion",
			   strsignal(sig), sig);
		break;
	default:
		buf_printf(why, "the test was killed by %s (signal %d)", strsignal(sig), sig);
		break;
	}
}

/*
 * The verdict on one run, and why.  A run that did not end with its end
 * record fails whatever it printed; then the lines printed so far are
 * still shown against the expected ones, to say where it stopped.
 */
static void judge(struct grade_test *gt, const struct run_result *r)
{
	const struct lab_test *t = gt->t;
	const char *record_why = NULL;
	size_t lines_len = r->len;
	bool ended = false;
	char *want = NULL;
	size_t want_len;
	int err;

	gt->verdict = VERDICT_FAIL;
	switch (r->end) {
	case RUN_NOT_STARTED:
		buf_printf(&gt->why, "the grader could not start the test: %s\n", strerror(r->status));
		return;
	case RUN_TIMEOUT:
		gt->verdict = VERDICT_TIMEOUT;
		buf_printf(&gt->why, "the test had not finished after %g s and was killed\n", t->timeout);
		break;
	case RUN_TOO_MUCH:
		buf_printf(&gt->why, "the test printed more than %u MiB of console lines and was killed\n",
			   GRADER_OUT_CAP >> 20);
		break;
	case RUN_SIGNALED:
		why_signal(&gt->why, r->status);
		buf_puts(&gt->why, "\n");
		break;
	case RUN_EXITED:
		ended = !diff_check_record(r->out, r->len, &lines_len, &record_why);
		if (!ended && r->status == 127)
			buf_puts(&gt->why, "the test program could not start (see its log)\n");
		else if (!ended)
			buf_printf(&gt->why, "the test stopped before the end of its script, with exit status %d "
				   "(%s): did the code call exit()?\n", r->status, record_why);
		break;
	}
	err = file_read(t->expected, GRADER_OUT_CAP, &want, &want_len);
	if (err) {
		buf_printf(&gt->why, "cannot read %s: %s\n", t->expected, strerror(-err));
		return;
	}
	if (diff_lines(&gt->why, ended ? "the lines differ from the expected ones"
		       : "what it printed before it stopped, against the expected lines",
		       want, want_len, r->out, lines_len)) {
		buf_printf(&gt->why, "script: %s\nexpected: %s\n", t->cmds, t->expected);
	} else if (ended) {
		gt->verdict = VERDICT_OK;
	} else if (want_len) {
		buf_puts(&gt->why, "every expected line was printed before it stopped\n");
	}
	free(want);
}

/*
 * KERNEL=1: the verdict on a kernel test, from @dir/ID.status and
 * @dir/ID.out; the out file is the test's log.
 */
static void judge_kernel(struct grade_test *gt, const char *dir)
{
	const struct lab_test *t = gt->t;
	struct buf status_path = { 0 }, out_path = { 0 };
	char *status = NULL, *out = NULL, *want = NULL, *got_n = NULL, *want_n = NULL;
	size_t status_len, out_len, want_len, got_n_len, want_n_len;
	int err;

	gt->verdict = VERDICT_FAIL;
	buf_printf(&status_path, "%s/%s.status", dir, t->id);
	buf_printf(&out_path, "%s/%s.out", dir, t->id);
	if (file_read(status_path.s, GRADER_OUT_CAP, &status, &status_len)) {
		buf_puts(&gt->why, "the real kernel's run stopped before this test (see kernel.log)\n");
		goto out;
	}
	while (status_len && status[status_len - 1] == '\n')
		status[--status_len] = '\0';
	gt->log = xstrdup(out_path.s);
	err = file_read(out_path.s, GRADER_OUT_CAP, &out, &out_len);
	if (err) {
		buf_printf(&gt->why, "cannot read %s: %s\n", out_path.s, strerror(-err));
		goto out;
	}
	err = file_read(t->expected, GRADER_OUT_CAP, &want, &want_len);
	if (err) {
		buf_printf(&gt->why, "cannot read %s: %s\n", t->expected, strerror(-err));
		goto out;
	}
	if (strcmp(status, "ok"))
		buf_printf(&gt->why, "on the real kernel: %s\n", status);
	got_n = diff_normalise_kernel(out, out_len, &got_n_len);
	want_n = diff_normalise_kernel(want, want_len, &want_n_len);
	if (diff_lines(&gt->why, "the real kernel's lines differ from the expected ones "
		       "(times as [T], physical addresses as pa=PA)",
		       want_n, want_n_len, got_n, got_n_len))
		buf_printf(&gt->why, "script: %s\nexpected: %s\n", t->cmds, t->expected);
	else if (!strcmp(status, "ok"))
		gt->verdict = VERDICT_OK;
out:
	free(status);
	free(out);
	free(want);
	free(got_n);
	free(want_n);
	buf_free(&status_path);
	buf_free(&out_path);
}

/* The dependency of @gt that did not pass, or NULL. */
static const struct grade_test *failed_dep(const struct grade *g, const struct grade_test *gt,
					   const size_t *index)
{
	for (size_t i = 0; i < gt->t->ndeps; i++) {
		const struct grade_test *d;

		/* not graded here: a simulator-only test under KERNEL=1 */
		if (index[gt->t->deps[i]] == SIZE_MAX)
			continue;
		d = &g->tests[index[gt->t->deps[i]]];
		if (d->verdict != VERDICT_OK)
			return d;
	}
	return NULL;
}

static void grade_one(struct grade *g, struct grade_test *gt, const size_t *index,
		      const struct grade_opts *o)
{
	const struct grade_test *dep;
	struct run_result r;
	struct buf log = { 0 };

	report_start(stdout, gt);
	if (g->build_log) {
		gt->verdict = VERDICT_NOT_RUN;
		buf_puts(&gt->why, "not run: the submission did not build\n");
	} else if ((dep = failed_dep(g, gt, index))) {
		gt->verdict = VERDICT_NOT_RUN;
		buf_printf(&gt->why, "not run: it depends on %s, which failed\n", dep->t->id);
	} else {
		if (o->kernel_dir) {
			judge_kernel(gt, o->kernel_dir);
		} else {
			buf_printf(&log, "%s/logs/%s.log", o->out_dir, gt->t->id);
			gt->log = log.s;
			run_test(&o->run, gt->t, gt->log, &r);
			gt->seconds = r.seconds;
			judge(gt, &r);
			free(r.out);
		}
		if (gt->verdict != VERDICT_OK) {
			if (gt->t->hint)
				buf_printf(&gt->why, "hint: %s\n", gt->t->hint);
			if (gt->log)
				buf_printf(&gt->why, "log: %s\n", gt->log);
		}
	}
	report_end(stdout, gt);
	if (gt->verdict != VERDICT_OK) {
		report_why(stdout, &gt->why);
		if (o->verbose && gt->log)
			report_log(stdout, gt->log);
	}
	if (gt->verdict == VERDICT_OK) {
		g->score += gt->t->points;
		g->passed++;
	} else {
		g->failed++;
	}
}

int grade_run(struct grade *g, const struct lab *lab, const struct grade_opts *o)
{
	size_t *index = xmalloc(lab->ntests * sizeof(*index));
	bool *chosen = xmalloc(lab->ntests * sizeof(*chosen));
	struct buf logs = { 0 };
	double start = run_clock();
	int ret = 0;

	memset(g, 0, sizeof(*g));
	g->lab = lab;
	for (size_t i = 0; i < lab->ntests; i++) {
		index[i] = SIZE_MAX;
		chosen[i] = !o->filter || matches(&lab->tests[i], o->filter);
	}
	/*
	 * Dependencies come earlier in the manifest: one pass backwards takes
	 * them all.  KERNEL=1 grades the kernel tests only, and a dependency
	 * on a simulator-only test does not hold there.
	 */
	for (size_t i = lab->ntests; i-- > 0; ) {
		if (o->kernel_dir && !lab->tests[i].kernel)
			chosen[i] = false;
		for (size_t d = 0; chosen[i] && d < lab->tests[i].ndeps; d++)
			if (!o->kernel_dir || lab->tests[lab->tests[i].deps[d]].kernel)
				chosen[lab->tests[i].deps[d]] = true;
	}
	g->tests = xmalloc(lab->ntests * sizeof(*g->tests));
	for (size_t i = 0; i < lab->ntests; i++) {
		if (!chosen[i])
			continue;
		index[i] = g->ntests;
		memset(&g->tests[g->ntests], 0, sizeof(*g->tests));
		g->tests[g->ntests].t = &lab->tests[i];
		g->tests[g->ntests].number = g->ntests + 1;
		g->max_score += lab->tests[i].points;
		g->ntests++;
	}
	if (!g->ntests && o->kernel_dir && !o->filter) {
		fprintf(stderr, "error: %s has no kernel test (no script with \"# machine: q35\" or \"q35-vtd\")\n",
			lab->dir);
		ret = -1;
		goto out;
	}
	if (!g->ntests) {
		fprintf(stderr, "error: no test's id or title holds '%s'\n", o->filter);
		ret = -1;
		goto out;
	}
	if (o->build_log) {
		size_t len;
		int err = file_read(o->build_log, GRADE_BUILD_MSG_CAP, &g->build_msg, &len);

		if (err)
			g->build_msg = xstrdup(err == -EFBIG ? "(the build's log is too long to show)\n"
					       : "(the build left no log)\n");
		g->build_log = o->build_log;
		report_build(stdout, g);
	}
	buf_printf(&logs, "%s/logs", o->out_dir);
	if (!o->build_log && dir_make(logs.s)) {
		fprintf(stderr, "error: cannot make %s\n", logs.s);
		ret = -1;
		goto out;
	}
	for (size_t i = 0; i < g->ntests; i++)
		grade_one(g, &g->tests[i], index, o);
	g->seconds = run_clock() - start;
	report_summary(stdout, g);
out:
	buf_free(&logs);
	free(index);
	free(chosen);
	return ret;
}

void grade_free(struct grade *g)
{
	for (size_t i = 0; i < g->ntests; i++) {
		buf_free(&g->tests[i].why);
		free(g->tests[i].log);
	}
	free(g->tests);
	free(g->build_msg);
	memset(g, 0, sizeof(*g));
}
