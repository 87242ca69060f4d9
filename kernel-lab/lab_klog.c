// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel log lines a command sets off, in the command's output.  The
 * simulator's console prints its kernel log as lines are logged, so a DMA
 * that faults shows intel-iommu's reports (dmar_fault() and
 * dmar_fault_do_one() in drivers/iommu/intel/dmar.c) before the command's
 * own lines.  Here the command marks where the log ends before it starts
 * the device, and afterwards reads the records logged since through the
 * kmsg_dump iterator, the lockless reader of the printk ring buffer that
 * 6.1 exports, and prints those that start with the prefixes it asks for.
 * Nothing is consumed: dmesg still has them.
 *
 * Records carry no time stamp here: record_print_text() adds "[  T] " when
 * printk.time is on, and it is cut off.
 */
#include <linux/kmsg_dump.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lab.h"

#define KLOG_LINE_MAX	1024

void lab_klog_mark(struct kmsg_dump_iter *iter)
{
	kmsg_dump_rewind(iter);
	iter->cur_seq = iter->next_seq;
}

/* The record's text after its "[    1.234567] " time stamp, if any. */
static const char *klog_text(const char *line)
{
	const char *end;

	if (line[0] != '[')
		return line;
	end = strstr(line, "] ");
	return end ? end + 2 : line;
}

/* The kind of line @text is, or NULL when it is none of @prefixes. */
static const struct lab_klog_prefix *klog_kind(const char *text,
					       const struct lab_klog_prefix *prefixes)
{
	for (; prefixes->prefix; prefixes++)
		if (!strncmp(text, prefixes->prefix, strlen(prefixes->prefix)))
			return prefixes;
	return NULL;
}

void lab_klog_print(struct kmsg_dump_iter *iter, const struct lab_klog_prefix *prefixes,
		    void (*seen)(const char *line, void *data), void *data)
{
	char *line = kmalloc(KLOG_LINE_MAX, GFP_KERNEL);
	size_t len;

	if (!line) {
		lab_err(-ENOMEM, "no memory to read the kernel log");
		return;
	}
	while (kmsg_dump_get_line(iter, false, line, KLOG_LINE_MAX - 1, &len)) {
		const struct lab_klog_prefix *kind;
		const char *text;

		line[len] = '\0';
		while (len && line[len - 1] == '\n')
			line[--len] = '\0';
		text = klog_text(line);
		kind = klog_kind(text, prefixes);
		if (!kind)
			continue;
		if (kind->as)
			lab_printf("%s%s\n", kind->as, text + strlen(kind->prefix));
		else
			lab_printf("%s\n", text);
		if (seen)
			seen(text, data);
	}
	kfree(line);
}
