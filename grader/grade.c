/*
 * Grading a lab: choosing the tests (T=, and whatever they depend on),
 * running each one whose dependencies passed, and turning how it ended
 * into a verdict and the words a student reads.  A verdict comes only
 * from the channel's lines, the end record and how the process ended;
 * the test's log is never read for it.  With KERNEL=1 the kernel tests'
 * lines come from one boot of the real kernel instead (scripts/grade-kernel
 * wrote them, and kernel-lab-run's verdict on each), compared as t0601
 * compares kernel-lab's runs; a q35-vtd test's lines, the simulator's as
 * well, as t0600 does (diff_normalise_vtd()).
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
 * Compares the lines @got, which @who printed (the console or the
 * kernel), with @want, saying why they differ in @gt's why: for an
 * answer test, which answer is wrong (@f is where each line of @want
 * comes from), for another test both sides, under @heading.  Returns 0
 * when they are the same, otherwise 1.
 */
static int compare(struct grade_test *gt, const struct grade *g, const struct filled *f,
		   const char *who, const char *heading, const char *want, size_t want_len,
		   const char *got, size_t got_len)
{
	const struct lab_test *t = gt->t;

	if (!(t->answer ? answers_compare(&gt->why, who, &g->answers, f, want, want_len, got, got_len)
	      : diff_lines(&gt->why, heading, want, want_len, got, got_len, false)))
		return 0;
	buf_printf(&gt->why, "script: %s\nexpected: %s\n", t->cmds, t->expected);
	return 1;
}

/*
 * The verdict on one run, and why.  A run that did not end with its end
 * record fails whatever it printed; then the lines printed so far are
 * still shown against the expected ones, to say where it stopped.
 */
static void judge(struct grade_test *gt, const struct grade *g, const struct filled *f,
		  const struct run_result *r)
{
	const struct lab_test *t = gt->t;
	const char *record_why = NULL, *got = r->out;
	char *got_vtd = NULL;
	size_t lines_len = r->len;
	bool ended = false;
	int differ;

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
	/* a q35-vtd test's lines are compared as the real kernel's are (below) */
	if (t->machine == LAB_MACHINE_Q35_VTD)
		got = got_vtd = diff_normalise_vtd(r->out, lines_len, &lines_len);
	differ = compare(gt, g, f, "console", ended ? "the lines differ from the expected ones"
			 : "what it printed before it stopped, against the expected lines",
			 f->text.s, f->text.len, got, lines_len);
	free(got_vtd);
	if (differ)
		return;
	if (ended)
		gt->verdict = VERDICT_OK;
	else if (f->text.len)
		buf_puts(&gt->why, "every expected line was printed before it stopped\n");
}

/*
 * KERNEL=1: the verdict on a kernel test, from @dir/ID.status and
 * @dir/ID.out; the out file is the test's log.
 */
static void judge_kernel(struct grade_test *gt, const struct grade *g, const struct filled *f,
			 const char *dir)
{
	const struct lab_test *t = gt->t;
	struct buf status_path = { 0 }, out_path = { 0 };
	char *status = NULL, *out = NULL, *got_n = NULL, *want_n = NULL;
	size_t status_len, out_len, got_n_len, want_n_len;
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
	if (strcmp(status, "ok"))
		buf_printf(&gt->why, "on the real kernel: %s\n", status);
	got_n = diff_normalise_kernel(out, out_len, &got_n_len);
	if (t->machine == LAB_MACHINE_Q35_VTD) {
		char *vtd = diff_normalise_vtd(got_n, got_n_len, &got_n_len);

		free(got_n);
		got_n = vtd;
	}
	want_n = diff_normalise_kernel(f->text.s, f->text.len, &want_n_len);
	if (!compare(gt, g, f, "kernel", "the real kernel's lines differ from the expected ones "
		     "(times as [T], physical addresses as pa=PA; on q35-vtd, domains "
		     "numbered as they first appear)",
		     want_n, want_n_len, got_n, got_n_len) && !strcmp(status, "ok"))
		gt->verdict = VERDICT_OK;
out:
	free(status);
	free(out);
	free(got_n);
	free(want_n);
	buf_free(&status_path);
	buf_free(&out_path);
}

/*
 * The lines @gt must print, into @f: its ID.expected (@tmpl, which @f
 * points into), with the answers filled in for an answer test.  Returns
 * 0, or -1 after saying why in @gt's why: no such file, or an answer
 * missing.
 */
static int expected_lines(struct grade_test *gt, const struct grade *g, char **tmpl,
			  struct filled *f)
{
	const struct lab_test *t = gt->t;
	size_t len;
	int err;

