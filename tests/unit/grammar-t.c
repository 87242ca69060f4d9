/*
 * The console's grammar (grammar/grammar.c), which kernel-lab's module
 * reads commands with too.  Every expectation is worked out by hand from
 * the contract in docs/console.md (words, numbers in decimal or 0x hex,
 * sizes with K, M or G), beside the case.
 */
#include <limits.h>
#include <string.h>

#include <grammar/grammar.h>

#include "unit.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Splits @line; the words of all commands, joined by '|', commands by ';'. */
static int split(const char *line, char *out, size_t size, struct gram_err *e)
{
	char buf[256], *argv[256];
	size_t used = 0;

	assert_true(strlen(line) < sizeof(buf));
	if (gram_split(line, buf, argv, e))
		return -1;
	out[0] = '\0';
	for (char **cmd = argv; *cmd; cmd += gram_argc(cmd) + 1) {
		for (int i = 0; cmd[i]; i++)
			used += snprintf(out + used, size - used, "%s%s", i ? "|" : "", cmd[i]);
		used += snprintf(out + used, size - used, ";");
	}
	return 0;
}

static void test_split(void **state)
{
	struct gram_err e;
	char out[256];

	assert_int_equal(split("dma map_sg edu a 0x1000", out, sizeof(out), &e), 0);
	assert_string_equal(out, "dma|map_sg|edu|a|0x1000;");
	/* blanks are spaces, tabs, CR and LF; runs of them are one separator */
	assert_int_equal(split("  dev\tshow \r edu\n", out, sizeof(out), &e), 0);
	assert_string_equal(out, "dev|show|edu;");
	/* ';' ends a command, empty commands vanish */
	assert_int_equal(split(";a;;b c ; ;", out, sizeof(out), &e), 0);
	assert_string_equal(out, "a;b|c;");
	/* '#' at the start of a word ends the line; inside a word it is a letter */
	assert_int_equal(split("a b#c # d; e", out, sizeof(out), &e), 0);
	assert_string_equal(out, "a|b#c;");
	/* quotes keep blanks, ';' and '#'; "\"" and "\\" inside double quotes */
	assert_int_equal(split("x 'a b;#' \"c\\\"d\\\\\" e'f'g", out, sizeof(out), &e), 0);
	assert_string_equal(out, "x|a b;#|c\"d\\|efg;");
	/* a backslash keeps the next byte; a last one stays as it is */
	assert_int_equal(split("a\\ b\\;c \\", out, sizeof(out), &e), 0);
	assert_string_equal(out, "a b;c|\\;");
	/* an empty quoted word is a word */
	assert_int_equal(split("dev add '' x", out, sizeof(out), &e), 0);
	assert_string_equal(out, "dev|add||x;");
	assert_int_equal(split("# all comment", out, sizeof(out), &e), 0);
	assert_string_equal(out, "");

	assert_int_equal(split("dma map 'a b", out, sizeof(out), &e), -1);
	assert_string_equal(e.msg, "unterminated single quote");
	assert_int_equal(split("a; \"b", out, sizeof(out), &e), -1);
	assert_string_equal(e.msg, "unterminated double quote");
	assert_int_equal(e.err, 0);
}

/* The buffers gram_split() asks for are enough: words + NULLs <= strlen + 2. */
static void test_split_bounds(void **state)
{
	static const char line[] = "a;b;c;d";	/* 4 words, 4 NULLs, 1 NULL: 9 = 7 + 2 */
	char buf[sizeof(line)], *argv[sizeof(line) + 2];
	struct gram_err e;

	argv[sizeof(line) + 1] = (char *)"guard";
	assert_int_equal(gram_split(line, buf, argv, &e), 0);
	assert_string_equal(argv[6], "d");
	assert_null(argv[7]);
	assert_null(argv[8]);
	assert_string_equal(argv[sizeof(line) + 1], "guard");
}

static void test_lex(void **state)
{
	const char *p = "ab 'c d';#x";
	struct gram_err e;
	char out[16];

	assert_int_equal(gram_lex(&p, out, &e), GRAM_WORD);
	assert_string_equal(out, "ab");
	assert_int_equal(gram_lex(&p, out, &e), GRAM_WORD);
	assert_string_equal(out, "c d");
	assert_int_equal(gram_lex(&p, out, &e), GRAM_SEMI);
	assert_int_equal(gram_lex(&p, out, &e), GRAM_COMMENT);
	assert_int_equal(gram_lex(&p, out, &e), GRAM_END);
}

