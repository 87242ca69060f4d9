/*
 * The console's grammar (docs/console.md), one source compiled into both
 * the console and kernel-lab's module, iommu_lab.ko: the tokenizer, the
 * number and size parsers, argument specs and counting, finding a
 * command's row, the argument parsers of the commands both run, the
 * error line, and every error string and output line the two share.
 *
 * It allocates nothing: what it makes it writes into the caller's
 * buffers, and a failure comes back as one message in a struct gram_err
 * for the caller to print as its error line.  It uses only what the
 * kernel also has (compat.h).  Names that users give things follow
 * <sim/name.h>, the simulator's one name grammar, shared the same way.
 */
#ifndef GRAMMAR_H
#define GRAMMAR_H

#include <grammar/compat.h>

/* A message, with its NUL; a longer one is cut and ends in "...". */
#define GRAM_MSG_MAX		256

/*
 * Why something was refused: @msg, the part of the error line after
 * "error: CMD: ", and @err, the errno the line names after it ("(-EINVAL)",
 * where the check stands in for the kernel's), or 0 for none.
 */
struct gram_err {
	int err;
	char msg[GRAM_MSG_MAX];
};

/* Every failure below returns -EINVAL with the reason in @e. */

/* Tokenizer */

enum gram_token {
	GRAM_END,		/* the end of the line */
	GRAM_WORD,		/* a word, written out */
	GRAM_SEMI,		/* ';': the end of a command */
	GRAM_COMMENT,		/* '#' at the start of a word: the rest is a comment */
};

/*
 * Reads the token at *@pos and moves *@pos past it.  Blanks (space, tab,
 * CR, LF) separate words; single and double quotes and a backslash keep
 * blanks, ';' and '#' inside a word ("\"" and "\\" inside double quotes).
 * A word is written unquoted, NUL-terminated, at @out, which needs one
 * byte more than the word takes in the line.  Returns the token, or
 * -EINVAL for an unterminated quote.
 */
int gram_lex(const char **pos, char *out, struct gram_err *e);

/*
 * Splits @line into commands: the words go to @buf (strlen(@line) + 1
 * bytes) and are pointed to from @argv (strlen(@line) + 2 entries), each
 * command's words followed by NULL, and a NULL after the last command.
 * Empty commands are left out.  Returns 0, or -EINVAL and no command.
 */
int gram_split(const char *line, char *buf, char **argv, struct gram_err *e);
/* The words of the command at @argv, up to its NULL. */
int gram_argc(char *const *argv);

/* Numbers: each takes the whole word; no sign, no blank, no junk. */

/* Decimal or 0x hex. */
int gram_parse_u64(const char *s, uint64_t *out, struct gram_err *e);
/* An optional '-' before a number. */
int gram_parse_s64(const char *s, int64_t *out, struct gram_err *e);
/* A number and an optional K, M or G (either case; binary multiples). */
int gram_parse_size(const char *s, uint64_t *out, struct gram_err *e);
/* A number and an optional ns, us, ms or s, in ns; no unit is ms. */
int gram_parse_duration(const char *s, uint64_t *ns, struct gram_err *e);

/* Argument specs: "<dev> <name> <len[@offset]>... [to|from|bidi]" */

/*
 * One word of a spec, split at spaces outside brackets:
 * "[iommus=<iommu>:<id>[,<id>...]]" is one word.  @text and @len are the
 * word without its outer "[...]" and its trailing "...".
 */
struct gram_spec_word {
	const char *text;
	size_t len;
	bool optional;		/* in [ ] */
	bool repeat;		/* ends in "...": any number */
};

/* Reads the spec word at @p into @w; returns where the next one starts, or NULL after the last. */
const char *gram_spec_next(const char *p, struct gram_spec_word *w);
/* The arguments @spec allows: at least @min, at most @max (-1: no limit). */
void gram_spec_count(const char *spec, int *min, int *max);
/* Whether @nargs arguments fit command @name's @spec; "usage: NAME SPEC" if not. */
int gram_check_count(const char *name, const char *spec, int nargs, struct gram_err *e);

