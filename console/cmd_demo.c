/*
 * Narration for demos in front of a class: `echo TEXT`, `pause [TEXT]`,
 * `predict TEXT`, and the command echo of -x / `set echo on|off`, which
 * shows the audience each command a script runs before its output.
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmdtab.h"
#include "console.h"

/* The echoed command's prefix: the prompt, as if it had been typed. */
#define CON_ECHO_PREFIX		CON_PROMPT

/* Whether @w must be quoted to read back as the one word it is. */
static bool word_needs_quotes(const char *w)
{
	return !*w || w[strcspn(w, " \t;#'\"\\")];
}

/* @w as the grammar would read it back: bare, '...' or "..." with escapes. */
static void print_word(FILE *f, const char *w)
{
	if (!word_needs_quotes(w)) {
		fputs(w, f);
	} else if (!strchr(w, '\'')) {
		fprintf(f, "'%s'", w);
	} else {
		fputc('"', f);
		for (const char *p = w; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', f);
			fputc(*p, f);
		}
		fputc('"', f);
	}
}

static bool is_narration(const char *w0)
{
	return !strcmp(w0, "echo") || !strcmp(w0, "pause") || !strcmp(w0, "predict");
}

void con_echo_command(struct con *con, int argc, char **argv)
{
	/*
	 * Typed commands are on the screen already, a sourced file's are not;
	 * narration is its own text.
	 */
	if (!con->echo || (con->interactive && !con->depth) || argc < 1 ||
	    is_narration(argv[0]))
		return;
	fputs(CON_ECHO_PREFIX, con->out);
	for (int i = 0; i < argc; i++) {
		if (i)
			fputc(' ', con->out);
		print_word(con->out, argv[i]);
	}
	fputc('\n', con->out);
}

int con_set_echo(struct con *con, const char *value)
{
	if (strcmp(value, "on") && strcmp(value, "off"))
		return con_err(con, 0, "bad value '%s' for 'echo' (use on or off)", value);
	con->echo = !strcmp(value, "on");
	fprintf(con->out, "echo=%s\n", value);
	return 0;
}

/* The words of @argv joined by single spaces, then a newline, to con->out. */
static void print_text(struct con *con, const char *lead, int argc, char **argv)
{
	fputs(lead, con->out);
	for (int i = 0; i < argc; i++)
		fprintf(con->out, "%s%s", i ? " " : "", argv[i]);
	fputc('\n', con->out);
}

/*
 * Waits for one key when the console talks to a terminal on both sides
 * (stdin and its output): a script run by hand in front of a class.  A
 * test, a pipe, --grade-fd and the full-screen interface (whose output
 * is not the terminal) do not wait.
 */
static void wait_for_key(struct con *con)
{
	struct termios old, raw;
	char c;

	if (con->out != stdout || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return;
	fputs("[press a key]", con->out);
	fflush(con->out);
	if (tcgetattr(STDIN_FILENO, &old) == 0) {
		raw = old;
		raw.c_lflag &= ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
		if (read(STDIN_FILENO, &c, 1) < 0)
			c = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	}
	fputs("\r             \r", con->out);
	fflush(con->out);
}

static int cmd_echo(struct con *con, int argc, char **argv)
{
	print_text(con, "", argc, argv);
	return 0;
}

static int cmd_pause(struct con *con, int argc, char **argv)
{
	if (argc)
		print_text(con, "", argc, argv);
	wait_for_key(con);
	return 0;
}

static int cmd_predict(struct con *con, int argc, char **argv)
{
	print_text(con, "predict: ", argc, argv);
	wait_for_key(con);
	return 0;
}

const struct con_cmd con_demo_cmds[] = {
	{ "echo", "[text...]", cmd_echo, "print a heading or a sentence (nothing: an empty line)", NULL },
	{ "pause", "[text...]", cmd_pause,
	  "print the text, then wait for a key when on a terminal (never in a test)", NULL },
	{ "predict", "<text>...", cmd_predict,
	  "ask the audience a question and wait as pause does; the next command reveals it",
	  NULL },
	{ .name = NULL }
};
