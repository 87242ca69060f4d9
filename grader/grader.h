/*
 * The grader of the graded labs (docs/labs.md): what it knows of a lab
 * (manifest.c), the submission's files it takes (collect.c), how it runs
 * one test (run.c), compares its lines (diff.c), grades a lab (grade.c)
 * and reports (report.c, results.c, tap.c), its command line (main.c),
 * and the small helpers they share (files.c, buf.c).
 */
#ifndef GRADER_GRADER_H
#define GRADER_GRADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit status of a grader that could not grade: bad usage, bad lab. */
#define GRADER_EXIT_USAGE	2

/* The most a test may print on its channel before it fails. */
#define GRADER_OUT_CAP		(1u << 20)
/* The most a test may write to its log (RLIMIT_FSIZE). */
#define GRADER_LOG_CAP		(2u << 20)
/* The address space a test may use (RLIMIT_AS). */
#define GRADER_AS_CAP		(1ul << 30)
/* The largest file a submission may hand in. */
#define GRADER_FILE_CAP		(256u << 10)

/* buf.c: a growing string, always NUL-terminated. */
struct buf {
	char *s;
	size_t len, cap;
};

/* Appends; on running out of memory, exits with an error line (the grader cannot go on). */
void buf_add(struct buf *b, const char *s, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Appends @s as one printable line: a control character or a byte above
 * 0x7e becomes \xNN, and past @max bytes the rest becomes "...".
 */
void buf_add_printable(struct buf *b, const char *s, size_t len, size_t max);
void buf_free(struct buf *b);
/* Allocations that cannot fail: out of memory ends the grader with an error line. */
void *xmalloc(size_t size);
char *xstrdup(const char *s);

/* files.c */

/*
 * Reads all of @path, at most @cap bytes, into a NUL-terminated malloc'd
 * buffer.  Returns 0, -EFBIG past the cap, or -errno.
 */
int file_read(const char *path, size_t cap, char **data, size_t *len);
/*
 * Writes @data to @path through a temporary file renamed over it, so
 * that @path holds the old content or the new, never a part.  With
 * @if_changed, a file that already holds @data is left alone, its time
 * too.  Returns 0 or -errno.
 */
int file_write(const char *path, const char *data, size_t len, bool if_changed);
/* mkdir -p.  Returns 0 or -errno. */
int dir_make(const char *path);

/* manifest.c: a lab as its manifest describes it. */

/* Where a kernel test runs (its script's "# machine:" line). */
enum lab_machine {
	LAB_MACHINE_NONE,	/* not a kernel test: the script loads its board */
	LAB_MACHINE_Q35,	/* kernel-lab's software M4U */
	LAB_MACHINE_Q35_VTD,	/* q35 with intel-iommu and edu */
};

struct lab_test {
	char *id;
	char *title;
	char *part;
	unsigned int points;
	bool hidden;
	double timeout;			/* wall-clock seconds */
	size_t *deps;			/* indexes of earlier tests */
	size_t ndeps;
	char *cmds;			/* LAB/tests/VISIBILITY/ID.cmds */
	char *expected;			/* LAB/tests/VISIBILITY/ID.expected */
	char *hint;			/* the "# hint:" lines of the script, or NULL */
	/*
	 * The script has a "# machine: q35" or "# machine: q35-vtd" line: a
	 * kernel test, which also runs on the real kernel with KERNEL=1
	 * (docs/labs.md).  In the simulator a q35 test runs on kernel-lab's
	 * board, kernel-lab-m4u with no driver; a q35-vtd test on the
	 * q35-vtd board, with the script's "# boot:" parameters.
	 */
	bool kernel;
	enum lab_machine machine;
	char **boot;			/* "# boot:" parameters, NAME=VALUE */
	size_t nboot;
	/*
	 * An answer test: the lab has an answers file and the expected lines
	 * hold a field {NAME}.  It runs on the reference console, and what
	 * it grades is the student's answers filled into the expected lines.
	 */
	bool answer;
};

struct lab {
	char *dir;
	char **files;			/* the files a student writes */
	size_t nfiles;
	const char *answers;		/* the one not a C file: the answers file, or NULL */
	struct lab_test *tests;
	size_t ntests;
};

/*
 * Reads LAB/manifest and, for each test, that its files are there and
 * its hint.  Returns 0, or -1 with the reason ("labs/x/manifest:3: ...")
 * in @err.
 */
int lab_load(struct lab *lab, const char *dir, char *err, size_t errlen);
void lab_free(struct lab *lab);

/* collect.c */

/*
 * Copies each of @lab's files (or only the one named @only, if not NULL)
 * from the directory @from into @to, a
 * regular file of at most GRADER_FILE_CAP bytes; a symbolic link is
 * followed only to a file inside the current directory (the source tree:
 * a lab's solution/ links into sim/drivers/).  A file whose copy already
 * holds the same bytes is left alone, so that make does not rebuild it.
 * Returns 0, or -1 after an error line on stderr for each file refused.
 */
int collect(const struct lab *lab, const char *from, const char *to, const char *only);

/* answers.c: a lab's answers file (docs/labs.md, "An answers file"). */

struct answer {
	char *name;
	char **lines;			/* the one-line value, or the block's lines */
	size_t nlines;			/* 0: not answered */
	bool block;			/* written as "NAME:" and "| TEXT" lines */
};

struct answers {
	char *file;			/* its name in the manifest, for the messages */
	struct answer *v;
	size_t n;
};

/* The names of a lab's questions: the fields of its answer tests' expected lines. */
struct questions {
	char **name;
	size_t n;
};

/* Adds each field's name in @text (expected lines) to @q, once. */
void questions_add(struct questions *q, const char *text, size_t len);
void questions_free(struct questions *q);

/*
 * Reads the answers file's @len bytes of @text, whose name is @file; a
 * name that is none of @q's is an error (no check when @q is NULL).
 * Returns 0, or -1 with one line in @err, "FILE:LINE: what is wrong".
 */
int answers_parse(struct answers *a, const char *file, const char *text, size_t len,
		  const struct questions *q, char *err, size_t errlen);
void answers_free(struct answers *a);
/* Whether @text (expected lines) holds a field, "{" NAME "}". */
bool answers_has_field(const char *text, size_t len);

/* Where a line of the filled-in expected lines comes from. */
struct filled_line {
	const struct answer *answer;	/* a line "{NAME}": this answer's line K, */
	size_t k;
	const char *tmpl;		/* a line with fields inside: the template's line */
	size_t tmpl_len;
};

/* The expected lines with the answers in their fields, one pass. */
struct filled {
	struct buf text;
	struct filled_line *lines;	/* one per line of text */
	size_t nlines;
};

/*
 * Fills @a's answers into the template @tmpl (an ID.expected): a line
 * "{NAME}" becomes all of NAME's lines, "{NAME}" inside a line its one
 * line.  @tmpl must outlive @f.  Returns 0, or -1 after a line in @why
 * for each field it cannot fill ("no answer to NAME in answers.txt").
 */
int answers_fill(const struct answers *a, const char *tmpl, size_t len, struct filled *f,
		 struct buf *why);
void filled_free(struct filled *f);
/*
 * Compares the lines @got, which @who printed ("console", or "kernel"
 * with KERNEL=1), with @want, the filled-in lines of @f (or those
 * compared as the real kernel's are: the same number of lines).  Returns
 * 0 when they are the same; otherwise 1, after saying in @why which
 * answer is wrong, without @got's lines, or, for a line that is no
 * answer's, showing the difference as diff_lines() does up to that line.
 */
int answers_compare(struct buf *why, const char *who, const struct answers *a,
		    const struct filled *f, const char *want, size_t want_len, const char *got,
		    size_t got_len);

/* run.c: one test in a child process. */

struct run_opts {
	const char *program;		/* iommu-lab, built with the submission */
	const char *boards;		/* IOMMU_LAB_BOARDS for it */
};

enum run_end {
	RUN_EXITED,			/* it exited: status */
	RUN_SIGNALED,			/* killed by a signal: status is its number */
	RUN_TIMEOUT,			/* wall clock past the timeout, or CPU past its limit */
	RUN_TOO_MUCH,			/* more than GRADER_OUT_CAP on its channel */
	RUN_NOT_STARTED,		/* the grader could not start it: status is the errno */
};

struct run_result {
	enum run_end end;
	int status;
	double seconds;
	char *out;			/* what came over the channel */
	size_t len;
};

/* Seconds on the monotonic clock. */
double run_clock(void);
/*
 * Runs `PROGRAM --grade-fd 3 SCRIPT` (a q35 kernel test: `PROGRAM --grade-fd 3
 * --board kernel-lab-m4u --no-drivers SCRIPT`; a q35-vtd one: `PROGRAM
 * --grade-fd 3 --board q35-vtd [--boot NAME=VALUE]... SCRIPT`) in a
 * process group of its own, with
 * the limits of docs/labs.md, standard input from /dev/null and standard
 * output and error to @log.  Kills the group at @timeout seconds or when
 * the channel passes its cap.  Fills @r (free r->out).
 */
void run_test(const struct run_opts *o, const struct lab_test *t, const char *log,
	      struct run_result *r);

/* diff.c */

/*
 * Checks the channel's output @out: it must end with the end record and
 * hold no other.  Returns 0 with @len_lines set to the length of the lines
 * before the record, or -1 with what is wrong in @why.
 */
int diff_check_record(const char *out, size_t len, size_t *len_lines, const char **why);
/*
 * Compares @got (@got_len bytes of lines) with @want.  Returns 0 when they
 * are the same; otherwise 1, after appending to @b @heading and the
 * expected and the actual lines around the first difference, each
 * numbered, with '>' marking the first differing line.  With
 * @got_to_first, the actual lines stop at the first that differs (an
 * answer test: the console's lines after it may be answers).
 */
int diff_lines(struct buf *b, const char *heading, const char *want, size_t want_len,
	       const char *got, size_t got_len, bool got_to_first);

/* Text cut into lines (pointers into it); a last line without its newline counts. */
struct lines {
	const char **start;
	size_t *len;
	size_t n;
};

void lines_split(struct lines *l, const char *text, size_t len);
void lines_free(struct lines *l);
/* The index of the first line where @w and @g differ, or SIZE_MAX when they are the same. */
size_t lines_first_difference(const struct lines *w, const struct lines *g);
/*
 * @s (@len bytes of lines) as the real kernel's output is compared
 * (KERNEL=1), in a malloc'd string of *@out_len bytes: a trace line's time
 * stamp "[1.234567] " becomes "[T] ", for the simulator's clock is not the
 * kernel's, "pa=0x..." becomes "pa=PA", for its memory is not the
 * machine's, and edu's PCI name 0000:00:03.0 becomes the board's "edu".
 * t0600 and t0601 compare kernel-lab's runs the same way.
 */
char *diff_normalise_kernel(const char *s, size_t len, size_t *out_len);
/*
 * @s (@len bytes of lines), the lines of a "# machine: q35-vtd" test from
 * either side, the simulator's or the real kernel's, as t0600 compares
 * kernel-lab's runs, in a malloc'd string of *@out_len bytes: without the
 * `dev show` lines the module has no source for (compatible, of-node,
 * iommus, probe-attempts, suppliers, consumers) and the `group list`
 * lines of groups without edu (the module lists edu's group only), and
 * with the domain names numbered again in order of first appearance (the
 * module's way: the kernel has no names for them, the simulator numbers
 * them as it allocates them).
 */
char *diff_normalise_vtd(const char *s, size_t len, size_t *out_len);

/* grade.c: grading the tests of a lab. */

enum verdict {
	VERDICT_OK,
	VERDICT_FAIL,
	VERDICT_TIMEOUT,
	VERDICT_NOT_RUN,		/* a dependency failed, or the build did */
};

struct grade_test {
	const struct lab_test *t;
	size_t number;			/* 1, 2, ... among the graded */
	enum verdict verdict;
	double seconds;
	struct buf why;			/* what a student reads on a failure */
	char *log;			/* the log file, or NULL when not run */
};

struct grade {
	const struct lab *lab;
	struct grade_test *tests;	/* the selected tests, in manifest order */
	size_t ntests;
	const char *build_log;		/* the build failed: its log */
	char *build_msg;		/* ... and what it said */
	struct answers answers;		/* the submission's answers, */
	char *answers_err;		/* ... or why there are none: every answer test scores 0 */
	unsigned int score, max_score;
	size_t passed, failed;
	double seconds;
};

struct grade_opts {
	struct run_opts run;
	const char *reference;		/* the reference console, for the answer tests */
	const char *src_dir;		/* the submission's files as collect took them */
	const char *filter;		/* T=: a part of an id or a title, or NULL */
	const char *out_dir;		/* logs go to OUT/logs/ */
	const char *build_log;		/* the build failed: every test scores 0 */
	bool verbose;			/* V=1: print each failed test's log */
	/*
	 * KERNEL=1: only the kernel tests, their lines read from
	 * KERNEL_DIR/ID.out and their verdict from KERNEL_DIR/ID.status,
	 * which scripts/grade-kernel wrote from one boot of the real kernel.
	 */
	const char *kernel_dir;
};

/*
 * Selects the tests (the filter, and what they depend on), runs each,
 * printing its line and, on a failure, why, as it goes.  Returns 0, or
 * -1 when the filter matches nothing (after an error line).
 */
int grade_run(struct grade *g, const struct lab *lab, const struct grade_opts *o);
void grade_free(struct grade *g);
/* "OK", "FAIL", "TIMEOUT" */
const char *verdict_name(enum verdict v);

/* report.c: what the student reads on the terminal. */

/* Turns colour on for a terminal (unless NO_COLOR is set). */
void report_init(FILE *f);
/* "== ID: TITLE == ", before the test runs, */
void report_start(FILE *f, const struct grade_test *gt);
/* ... and "OK (0.1s)", "FAIL (0.1s)", "TIMEOUT (5.0s)" or "FAIL (not run)" after. */
void report_end(FILE *f, const struct grade_test *gt);
/* A failure's explanation, indented. */
void report_why(FILE *f, const struct buf *why);
/* The last lines of a test's log (V=1). */
void report_log(FILE *f, const char *log);
/* The build's failure: its log. */
void report_build(FILE *f, const struct grade *g);
/* The answers file's failure: its one line. */
void report_answers(FILE *f, const struct grade *g);
/* Part scores, "Score: X/Y" and "N passed, N failed". */
void report_summary(FILE *f, const struct grade *g);
/* The summary as text, for results.json's top-level output. */
void report_summary_buf(struct buf *b, const struct grade *g);

/* results.c */

/* Writes Gradescope's results.json to @path.  Returns 0 or -errno. */
int results_write(const struct grade *g, const char *path);
/* A results.json with no test and a score of 0, saying why.  Returns 0 or -errno. */
int results_write_failure(const char *path, const char *msg);

/* combine.c */

/*
 * Prints the course summary of @nlabs labs, @pairs holding each lab's
 * folder and then its results.json, and writes them as one results.json
 * to @results unless it is NULL or "".  Returns 0 on full marks, 1 below
 * them, 2 when a lab had no results or @results could not be written.
 */
int combine(int nlabs, char **pairs, const char *results);

/* tap.c */

/*
 * Writes the results as TAP to @path, only if they changed (no times in
 * it), so that the JUnit file made from it is remade only then.
 * Returns 0 or -errno.
 */
int tap_write(const struct grade *g, const char *path);

#endif