/* Command tables: rows named by one word ("help") or two ("dev show"). */

/* Row @i of a table: its name, and its spec in *@spec; NULL past the last. */
typedef const char *(*gram_row_fn)(size_t i, const char **spec);

/* The length of the first word of a row's name. */
size_t gram_word0_len(const char *name);
/* The words in a row's name: 1 or 2. */
int gram_name_words(const char *name);
/* The row named "@w0 @w1", or "@w0" when @w1 is NULL: its index, or -1. */
long gram_find(gram_row_fn row, const char *w0, const char *w1);
/* Whether some row is a subcommand of @w0 ("dev" for "dev show"). */
bool gram_is_group(gram_row_fn row, const char *w0);
/*
 * The row @argv (at least one word) runs: two words before one.  Returns
 * how many words its name takes, its index in *@idx; or -EINVAL with the
 * error ("unknown command 'x'; did you mean 'y'?", "missing subcommand
 * (list, show)", "unknown subcommand 'z'") and in *@cmd the command the
 * error line names, NULL for none.
 */
int gram_lookup(gram_row_fn row, int argc, char *const *argv, size_t *idx,
		const char **cmd, struct gram_err *e);

/* Suggestions for mistyped names */

/* The optimal string alignment distance between @a and @b (UINT_MAX past 63 bytes). */
unsigned int gram_edit_distance(const char *a, size_t alen, const char *b, size_t blen);

/* Collects candidates and keeps the one nearest to a mistyped word. */
struct gram_suggest {
	const char *word;
	char best[64];
	unsigned int dist;
};

void gram_suggest_init(struct gram_suggest *s, const char *word);
/* Offers the first @len bytes of @cand; the first of equally near ones wins. */
void gram_suggest_add(struct gram_suggest *s, const char *cand, size_t len);
/* The nearest candidate if it is close enough to be a typo, else NULL. */
const char *gram_suggest_best(const struct gram_suggest *s);

/* The error line */

/*
 * Writes "error: CMD: MSG (ERRNAME)\n" into @buf (@size bytes, cut to fit
 * and NUL-terminated), leaving out "CMD: " when @cmd is NULL and the
 * errno when @errname is NULL.  A control character or a byte that is not
 * part of valid UTF-8 in @msg (what the user typed, quoted back) shows as
 * \xNN, so the line stays one line.  Returns the length the whole line
 * takes, as snprintf() does.
 */
size_t gram_err_line(char *buf, size_t size, const char *cmd, const char *msg,
		     const char *errname);

/* Argument parsers of the commands both the console and kernel-lab run */

/* A name given to a new @what ("device", "mapping"): <sim/name.h>'s grammar. */
int gram_check_name(const char *what, const char *name, struct gram_err *e);
/* An address or a size called @what ("iova"): "bad iova: '1x' is not a number". */
int gram_parse_addr(const char *what, const char *s, uint64_t *out, struct gram_err *e);

/* dma map and dma map_sg: <dev> <name> <len[@offset]>... [to|from|bidi] */
enum gram_dir {
	GRAM_DIR_BIDI,		/* bidi, the default: DMA_BIDIRECTIONAL */
	GRAM_DIR_TO,		/* to: DMA_TO_DEVICE */
	GRAM_DIR_FROM,		/* from: DMA_FROM_DEVICE */
};

#define GRAM_MAP_MAX_SEGS	256	/* segments in one dma map_sg */
#define GRAM_PAGE_SIZE		4096	/* an offset stays inside the first page */

/*
 * The segments of @argc arguments (the device and the name first): how
 * many (*@nsegs, from @argv[2] on) and the direction a last to, from or
 * bidi gives, after two or more words.  @sg: dma map_sg, else dma map
 * (one segment).
 */
