// SPDX-License-Identifier: GPL-2.0
/*
 * `dma read` and `dma write`: edu's DMA engine moves bytes between its
 * 4 KiB buffer and RAM through the IOMMU, with the console's arguments,
 * checks and output lines (console/cmd_dma.c and sim/hw/edu.c's
 * edu_dma_engine()):
 *
 *   dma read edu IOVA LEN    the device reads RAM at IOVA into its buffer;
 *                            prints the first 16 bytes it got
 *   dma write edu IOVA LEN [byte=V]
 *                            the device writes LEN bytes of V (0x5a) from
 *                            its buffer to RAM at IOVA
 *
 * The simulator's console stands in for a driver and reaches edu's buffer
 * through a back door; QEMU's buffer is reachable only by DMA.  So each
 * command makes two transfers, and the one the command is about moves
 * exactly what the simulator's moves:
 *
 *   dma read:  RAM at IOVA -> buffer (the command's transfer), then
 *              buffer -> the bounce page, which the CPU reads;
 *   dma write: the bounce page, filled with V by the CPU -> buffer, then
 *              buffer -> RAM at IOVA (the command's transfer).
 *
 * The bounce page is mapped with iommu_map() at IOVA 0 in the device's own
 * domain for the bounce transfer only, and unmapped (and flushed) before
 * the command's transfer: the IOVA allocator of dma-iommu never hands out
 * page 0 (iommu_dma_init_domain() starts the space at pfn 1 at least), so
 * no mapping of the DMA API can be there, and while the command's
 * transfer runs the domain holds only what the script mapped.
 *
 * What is printed, in the simulator's order:
 *  - the kernel log lines the transfers set off: intel-iommu's fault
 *    reports ("DMAR: DRHD: handling fault status reg 2", "DMAR: [DMA Read
 *    NO_PASID] Request device [00:03.0] fault addr 0x... [fault reason
 *    0x06] PTE Read access is not set") and the ratelimit's "dmar_fault: N
 *    callbacks suppressed", read back from the printk ring buffer
 *    (lab_klog.c).  Ratelimiting is the kernel's own;
 *  - "dma read|write DEV iova=0x.. len=0x.. -> 0|fault";
 *  - one line per page of the range, " iova=0x.. pa=0x.. len=0x..", from
 *    the domain's page table (iommu_iova_to_phys()), or " iova=0x.. pa=-
 *    len=0x.. abort" for a page the device may not access that way: no
 *    translation, or, for a write, a leaf without W.  Whether a leaf has
 *    W comes from the named mapping's direction (a `to` mapping is
 *    read-only, dma_info_to_prot()); every 6.1 leaf has R, a `from`
 *    mapping's too (xfer_may_write()).  The simulator ends each line with
 *    how its IOTLB answered (hit, miss); a real IOTLB cannot be watched,
 *    so that word is left out here and t0600 drops it there.  "-> fault"
 *    when any page aborts;
 *  - for a read, " data" and the first 16 bytes the buffer received.
 *
 * The outcome is then checked, every byte, against RAM as the CPU sees
 * it at the physical pages the page table names: what the device read
 * must be what RAM holds, what it wrote must be there; a refused read
 * must have got zeros (QEMU's answer), a refused write must have left
 * RAM as it was.  A difference is an error line; so is a fault report
 * for this device at a page the pieces say it may access.
 *
 * QEMU 7.2's edu cannot move its buffer's last byte (edu_check_range()
 * stops the machine on a transfer that ends at the buffer's end), so a
 * 0x1000-byte transfer is refused here, which the simulator allows.
 *
 * Only edu has an engine here: another PCI function handed to the driver
 * gets an error, its registers untouched.  The software M4U's masters go
 * through the M4U model instead (lab_m4u_dma.c).  An identity (passthrough)
 * domain has no page table for the bounce page, and is refused.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/kmsg_dump.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "lab.h"


#define EDU_BUF		0x40000		/* the buffer's device address */
#define EDU_BUF_SIZE	4096
#define EDU_ADDR_MASK	DMA_BIT_MASK(28)	/* the engine's address bits */

