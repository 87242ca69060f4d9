/*
 * The machine's hardware models: made from the board's nodes, found by
 * node or name, and the DMA path from a master through its IOMMU model
 * to memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/hw.h>
#include <sim/irq.h>
#include <sim/mem.h>
#include <sim/sim.h>

static const struct sim_hw_type *hw_type_for(const struct device_node *np)
{
	for (size_t i = 0; i < sim_hw_type_count; i++)
		if (of_device_is_compatible(np, sim_hw_types[i]->compatible))
			return sim_hw_types[i];
	return NULL;
}

int sim_hw_create_node(struct sim *sim, struct device_node *np)
{
	const struct sim_hw_type *type = hw_type_for(np);
	struct sim_hw *hw;
	int ret;

	if (!type || !of_device_is_available(np) || sim_hw_find(sim, np))
		return 0;
	hw = calloc(1, sizeof(*hw));
	if (!hw)
		return -ENOMEM;
	hw->type = type;
	hw->sim = sim;
	hw->np = np;
	hw->name = np->label ? np->label : np->name;
	ret = type->create(hw);
	if (ret) {
		free(hw);
		return ret;
	}
	list_add_tail(&hw->node, &sim->hw);
	return 0;
}

int sim_hw_create_all(struct sim *sim, struct device_node **failed)
{
	for (size_t i = 0; i < sim->of->count; i++) {
		int ret = sim_hw_create_node(sim, sim->of->nodes[i]);

		if (ret) {
			*failed = sim->of->nodes[i];
			return ret;
		}
	}
	return 0;
}

static void hw_destroy(struct sim_hw *hw)
{
	list_del(&hw->node);
	hw->type->destroy(hw);
	free(hw);
}

void sim_hw_destroy_node(struct sim *sim, struct device_node *np)
{
	struct sim_hw *hw = sim_hw_find(sim, np);

	if (hw)
		hw_destroy(hw);
}

void sim_hw_destroy_all(struct sim *sim)
{
	while (!list_empty(&sim->hw))
		hw_destroy(list_entry(sim->hw.prev, struct sim_hw, node));
}

struct sim_hw *sim_hw_find(struct sim *sim, const struct device_node *np)
{
	struct sim_hw *hw;

	list_for_each_entry(hw, &sim->hw, node)
		if (hw->np == np)
			return hw;
	return NULL;
}

struct sim_hw *sim_hw_find_by_name(struct sim *sim, const char *name)
{
	struct sim_hw *hw;

	list_for_each_entry(hw, &sim->hw, node)
		if (!strcmp(hw->name, name))
			return hw;
	return NULL;
}

struct sim_hw *sim_hw_first(struct sim *sim, const struct sim_hw_type *type)
{
	struct sim_hw *hw;

	list_for_each_entry(hw, &sim->hw, node)
		if (hw->type == type)
			return hw;
	return NULL;
}

void sim_hw_set_master(struct sim *sim, const struct device_node *np,
		       const char *name)
{
	struct sim_hw *hw = np ? sim_hw_find(sim, np) : NULL;

	if (hw)
		hw->master_name = name;
}

/* A function of a PCI host bridge: its parent says device_type = "pci". */
static bool node_is_pci_function(const struct device_node *np)
{
	const char *type = np->parent ? of_get_property(np->parent, "device_type", NULL) : NULL;

	return type && !strcmp(type, "pci");
}

void sim_bus_master_init(struct sim_bus_master *m, struct sim *sim,
			 const struct device_node *np, const char *name)
{
	u32 hi;
	int n = 0;

	memset(m, 0, sizeof(*m));
	m->sim = sim;
	m->name = name;
	m->np = np;
	/* The first "reg" cell of a PCI function: bus << 16 | devfn << 8. */
	if (np && node_is_pci_function(np) && !of_property_read_u32(np, "reg", &hi)) {
		m->pci = true;
		m->rid = (hi >> 8) & 0xffff;
	}
	if (np)
		n = of_count_phandle_with_args(np, "iommus", "#iommu-cells");
	m->nr_ports = n > 0 ? n : 1;
}

