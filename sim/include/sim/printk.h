/*
 * The kernel log.  Drivers print with dev_err()/dev_warn()/dev_info()
 * (sim/device.h: the driver core's, as they take a struct device) and
 * pr_err(); each line is kept with its virtual time and handed to a
 * listener as it is printed (the console shows them as a kernel console
 * would).
 */
#ifndef SIM_PRINTK_H
#define SIM_PRINTK_H

#include <stdarg.h>

#include <sim/clock.h>
#include <sim/types.h>

struct sim;

/*
 * Log levels, numbered as include/linux/kern_levels.h does: a line's
 * level is what its printk() was given (KERN_ERR is "\0013"), the
 * default 4 when none.  SIM_LOGLEVEL_OWN marks the simulator's own lines
 * (the invariant checker's reports, and the lines printed before levels
 * were kept), which a console always shows.
 */
#define SIM_LOGLEVEL_OWN	(-1)
#define LOGLEVEL_EMERG		0
#define LOGLEVEL_ALERT		1
#define LOGLEVEL_CRIT		2
#define LOGLEVEL_ERR		3
#define LOGLEVEL_WARNING	4
#define LOGLEVEL_NOTICE		5
#define LOGLEVEL_INFO		6
#define LOGLEVEL_DEBUG		7
#define LOGLEVEL_DEFAULT	LOGLEVEL_WARNING

struct sim_klog_line {
	u64 time;		/* virtual ns */
	char *text;		/* no newline */
	int level;		/* LOGLEVEL_*, or SIM_LOGLEVEL_OWN */
	bool fault;		/* an IOMMU fault report (the console's `faults`) */
	/*
	 * A fault report's line for `faults`, when it is not @text: the
	 * console's fixed shape (docs/console.md), NULL otherwise.
	 */
	char *fault_text;
};

typedef void (*sim_klog_listener)(struct sim *sim, const struct sim_klog_line *line,
				  void *ctx);

/*
 * Formats as the kernel's vsnprintf() does, %pa and %pR included (see
 * sim/base/vsprintf.c).  Returns a malloc'ed string, or NULL if out of
 * memory or for a conversion the simulator does not know.
 */
char *sim_vasprintf(const char *fmt, va_list ap);

/* Prints one line (a trailing newline in @fmt is dropped). */
void sim_printk(struct sim *sim, const char *fmt, ...) __printf(2, 3);
/* The same at a kernel log level (LOGLEVEL_*). */
void sim_printk_level(struct sim *sim, int level, const char *fmt, ...) __printf(3, 4);

/*
 * An IOMMU driver's fault report: printed as sim_printk() would, and
 * marked so that `faults` can list every IOMMU's reports.
 */
void sim_printk_fault(struct sim *sim, const char *fmt, ...) __printf(2, 3);

/*
 * What they, and the layers above, print through: one line of @sim's log
 * at @level, @prefix (say "mtk-iommu 10205000.iommu: ") then @fmt, marked
 * as a fault report when @fault.
 */
void sim_vprintk(struct sim *sim, int level, bool fault, const char *prefix,
		 const char *fmt, va_list ap);
/*
 * The console's shape of the fault report printed next (@fmt): what
 * `faults` lists, and the console shows among the output, in place of
 * the kernel's line, which `dmesg` keeps.
 */
void sim_klog_next_fault_text(struct sim *sim, const char *fmt, va_list ap);
/* What the console shows of @line: its fault text, if any, else its text. */
const char *sim_klog_console_text(const struct sim_klog_line *line);

/*
 * Whether a console shows @line among the output.  It runs as Debian's
 * kernel boots by default, with "quiet" (console_loglevel 4): errors and
 * worse, and the simulator's own lines; `dmesg` has every line.
 */
bool sim_klog_on_console(const struct sim_klog_line *line);

/*
 * The kernel's WARN report on @sim: cut-here line, @msg (WARN()'s, or
 * NULL), "WARNING: CPU: 0 PID: 1 at @file:@line @func" (sim/base/printk.c
 * says why so).
 */
void sim_warn_report(struct sim *sim, const char *file, int line, const char *func,
		     const char *msg);

size_t sim_klog_count(const struct sim *sim);
const struct sim_klog_line *sim_klog_get(const struct sim *sim, size_t i);
void sim_klog_clear(struct sim *sim);
void sim_klog_set_listener(struct sim *sim, sim_klog_listener fn, void *ctx);

/*
 * lib/ratelimit.c: at most @burst messages every @interval ns of the
 * current machine's virtual time; when a new interval starts after some
 * were dropped, "FUNC: N callbacks suppressed" is printed there first.
 * The kernel's dev_err_ratelimited() keeps one state per call site, for
 * the whole kernel; the simulated drivers keep one per device, so that a
 * machine never sees another's, nor a board its predecessor's.
 */
struct ratelimit_state {
	u64 interval;
	unsigned int burst;
	unsigned int printed;
	unsigned int missed;
	u64 begin;
	bool started;
};

#define DEFAULT_RATELIMIT_INTERVAL	(5 * NSEC_PER_SEC)
#define DEFAULT_RATELIMIT_BURST		10

void ratelimit_state_init(struct ratelimit_state *rs, u64 interval, unsigned int burst);
/* True when the caller @func may print now; always, with no current machine. */
bool ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(rs)	___ratelimit(rs, __func__)

#endif
