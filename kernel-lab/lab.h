/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel-lab: what the pieces of iommu_lab.ko share.  The module runs the
 * iommu-lab console's commands (docs/console.md) against the real Linux
 * IOMMU core and prints the same output lines, so that a lab script gives
 * the same transcript here and in the simulator.
 *
 * Everything a command touches is protected by lab_lock: the debugfs file
 * takes it around a whole written line, the PCI driver around probe and
 * remove.  The software M4U's drivers and the IOMMU core call back into
 * the module during commands and from the driver core's deferred-probe
 * worker, which a command waits for holding lab_lock; those callbacks
 * never take it (the trace and the domain names have locks of their own).
 */
#ifndef KERNEL_LAB_LAB_H
#define KERNEL_LAB_LAB_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/stdarg.h>
#include <linux/types.h>
#include <grammar/grammar.h>
#include <sim/name.h>

struct device;
struct iommu_domain;

#define LAB_NAME_MAX	(SIM_NAME_MAX + 1)	/* a mapping's name, with its NUL */
#define LAB_LINE_MAX	4096	/* the longest write to the command file */
#define LAB_DEV_NAME_MAX 64	/* a device's name in commands, with its NUL */

extern struct mutex lab_lock;

/*
 * A device commands can name: an edu the PCI driver has bound, known as
 * "edu", "edu1", ... or by its PCI name; or a device of the software M4U's
 * board, known by its name.
 */
struct lab_dev {
	struct list_head node;
	struct device *dev;
	char alias[LAB_DEV_NAME_MAX];
	const char *state_before;	/* lab_dev_state() before a drv load */
	bool load_named;		/* named in that load's result line */
};

/*
 * A console command: @name is one or two words ("group list"), @args the
 * argument spec the console uses ("<dev> <name> [to|from|bidi]"; the
 * grammar's GRAM_SPEC_* where it is not plain), from which the grammar
 * checks the argument count.  @fn gets the arguments after the
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
 * real kernel's result), " (-ENAME)", as the console does: the grammar's
 * gram_err_line().  Returns @err, or -EINVAL for 0.
 */
__printf(2, 3) int lab_err(int err, const char *fmt, ...);
/* lab_err() of what the grammar refused: its message and errno. */
int lab_gram_err(const struct gram_err *e);
/* Copies the output to user space like a file read (simple_read_from_buffer). */
ssize_t lab_out_read(char __user *buf, size_t count, loff_t *ppos);

/* lab_cmd.c: the command table. */

/*
 * Splits @line, one line without its newline, into commands with the
 * console's grammar (gram_split()) and runs each that is not empty.
 * Returns the first failure, or 0.  A line that cannot be split (an
 * unterminated quote) runs nothing and returns -EINVAL after an error line.
 */
int lab_run_line(const char *line);

/* lab_edu.c: the PCI driver and edu's DMA engine. */
struct lab_edu;
struct page;
int lab_edu_register(void);
void lab_edu_unregister(void);
/* The edu behind @ldev, or NULL when it is not one (another PCI function, the M4U's). */
struct lab_edu *lab_edu_of(struct lab_dev *ldev);
/*
 * Turns the engine on, once: enables the function, maps BAR0, checks the
 * ID register, enables bus mastering.  0, or an errno after an error line.
 */
int lab_edu_start(struct lab_edu *e);
/* Whether a transfer is running (the run bit); the engine is on. */
bool lab_edu_busy(struct lab_edu *e);
/*
 * One transfer of @count bytes from device address @src to @dst, towards
 * RAM when @to_ram (edu's buffer is at 0x40000), polled until the run bit
 * clears.  0, or -ETIMEDOUT.
 */
int lab_edu_dma(struct lab_edu *e, u64 src, u64 dst, u64 count, bool to_ram);
/* A zeroed page that lives as long as the engine is on (lab_xfer.c's bounce). */
struct page *lab_edu_bounce(struct lab_edu *e);