int sim_hw_dma_route(const struct sim_bus_master *m, unsigned int port,
		     struct of_phandle_args *spec)
{
	int ret;

	if (!m->np)
		return 1;
	if (of_find_property(m->np, "iommus")) {
		ret = of_parse_phandle_with_args(m->np, "iommus", "#iommu-cells",
						 port, spec);
		return ret ? -ENOENT : 0;
	}
	if (port)
		return -ENOENT;
	if (!m->pci || !of_find_property(m->np->parent, "iommu-map"))
		return 1;
	spec->np = NULL;
	spec->args_count = 1;
	if (of_map_id(m->np->parent, m->rid, "iommu-map", "iommu-map-mask",
		      &spec->np, &spec->args[0]))
		return -EINVAL;
	/* A requester ID the map does not cover goes straight to memory. */
	return spec->np ? 0 : 1;
}

static void xlate_direct(u64 addr, struct sim_dma_xlate *x)
{
	x->kind = SIM_XLATE_DIRECT;
	x->pa = addr;
	x->len = SZ_4K - (addr & (SZ_4K - 1));
	x->page_size = 0;
}

/*
 * Moves @len bytes between @buf and where @x lands.  A fault redirect
 * lands in a small buffer (x->page_size bytes): the access goes round it.
 */
static void mem_access(struct sim *sim, const struct sim_dma_xlate *x, u8 *buf,
		       size_t len, bool write)
{
	size_t window = x->kind == SIM_XLATE_FAULT && x->page_size ? x->page_size : len;

	for (size_t done = 0; done < len; done += window) {
		size_t n = len - done < window ? len - done : window;

		if (write)
			sim_mem_write(sim->mem, x->pa, buf + done, n);
		else
			sim_mem_read(sim->mem, x->pa, buf + done, n);
	}
}

int sim_dma_access(const struct sim_bus_master *m, unsigned int port, u64 addr,
		   void *buf, size_t len, bool write, sim_dma_observer observe, void *ctx)
{
	SIM_ENTER(m->sim);
	struct sim *sim = m->sim;
	struct of_phandle_args spec;
	struct sim_hw *iommu = NULL;
	u8 *p = buf;
	int ret, troubled = 0;

	if (len && addr + len - 1 < addr)
		return -ERANGE;
	ret = sim_hw_dma_route(m, port, &spec);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		iommu = sim_hw_find(sim, spec.np);
		/* A board IOMMU node without a model translates nothing. */
		if (iommu && !iommu->type->translate)
			iommu = NULL;
	}

	if (iommu && sim->dma_seen.count < SIM_DMA_SEEN) {
		struct sim_dma_seen *seen = &sim->dma_seen.seen[sim->dma_seen.count++];

		snprintf(seen->master, sizeof(seen->master), "%s", m->name);
		seen->port = port;
		seen->addr = addr;
		seen->write = write;
	}

	/* Interrupts the access raises are taken once it is over. */
	sim_irq_hold(sim);
	while (len) {
		struct sim_dma_xlate x = { .fill = 0xff };
		size_t piece;

		if (iommu) {
			struct sim_dma_req req = {
				.master = m, .spec = &spec,
				.addr = addr, .write = write,
			};

			ret = iommu->type->translate(iommu, &req, &x);
			if (ret) {
				sim_irq_release(sim);
				return ret;
			}
		} else {
			xlate_direct(addr, &x);
		}
		piece = x.len < len ? x.len : len;
		if (x.kind == SIM_XLATE_ABORT) {
			if (!write)
				memset(p, x.fill, piece);
		} else {
			mem_access(sim, &x, p, piece, write);
		}
		if (x.kind == SIM_XLATE_FAULT || x.kind == SIM_XLATE_ABORT)
			troubled = 1;
		if (observe)
			observe(ctx, addr, &x);
		addr += piece;
		p += piece;
		len -= piece;
	}
	sim_irq_release(sim);
	return troubled;
}
