/*
 * The simulator's host of an SMI larb model (sim/hw/smi_larb_core.c): it
 * maps the larb's registers where the board's "reg" puts them and
 * reports its guest errors to the machine.
 */
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/io.h>
#include <sim/m4u.h>
#include <sim/sim.h>

struct smi_larb {
	struct sim_hw *hw;
	struct sim_mmio_region mmio;
	struct smi_larb_core core;
};

static u64 smi_larb_read(void *opaque, u64 offset, unsigned int size)
{
	struct smi_larb *larb = opaque;

	(void)size;
	return smi_larb_reg_read(&larb->core, offset);
}

static void smi_larb_write(void *opaque, u64 offset, u64 value, unsigned int size)
{
	struct smi_larb *larb = opaque;

	(void)size;
	smi_larb_reg_write(&larb->core, offset, value);
}

static const struct sim_mmio_ops smi_larb_mmio_ops = {
	.read = smi_larb_read,
	.write = smi_larb_write,
	.access_sizes = SIM_MMIO_32,
};

static void smi_larb_guest_error(void *host, const char *who, const char *msg)
{
	struct smi_larb *larb = host;

	sim_guest_error(larb->hw->sim, who, "%s", msg);
}

static const struct m4u_host_ops smi_larb_host_ops = {
	.guest_error = smi_larb_guest_error,
};

static int smi_larb_create(struct sim_hw *hw)
{
	struct smi_larb *larb;
	u64 base, size;
	int ret;

	if (of_reg_read(hw->np, 0, &base, &size))
		return -EINVAL;
	larb = calloc(1, sizeof(*larb));
	if (!larb)
		return -ENOMEM;
	larb->hw = hw;
	larb->core = (struct smi_larb_core){
		.name = hw->name, .sim = hw->sim,
		.ops = &smi_larb_host_ops, .host = larb,
	};
	larb->mmio = (struct sim_mmio_region) {
		.name = hw->name, .base = base, .size = size,
		.ops = &smi_larb_mmio_ops, .opaque = larb,
	};
	ret = sim_mmio_add(hw->sim, &larb->mmio);
	if (ret) {
		free(larb);
		return ret;
	}
	hw->priv = larb;
	return 0;
}

static void smi_larb_destroy(struct sim_hw *hw)
{
	struct smi_larb *larb = hw->priv;

	sim_mmio_del(&larb->mmio);
	free(larb);
}

u32 sim_smi_larb_mmu_en(struct sim_hw *hw)
{
	struct smi_larb *larb = hw->priv;

	return larb->core.mmu_en;
}

const struct sim_hw_type sim_smi_larb_hw_type = {
	.compatible = "mediatek,mt8173-smi-larb",
	.create = smi_larb_create,
	.destroy = smi_larb_destroy,
};
