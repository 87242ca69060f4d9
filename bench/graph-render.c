/*
 * Graph rendering: how long `graph FILE.svg` takes, in its three steps:
 * building the graph and its DOT text (console/graph.c), dot's layout, and
 * the SVG.  Measured on mt8173-evb (25 devices, one group) and on a
 * generated q35-like board of 1000 devices: a VT-d unit, a PCIe host
 * bridge and 998 edu functions, each bound and in an IOMMU group.  Prints
 * milliseconds per picture, averaged over several.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include <gvc.h>

#include <sim/board.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

#include "../console/graph.h"
#include "bench.h"

#define BIG_DEVICES	1000

static int fdt_u32s(void *fdt, const char *name, const u32 *v, int n)
{
	fdt32_t cells[8];

	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * sizeof(cells[0]));
}

/*
 * The board: q35-vtd's shape (sim/boards/q35-vtd.dts) with @n - 2 edu
 * functions, bus 0 upwards, each with its BAR0 assigned 1 MiB apart in the
 * 32-bit window.  Labels in __symbols__ name the devices dmar0, pcie,
 * edu0, edu1, ...
 */
static void *big_board(int n, size_t *size)
{
	size_t cap = 8192 + (size_t)n * 512;
	static const char compat[] = "pci1234,11e8\0iommu-lab,edu";
	void *fdt = malloc(cap);
	char name[64], path[96];
	int funcs = n - 2;

	if (!fdt || fdt_create(fdt, cap) || fdt_finish_reservemap(fdt) ||
	    fdt_begin_node(fdt, "") ||
	    fdt_property_string(fdt, "compatible", "iommu-lab,graph-bench") ||
	    fdt_u32s(fdt, "#address-cells", (u32[]){ 2 }, 1) ||
	    fdt_u32s(fdt, "#size-cells", (u32[]){ 2 }, 1) ||
	    fdt_begin_node(fdt, "memory@0") ||
	    fdt_property_string(fdt, "device_type", "memory") ||
	    fdt_u32s(fdt, "reg", (u32[]){ 0, 0, 0, 0x20000000 }, 4) ||
	    fdt_end_node(fdt) ||
	    fdt_begin_node(fdt, "iommu@fed90000") ||
	    fdt_property_string(fdt, "compatible", "iommu-lab,vtd") ||
	    fdt_u32s(fdt, "reg", (u32[]){ 0, 0xfed90000, 0, 0x1000 }, 4) ||
	    fdt_u32s(fdt, "#iommu-cells", (u32[]){ 1 }, 1) ||
	    fdt_u32s(fdt, "iommu-lab,address-width", (u32[]){ 39 }, 1) ||
	    fdt_u32s(fdt, "interrupts", (u32[]){ 0, 0, 4 }, 3) ||
	    fdt_u32s(fdt, "phandle", (u32[]){ 1 }, 1) ||
	    fdt_end_node(fdt) ||
	    fdt_begin_node(fdt, "pcie@b0000000") ||
	    fdt_property_string(fdt, "compatible", "pci-host-ecam-generic") ||
	    fdt_property_string(fdt, "device_type", "pci") ||
	    fdt_u32s(fdt, "#address-cells", (u32[]){ 3 }, 1) ||
	    fdt_u32s(fdt, "#size-cells", (u32[]){ 2 }, 1) ||
	    fdt_u32s(fdt, "bus-range", (u32[]){ 0, 0xff }, 2) ||
	    fdt_u32s(fdt, "reg", (u32[]){ 0, 0xb0000000, 0, 0x10000000 }, 4) ||
	    fdt_u32s(fdt, "ranges", (u32[]){ 0x02000000, 0, 0x20000000, 0,
					     0x20000000, 0, 0x90000000 }, 7) ||
	    fdt_u32s(fdt, "iommu-map", (u32[]){ 0, 1, 0, 0x10000 }, 4))
		goto fail;
	for (int i = 0; i < funcs; i++) {
		u32 bdf = i;	/* bus i / 256, devfn i % 256 */

		snprintf(name, sizeof(name), "edu@%x", i);
		if (fdt_begin_node(fdt, name) ||
		    fdt_property(fdt, "compatible", compat, sizeof(compat)) ||
		    fdt_u32s(fdt, "reg", (u32[]){ bdf << 8, 0, 0, 0, 0 }, 5) ||
		    fdt_u32s(fdt, "assigned-addresses",
			     (u32[]){ 0x82000010 | bdf << 8, 0, 0x20000000 + (u32)i * 0x100000,
				      0, 0x100000 }, 5) ||
		    fdt_end_node(fdt))
			goto fail;
	}
	if (fdt_end_node(fdt) || fdt_begin_node(fdt, "__symbols__") ||
	    fdt_property_string(fdt, "dmar0", "/iommu@fed90000") ||
	    fdt_property_string(fdt, "pcie", "/pcie@b0000000"))
		goto fail;
	for (int i = 0; i < funcs; i++) {
		snprintf(name, sizeof(name), "edu%d", i);
		snprintf(path, sizeof(path), "/pcie@b0000000/edu@%x", i);
		if (fdt_property_string(fdt, name, path))
			goto fail;
	}
	if (fdt_end_node(fdt) || fdt_end_node(fdt) || fdt_finish(fdt))
		goto fail;
	*size = fdt_totalsize(fdt);
	return fdt;
fail:
	free(fdt);
	return NULL;
}