int gram_parse_map_args(int argc, char *const *argv, bool sg, int *nsegs,
			enum gram_dir *dir, struct gram_err *e);
/* One segment, "LEN[@OFFSET]": a length 1..0xffffffff - 4K, an offset inside the first page. */
int gram_parse_seg(const char *s, uint64_t *len, uint64_t *off, struct gram_err *e);

/* dma read and dma write: <dev> <iova> <len> [port=<n>] [byte=<v>] */
#define GRAM_DMA_MAX_LEN	0x1000000	/* 16M */
#define GRAM_DMA_MAX_PORT	31
#define GRAM_DMA_BYTE		0x5a		/* what dma write writes unless told */
#define GRAM_DMA_SHOWN		16		/* the bytes a read shows */

struct gram_dma_args {
	uint64_t iova, len;
	unsigned int port;
	uint8_t byte;
};

/* All of dma read's (@write false) or dma write's arguments after the device. */
int gram_parse_dma_args(int argc, char *const *argv, bool write, struct gram_dma_args *a,
			struct gram_err *e);

/*
 * dev add: <name> compatible=<str> [iommus=<iommu>:<id>[,<id>...]] [larb=<larb>]
 * [bus=platform|pci] [slot=<n>]
 */
#define GRAM_IOMMU_NAME_MAX	128	/* iommus='s label, with its NUL */
#define GRAM_MAX_IDS		16	/* iommus='s ids */
#define GRAM_PCI_SLOT_MAX	31	/* slot=: a PCI device number, 5 bits */

struct gram_dev_add {
	const char *name;
	const char *compatible;
	char iommu[GRAM_IOMMU_NAME_MAX];	/* "" without iommus= */
	uint32_t ids[GRAM_MAX_IDS];
	int nr_ids;
	const char *larb;	/* NULL without larb= */
	bool pci;		/* bus=pci */
	bool slot_given;	/* slot=, which needs bus=pci */
	unsigned int slot;	/* its device number, 0..GRAM_PCI_SLOT_MAX */
};

/* The name and the key=value words; the strings point into @argv. */
int gram_parse_dev_add(int argc, char *const *argv, struct gram_dev_add *a,
		       struct gram_err *e);

/* dev set: <dev> dma-mask|max-seg|seg-boundary <value> */
enum gram_dev_param {
	GRAM_DEV_DMA_MASK,	/* a mask of 1 to 64 bits */
	GRAM_DEV_MAX_SEG,	/* 1..0xffffffff bytes */
	GRAM_DEV_SEG_BOUNDARY,	/* 2^n - 1, at least a page less one */
};

/* The parameter @param and its value @value, checked as the DMA API wants it. */
int gram_parse_dev_set(const char *param, const char *value, enum gram_dev_param *p,
		       uint64_t *v, struct gram_err *e);

/* trace show [n] [event|key=value...]: a first word that starts with a digit is N. */
int gram_parse_trace_count(int *argc, char ***argv, uint64_t *n, struct gram_err *e);

/* drv load|unload: "no driver 'x'", with a suggestion unless @best is NULL. */
int gram_no_driver(const char *name, const char *best, struct gram_err *e);

/*
 * drv load's result line: "drv load NAME: bound A,B; deferred C; failed
 * D=-EINVAL", each part there only when it names a device, or "drv load
 * NAME: nothing bound, deferred or failed".  The load bound, or deferred,
 * a device whose state as dev list says it ("bound", "deferred",
 * "unbound") became that between just before the driver was registered
 * and the end of the probes the load set off, the deferred retries its
 * binds triggered included (gram_drv_load_kind()); it failed a device
 * that a probe in that time left unbound with an error other than
 * -EPROBE_DEFER.  The bound are named in the order they were bound, the
 * deferred and the failed in dev list order; the first
 * GRAM_DRV_LOAD_NAMED of each kind are named, the others counted ("and 3
 * more").
 */
