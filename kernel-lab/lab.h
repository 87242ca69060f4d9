/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-lab: what the pieces of iommu_lab.ko share.  The module runs the
 * iommu-lab console's commands (docs/console.md) against the real Linux
 * IOMMU core and prints the same output lines, so that a lab script gives
 * the same transcript here and in the simulator.
 *
 * Everything a command touches is protected by lab_lock: the debugfs file
 * takes it around a whole written line, the PCI driver around probe and
 * remove.
 */
#ifndef KERNEL_LAB_LAB_H
#define KERNEL_LAB_LAB_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct iommu_domain;
struct pci_dev;

#define LAB_NAME_MAX	32	/* a mapping's name, with its NUL */
#define LAB_LINE_MAX	4096	/* the longest write to the command file */
#define LAB_MAX_SEGS	256	/* entries in one dma map_sg */

extern struct mutex lab_lock;

/* A device the module has bound, known to commands as "edu", "edu1", ... */
struct lab_dev {
	struct list_head node;
	struct pci_dev *pdev;
	char alias[16];
};

/*
 * A console command: @name is one or two words ("group list"), @args the
 * argument spec the console uses ("<dev> <name> [to|from|bidi]"), from
 * which the argument count is checked.  @fn gets the arguments after the
 * name and returns 0, or a negative errno after printing an error line.
 */
struct lab_cmd {
	const char *name;
	const char *args;
	int (*fn)(int argc, char **argv);
	const char *desc;
};

/* lab_debugfs.c: the command file. */
int lab_debugfs_init(void);
void lab_debugfs_release(void);

/* lab_out.c: the output of the last written line, read back by the file. */
int lab_out_init(void);
void lab_out_release(void);
/* Starts the output of a new line: what was there is dropped. */
void lab_out_reset(void);
/* Names the running command in error lines; NULL leaves it out. */
void lab_out_set_cmd(const char *name);
__printf(1, 2) void lab_printf(const char *fmt, ...);
/*
 * Prints "error: CMD: MESSAGE" and, when @err is a negative errno (the
 * real kernel's result), " (-ENAME)".  Returns @err, or -EINVAL for 0.
 */
__printf(2, 3) int lab_err(int err, const char *fmt, ...);
/* Copies the output to user space like a file read (simple_read_from_buffer). */
ssize_t lab_out_read(char __user *buf, size_t count, loff_t *ppos);

/* lab_parse.c: words and numbers, as the console reads them. */

/*
 * Splits @line, one line without its newline, into commands and words:
 * blanks separate words, ';' commands, '#' outside a word starts a
 * comment, quotes and '\' keep blanks in a word.  Calls @run for each non-empty command with its words
 * and returns the first failure, or 0.  A line that cannot be split (an
 * unterminated quote) runs nothing and returns -EINVAL after an error line.
 */
int lab_run_line(const char *line, int (*run)(int argc, char **argv));
/*
 * A size: decimal or 0x hex and an optional K, M or G, the whole word.
 * Returns 0, or -EINVAL with the reason in @err.
 */
int lab_parse_size(const char *s, u64 *out, char *err, size_t errlen);

/* lab_cmd.c: the command table. */
int lab_dispatch(int argc, char **argv);

/* lab_edu.c: the PCI driver and the devices it has bound. */
int lab_edu_register(void);
void lab_edu_unregister(void);
/* The bound device called @name (alias or PCI name), or NULL after an error line. */
struct lab_dev *lab_dev_find(const char *name);
/* Calls @fn for each bound device, in binding order. */
void lab_dev_for_each(void (*fn)(struct lab_dev *ldev, void *data), void *data);

/* lab_dma.c: the named DMA API mappings. */
/* Unmaps and frees every mapping of @ldev (NULL: of every device). */
void lab_dma_forget(struct lab_dev *ldev);

/* lab_group.c */
/*
 * The simulator's name for @domain: domains are numbered in the order the
 * module first sees them, "dom0" first, as the simulator numbers them in
 * allocation order.  "none" for NULL.
 */
const char *lab_domain_name(struct iommu_domain *domain);
/* "DMA", "DMA-FQ", "identity", "unmanaged", "blocked"; "none" for NULL. */
const char *lab_domain_type(struct iommu_domain *domain);

extern const struct lab_cmd lab_dev_cmds[];
extern const struct lab_cmd lab_dma_cmds[];
extern const struct lab_cmd lab_group_cmds[];

#endif