#define BOUNCE_IOVA	0

/* A transfer of at most the buffer's size touches at most two pages. */
#define XFER_MAX_PIECES	(EDU_BUF_SIZE / PAGE_SIZE + 1)

struct xfer_piece {
	u64 iova, len;
	phys_addr_t pa;		/* 0: no translation */
	bool abort;
};

struct xfer {
	struct lab_dev *ldev;
	struct lab_edu *edu;
	struct iommu_domain *domain;
	u64 addr, len;
	bool write;
	u8 byte;
	struct xfer_piece piece[XFER_MAX_PIECES];
	int npieces;
	bool fault;
	u64 unexplained;	/* a reported fault's page no piece aborts at */
	bool has_unexplained;
	u8 before[EDU_BUF_SIZE];	/* a write's refused pages, before it */
};

static const struct lab_klog_prefix xfer_klog_prefixes[] = {
	{ "DMAR: " },		/* dmar_fault(), dmar_fault_do_one() */
	{ "dmar_fault: " },	/* the ratelimit's "N callbacks suppressed" */
	{ }
};

/*
 * Whether the leaf that maps @iova lets the device write: what 6.1's
 * intel_iommu_map() and __domain_mapping() make of the mapping's
 * IOMMU_READ and IOMMU_WRITE.  W is IOMMU_WRITE.  R is always there: the
 * leaf gets DMA_FL_PTE_PRESENT whatever the table format, and that is bit
 * 0, DMA_PTE_READ in the second-level tables QEMU's intel-iommu walks; so
 * a DMA_FROM_DEVICE buffer reads as well.  A page no named mapping covers
 * is taken as read-write.
 */
static bool xfer_may_write(struct xfer *x, u64 iova)
{
	int prot = lab_dma_prot(x->ldev, iova);

	return prot < 0 || (prot & IOMMU_WRITE);
}

/* The range page by page, from the page table. */
static void xfer_pieces(struct xfer *x)
{
	u64 a = x->addr, end = x->addr + x->len;

	x->npieces = 0;
	while (a < end && x->npieces < XFER_MAX_PIECES) {
		struct xfer_piece *p = &x->piece[x->npieces++];
		u64 next = min_t(u64, (a & PAGE_MASK) + PAGE_SIZE, end);

		p->iova = a;
		p->len = next - a;
		p->pa = iommu_iova_to_phys(x->domain, a);
		p->abort = !p->pa || (x->write && !xfer_may_write(x, a));
		x->fault |= p->abort;
		a = next;
	}
}

/* RAM the CPU can look at, at @pa: a page of the kernel's direct map. */
static const u8 *xfer_ram(phys_addr_t pa)
{
	return pa && page_is_ram(PHYS_PFN(pa)) ? phys_to_virt(pa) : NULL;
}

/* A write's refused pages that have RAM behind them, as they are now. */
static void xfer_snapshot(struct xfer *x)
{
	int i;

	for (i = 0; i < x->npieces; i++) {
		const struct xfer_piece *p = &x->piece[i];
		const u8 *ram = xfer_ram(p->pa);

		if (p->abort && ram)
			memcpy(x->before + (p->iova - x->addr), ram, p->len);
	}
}

/*
 * One transfer between edu's buffer and the bounce page, mapped at IOVA 0
 * for it alone.
 */
static int xfer_bounce(struct xfer *x, bool to_ram)
{
	phys_addr_t pa = page_to_phys(lab_edu_bounce(x->edu));
	int ret;

	if (iommu_iova_to_phys(x->domain, BOUNCE_IOVA))
		return lab_err(-EBUSY, "IOVA 0, where the bounce page goes, is mapped");
	ret = iommu_map(x->domain, BOUNCE_IOVA, pa, PAGE_SIZE, IOMMU_READ | IOMMU_WRITE);
	if (ret)
		return lab_err(ret, "cannot map the bounce page at IOVA 0");
	if (to_ram)
		ret = lab_edu_dma(x->edu, EDU_BUF, BOUNCE_IOVA, x->len, true);
	else
		ret = lab_edu_dma(x->edu, BOUNCE_IOVA, EDU_BUF, x->len, false);
	iommu_unmap(x->domain, BOUNCE_IOVA, PAGE_SIZE);
	if (ret)
		return lab_err(ret, "edu's bounce transfer did not finish");
	return 0;
}