	memset(f, 0, sizeof(*f));
	err = file_read(t->expected, GRADER_OUT_CAP, tmpl, &len);
	if (err) {
		buf_printf(&gt->why, "cannot read %s: %s\n", t->expected, strerror(-err));
		return -1;
	}
	if (t->answer)
		return answers_fill(&g->answers, *tmpl, len, f, &gt->why);
	buf_add(&f->text, *tmpl, len);
	return 0;
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

/*
 * Runs @gt and judges it, once its expected lines are known: on the
 * student's console, an answer test on the reference's (what it grades
 * is the answers), or, with KERNEL=1, from the real kernel's run.
 */
static void run_one(struct grade *g, struct grade_test *gt, const struct grade_opts *o)
{
	struct run_opts run = o->run;
	struct run_result r;
	struct buf log = { 0 };
	struct filled f;
	char *tmpl = NULL;

	if (expected_lines(gt, g, &tmpl, &f)) {
		gt->verdict = VERDICT_FAIL;
	} else if (o->kernel_dir) {
		judge_kernel(gt, g, &f, o->kernel_dir);
	} else {
		if (gt->t->answer)
			run.program = o->reference;
		buf_printf(&log, "%s/logs/%s.log", o->out_dir, gt->t->id);
		gt->log = log.s;
		run_test(&run, gt->t, gt->log, &r);
		gt->seconds = r.seconds;
		judge(gt, g, &f, &r);
		free(r.out);
	}
	filled_free(&f);
	free(tmpl);
}

static void grade_one(struct grade *g, struct grade_test *gt, const size_t *index,
		      const struct grade_opts *o)
{
	const struct grade_test *dep;

	report_start(stdout, gt);
	if (g->build_log && !gt->t->answer) {
		gt->verdict = VERDICT_NOT_RUN;
		buf_puts(&gt->why, "not run: the submission did not build\n");
	} else if (gt->t->answer && g->answers_err) {
		gt->verdict = VERDICT_NOT_RUN;
		buf_printf(&gt->why, "not run: %s\n", g->answers_err);
	} else if ((dep = failed_dep(g, gt, index))) {
		gt->verdict = VERDICT_NOT_RUN;
		buf_printf(&gt->why, "not run: it depends on %s, which failed\n", dep->t->id);
	} else {
		run_one(g, gt, o);
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

/*
 * The names of @lab's questions, into @q: the fields of every answer
 * test's expected lines, whichever tests are graded.  Returns false when
 * an expected file cannot be read (its test says so): then no answer's
 * name can be judged.
 */
static bool lab_questions(const struct lab *lab, struct questions *q)
{
	for (size_t i = 0; i < lab->ntests; i++) {
		char *text;
		size_t len;

		if (!lab->tests[i].answer)
			continue;
		if (file_read(lab->tests[i].expected, GRADER_OUT_CAP, &text, &len))
			return false;
		questions_add(q, text, len);
		free(text);
	}
	return true;
}

/*
 * The submission's answers, from the answers file as collect took it into
 * @o->src_dir; when it is not there, or does not parse, g->answers_err
 * says why in one line, and every answer test scores 0.  When collect
 * refused the file, its error is in the log beside it (labs/labs.mk).
 */
static void answers_read(struct grade *g, const struct lab *lab, const struct grade_opts *o)
{
	struct buf path = { 0 }, log = { 0 };
	char *text = NULL, err[512];
	size_t len;
	int ret;

	buf_printf(&path, "%s/%s", o->src_dir, lab->answers);
	buf_printf(&log, "%s.log", path.s);
	ret = file_read(path.s, GRADER_FILE_CAP, &text, &len);
	if (ret) {
		char *said = NULL;
		size_t said_len;

		/* collect's own error line, or what reading the copy says */
		if (!file_read(log.s, GRADER_OUT_CAP, &said, &said_len) && said_len) {
			const char *line = strncmp(said, "error: ", 7) ? said : said + 7;

			said[strcspn(said, "\n")] = '\0';
			g->answers_err = xstrdup(line);
		} else {
			snprintf(err, sizeof(err), "cannot read the submission's %s: %s", lab->answers,
				 strerror(-ret));
			g->answers_err = xstrdup(err);
		}
		free(said);
	} else {
		struct questions q = { 0 };
		bool all = lab_questions(lab, &q);

		if (answers_parse(&g->answers, lab->answers, text, len, all ? &q : NULL, err,
				  sizeof(err)))
			g->answers_err = xstrdup(err);
		questions_free(&q);
	}
	free(text);
	buf_free(&path);
	buf_free(&log);
}

int grade_run(struct grade *g, const struct lab *lab, const struct grade_opts *o)
{
	size_t *index = xmalloc(lab->ntests * sizeof(*index));
	bool *chosen = xmalloc(lab->ntests * sizeof(*chosen));
	struct buf logs = { 0 };
	double start = run_clock();
	size_t answer_tests = 0;
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
	for (size_t i = 0; i < g->ntests; i++)
		answer_tests += g->tests[i].t->answer;
	if (o->build_log) {
		size_t len;
		int err = file_read(o->build_log, GRADE_BUILD_MSG_CAP, &g->build_msg, &len);

		if (err)
			g->build_msg = xstrdup(err == -EFBIG ? "(the build's log is too long to show)\n"
					       : "(the build left no log)\n");
		g->build_log = o->build_log;
		report_build(stdout, g);
	}
	if (answer_tests) {
		answers_read(g, lab, o);
		if (g->answers_err)
			report_answers(stdout, g);
	}
	buf_printf(&logs, "%s/logs", o->out_dir);
	/* with a failed build, only the answer tests run */
	if ((!o->build_log || answer_tests) && dir_make(logs.s)) {
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
	answers_free(&g->answers);
	free(g->answers_err);
	memset(g, 0, sizeof(*g));
}
