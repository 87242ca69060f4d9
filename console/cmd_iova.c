/*
 * `iova show DEV`: the IOVA allocator behind a device's DMA domain, as
 * alloc_iova() and the range caches see it -- every range in order, where
 * the two cached nodes point, max32_alloc_size, and what each order's
 * magazines hold -- so that the address a `dma map` got can be explained.
 */
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iova.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

#define IOVA_SHOW_RANGES	64	/* range lines before the rest are counted */
#define IOVA_SHOW_PFNS		8	/* pfns shown of one magazine */
#define IOVA_SHOW_DEPOT		4	/* depot magazines shown of one order */

static void print_node(struct con *con, const char *what, struct iova_node *node)
{
	struct iova *iova = to_iova(node);

	if (iova->pfn_lo == IOVA_ANCHOR)
		fprintf(con->out, "%s: anchor\n", what);
	else
		fprintf(con->out, "%s: pfn 0x%lx-0x%lx\n", what, iova->pfn_lo, iova->pfn_hi);
}

static void print_mag(struct con *con, struct iova_domain *iovad, unsigned int order,
		      unsigned int which, const char *what)
{
	unsigned long size, i;
	const unsigned long *pfns = sim_iova_rcache_mag(iovad, order, which, &size);

	if (!pfns || !size)
		return;
	fprintf(con->out, "  %s:", what);
	for (i = 0; i < size && i < IOVA_SHOW_PFNS; i++)
		fprintf(con->out, " 0x%lx", pfns[i]);
	if (size > IOVA_SHOW_PFNS)
		fprintf(con->out, " ... (%lu more)", size - IOVA_SHOW_PFNS);
	fputc('\n', con->out);
}

static void print_rcaches(struct con *con, struct iova_domain *iovad)
{
	struct sim_iova_rcache_stat st;
	char what[32];

	for (unsigned int order = 0; order < IOVA_RANGE_CACHE_MAX_SIZE; order++) {
		if (sim_iova_rcache_stat(iovad, order, &st))
			return;
		fprintf(con->out, "rcache order=%u size=0x%lx loaded=%lu prev=%lu depot=%lu\n",
			order, 1UL << order, st.loaded, st.prev, st.depot);
		print_mag(con, iovad, order, 0, "loaded");
		print_mag(con, iovad, order, 1, "prev");
		for (unsigned long i = 0; i < st.depot && i < IOVA_SHOW_DEPOT; i++) {
			snprintf(what, sizeof(what), "depot%lu", i);
			print_mag(con, iovad, order, 2 + i, what);
		}
		if (st.depot > IOVA_SHOW_DEPOT)
			fprintf(con->out, "  ... (%lu more depot magazines)\n",
				st.depot - IOVA_SHOW_DEPOT);
	}
}

static int cmd_iova_show(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	struct iommu_domain *domain;
	struct iova_domain *iovad;
	struct iova_node *node;
	unsigned long ranges = 0;

	(void)argc;
	if (!dev)
		return -1;
	domain = iommu_get_dma_domain(dev);
	if (!domain)
		return con_err(con, -ENODEV, "device '%s' has no DMA domain", argv[0]);
	iovad = sim_iommu_dma_iovad(domain);
	if (!iovad)
		return con_err(con, -EINVAL, "device '%s': domain '%s' (%s) has no IOVA allocator",
			       argv[0], domain->name, iommu_domain_type_str(domain->type));

	fprintf(con->out, "iova %s domain=%s granule=0x%lx start_pfn=0x%lx "
		"dma_32bit_pfn=0x%lx max32_alloc_size=0x%lx\n", argv[0], domain->name,
		iovad->granule, iovad->start_pfn, iovad->dma_32bit_pfn,
		iovad->max32_alloc_size);
	for (node = iova_tree_first(&iovad->rbroot); node; node = iova_tree_next(node)) {
		struct iova *iova = to_iova(node);

		if (iova->pfn_lo == IOVA_ANCHOR)
			break;
		if (ranges++ < IOVA_SHOW_RANGES)
			fprintf(con->out, "range pfn 0x%lx-0x%lx size=0x%lx iova=0x%llx\n",
				iova->pfn_lo, iova->pfn_hi, iova_size(iova),
				(unsigned long long)iova_dma_addr(iovad, iova));
	}
	if (ranges > IOVA_SHOW_RANGES)
		fprintf(con->out, "... (%lu more ranges)\n", ranges - IOVA_SHOW_RANGES);
	fprintf(con->out, "ranges=%lu\n", ranges);
	print_node(con, "cached_node", iovad->cached_node);
	print_node(con, "cached32_node", iovad->cached32_node);
	print_rcaches(con, iovad);
	return 0;
}

const struct con_cmd con_iova_cmds[] = {
	{ "iova show", "<dev>", cmd_iova_show,
	  "the IOVA allocator of a device's DMA domain: ranges, cached nodes, range caches",
	  con_gen_dev },
	{ .name = NULL }
};