static struct sim *boot_big(int n)
{
	struct sim *sim = sim_new();
	char err[256];
	size_t size;
	void *fdt = big_board(n, &size);

	if (!sim || !fdt ||
	    sim_board_boot(sim, "generated-1000", fdt, size, 0, err, sizeof(err))) {
		fprintf(stderr, "graph-render: cannot boot the generated board: %s\n",
			fdt ? err : "out of memory");
		sim_free(sim);
		free(fdt);
		return NULL;
	}
	free(fdt);
	sim_trace_enable(sim, false);
	return sim;
}

static int count_list(struct list_head *head)
{
	struct list_head *p;
	int n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

/* Draws @sim @rounds times; prints the mean time of each step. */
static int measure(GVC_t *gvc, struct sim *sim, const char *name, int rounds)
{
	double build = 0, layout = 0, render = 0;
	int nodes = 0, edges = 0;

	for (int r = 0; r < rounds; r++) {
		double t0, t1, t2, t3;
		char *dot, *svg;
		size_t dot_len, svg_len;
		Agraph_t *g;
		FILE *f;

		t0 = bench_seconds();
		g = con_graph_build(sim);
		if (!g || con_graph_dot(g, &dot, &dot_len))
			return 1;
		t1 = bench_seconds();
		if (gvLayout(gvc, g, "dot"))
			return 1;
		t2 = bench_seconds();
		f = open_memstream(&svg, &svg_len);
		if (!f || gvRender(gvc, g, "svg", f) || fclose(f))
			return 1;
		t3 = bench_seconds();
		gvFreeLayout(gvc, g);
		nodes = agnnodes(g);
		edges = agnedges(g);
		con_graph_free(g);
		free(dot);
		free(svg);
		build += t1 - t0;
		layout += t2 - t1;
		render += t3 - t2;
	}
	printf("graph render %s: devices=%d groups=%d nodes=%d edges=%d "
	       "dot=%.3f ms layout=%.1f ms svg=%.1f ms total=%.1f ms (mean of %d)\n",
	       name, count_list(&sim->devices), count_list(&sim->groups), nodes, edges,
	       build * 1e3 / rounds, layout * 1e3 / rounds, render * 1e3 / rounds,
	       (build + layout + render) * 1e3 / rounds, rounds);
	return 0;
}

int main(void)
{
	GVC_t *gvc = gvContext();
	struct sim *sim;
	int ret = 0;

	if (!gvc)
		return 1;
	sim = bench_boot("mt8173-evb");
	if (!sim)
		return 1;
	ret |= measure(gvc, sim, "mt8173-evb", 20);
	sim_free(sim);

	sim = boot_big(BIG_DEVICES);
	if (!sim)
		return 1;
	ret |= measure(gvc, sim, "generated-1000", 3);
	sim_free(sim);
	gvFreeContext(gvc);
	if (ret)
		fprintf(stderr, "graph-render: graphviz failed\n");
	return ret;
}
