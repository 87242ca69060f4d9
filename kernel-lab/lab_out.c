// SPDX-License-Identifier: GPL-2.0
/*
 * The output buffer: every line a command prints, results and error lines
 * in the order they were printed, kept until the next write to the command
 * file and read back from it.  Output that does not fit is cut at a line
 * and ends with a line saying so.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "lab.h"

#define LAB_OUT_SIZE	(64 * 1024)
#define LAB_OUT_CUT	"error: output cut: more than 64 KiB\n"

static char *out_buf;
static size_t out_len;
static bool out_cut;
static const char *out_cmd;

int lab_out_init(void)
{
	out_buf = kvmalloc(LAB_OUT_SIZE, GFP_KERNEL);
	return out_buf ? 0 : -ENOMEM;
}

void lab_out_release(void)
{
	kvfree(out_buf);
	out_buf = NULL;
}

void lab_out_reset(void)
{
	out_len = 0;
	out_cut = false;
	out_cmd = NULL;
}

void lab_out_set_cmd(const char *name)
{
	out_cmd = name;
}

/* Appends one formatted piece; keeps room for the cut notice. */
static void out_vadd(const char *fmt, va_list ap)
{
	size_t room = LAB_OUT_SIZE - sizeof(LAB_OUT_CUT) - out_len;
	va_list aq;
	int n;

	if (out_cut)
		return;
	va_copy(aq, ap);
	n = vsnprintf(out_buf + out_len, room, fmt, aq);
	va_end(aq);
	if (n >= 0 && (size_t)n < room) {
		out_len += n;
		return;
	}
	/* Drop the partial line, then say what happened. */
	while (out_len && out_buf[out_len - 1] != '\n')
		out_len--;
	memcpy(out_buf + out_len, LAB_OUT_CUT, sizeof(LAB_OUT_CUT) - 1);
	out_len += sizeof(LAB_OUT_CUT) - 1;
	out_cut = true;
}

static __printf(1, 2) void out_add(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vadd(fmt, ap);
	va_end(ap);
}

void lab_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vadd(fmt, ap);
	va_end(ap);
}

int lab_err(int err, const char *fmt, ...)
{
	/* Commands run one at a time, under lab_lock: the line can be static. */
	static char line[4 * GRAM_MSG_MAX + 128];
	char msg[GRAM_MSG_MAX], name[32];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* %pe names the errno ("-ENOMEM"): Debian builds with SYMBOLIC_ERRNAME. */
	if (err < 0)
		snprintf(name, sizeof(name), "%pe", ERR_PTR(err));
	gram_err_line(line, sizeof(line), out_cmd, msg, err < 0 ? name : NULL);
	out_add("%s", line);
	return err < 0 ? err : -EINVAL;
}

int lab_gram_err(const struct gram_err *e)
{
	return lab_err(e->err, "%s", e->msg);
}

ssize_t lab_out_read(char __user *buf, size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, out_buf, out_len);
}
