/*
 * A domain's page table as the hardware walks it (`pgtable`), and a
 * whole-IOTLB flush of a domain (`flush`).
 */
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

static int walk(struct con *con, struct iommu_domain *domain, u64 iova,
		struct sim_pgtable_walk *w)
{
	int ret;

	ret = iommu_domain_sim_walk(domain, iova, w);
	if (ret == -EOPNOTSUPP)
		return con_err(con, ret, "domain '%s' has no page table to walk",
			       domain->name);
	if (ret == -ENODEV)
		return con_err(con, ret, "domain '%s' has no page table yet", domain->name);
	if (ret)
		return con_err(con, ret, "domain '%s' cannot translate iova 0x%llx",
			       domain->name, (unsigned long long)iova);
	return 0;
}

static int pgtable_one(struct con *con, struct iommu_domain *domain, u64 iova)
{
	struct sim_pgtable_walk w;

	if (walk(con, domain, iova, &w))
		return -1;
	fprintf(con->out, "pgtable %s iova=0x%llx\n", domain->name, (unsigned long long)iova);
	for (unsigned int i = 0; i < w.nr_steps; i++)
		fprintf(con->out, " L%u pa=0x%llx desc=0x%llx %s\n", w.step[i].level,
			(unsigned long long)w.step[i].desc_pa,
			(unsigned long long)w.step[i].desc, w.step[i].type);
	if (w.mapped)
		fprintf(con->out, " -> pa=0x%llx size=0x%llx\n", (unsigned long long)w.pa,
			(unsigned long long)w.block_size);
	else
		fprintf(con->out, " -> fault\n");
	return 0;
}

/* Every leaf in the aperture, skipping each unmapped block whole. */
static int pgtable_all(struct con *con, struct iommu_domain *domain)
{
	u64 iova = domain->geometry.aperture_start;
	u64 end = domain->geometry.aperture_end;
	struct sim_pgtable_walk w;

	if (walk(con, domain, iova, &w))
		return -1;
	fprintf(con->out, "pgtable %s\n", domain->name);
	for (;;) {
		u64 next;

		iommu_domain_sim_walk(domain, iova, &w);
		if (w.mapped)
			fprintf(con->out, " iova=0x%llx size=0x%llx pa=0x%llx\n",
				(unsigned long long)iova, (unsigned long long)w.block_size,
				(unsigned long long)(w.pa - (iova & (w.block_size - 1))));
		next = (iova | (w.block_size - 1)) + 1;
		if (!next || next > end || next <= iova)
			break;
		iova = next;
	}
	return 0;
}

static int cmd_pgtable(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	u64 iova;

	if (!domain)
		return -1;
	if (argc < 2)
		return pgtable_all(con, domain);
	if (con_parse_addr(con, "iova", argv[1], &iova))
		return -1;
	return pgtable_one(con, domain, iova);
}

static int cmd_flush(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);

	if (!domain)
		return -1;
	iommu_flush_iotlb_all(domain);
	fprintf(con->out, "flush %s\n", domain->name);
	return 0;
}

const struct con_cmd con_pgtable_cmds[] = {
	{ "pgtable", "<domain> [iova]", cmd_pgtable,
	  "the hardware's walk for an iova, each level's descriptor; or every mapping",
	  con_gen_domain },
	{ "flush", "<domain>", cmd_flush,
	  "iommu_flush_iotlb_all: invalidate the whole IOTLB for a domain", con_gen_domain },
	{ .name = NULL }
};