#define GRAM_DRV_LOAD_NAMED	32
#define GRAM_DRV_LOAD_NAME_MAX	64	/* a device's name, with its NUL */
#define GRAM_DRV_LOAD_ERR_MAX	24	/* "=-EPROBE_DEFER" and the like */
enum gram_drv_load_kind {
	GRAM_DRV_LOAD_BOUND,
	GRAM_DRV_LOAD_DEFERRED,
	GRAM_DRV_LOAD_FAILED,
	GRAM_DRV_LOAD_UNCHANGED,
};
struct gram_drv_load {
	unsigned int count[3];		/* by kind: bound, deferred, failed */
	size_t len[3];
	char names[3][GRAM_DRV_LOAD_NAMED * (GRAM_DRV_LOAD_NAME_MAX + GRAM_DRV_LOAD_ERR_MAX)];
};
void gram_drv_load_init(struct gram_drv_load *r);
/*
 * What the load did to a device whose state went from @before to @after
 * (never GRAM_DRV_LOAD_FAILED: a failure is the caller's to see).
 */
enum gram_drv_load_kind gram_drv_load_kind(const char *before, const char *after);
/* Adds @dev to the bound or the deferred devices (any other @kind: nothing). */
void gram_drv_load_name(struct gram_drv_load *r, enum gram_drv_load_kind kind,
			const char *dev);
/* Adds @dev, whose probe failed with the error named @errname ("-EINVAL"). */
void gram_drv_load_failed(struct gram_drv_load *r, const char *dev, const char *errname);
/* Writes the line, newline included, into @buf (cut to fit); returns its whole length. */
size_t gram_drv_load_line(char *buf, size_t size, const char *driver,
			  const struct gram_drv_load *r);
/* Enough for the line of a driver with a name of GRAM_DRV_LOAD_NAME_MAX. */
#define GRAM_DRV_LOAD_LINE	(sizeof(((struct gram_drv_load *)0)->names) + 4 * GRAM_DRV_LOAD_NAME_MAX)

/* Error strings both sides print, each with the errno after it noted */

#define GRAM_E_NUL		"NUL byte at column %zu: nothing on this line was run"
#define GRAM_E_NOMEM		"out of memory"				/* -ENOMEM */
#define GRAM_E_NO_DEVICE	"no device '%s'"			/* -ENODEV */
#define GRAM_E_MAP_EXISTS	"a mapping named '%s' exists"		/* -EEXIST */
#define GRAM_E_NO_MAPPING	"no mapping named '%s'"			/* -ENOENT */
#define GRAM_E_MAP_OWNER	"mapping '%s' belongs to '%s'"		/* -EINVAL */
#define GRAM_E_NO_RAM_SEG	"no RAM for segment '%s'"		/* -ENOMEM */
#define GRAM_E_MAP_PAGE		"dma_map_page failed for '%s'"		/* -ENOMEM */
#define GRAM_E_MAP_SG		"dma_map_sg failed for '%s'"		/* the errno */
#define GRAM_E_DMA_PORT		"device '%s' has no DMA port %u"	/* -ENOENT */
#define GRAM_E_DMA_REFUSED	"device '%s' refused a 0x%llx-byte transfer at iova 0x%llx"
#define GRAM_E_DMA_MASK		"dma_set_mask(%llu bits) refused"	/* the errno */
#define GRAM_E_DRV_LOADED	"driver '%s' is already loaded"		/* -EBUSY */
#define GRAM_E_DRV_NOT_LOADED	"driver '%s' is not loaded"		/* -ENODEV */
#define GRAM_E_DRV_LOAD		"cannot load driver '%s'"		/* the errno */
#define GRAM_E_DEV_ADD		"cannot add the device"			/* the errno */

/* Output lines both sides print (docs/console.md, "Output that tests depend on") */