/* lab_klog.c: the kernel log lines a command sets off. */
struct kmsg_dump_iter;
/* Remembers where the kernel log ends now. */
void lab_klog_mark(struct kmsg_dump_iter *iter);
/*
 * A kind of kernel log line a command prints: those that start with
 * @prefix, printed with @as in its place when @as is not NULL (the
 * console's form of the line).
 */
struct lab_klog_prefix {
	const char *prefix;
	const char *as;
};
/*
 * Prints the lines logged since @iter, without their time stamps, that
 * start with one of @prefixes (ended by an empty entry), and moves @iter
 * past them.  Each printed line, as logged, is also handed to @seen,
 * unless NULL.
 */
void lab_klog_print(struct kmsg_dump_iter *iter, const struct lab_klog_prefix *prefixes,
		    void (*seen)(const char *line, void *data), void *data);

/* lab_dev.c: the devices commands can name, in the order they came. */
/* "bound", "deferred" or "unbound"; "iommu", "direct" or "-" (no driver). */
const char *lab_dev_state(struct device *dev);
const char *lab_dev_dma(struct device *dev);
/* Adds @ldev, its alias set; or with @base set, the first free of BASE, BASE1, ... */
void lab_dev_add(struct lab_dev *ldev, const char *base);
void lab_dev_del(struct lab_dev *ldev);
/* The device called @name (alias or device name), or NULL after an error line. */
struct lab_dev *lab_dev_find(const char *name);
/* The same, without the error line. */
struct lab_dev *lab_dev_lookup(const char *name);
/* Calls @fn for each device, in the order they were added. */
void lab_dev_for_each(void (*fn)(struct lab_dev *ldev, void *data), void *data);

/* lab_dma.c: the named DMA API mappings. */
/* Unmaps and frees every mapping of @ldev (NULL: of every device). */
void lab_dma_forget(struct lab_dev *ldev);
/* Whether @ldev (NULL: any device) has mappings. */
bool lab_dma_busy(struct lab_dev *ldev);
/* Whether [@pa, @pa + @len) lies in one block of pages some mapping holds. */
bool lab_dma_holds(phys_addr_t pa, u64 len);
/*
 * The access (IOMMU_READ, IOMMU_WRITE) the DMA API asked the IOMMU driver
 * for at @iova, for one of @ldev's named mappings: dma-iommu's
 * dma_info_to_prot() of its direction.  -ENOENT when no named mapping
 * covers that page.
 */
int lab_dma_prot(struct lab_dev *ldev, u64 iova);

/* lab_group.c */
/*
 * The simulator's name for @domain: domains are numbered in the order the
 * module first sees them, "dom0" first, as the simulator numbers them in
 * allocation order.  "none" for NULL.
 */
const char *lab_domain_name(const struct iommu_domain *domain);
/* "DMA", "DMA-FQ", "identity", "unmanaged", "blocked"; "none" for NULL. */
const char *lab_domain_type(struct iommu_domain *domain);
/* @domain is being freed: the next domain at its address gets a new name. */
void lab_domain_forget(const struct iommu_domain *domain);

/*
 * lab_m4u_board.c, lab_m4u_drivers.c: the software M4U's board (where no
 * other IOMMU driver has the platform bus), its masters and its drivers;
 * the driver itself is iommu_lab_m4u.ko (lab_m4u.h).
 */
#define LAB_M4U_MAX_DEVS	64	/* the board's devices and masters */
/* Makes the board when the software M4U can be had; 0 too when it cannot. */
int lab_m4u_init(void);
/* Takes down the masters, the drivers and the board. */
void lab_m4u_release(void);
/* 0, or -ENODEV after an error line when there is no software M4U. */
int lab_m4u_check_on(void);
/* The board's device called @name, or NULL; commands only. */
struct device *lab_m4u_board_dev(const char *name);
/*
 * Where the board wires DMA port @port of @dev: 1 and its "iommus" cell
 * in *@id when through the M4U, 0 when straight to memory (a master with
 * no iommus= has one port, 0), -ENOENT when @dev has no such port,
 * -ENODEV when it is not the board's.
 */