/* A fault report for this device: is its page one the pieces abort at? */
static void xfer_seen(const char *line, void *data)
{
	struct xfer *x = data;
	struct pci_dev *pdev = to_pci_dev(x->ldev->dev);
	unsigned long long addr;
	const char *p;
	char who[32];
	int i;

	snprintf(who, sizeof(who), "Request device [%02x:%02x.%d]", pdev->bus->number,
		 PCI_SLOT(pdev->devfn), PCI_FUNC(pdev->devfn));
	if (!strstr(line, who))
		return;
	p = strstr(line, "fault addr 0x");
	if (!p || sscanf(p, "fault addr 0x%llx", &addr) != 1)
		return;
	for (i = 0; i < x->npieces; i++)
		if (x->piece[i].abort && (x->piece[i].iova & PAGE_MASK) == addr)
			return;
	x->unexplained = addr;
	x->has_unexplained = true;
}

static void xfer_print(struct xfer *x, const u8 *data)
{
	char line[GRAM_DATA_LINE];
	int i;

	lab_printf(GRAM_FMT_DMA, x->write ? "write" : "read",
		   dev_name(x->ldev->dev), x->addr, x->len, x->fault ? "fault" : "0");
	for (i = 0; i < x->npieces; i++) {
		const struct xfer_piece *p = &x->piece[i];

		if (p->abort)
			lab_printf(GRAM_FMT_DMA_ABORT, p->iova, p->len);
		else
			lab_printf(GRAM_FMT_DMA_PIECE "\n", p->iova, (unsigned long long)p->pa,
				   p->len);
	}
	if (!data)
		return;
	gram_data_line(line, data, x->len);
	lab_printf("%s", line);
}

/*
 * Every byte, against RAM through the CPU at the physical pages the page
 * table names.  A page that did not abort: a read's @data must be what RAM
 * holds, a write's byte must be there.  A page that aborted: a read must
 * have got zeros (QEMU's answer to a refused read), and a write must have
 * left RAM as it was.
 */
static int xfer_check(struct xfer *x, const u8 *data)
{
	int i;

	for (i = 0; i < x->npieces; i++) {
		const struct xfer_piece *p = &x->piece[i];
		const u8 *ram = xfer_ram(p->pa);
		u64 j;

		for (j = 0; j < p->len; j++) {
			u64 at = p->iova - x->addr + j;

			if (p->abort && !x->write && data[at])
				return lab_err(-EIO, "byte at iova 0x%llx: the device read 0x%02x through a refused page",
					       p->iova + j, data[at]);
			if (!ram)
				continue;
			if (p->abort && x->write && ram[j] != x->before[at])
				return lab_err(-EIO, "byte at iova 0x%llx: the device wrote 0x%02x through a refused page",
					       p->iova + j, ram[j]);
			if (!p->abort && ram[j] != (x->write ? x->byte : data[at]))
				return lab_err(-EIO, "byte at iova 0x%llx is 0x%02x in RAM, 0x%02x %s the device",
					       p->iova + j, ram[j], x->write ? x->byte : data[at],
					       x->write ? "written by" : "read by");
		}
	}
	return 0;
}

static int xfer_run(struct xfer *x)
{
	u8 *bounce = page_address(lab_edu_bounce(x->edu));
	struct kmsg_dump_iter iter;
	int ret;

	lab_klog_mark(&iter);
	if (x->write) {
		/* The buffer gets the bytes first, from the bounce page. */
		memset(bounce, x->byte, x->len);
		ret = xfer_bounce(x, false);
		if (ret)
			goto out_log;
		xfer_pieces(x);
		xfer_snapshot(x);
		ret = lab_edu_dma(x->edu, EDU_BUF, x->addr, x->len, true);
	} else {
		xfer_pieces(x);
		ret = lab_edu_dma(x->edu, x->addr, EDU_BUF, x->len, false);
	}
	if (ret) {
		lab_err(ret, "edu's transfer did not finish");
		goto out_log;
	}
	/* The fault interrupt comes after the transfer: let it be handled. */
	usleep_range(2000, 3000);
	if (!x->write)
		ret = xfer_bounce(x, true);
out_log:
	lab_klog_print(&iter, xfer_klog_prefixes, xfer_seen, x);
	if (ret)
		return ret;
	xfer_print(x, x->write ? NULL : bounce);
	if (x->has_unexplained)
		return lab_err(-EIO, "the IOMMU reported a fault at 0x%llx, a page the device may access",
			       x->unexplained);
	return xfer_check(x, bounce);
}

