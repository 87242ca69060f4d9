/*
 * The kernel log (printk) and lib/ratelimit.c.  dev_printk(), which
 * knows the driver core's struct device, is core's (sim/core/dev_printk.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/printk.h>

#include <linux/bug.h>
#include <linux/printk.h>
#include <sim/sim.h>

/* The level "\001N" at the start of @fmt gives, as printk_get_level(); skips it. */
static int printk_take_level(const char **fmt, int level)
{
	const char *f = *fmt;

	if (f[0] == '\001' && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return level;
}

void sim_vprintk(struct sim *sim, int level, bool fault, const char *prefix,
		 const char *fmt, va_list ap)
{
	struct sim_klog_line line = { 0 };
	char *msg;
	size_t len;

	msg = sim_vasprintf(fmt, ap);
	if (!msg)
		return;
	len = strlen(msg);
	if (len && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	if (asprintf(&line.text, "%s%s", prefix, msg) < 0) {
		free(msg);
		return;
	}
	free(msg);
	line.time = sim->now;
	line.level = level;
	line.fault = fault;
	if (fault) {
		line.fault_text = sim->klog.next_fault_text;
		sim->klog.next_fault_text = NULL;
	}

	if (sim->klog.count == sim->klog.cap) {
		size_t cap = sim->klog.cap ? sim->klog.cap * 2 : 64;
		struct sim_klog_line *grown = realloc(sim->klog.lines, cap * sizeof(*grown));

		if (!grown) {
			free(line.text);
			free(line.fault_text);
			return;
		}
		sim->klog.lines = grown;
		sim->klog.cap = cap;
	}
	sim->klog.lines[sim->klog.count++] = line;
	if (sim->klog.listener)
		sim->klog.listener(sim, &line, sim->klog.listener_ctx);
}

void sim_klog_next_fault_text(struct sim *sim, const char *fmt, va_list ap)
{
	free(sim->klog.next_fault_text);
	sim->klog.next_fault_text = sim_vasprintf(fmt, ap);
}

const char *sim_klog_console_text(const struct sim_klog_line *line)
{
	return line->fault_text ? line->fault_text : line->text;
}

bool sim_klog_on_console(const struct sim_klog_line *line)
{
	return line->level < LOGLEVEL_WARNING;
}

void sim_printk(struct sim *sim, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_vprintk(sim, SIM_LOGLEVEL_OWN, false, "", fmt, ap);
	va_end(ap);
}

void sim_printk_level(struct sim *sim, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_vprintk(sim, level, false, "", fmt, ap);
	va_end(ap);
}

void sim_printk_fault(struct sim *sim, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_vprintk(sim, LOGLEVEL_ERR, true, "", fmt, ap);
	va_end(ap);
}

int _printk(const char *fmt, ...)
{
	struct sim *sim = sim_current();
	va_list ap;
	int level;

	if (!sim)
		return 0;
	level = printk_take_level(&fmt, LOGLEVEL_DEFAULT);
	va_start(ap, fmt);
	sim_vprintk(sim, level, false, "", fmt, ap);
	va_end(ap);
	return 0;
}

/*
 * The kernel's WARN report (__warn() in kernel/panic.c), its first lines:
 * "------------[ cut here ]------------", WARN()'s message if any, then
 * "WARNING: CPU: 0 PID: 1 at FILE:LINE FUNC".  The simulator runs
 * everything on one CPU as one task, which the kernel would call init
 * (PID 1, as at boot).  FILE:LINE FUNC is where the WARN is: the
 * simulator's own source line for its WARN_ON()s, the kernel's for a WARN
 * it models (refcount_t's); FUNC stands for the kernel's "%pS"
 * (FUNC+0xOFFSET/0xSIZE), whose offset and size, instruction addresses,
 * the simulator does not have: left out rather than made up.  The
 * modules, registers and call trace that follow in the kernel are not
 * printed.  All at KERN_WARNING: `dmesg` shows them, the quiet console not.
 */
void sim_warn_report(struct sim *sim, const char *file, int line, const char *func,
		     const char *msg)
{
	sim_printk_level(sim, LOGLEVEL_WARNING, "------------[ cut here ]------------");
	if (msg)
		sim_printk_level(sim, LOGLEVEL_WARNING, "%s", msg);
	sim_printk_level(sim, LOGLEVEL_WARNING, "WARNING: CPU: 0 PID: 1 at %s:%d %s",
			 file, line, func);
}

void __warn(const char *file, int line, const char *func)
{
	struct sim *sim = sim_current();

	if (!sim)
		return;
	sim_warn_report(sim, file, line, func, NULL);
	trace_bug_warn_on(sim, func);
}

size_t sim_klog_count(const struct sim *sim)
{
	return sim->klog.count;
}

const struct sim_klog_line *sim_klog_get(const struct sim *sim, size_t i)
{
	return i < sim->klog.count ? &sim->klog.lines[i] : NULL;
}

void sim_klog_clear(struct sim *sim)
{
	for (size_t i = 0; i < sim->klog.count; i++) {
		free(sim->klog.lines[i].text);
		free(sim->klog.lines[i].fault_text);
	}
	free(sim->klog.lines);
	sim->klog.lines = NULL;
	free(sim->klog.next_fault_text);
	sim->klog.next_fault_text = NULL;
	sim->klog.count = 0;
	sim->klog.cap = 0;
}

void sim_klog_set_listener(struct sim *sim, sim_klog_listener fn, void *ctx)
{
	sim->klog.listener = fn;
	sim->klog.listener_ctx = ctx;
}

void ratelimit_state_init(struct ratelimit_state *rs, u64 interval, unsigned int burst)
{
	memset(rs, 0, sizeof(*rs));
	rs->interval = interval;
	rs->burst = burst;
}

bool ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	struct sim *sim = sim_current();

	if (!rs->interval || !sim)
		return true;
	if (!rs->started) {
		rs->started = true;
		rs->begin = sim->now;
	}
	if (sim->now > rs->begin + rs->interval) {
		if (rs->missed) {
			sim_printk(sim, "%s: %u callbacks suppressed", func, rs->missed);
			rs->missed = 0;
		}
		rs->begin = sim->now;
		rs->printed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		return true;
	}
	rs->missed++;
	return false;
}
