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

void sim_vprintk(struct sim *sim, bool fault, const char *prefix,
		 const char *fmt, va_list ap)
{
	struct sim_klog_line line;
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
	line.fault = fault;

	if (sim->klog.count == sim->klog.cap) {
		size_t cap = sim->klog.cap ? sim->klog.cap * 2 : 64;
		struct sim_klog_line *grown = realloc(sim->klog.lines, cap * sizeof(*grown));

		if (!grown) {
			free(line.text);
			return;
		}
		sim->klog.lines = grown;
		sim->klog.cap = cap;
	}
	sim->klog.lines[sim->klog.count++] = line;
	if (sim->klog.listener)
		sim->klog.listener(sim, &line, sim->klog.listener_ctx);
}

void sim_printk(struct sim *sim, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_vprintk(sim, false, "", fmt, ap);
	va_end(ap);
}

void sim_printk_fault(struct sim *sim, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_vprintk(sim, true, "", fmt, ap);
	va_end(ap);
}

int _printk(const char *fmt, ...)
{
	struct sim *sim = sim_current();
	va_list ap;

	if (!sim)
		return 0;
	va_start(ap, fmt);
	sim_vprintk(sim, false, "", fmt, ap);
	va_end(ap);
	return 0;
}

void __warn(const char *func)
{
	struct sim *sim = sim_current();

	if (!sim)
		return;
	sim_printk(sim, "WARNING: at %s", func);
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
	for (size_t i = 0; i < sim->klog.count; i++)
		free(sim->klog.lines[i].text);
	free(sim->klog.lines);
	sim->klog.lines = NULL;
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