static int xfer_cmd(int argc, char **argv, bool write)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct gram_dma_args a;
	struct gram_err e;
	struct xfer *x;
	u32 id;
	int ret;

	if (!ldev)
		return -ENODEV;
	if (gram_parse_dma_args(argc, argv, write, &a, &e))
		return lab_gram_err(&e);
	/* the software M4U's devices: through the M4U model */
	if (lab_m4u_master_port(ldev->dev, 0, &id) != -ENODEV)
		return lab_m4u_dma_rw(ldev, &a, write);
	/* A PCI function has one DMA port, the simulator's port 0. */
	if (a.port >= 1)
		return lab_err(-ENOENT, GRAM_E_DMA_PORT, argv[0], a.port);
	x = kzalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return lab_err(-ENOMEM, GRAM_E_NOMEM);
	x->ldev = ldev;
	x->write = write;
	x->addr = a.iova;
	x->len = a.len;
	x->byte = a.byte;
	x->edu = lab_edu_of(ldev);
	if (!x->edu) {
		ret = lab_err(-EOPNOTSUPP, "device '%s' is not an edu: kernel-lab drives edu's DMA engine only",
			      argv[0]);
		goto out;
	}
	/* What sim/hw/edu.c's engine refuses, in its order. */
	if (x->len > EDU_BUF_SIZE) {
		ret = -EINVAL;
	} else if (x->len == EDU_BUF_SIZE) {
		/*
		 * QEMU 7.2's edu_check_range() wants a transfer to end before
		 * the buffer's end, not at it, and stops the whole machine
		 * (hw_error()) otherwise: the buffer's last byte cannot be
		 * moved there.  Later QEMUs take it; the simulator does.
		 */
		ret = lab_err(-EINVAL, "device '%s': a 0x%llx-byte transfer would stop QEMU 7.2's edu (at most 0x%x)",
			      argv[0], x->len, EDU_BUF_SIZE - 1);
		goto out;
	} else if ((x->addr + x->len - 1) & ~EDU_ADDR_MASK) {
		ret = -ERANGE;
	} else {
		ret = lab_edu_start(x->edu);
		if (ret)
			goto out;
		if (lab_edu_busy(x->edu))
			ret = -EBUSY;
	}
	if (ret) {
		lab_err(ret, GRAM_E_DMA_REFUSED, argv[0], x->len, x->addr);
		goto out;
	}
	x->domain = iommu_get_domain_for_dev(ldev->dev);
	if (!x->domain || !(x->domain->type & __IOMMU_DOMAIN_PAGING)) {
		ret = lab_err(-EOPNOTSUPP, "device '%s' has no translating domain for the bounce page",
			      argv[0]);
		goto out;
	}
	ret = xfer_run(x);
out:
	kfree(x);
	return ret;
}

static int cmd_dma_read(int argc, char **argv)
{
	return xfer_cmd(argc, argv, false);
}

static int cmd_dma_write(int argc, char **argv)
{
	return xfer_cmd(argc, argv, true);
}

const struct lab_cmd lab_xfer_cmds[] = {
	{ "dma read", GRAM_SPEC_DMA_READ, cmd_dma_read,
	  "edu's engine reads RAM at the IOVA into its buffer, through the IOMMU" },
	{ "dma write", GRAM_SPEC_DMA_WRITE, cmd_dma_write,
	  "edu's engine writes bytes (default 0x5a) from its buffer to RAM at the IOVA" },
	{ }
};
