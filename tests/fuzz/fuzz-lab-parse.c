/*
 * libFuzzer target: kernel-lab's command parser (kernel-lab/lab_parse.c),
 * built in userspace with the stand-ins of kshim/, checked against the
 * console's own parser, which it must read the same way.  The input is
 * one write to the module's command file: at most LAB_LINE_MAX bytes, no
 * NUL (the module refuses both before parsing), split at newlines.  For
 * each line, lab_run_line() and con_tokenise() must agree on failing (with
 * the same reason) or on the commands and their words; for each word,
 * lab_parse_u64() and lab_parse_size() must agree with con_parse_u64() and
 * con_parse_size() on the result, the value and the reason.  A
 * disagreement aborts with both readings printed.
 */
#include <stdlib.h>
#include <string.h>

/* The console's headers first: kshim leaves their definitions alone. */
#include <grammar/grammar.h>
#include "fuzz.h"

#include "lab.h"

/* What lab_run_line() gave: each command's words, one after another. */
static struct {
	char **words;
	int *argc;
	int ncmds, nwords;
	char err[256];
	bool failed;
} lab;

void lab_out_set_cmd(const char *name)
{
}

int lab_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lab.err, sizeof(lab.err), fmt, ap);
	va_end(ap);
	lab.failed = true;
	return err ? err : -EINVAL;
}

static int lab_record(int argc, char **argv)
{
	lab.argc = realloc(lab.argc, (lab.ncmds + 1) * sizeof(*lab.argc));
	lab.words = realloc(lab.words, (lab.nwords + argc) * sizeof(*lab.words));
	if (!lab.argc || !lab.words)
		abort();
	lab.argc[lab.ncmds++] = argc;
	for (int i = 0; i < argc; i++) {
		lab.words[lab.nwords] = strdup(argv[i]);
		if (!lab.words[lab.nwords++])
			abort();
	}
	return 0;
}

static void lab_forget(void)
{
	for (int i = 0; i < lab.nwords; i++)
		free(lab.words[i]);
	free(lab.words);
	free(lab.argc);
	memset(&lab, 0, sizeof(lab));
}

static void __attribute__((noreturn)) disagree(const char *line, const char *what)
{
	fprintf(stderr, "kernel-lab and the console read '%s' differently: %s\n", line, what);
	abort();
}

static void check_numbers(const char *line, const char *w)
{
	char lerr[128] = "", cerr[128] = "";
	u64 lv = 0, cv = 0;
	int lr, cr;

	struct gram_err ce;

	lr = lab_parse_u64(w, &lv, lerr, sizeof(lerr));
	cr = gram_parse_u64(w, &cv, &ce);
	snprintf(cerr, sizeof(cerr), "%s", cr ? ce.msg : "");
	if (!lr != !cr || (!lr && lv != cv) || (lr && strcmp(lerr, cerr))) {
		fprintf(stderr, "number '%s': lab %d 0x%llx '%s', console %d 0x%llx '%s'\n",
			w, lr, (unsigned long long)lv, lerr, cr, (unsigned long long)cv, cerr);
		disagree(line, "a number");
	}
	lr = lab_parse_size(w, &lv, lerr, sizeof(lerr));
	cr = gram_parse_size(w, &cv, &ce);
	snprintf(cerr, sizeof(cerr), "%s", cr ? ce.msg : "");
	if (!lr != !cr || (!lr && lv != cv) || (lr && strcmp(lerr, cerr))) {
		fprintf(stderr, "size '%s': lab %d 0x%llx '%s', console %d 0x%llx '%s'\n",
			w, lr, (unsigned long long)lv, lerr, cr, (unsigned long long)cv, cerr);
		disagree(line, "a size");
	}
}

static void check_line(const char *line)
{
	size_t len = strlen(line);
	char *buf = malloc(len + 1);
	char **argv = malloc((len + 2) * sizeof(*argv));
	struct gram_err ce;
	int w = 0, c = 0;

	if (!buf || !argv)
		abort();
	lab_run_line(line, lab_record);
	if (gram_split(line, buf, argv, &ce)) {
		if (!lab.failed || strcmp(lab.err, ce.msg))
			disagree(line, "only one fails, or for different reasons");
		goto out;
	}
	if (lab.failed)
		disagree(line, "the number of commands");
	for (char **cmd = argv; *cmd; cmd += gram_argc(cmd) + 1, c++) {
		if (c == lab.ncmds)
			disagree(line, "the number of commands");
		if (lab.argc[c] != gram_argc(cmd))
			disagree(line, "the number of words");
		for (int i = 0; cmd[i]; i++, w++) {
			if (strcmp(lab.words[w], cmd[i]))
				disagree(line, "a word");
			check_numbers(line, cmd[i]);
		}
	}
	if (c != lab.ncmds)
		disagree(line, "the number of commands");
out:
	free(argv);
	free(buf);
	lab_forget();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *line, *next;

	if (size > LAB_LINE_MAX || memchr(data, '\0', size))
		return -1;
	text = strndup((const char *)data, size);
	if (!text)
		abort();
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		check_line(line);
	}
	free(text);
	return 0;
}