#define GRAM_FMT_MAP		"map %s dma=0x%llx len=0x%x\n"
#define GRAM_FMT_MAP_SG		"map %s nents=%d -> %d\n"
#define GRAM_FMT_MAP_SEG	" seg %d dma=0x%llx len=0x%x\n"
#define GRAM_FMT_UNMAP		"unmap %s\n"
/* dma read|write DEV, then a line per piece: translated (and how), or aborted */
#define GRAM_FMT_DMA		"dma %s %s iova=0x%llx len=0x%llx -> %s\n"
#define GRAM_FMT_DMA_PIECE	" iova=0x%llx pa=0x%llx len=0x%llx"
#define GRAM_FMT_DMA_ABORT	" iova=0x%llx pa=- len=0x%llx abort\n"
/* dev set */
#define GRAM_FMT_DMA_MASK	"%s dma-mask=0x%llx\n"
#define GRAM_FMT_MAX_SEG	"%s max-seg=0x%x\n"
#define GRAM_FMT_SEG_BOUNDARY	"%s seg-boundary=0x%lx\n"
/* dev list, drv list, group list ("group N devices=A,B type=T domain=D") */
#define GRAM_FMT_DEV_LIST	"%s bus=%s driver=%s state=%s dma=%s\n"
#define GRAM_FMT_DRV_LIST	"%s state=%s bound=%u compatible="
#define GRAM_FMT_GROUP		"group %d devices="
#define GRAM_FMT_GROUP_DOMAIN	" type=%s domain=%s\n"
/* dev show, the lines a real kernel can print too */
#define GRAM_FMT_SHOW_NAME	"name: %s\n"
#define GRAM_FMT_SHOW_BUS	"bus: %s\n"
#define GRAM_FMT_SHOW_DRIVER	"driver: %s\n"
#define GRAM_FMT_SHOW_STATE	"state: %s\n"
#define GRAM_FMT_SHOW_DEFERRED	"deferred-reason: %.*s\n"
#define GRAM_FMT_SHOW_DMA	"dma: %s\n"
#define GRAM_FMT_SHOW_MASK	"dma-mask: 0x%llx\n"
#define GRAM_FMT_SHOW_MAX_SEG	"max-segment-size: 0x%x\n"
#define GRAM_FMT_SHOW_BOUNDARY	"seg-boundary-mask: 0x%lx\n"
/* a PCI function's requester ID, bus << 8 | devfn, then as bus:slot.function */
#define GRAM_FMT_SHOW_RID	"requester-id: 0x%x (%02x:%02x.%x)\n"
#define GRAM_FMT_SHOW_GROUP	"iommu-group: %d domain=%s\n"
#define GRAM_FMT_SHOW_NO_GROUP	"iommu-group: -\n"

/* The " data 01 02 ... ..." line of dma read: @buf needs GRAM_DATA_LINE bytes. */
#define GRAM_DATA_LINE		(6 + 3 * GRAM_DMA_SHOWN + 5)
void gram_data_line(char *buf, const uint8_t *data, uint64_t len);

/* Argument specs of the commands both run */

#define GRAM_SPEC_DEV_ADD	"<name> compatible=<str> [iommus=<iommu>:<id>[,<id>...]] [larb=<larb>] [bus=platform|pci] [slot=<n>]"
#define GRAM_SPEC_DEV_SET	"<dev> dma-mask|max-seg|seg-boundary|driver_override <value>"
#define GRAM_SPEC_DMA_MAP	"<dev> <name> <size[@offset]> [to|from|bidi]"
#define GRAM_SPEC_DMA_MAP_SG	"<dev> <name> <len[@offset]>... [to|from|bidi]"
#define GRAM_SPEC_DMA_READ	"<dev> <iova> <len> [port=<n>]"
#define GRAM_SPEC_DMA_WRITE	"<dev> <iova> <len> [port=<n>] [byte=<v>]"
#define GRAM_SPEC_TRACE_SHOW	"[n] [event|key=value...]"

#endif
