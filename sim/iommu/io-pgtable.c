/*
 * io-pgtable front end (drivers/iommu/io-pgtable.c): picks the format's
 * constructor, records the cookie and the filled-in cfg, and on free
 * flushes the whole TLB before the format tears its tables down.
 */
#include <stddef.h>

#include <sim/current.h>
#include <sim/device.h>
#include <sim/io-pgtable.h>

static const struct io_pgtable_init_fns *const io_pgtable_formats[IO_PGTABLE_NUM_FMTS] = {
	[ARM_V7S] = &io_pgtable_arm_v7s_init_fns,
};

struct sim *io_pgtable_cfg_machine(const struct io_pgtable_cfg *cfg)
{
	return cfg->iommu_dev ? cfg->iommu_dev->sim : sim_current();
}

struct io_pgtable_ops *alloc_io_pgtable_ops(enum io_pgtable_fmt fmt,
					    struct io_pgtable_cfg *cfg,
					    void *cookie)
{
	const struct io_pgtable_init_fns *fns;
	struct io_pgtable *iop;

	if ((unsigned int)fmt >= IO_PGTABLE_NUM_FMTS)
		return NULL;
	fns = io_pgtable_formats[fmt];
	if (!fns)
		return NULL;

	iop = fns->alloc(cfg, cookie);
	if (!iop)
		return NULL;
	iop->fmt = fmt;
	iop->cookie = cookie;
	iop->cfg = *cfg;
	return &iop->ops;
}

void free_io_pgtable_ops(struct io_pgtable_ops *ops)
{
	struct io_pgtable *iop;

	if (!ops)
		return;
	iop = io_pgtable_ops_to_pgtable(ops);
	io_pgtable_tlb_flush_all(iop);
	io_pgtable_formats[iop->fmt]->free(iop);
}