int lab_m4u_master_port(struct device *dev, unsigned int port, u32 *id);
/* The board's smi-common, for the larbs' driver. */
struct device *lab_m4u_smi_common(void);
/* The M4U and larb models (lab_m4u_model.h) while the software M4U is on. */
struct lab_m4u_model *lab_m4u_board_model(void);
/* The IOMMU the master @dev's iommus= named. */
const char *lab_m4u_iommu_name(struct device *dev);
/* Drops the description of a master the IOMMU core has not taken. */
void lab_m4u_fwspec_forget(struct device *dev);
/*
 * Whether @dev is on the driver core's deferred-probe list; its reason, as
 * dev_err_probe() gave it, goes to @reason (@size bytes) unless NULL.
 */
bool lab_dev_deferred(struct device *dev, char *reason, size_t size);
/* The driver that binds @compatible, or NULL. */
const char *lab_m4u_driver_for(const char *compatible);
/* Unregisters the drivers `drv load` registered, last first. */
void lab_m4u_drivers_release(void);
/*
 * A probe of @dev succeeded and the driver core is about to bind it: drv
 * load names the devices it bound in this order.  Any context.
 */
void lab_m4u_note_bind(struct device *dev);
/* A probe of @dev failed with @err (not -EPROBE_DEFER), for drv load.  Any context. */
void lab_m4u_note_probe_fail(struct device *dev, int err);
/*
 * The M4U driver binds larb @larbdev: its port bits are at @mmu from now
 * on, written to MMU_EN each time the larb resumes; and unbinds it.
 */
void lab_m4u_larb_bind(struct device *larbdev, unsigned int *mmu);
void lab_m4u_larb_unbind(struct device *larbdev);
/* lab_m4u_dma.c: `dma read|write` of one of the board's devices, parsed. */
int lab_m4u_dma_rw(struct lab_dev *ldev, const struct gram_dma_args *a, bool write);
/* dev add and dev del: a master of the board, made or removed by hand. */
int lab_m4u_dev_add(int argc, char **argv);
int lab_m4u_dev_del(int argc, char **argv);

/*
 * lab_m4u_trace.c: the trace, in the simulator's "[T] EVENT key=value"
 * lines.  Events are recorded through <trace/events/iommu_lab.h>'s helpers
 * (the simulator's table), which hand them to lab_trace_event(); it
 * records while `trace on` is in force, in any context.
 */
int lab_trace_init(void);
void lab_trace_release(void);
/* Reports the driver core's and IOMMU core's events about @dev: 0 or -ENOSPC. */
int lab_trace_watch(struct device *dev);
void lab_trace_unwatch(struct device *dev);
/* The IOMMU core put @dev in, or took it out of, group @group_id. */
void lab_trace_group_event(bool added, int group_id, struct device *dev);

/* lab_m4u_tracepoints.c: the IOMMU core's tracepoints, heard while registered. */
int lab_tracepoints_register(void);
void lab_tracepoints_unregister(void);

/*
 * lab_m4u_probes.c: the IOMMU core's calls into the M4U driver, heard
 * while registered (the board registers them while the software M4U is on).
 */
int lab_m4u_probes_register(void);
void lab_m4u_probes_unregister(void);

extern const struct lab_cmd lab_dev_cmds[];
extern const struct lab_cmd lab_dma_cmds[];
extern const struct lab_cmd lab_group_cmds[];
extern const struct lab_cmd lab_m4u_cmds[];
extern const struct lab_cmd lab_m4u_drv_cmds[];
extern const struct lab_cmd lab_trace_cmds[];
extern const struct lab_cmd lab_xfer_cmds[];

#endif
