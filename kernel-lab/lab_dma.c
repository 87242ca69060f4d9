// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA API from the command file: `dma map` (dma_map_page), `dma
 * map_sg` (dma_map_sgtable) and `dma unmap`, with the console's arguments,
 * checks and output lines (console/cmd_dma_map.c).  Each mapping has a
 * name; its buffers are fresh pages, one alloc_pages() block per segment,
 * the data starting at the segment's offset into its first page.  A block
 * is at most MAX_ORDER - 1 pages (4 MiB on x86), so a longer segment is
 * refused here where the simulator would map it.
 *
 * Unloading the module, or unbinding a device, unmaps its mappings and
 * frees their pages.
 */
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>

#include "lab.h"

struct lab_map {
	struct list_head node;
	char name[LAB_NAME_MAX];
	struct lab_dev *ldev;
	bool is_sg;
	enum dma_data_direction dir;
	struct sg_table sgt;		/* one entry per segment */
	struct page **pages;		/* each entry's block ... */
	unsigned int *orders;		/* ... and its order */
	int nents;			/* entries with a block */
	dma_addr_t addr;		/* dma map's handle */
	unsigned int len;		/* dma map's length */
};

static LIST_HEAD(lab_maps);

static struct lab_map *find_map(const char *name)
{
	struct lab_map *m;

	list_for_each_entry(m, &lab_maps, node)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

static void map_free(struct lab_map *m)
{
	int i;

	for (i = 0; i < m->nents; i++)
		__free_pages(m->pages[i], m->orders[i]);
	sg_free_table(&m->sgt);
	kfree(m->pages);
	kfree(m->orders);
	kfree(m);
}

static const enum dma_data_direction lab_dir[] = {
	[GRAM_DIR_BIDI] = DMA_BIDIRECTIONAL,
	[GRAM_DIR_TO] = DMA_TO_DEVICE,
	[GRAM_DIR_FROM] = DMA_FROM_DEVICE,
};

/*
 * dma-direct warns when a buffer lies beyond the mask and there is no
 * bounce buffer to fall back on; a command must never warn, so such a
 * buffer is refused before the call.
 */
static int check_direct(struct device *dev, struct scatterlist *s, const char *seg)
{
	phys_addr_t phys = sg_phys(s);

	if (get_dma_ops(dev) || is_swiotlb_active(dev) ||
	    dma_capable(dev, phys_to_dma(dev, phys), s->length, true))
		return 0;
	return lab_err(-EIO, "segment '%s' at pa 0x%llx is out of reach of the DMA mask", seg,
		       (unsigned long long)phys);
}

/* Parses DEV NAME SEG... [dir] into a fresh, unmapped map, or NULL after an error line. */
static struct lab_map *map_parse(int argc, char **argv, bool sg)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct scatterlist *s;
	struct gram_err e;
	struct lab_map *m;
	enum gram_dir dir;
	int nsegs, i;

	if (!ldev)
		return NULL;
	if (gram_check_name("mapping", argv[1], &e)) {
		lab_gram_err(&e);
		return NULL;
	}
	if (find_map(argv[1])) {
		lab_err(-EEXIST, GRAM_E_MAP_EXISTS, argv[1]);
		return NULL;
	}
	if (gram_parse_map_args(argc, argv, sg, &nsegs, &dir, &e)) {
		lab_gram_err(&e);
		return NULL;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		goto out_nomem;
	m->pages = kcalloc(nsegs, sizeof(*m->pages), GFP_KERNEL);
	m->orders = kcalloc(nsegs, sizeof(*m->orders), GFP_KERNEL);
	if (!m->pages || !m->orders || sg_alloc_table(&m->sgt, nsegs, GFP_KERNEL))
		goto out_free_nomem;
	strscpy(m->name, argv[1], sizeof(m->name));
	m->ldev = ldev;
	m->is_sg = sg;
	m->dir = lab_dir[dir];
	for_each_sg(m->sgt.sgl, s, nsegs, i) {
		u64 len, off;
		int order;

		if (gram_parse_seg(argv[2 + i], &len, &off, &e)) {
			lab_gram_err(&e);
			goto out_free;
		}
		order = get_order(off + len);
		if (order >= MAX_ORDER) {
			lab_err(-ENOMEM, "no page block for segment '%s': at most 0x%lx bytes",
				argv[2 + i], PAGE_SIZE << (MAX_ORDER - 1));
			goto out_free;
		}
		m->pages[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN, order);
		if (!m->pages[i]) {
			lab_err(-ENOMEM, GRAM_E_NO_RAM_SEG, argv[2 + i]);
			goto out_free;
		}
		m->orders[i] = order;
		m->nents = i + 1;
		sg_set_page(s, m->pages[i], len, off);
		if (check_direct(ldev->dev, s, argv[2 + i]))
			goto out_free;
	}
	return m;

out_free_nomem:
	lab_err(-ENOMEM, GRAM_E_NOMEM);
out_free:
	map_free(m);
	return NULL;
out_nomem:
	lab_err(-ENOMEM, GRAM_E_NOMEM);
	return NULL;
}

static int cmd_dma_map(int argc, char **argv)
{
	struct lab_map *m = map_parse(argc, argv, false);
	struct scatterlist *s;
	struct device *dev;

	if (!m)
		return -EINVAL;
	dev = m->ldev->dev;
	s = m->sgt.sgl;
	m->addr = dma_map_page(dev, sg_page(s), s->offset, s->length, m->dir);
	if (dma_mapping_error(dev, m->addr)) {
		map_free(m);
		return lab_err(-ENOMEM, GRAM_E_MAP_PAGE, argv[1]);
	}
	m->len = s->length;
	list_add(&m->node, &lab_maps);
	lab_printf(GRAM_FMT_MAP, m->name, (unsigned long long)m->addr, m->len);
	return 0;
}

static int cmd_dma_map_sg(int argc, char **argv)
{
	struct lab_map *m = map_parse(argc, argv, true);
	struct scatterlist *s;
	int i, ret;

	if (!m)
		return -EINVAL;
	ret = dma_map_sgtable(m->ldev->dev, &m->sgt, m->dir, 0);
	lab_printf(GRAM_FMT_MAP_SG, m->name, (int)m->sgt.orig_nents,
		   ret ? 0 : (int)m->sgt.nents);
	if (ret) {
		map_free(m);
		return lab_err(ret, GRAM_E_MAP_SG, argv[1]);
	}
	for_each_sgtable_dma_sg(&m->sgt, s, i)
		lab_printf(GRAM_FMT_MAP_SEG, i,
			   (unsigned long long)sg_dma_address(s), sg_dma_len(s));
	list_add(&m->node, &lab_maps);
	return 0;
}

static void map_unmap(struct lab_map *m)
{
	struct device *dev = m->ldev->dev;

	if (m->is_sg)
		dma_unmap_sgtable(dev, &m->sgt, m->dir, 0);
	else
		dma_unmap_page(dev, m->addr, m->len, m->dir);
	list_del(&m->node);
	map_free(m);
}

static int cmd_dma_unmap(int argc, char **argv)
{
	struct lab_dev *ldev = lab_dev_find(argv[0]);
	struct lab_map *m;

	if (!ldev)
		return -ENODEV;
	m = find_map(argv[1]);
	if (!m)
		return lab_err(-ENOENT, GRAM_E_NO_MAPPING, argv[1]);
	if (m->ldev != ldev)
		return lab_err(-EINVAL, GRAM_E_MAP_OWNER, argv[1],
			       dev_name(m->ldev->dev));
	map_unmap(m);
	lab_printf(GRAM_FMT_UNMAP, argv[1]);
	return 0;
}

bool lab_dma_busy(struct lab_dev *ldev)
{
	struct lab_map *m;

	list_for_each_entry(m, &lab_maps, node)
		if (!ldev || m->ldev == ldev)
			return true;
	return false;
}

bool lab_dma_holds(phys_addr_t pa, u64 len)
{
	struct lab_map *m;
	int i;

	list_for_each_entry(m, &lab_maps, node) {
		for (i = 0; i < m->nents; i++) {
			phys_addr_t start = page_to_phys(m->pages[i]);
			u64 size = PAGE_SIZE << m->orders[i];

			if (pa >= start && len <= size && pa - start <= size - len)
				return true;
		}
	}
	return false;
}

/*
 * The pages of IOVA space @m covers: dma map's buffer, rounded out to
 * pages; a list's whole range, from its first DMA segment to the end of
 * its last, since dma-iommu maps a list as one contiguous IOVA range
 * (padding between segments included).
 */
static void map_range(struct lab_map *m, u64 *start, u64 *end)
{
	struct scatterlist *s, *last = NULL;
	int i;

	if (!m->is_sg) {
		*start = m->addr;
		*end = m->addr + m->len;
	} else {
		*start = sg_dma_address(m->sgt.sgl);
		for_each_sgtable_dma_sg(&m->sgt, s, i)
			last = s;
		*end = last ? sg_dma_address(last) + sg_dma_len(last) : *start;
	}
	*start &= PAGE_MASK;
	*end = PAGE_ALIGN(*end);
}

int lab_dma_prot(struct lab_dev *ldev, u64 iova)
{
	struct lab_map *m;

	list_for_each_entry(m, &lab_maps, node) {
		u64 start, end;

		if (m->ldev != ldev)
			continue;
		map_range(m, &start, &end);
		if (iova < start || iova >= end)
			continue;
		/* dma_info_to_prot() */
		switch (m->dir) {
		case DMA_TO_DEVICE:
			return IOMMU_READ;
		case DMA_FROM_DEVICE:
			return IOMMU_WRITE;
		default:
			return IOMMU_READ | IOMMU_WRITE;
		}
	}
	return -ENOENT;
}

void lab_dma_forget(struct lab_dev *ldev)
{
	struct lab_map *m, *tmp;

	list_for_each_entry_safe(m, tmp, &lab_maps, node)
		if (!ldev || m->ldev == ldev)
			map_unmap(m);
}

const struct lab_cmd lab_dma_cmds[] = {
	{ "dma map", GRAM_SPEC_DMA_MAP, cmd_dma_map,
	  "dma_map_page of a fresh buffer, data at the offset into its first page" },
	{ "dma map_sg", GRAM_SPEC_DMA_MAP_SG, cmd_dma_map_sg,
	  "dma_map_sgtable of a list, each segment its own fresh pages" },
	{ "dma unmap", "<dev> <name>", cmd_dma_unmap,
	  "dma_unmap_page or dma_unmap_sgtable of a named mapping" },
	{ }
};