static void test_numbers(void **state)
{
	struct gram_err e;
	uint64_t v;
	int64_t s;

	assert_int_equal(gram_parse_u64("0", &v, &e), 0);
	assert_int_equal(v, 0);
	/* decimal, not octal: 010 is ten */
	assert_int_equal(gram_parse_u64("010", &v, &e), 0);
	assert_int_equal(v, 10);
	assert_int_equal(gram_parse_u64("0X1f", &v, &e), 0);
	assert_int_equal(v, 31);
	/* 2^64 - 1 fits, 2^64 = 18446744073709551616 does not */
	assert_int_equal(gram_parse_u64("0xffffffffffffffff", &v, &e), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(gram_parse_u64("18446744073709551615", &v, &e), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(gram_parse_u64("18446744073709551616", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'18446744073709551616' is too large");
	assert_int_equal(gram_parse_u64("0x10000000000000000", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'0x10000000000000000' is too large");
	assert_int_equal(gram_parse_u64("0x", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'0x' is not a number");
	assert_int_equal(gram_parse_u64("", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'' is not a number");
	assert_int_equal(gram_parse_u64("12x", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'12x' is not a number");
	assert_int_equal(gram_parse_u64(" 1", &v, &e), -EINVAL);
	assert_int_equal(gram_parse_u64("+1", &v, &e), -EINVAL);
	/* a number takes no suffix */
	assert_int_equal(gram_parse_u64("4K", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'4K' is not a number");

	assert_int_equal(gram_parse_s64("-0x10", &s, &e), 0);
	assert_int_equal(s, -16);
	/* -2^63 fits, 2^63 does not */
	assert_int_equal(gram_parse_s64("-9223372036854775808", &s, &e), 0);
	assert_true(s == INT64_MIN);
	assert_int_equal(gram_parse_s64("9223372036854775808", &s, &e), -EINVAL);
	assert_string_equal(e.msg, "'9223372036854775808' is out of range");
	assert_int_equal(gram_parse_s64("--1", &s, &e), -EINVAL);
	assert_string_equal(e.msg, "'--1' is not a number");
}

static void test_sizes(void **state)
{
	struct gram_err e;
	uint64_t v;

	assert_int_equal(gram_parse_size("4K", &v, &e), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(gram_parse_size("0x10m", &v, &e), 0);
	assert_int_equal(v, 16 << 20);
	assert_int_equal(gram_parse_size("1G", &v, &e), 0);
	assert_int_equal(v, 1 << 30);
	assert_int_equal(gram_parse_size("0x1000", &v, &e), 0);
	assert_int_equal(v, 0x1000);
	/* 2^34 G = 2^64 does not fit; 2^34 - 1 G does */
	assert_int_equal(gram_parse_size("17179869183G", &v, &e), 0);
	assert_true(v == 0xffffffffc0000000ULL);
	assert_int_equal(gram_parse_size("17179869184G", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'17179869184G' is too large");
	assert_int_equal(gram_parse_size("1T", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown suffix in '1T' (use K, M or G)");
	assert_int_equal(gram_parse_size("1KB", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown suffix in '1KB' (use K, M or G)");
	assert_int_equal(gram_parse_size("K", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "'K' is not a number");

	assert_int_equal(gram_parse_duration("10", &v, &e), 0);
	assert_int_equal(v, 10000000);		/* no unit: ms */
	assert_int_equal(gram_parse_duration("50us", &v, &e), 0);
	assert_int_equal(v, 50000);
	assert_int_equal(gram_parse_duration("2s", &v, &e), 0);
	assert_int_equal(v, 2000000000);
	assert_int_equal(gram_parse_duration("2h", &v, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown unit in '2h' (use ns, us, ms or s)");
}

static void test_spec(void **state)
{
	struct gram_spec_word w;
	const char *p = GRAM_SPEC_DEV_ADD;
	struct gram_err e;
	int min, max;

	p = gram_spec_next(p, &w);
	assert_int_equal(w.len, 6);
	assert_memory_equal(w.text, "<name>", 6);
	assert_false(w.optional);
	p = gram_spec_next(p, &w);
	assert_memory_equal(w.text, "compatible=<str>", w.len);
	/* the brackets inside count: one word, optional, not repeating */
	p = gram_spec_next(p, &w);
	assert_int_equal(w.len, strlen("iommus=<iommu>:<id>[,<id>...]"));
	assert_memory_equal(w.text, "iommus=<iommu>:<id>[,<id>...]", w.len);
	assert_true(w.optional);
	assert_false(w.repeat);
	p = gram_spec_next(p, &w);
	p = gram_spec_next(p, &w);
	assert_memory_equal(w.text, "bus=platform|pci", w.len);
	p = gram_spec_next(p, &w);
	assert_memory_equal(w.text, "slot=<n>", w.len);
	assert_null(gram_spec_next(p, &w));

	gram_spec_count(GRAM_SPEC_DEV_ADD, &min, &max);
	assert_int_equal(min, 2);
	assert_int_equal(max, 6);
	gram_spec_count(GRAM_SPEC_DMA_MAP_SG, &min, &max);
	assert_int_equal(min, 3);
	assert_int_equal(max, -1);
	gram_spec_count(GRAM_SPEC_TRACE_SHOW, &min, &max);
	assert_int_equal(min, 0);
	assert_int_equal(max, -1);
	gram_spec_count("", &min, &max);
	assert_int_equal(min, 0);
	assert_int_equal(max, 0);

	assert_int_equal(gram_check_count("dev show", "<dev>", 1, &e), 0);
	assert_int_equal(gram_check_count("dev show", "<dev>", 2, &e), -EINVAL);
	assert_string_equal(e.msg, "usage: dev show <dev>");
	assert_int_equal(gram_check_count("dev list", "", 1, &e), -EINVAL);
	assert_string_equal(e.msg, "usage: dev list");
}

static const char *const rows[][2] = {
	{ "help", "[command...]" },
	{ "dev list", "" },
	{ "dev show", "<dev>" },
	{ "dev del", "<dev>" },
	{ "trace", "on|off" },
	{ "trace show", "" },
};

static const char *row(size_t i, const char **spec)
{
	if (i >= ARRAY_LEN(rows))
		return NULL;
	*spec = rows[i][1];
	return rows[i][0];
}

static void test_lookup(void **state)
{
	char *help[] = { "help", "dev" }, *show[] = { "dev", "show", "x" };
	char *trace_on[] = { "trace", "on" }, *trace_show[] = { "trace", "show" };
	char *hepl[] = { "hepl" }, *q[] = { "q" }, *dev[] = { "dev" };
	char *shw[] = { "dev", "shw" }, *zz[] = { "dev", "frobnicate" };
	const char *cmd;
	struct gram_err e;
	size_t i;

	assert_int_equal(gram_lookup(row, 2, help, &i, &cmd, &e), 1);
	assert_int_equal(i, 0);
	assert_int_equal(gram_lookup(row, 3, show, &i, &cmd, &e), 2);
	assert_int_equal(i, 2);
	/* a one-word row with a subcommand-looking argument, and a two-word row */
	assert_int_equal(gram_lookup(row, 2, trace_on, &i, &cmd, &e), 1);
	assert_int_equal(i, 4);
	assert_int_equal(gram_lookup(row, 2, trace_show, &i, &cmd, &e), 2);
	assert_int_equal(i, 5);

	/* "hepl" is one edit (a swap) from "help"; "q" is too short to guess from */
	assert_int_equal(gram_lookup(row, 1, hepl, &i, &cmd, &e), -EINVAL);
	assert_null(cmd);
	assert_string_equal(e.msg, "unknown command 'hepl'; did you mean 'help'?");
	assert_int_equal(gram_lookup(row, 1, q, &i, &cmd, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown command 'q'");
	assert_int_equal(gram_lookup(row, 1, dev, &i, &cmd, &e), -EINVAL);
	assert_string_equal(cmd, "dev");
	assert_string_equal(e.msg, "missing subcommand (list, show, del)");
	assert_int_equal(gram_lookup(row, 2, shw, &i, &cmd, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown subcommand 'shw'; did you mean 'show'?");
	assert_int_equal(gram_lookup(row, 2, zz, &i, &cmd, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown subcommand 'frobnicate'");
}

static void test_edit_distance(void **state)
{
	/* kitten -> sitting: k/s, e/i, +g */
	assert_int_equal(gram_edit_distance("kitten", 6, "sitting", 7), 3);
	/* a transposition is one edit (optimal string alignment) */
	assert_int_equal(gram_edit_distance("ca", 2, "ac", 2), 1);
	/* OSA, unlike full Damerau: "ca" -> "abc" is 3, not 2 */
	assert_int_equal(gram_edit_distance("ca", 2, "abc", 3), 3);
	assert_int_equal(gram_edit_distance("", 0, "abc", 3), 3);
	assert_int_equal(gram_edit_distance("abc", 3, "abc", 3), 0);
	assert_int_equal(gram_edit_distance("a", 64, "a", 1), UINT_MAX);
}

static void test_err_line(void **state)
{
	char buf[64];

	assert_int_equal(gram_err_line(buf, sizeof(buf), "dev add", "no device 'x'", "-ENODEV"),
			 strlen("error: dev add: no device 'x' (-ENODEV)\n"));
	assert_string_equal(buf, "error: dev add: no device 'x' (-ENODEV)\n");
	gram_err_line(buf, sizeof(buf), NULL, "unknown command 'x'", NULL);
	assert_string_equal(buf, "error: unknown command 'x'\n");
	/* a tab, a stray byte and DEL as \xNN; valid UTF-8 (U+00E9) as it is */
	gram_err_line(buf, sizeof(buf), NULL, "a\tb\xff\x7f\xc3\xa9", NULL);
	assert_string_equal(buf, "error: a\\x09b\\xff\\x7f\xc3\xa9\n");
	/* an overlong '/' is not valid UTF-8 */
	gram_err_line(buf, sizeof(buf), NULL, "\xc0\xaf", NULL);
	assert_string_equal(buf, "error: \\xc0\\xaf\n");
	/* cut to fit, and the length the whole line takes */
	assert_int_equal(gram_err_line(buf, 8, NULL, "abcdef", NULL), 14);
	assert_string_equal(buf, "error: ");
	assert_int_equal(gram_err_line(NULL, 0, "x", "y", "-EIO"), strlen("error: x: y (-EIO)\n"));
}

static void test_long_message(void **state)
{
	char word[400], *argv[] = { word };
	const char *cmd;
	struct gram_err e;
	size_t i;

	memset(word, 'x', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	assert_int_equal(gram_lookup(row, 1, argv, &i, &cmd, &e), -EINVAL);
	/* 255 bytes, the last three of them "..." */
	assert_int_equal(strlen(e.msg), GRAM_MSG_MAX - 1);
	assert_memory_equal(e.msg, "unknown command 'xxx", 20);
	assert_string_equal(e.msg + GRAM_MSG_MAX - 4, "...");
}

static void test_dev_add(void **state)
{
	char *ok[] = { "cam", "compatible=a,b", "iommus=iommu:0x40,7", "larb=larb2", "bus=pci" };
	struct gram_dev_add a;
	struct gram_err e;

	assert_int_equal(gram_parse_dev_add(5, ok, &a, &e), 0);
	assert_string_equal(a.name, "cam");
	assert_string_equal(a.compatible, "a,b");
	assert_string_equal(a.iommu, "iommu");
	assert_int_equal(a.nr_ids, 2);
	assert_int_equal(a.ids[0], 0x40);
	assert_int_equal(a.ids[1], 7);
	assert_string_equal(a.larb, "larb2");
	assert_true(a.pci);

	/*
	 * An iommus ID is a number, like the device-tree cell it becomes:
	 * docs/console.md gives the K, M and G suffixes to sizes only, so
	 * 1K is refused (the kernel's memparse() would take it as 0x400, and
	 * kernel-lab's module did; both now read it this way).
	 */
	{
		char *k[] = { "x", "compatible=a", "iommus=iommu:1K" };

		assert_int_equal(gram_parse_dev_add(3, k, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "bad iommus 'iommu:1K': '1K' is not a number");
		assert_int_equal(e.err, 0);
	}
	{
		char *big[] = { "x", "compatible=a", "iommus=iommu:0x100000000" };

		/* 2^32 does not fit a 32-bit cell */
		assert_int_equal(gram_parse_dev_add(3, big, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "bad iommus 'iommu:0x100000000': '0x100000000' is too large");
	}
	{
		char *ids[] = { "x", "compatible=a",
				"iommus=i:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17" };

		assert_int_equal(gram_parse_dev_add(3, ids, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "bad iommus 'i:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17': more than 16 ids");
	}
	{
		char *empty[] = { "x", "compatible=a", "iommus=iommu:1,,2" };

		assert_int_equal(gram_parse_dev_add(3, empty, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "bad iommus 'iommu:1,,2' (use <iommu>:<id>[,<id>...])");
	}
	{
		char *twice[] = { "x", "compatible=a", "compatible=b" };

		assert_int_equal(gram_parse_dev_add(3, twice, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "'compatible' given twice");
	}
	{
		char *key[] = { "x", "colour=blue" };

		assert_int_equal(gram_parse_dev_add(2, key, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "unknown key 'colour' (use compatible, iommus, larb, bus or slot)");
	}
	{
		char *slot[] = { "x", "compatible=a", "bus=pci", "slot=0x1f" };

		assert_int_equal(gram_parse_dev_add(4, slot, &a, &e), 0);
		assert_true(a.pci);
		assert_true(a.slot_given);
		assert_int_equal(a.slot, 31);
		slot[3] = "slot=32";
		assert_int_equal(gram_parse_dev_add(4, slot, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "bad slot '32' (use 0 to 31)");
		slot[3] = "slot=4K";
		assert_int_equal(gram_parse_dev_add(4, slot, &a, &e), -EINVAL);
		assert_memory_equal(e.msg, "bad slot '4K': ", 15);
		/* a slot is a PCI device number: not without bus=pci */
		slot[2] = "bus=platform";
		slot[3] = "slot=4";
		assert_int_equal(gram_parse_dev_add(4, slot, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "slot= is a PCI device number: it needs bus=pci");
		assert_int_equal(gram_parse_dev_add(2, slot, &a, &e), 0);
		assert_false(a.slot_given);
	}
	{
		char *none[] = { "x", "larb=l" };

		assert_int_equal(gram_parse_dev_add(2, none, &a, &e), -EINVAL);
		assert_string_equal(e.msg, "missing compatible=<str>");
	}
	{
		char *name[] = { "-x", "compatible=a" };

		assert_int_equal(gram_parse_dev_add(2, name, &a, &e), -EINVAL);
		assert_memory_equal(e.msg, "bad device name '-x': a name is 1 to 31", 38);
	}
}

static void test_dma_args(void **state)
{
	char *rd[] = { "edu", "0x100000", "4K", "port=3" };
	char *wr[] = { "edu", "1M", "0x10", "byte=0x11" };
	char *byte_rd[] = { "edu", "0", "1", "byte=1" };
	char *big[] = { "edu", "0", "0x1000001" };
	char *wrap[] = { "edu", "0xffffffffffffffff", "2" };
	char *port[] = { "edu", "0", "1", "port=32" };
	struct gram_dma_args a;
	struct gram_err e;

	assert_int_equal(gram_parse_dma_args(4, rd, false, &a, &e), 0);
	assert_int_equal(a.iova, 0x100000);
	assert_int_equal(a.len, 0x1000);
	assert_int_equal(a.port, 3);
	assert_int_equal(a.byte, 0x5a);
	assert_int_equal(gram_parse_dma_args(4, wr, true, &a, &e), 0);
	assert_int_equal(a.iova, 0x100000);
	assert_int_equal(a.byte, 0x11);
	/* byte= is a write's */
	assert_int_equal(gram_parse_dma_args(4, byte_rd, false, &a, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown option 'byte=1'");
	/* 16M + 1 */
	assert_int_equal(gram_parse_dma_args(3, big, false, &a, &e), -EINVAL);
	assert_string_equal(e.msg, "length 0x1000001 is not 1..0x1000000");
	assert_int_equal(e.err, -EINVAL);
	/* 2^64 - 1 + 2 - 1 wraps */
	assert_int_equal(gram_parse_dma_args(3, wrap, false, &a, &e), -EINVAL);
	assert_string_equal(e.msg, "iova range 0xffffffffffffffff+0x2 does not fit");
	assert_int_equal(e.err, -ERANGE);
	assert_int_equal(gram_parse_dma_args(4, port, false, &a, &e), -EINVAL);
	assert_string_equal(e.msg, "bad port '32'");
}

static void test_map_args(void **state)
{
	char *sg[] = { "edu", "a", "0x2000@0x800", "1K", "to" };
	char *one[] = { "edu", "a", "0x1000", "0x1000" };
	char *dir_only[] = { "edu", "a", "to" };
	struct gram_err e;
	enum gram_dir dir;
	uint64_t len, off;
	int n;

	assert_int_equal(gram_parse_map_args(5, sg, true, &n, &dir, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(dir, GRAM_DIR_TO);
	/* a lone word is a segment, even "to" */
	assert_int_equal(gram_parse_map_args(3, dir_only, true, &n, &dir, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(dir, GRAM_DIR_BIDI);
	assert_int_equal(gram_parse_map_args(4, one, false, &n, &dir, &e), -EINVAL);
	assert_string_equal(e.msg, "dma map takes one SIZE[@OFFSET], then to, from or bidi");

	assert_int_equal(gram_parse_seg("0x2000@0x800", &len, &off, &e), 0);
	assert_int_equal(len, 0x2000);
	assert_int_equal(off, 0x800);
	assert_int_equal(gram_parse_seg("0x1000@4K", &len, &off, &e), -EINVAL);
	assert_string_equal(e.msg, "offset 0x1000 in '0x1000@4K' is past the page");
	assert_int_equal(e.err, -EINVAL);
	assert_int_equal(gram_parse_seg("0x1000@", &len, &off, &e), -EINVAL);
	assert_string_equal(e.msg, "bad offset in '0x1000@': '' is not a number");
	/*
	 * The longest is 0xffffffff - 0x1000 = 0xffffefff, so that a segment
	 * with its offset still fits an unsigned int scatterlist length.
	 */
	assert_int_equal(gram_parse_seg("0xffffefff", &len, &off, &e), 0);
	assert_int_equal(gram_parse_seg("0xfffff000", &len, &off, &e), -EINVAL);
	assert_string_equal(e.msg, "segment '0xfffff000' has a bad length (1..4G)");
	assert_int_equal(gram_parse_seg("0", &len, &off, &e), -EINVAL);
}

static void test_dev_set(void **state)
{
	enum gram_dev_param p;
	struct gram_err e;
	uint64_t v;

	assert_int_equal(gram_parse_dev_set("dma-mask", "32", &p, &v, &e), 0);
	assert_int_equal(p, GRAM_DEV_DMA_MASK);
	assert_int_equal(v, 32);
	assert_int_equal(gram_parse_dev_set("dma-mask", "65", &p, &v, &e), -EINVAL);
	assert_string_equal(e.msg, "a DMA mask is 1 to 64 bits, not 65");
	assert_int_equal(gram_parse_dev_set("max-seg", "64K", &p, &v, &e), 0);
	assert_int_equal(v, 0x10000);
	/* 2^n - 1 of at least 0xfff: 0x1fff is, 0x2fff and 0x7ff are not */
	assert_int_equal(gram_parse_dev_set("seg-boundary", "0x1fff", &p, &v, &e), 0);
	assert_int_equal(gram_parse_dev_set("seg-boundary", "0x2fff", &p, &v, &e), -EINVAL);
	assert_string_equal(e.msg, "seg-boundary 0x2fff is not 2^n - 1 of at least 0xfff");
	assert_int_equal(gram_parse_dev_set("seg-boundary", "0x7ff", &p, &v, &e), -EINVAL);
	assert_int_equal(gram_parse_dev_set("colour", "1", &p, &v, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown parameter 'colour' "
			    "(dma-mask, max-seg, seg-boundary, driver_override)");
	/* the parameter is looked at first, then its value */
	assert_int_equal(gram_parse_dev_set("colour", "zz", &p, &v, &e), -EINVAL);
	assert_string_equal(e.msg, "unknown parameter 'colour' "
			    "(dma-mask, max-seg, seg-boundary, driver_override)");
	assert_int_equal(gram_parse_dev_set("max-seg", "zz", &p, &v, &e), -EINVAL);
	assert_string_equal(e.msg, "bad value: 'zz' is not a number");
}

static void test_trace_count(void **state)
{
	char *a[] = { "12", "bind" }, *b[] = { "bind" }, *c[] = { "12x" };
	char **argv = a;
	struct gram_err e;
	int argc = 2;
	uint64_t n;

	assert_int_equal(gram_parse_trace_count(&argc, &argv, &n, &e), 0);
	assert_int_equal(n, 12);
	assert_int_equal(argc, 1);
	assert_string_equal(argv[0], "bind");
	argv = b;
	argc = 1;
	assert_int_equal(gram_parse_trace_count(&argc, &argv, &n, &e), 0);
	assert_true(n == UINT64_MAX);
	assert_int_equal(argc, 1);
	/* a count is a number: no K (kernel-lab's module took it as a size) */
	argv = c;
	assert_int_equal(gram_parse_trace_count(&argc, &argv, &n, &e), -EINVAL);
	assert_string_equal(e.msg, "'12x' is not a number");
}

/*
 * trace show's words, against sim/include/trace/events/iommu_lab.h: its
 * 79 distinct event names (BUG and WARN, upper case, first in byte order)
 * and 72 keys (addr first; container and link only from a WARN's subject
 * keys, which no format names).
 */
static void test_trace_words(void **state)
{
	char *ok[] = { "bind", "dev=ovl0", "container=x", "WARN" };
	char *late[] = { "dev=ovl0", "nosuch", "dve=x" }, *first[] = { "dve=x", "nosuch" };
	char *typo[] = { "bnid" }, *key_typo[] = { "domian=dom0" }, *bare[] = { "=x" };
	char word[300], *long_word[] = { word };
	const char *name = NULL, *prev = NULL, *k = NULL, *kprev = NULL;
	size_t len = 0, prev_len = 0;
	unsigned int names = 0, keys = 0;
	bool container = false;
	struct gram_err e;

	while ((name = gram_trace_event_next(name))) {
		if (prev)
			assert_true(strcmp(prev, name) < 0);
		else
			assert_string_equal(name, "BUG");
		prev = name;
		names++;
	}
	assert_int_equal(names, 79);
	while ((k = gram_trace_key_next(k, len, &len))) {
		if (kprev) {
			int c = memcmp(kprev, k, prev_len < len ? prev_len : len);

			assert_true(c < 0 || (c == 0 && prev_len < len));
		} else
			assert_true(len == 4 && !memcmp(k, "addr", 4));
		if (len == 9 && !memcmp(k, "container", 9))
			container = true;
		kprev = k;
		prev_len = len;
		keys++;
	}
	assert_int_equal(keys, 72);
	assert_true(container);

	assert_int_equal(gram_check_trace_words(ARRAY_LEN(ok), ok, &e), 0);
	/* word by word: the first refused word is the one named */
	assert_int_equal(gram_check_trace_words(ARRAY_LEN(late), late, &e), -EINVAL);
	assert_string_equal(e.msg, "no event 'nosuch' (events: BUG, WARN, add_device_to_group, "
			    "arch_setup_dma_ops, attach_deferred, attach_device_to_domain, bind, "
			    "boot, def_domain_conflict, default_domain, default_domain_fallback, "
			    "deferred_probe_timeout, and 67 more)");
	/* "no event 'nosuch' (events: " is 27 and the same 12 names make 217 */
	assert_int_equal(gram_check_trace_words(ARRAY_LEN(first), first, &e), -EINVAL);
	assert_string_equal(e.msg, "no key 'dve' in any event; did you mean 'dev'?");
	assert_int_equal(e.err, 0);
	assert_int_equal(gram_check_trace_words(1, typo, &e), -EINVAL);
	assert_string_equal(e.msg, "no event 'bnid'; did you mean 'bind'?");
	assert_int_equal(gram_check_trace_words(1, key_typo, &e), -EINVAL);
	assert_string_equal(e.msg, "no key 'domian' in any event; did you mean 'domain'?");
	assert_int_equal(gram_check_trace_words(1, bare, &e), -EINVAL);
	assert_string_equal(e.msg, "no key before '=' in '=x'");

	/*
	 * 218 letters: "no event '" (10), the word and "' (events: " (11) are
	 * 239, and 239 + 16 bytes for ", and 999 more)" and the NUL leave no
	 * room for BUG (3): no name, the count of them all.
	 */
	memset(word, 'x', 218);
	word[218] = '\0';
	assert_int_equal(gram_check_trace_words(1, long_word, &e), -EINVAL);
	assert_int_equal(strlen(e.msg), 239 + strlen("79 of them)"));
	assert_string_equal(e.msg + 239, "79 of them)");
	/* 230: the head alone leaves no room; the message is cut with "..." */
	memset(word, 'x', 230);
	word[230] = '\0';
	assert_int_equal(gram_check_trace_words(1, long_word, &e), -EINVAL);
	assert_int_equal(strlen(e.msg), GRAM_MSG_MAX - 1);
	assert_string_equal(e.msg + GRAM_MSG_MAX - 4, "...");
	/* a key is named by its first 63 bytes */
	memset(word, 'k', 100);
	strcpy(word + 100, "=1");
	assert_int_equal(gram_check_trace_words(1, long_word, &e), -EINVAL);
	assert_true(!strncmp(e.msg, "no key 'kkk", 11) && strlen(e.msg) <= GRAM_MSG_MAX - 1);
	assert_true(e.msg[8 + 63] == '\'' && e.msg[8 + 62] == 'k');
}

static void test_data_line(void **state)
{
	uint8_t data[17];
	char line[GRAM_DATA_LINE];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = i;
	gram_data_line(line, data, 2);
	assert_string_equal(line, " data 00 01\n");
	gram_data_line(line, data, 17);
	assert_string_equal(line, " data 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f ...\n");
	assert_int_equal(strlen(line) + 1, GRAM_DATA_LINE);
}

/*
 * drv load's line: which state changes count, the three lists and their
 * separators, the line with none, 32 names then a count, a name cut to
 * 63 bytes, and a buffer too small for the line.
 */
static void test_drv_load_line(void **state)
{
	static struct gram_drv_load r;
	static char line[GRAM_DRV_LOAD_LINE];
	char name[80], want[GRAM_DRV_LOAD_LINE];

	assert_int_equal(gram_drv_load_kind("unbound", "bound"), GRAM_DRV_LOAD_BOUND);
	assert_int_equal(gram_drv_load_kind("deferred", "bound"), GRAM_DRV_LOAD_BOUND);
	assert_int_equal(gram_drv_load_kind("unbound", "deferred"), GRAM_DRV_LOAD_DEFERRED);
	assert_int_equal(gram_drv_load_kind("bound", "deferred"), GRAM_DRV_LOAD_DEFERRED);
	/* deferred again, bound all along, or a probe that failed: nothing */
	assert_int_equal(gram_drv_load_kind("deferred", "deferred"), GRAM_DRV_LOAD_UNCHANGED);
	assert_int_equal(gram_drv_load_kind("bound", "bound"), GRAM_DRV_LOAD_UNCHANGED);
	assert_int_equal(gram_drv_load_kind("unbound", "unbound"), GRAM_DRV_LOAD_UNCHANGED);
	assert_int_equal(gram_drv_load_kind("deferred", "unbound"), GRAM_DRV_LOAD_UNCHANGED);

	gram_drv_load_init(&r);
	gram_drv_load_line(line, sizeof(line), "mtk-iommu", &r);
	assert_string_equal(line, "drv load mtk-iommu: nothing bound, deferred or failed\n");
	gram_drv_load_name(&r, GRAM_DRV_LOAD_UNCHANGED, "x");
	gram_drv_load_name(&r, GRAM_DRV_LOAD_DEFERRED, "ovl0");
	gram_drv_load_line(line, sizeof(line), "d", &r);
	assert_string_equal(line, "drv load d: deferred ovl0\n");
	gram_drv_load_name(&r, GRAM_DRV_LOAD_BOUND, "larb0");
	gram_drv_load_name(&r, GRAM_DRV_LOAD_BOUND, "iommu");
	gram_drv_load_name(&r, GRAM_DRV_LOAD_DEFERRED, "ovl1");
	/* failed only through gram_drv_load_failed(), with its errno */
	gram_drv_load_name(&r, GRAM_DRV_LOAD_FAILED, "nope");
	assert_int_equal(gram_drv_load_line(line, sizeof(line), "d", &r),
			 strlen("drv load d: bound larb0,iommu; deferred ovl0,ovl1\n"));
	assert_string_equal(line, "drv load d: bound larb0,iommu; deferred ovl0,ovl1\n");
	gram_drv_load_failed(&r, "master", "-ENODEV");
	gram_drv_load_failed(&r, "cam", "-EINVAL");
	assert_int_equal(gram_drv_load_line(line, sizeof(line), "d", &r),
			 strlen("drv load d: bound larb0,iommu; deferred ovl0,ovl1; "
				"failed master=-ENODEV,cam=-EINVAL\n"));
	assert_string_equal(line, "drv load d: bound larb0,iommu; deferred ovl0,ovl1; "
			    "failed master=-ENODEV,cam=-EINVAL\n");
	/* cut: the length is still the whole line's, the buffer ends in NUL */
	assert_int_equal(gram_drv_load_line(line, 12, "d", &r),
			 strlen("drv load d: bound larb0,iommu; deferred ovl0,ovl1; "
				"failed master=-ENODEV,cam=-EINVAL\n"));
	assert_string_equal(line, "drv load d:");
	/* failed alone */
	gram_drv_load_init(&r);
	gram_drv_load_failed(&r, "iommu", "-EINVAL");
	gram_drv_load_line(line, sizeof(line), "mtk-iommu", &r);
	assert_string_equal(line, "drv load mtk-iommu: failed iommu=-EINVAL\n");

	/* m0 ... m33: 32 named, "and 2 more"; a 70-byte name cut to 63 */
	gram_drv_load_init(&r);
	strcpy(want, "drv load d: bound ");
	for (int i = 0; i < 34; i++) {
		snprintf(name, sizeof(name), "m%d", i);
		gram_drv_load_name(&r, GRAM_DRV_LOAD_BOUND, name);
		if (i < 32)
			snprintf(want + strlen(want), sizeof(want) - strlen(want),
				 "%s%s", i ? "," : "", name);
	}
	strcat(want, " and 2 more; deferred ");
	memset(name, 'a', 70);
	name[70] = '\0';
	gram_drv_load_name(&r, GRAM_DRV_LOAD_DEFERRED, name);
	name[63] = '\0';
	strcat(want, name);
	strcat(want, "\n");
	gram_drv_load_line(line, sizeof(line), "d", &r);
	assert_string_equal(line, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_bounds),
		cmocka_unit_test(test_lex),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_err_line),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_dev_add),
		cmocka_unit_test(test_dma_args),
		cmocka_unit_test(test_map_args),
		cmocka_unit_test(test_dev_set),
		cmocka_unit_test(test_trace_count),
		cmocka_unit_test(test_trace_words),
		cmocka_unit_test(test_data_line),
		cmocka_unit_test(test_drv_load_line),
	};

	return unit_run("grammar", tests, ARRAY_LEN(tests));
}
