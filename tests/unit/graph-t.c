/*
 * The graph of a machine (console/graph.c), read back: each test builds
 * the DOT text for a known board and state, parses it again with
 * libcgraph, and checks the nodes, edges and clusters against what the
 * board's device tree and the kernel's rules say they must be.
 */
#include <libfdt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include "../../console/graph.h"
#include "unit.h"

/*
 * One Graphviz context for every test, as the console keeps one: in
 * Graphviz 2.43 the first layout in a second context reads a font name
 * freed with the first one (ASan: strcmp in libgvplugin_pango).
 */
static GVC_t *shared_gvc;

static GVC_t *test_gvc(void)
{
	if (!shared_gvc)
		shared_gvc = gvContext();
	assert_non_null(shared_gvc);
	return shared_gvc;
}

/* The DOT text of @sim's graph (the caller frees it). */
static char *dot_text(struct sim *sim)
{
	Agraph_t *g = con_graph_build(sim);
	char *text;
	size_t len;

	assert_non_null(g);
	assert_int_equal(con_graph_dot(g, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	con_graph_free(g);
	return text;
}

/* @sim's graph, written as DOT and parsed again. */
static Agraph_t *reparse(struct sim *sim)
{
	char *text = dot_text(sim);
	Agraph_t *g = agmemread(text);

	assert_non_null(g);
	free(text);
	return g;
}

static Agnode_t *get_node(Agraph_t *g, const char *name)
{
	Agnode_t *n = agnode(g, (char *)name, 0);

	if (!n)
		fail_msg("no node '%s'", name);
	return n;
}

static const char *attr(void *obj, const char *name)
{
	const char *v = agget(obj, (char *)name);

	return v ? v : "";
}

static Agraph_t *get_cluster(Agraph_t *parent, const char *name)
{
	Agraph_t *sg = agsubg(parent, (char *)name, 0);

	if (!sg)
		fail_msg("no cluster '%s'", name);
	return sg;
}

static int count_subgraphs(Agraph_t *g)
{
	int n = 0;

	for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg))
		n++;
	return n;
}

static bool in_cluster(Agraph_t *sg, const char *node)
{
	Agnode_t *n = agnode(agroot(sg), (char *)node, 0);

	return n && agsubnode(sg, n, 0);
}

/* Nodes of @kind, and edges of @kind. */
static int count_nodes(Agraph_t *g, const char *kind)
{
	int count = 0;

	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
		count += !strcmp(attr(n, "kind"), kind);
	return count;
}

static int count_edges(Agraph_t *g, const char *kind)
{
	int count = 0;

	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
			count += !strcmp(attr(e, "kind"), kind);
	return count;
}

/* The edge @t -> @h of @kind, or NULL. */
static Agedge_t *find_edge(Agraph_t *g, const char *t, const char *h, const char *kind)
{
	Agnode_t *tn = agnode(g, (char *)t, 0), *hn = agnode(g, (char *)h, 0);

	if (!tn || !hn)
		return NULL;
	for (Agedge_t *e = agfstout(g, tn); e; e = agnxtout(g, e))
		if (aghead(e) == hn && !strcmp(attr(e, "kind"), kind))
			return e;
	return NULL;
}

static void assert_edge(Agraph_t *g, const char *t, const char *h, const char *kind)
{
	if (!find_edge(g, t, h, kind))
		fail_msg("no %s edge %s -> %s", kind, t, h);
}

/*
 * mt8173-evb's masters by larb: the larb half of each "iommus" cell in
 * the board (MTK_M4U_ID(larb, port), mt8173-larb-port.h), as in Linux's
 * include/dt-bindings/memory/mt8173-larb-port.h.
 */
static const struct {
	const char *larb;
	const char *masters[7];
} mt8173_larbs[] = {
	{ "larb0", { "ovl0", "rdma0", "wdma0", "mdp_rdma0", "mdp_wdma0", "mdp_wrot0" } },
	{ "larb1", { "vcodec_dec" } },
	{ "larb2", { "cam_isp" } },
	{ "larb3", { "vcodec_enc_avc", "jpegdec" } },
	{ "larb4", { "ovl1", "rdma1", "rdma2", "wdma1", "mdp_rdma1", "mdp_wrot1" } },
	{ "larb5", { "vcodec_enc_vp8" } },
};

/*
 * mt8173-evb after boot: mtk_iommu_device_group() gives every master the
 * M4U's one group, attached to its one DMA domain (the M4U has a single
 * page table); the larbs sit between smi-common and their masters.
 */
static void test_mt8173_evb(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "mt8173-evb", 0);
	Agraph_t *g = reparse(sim), *m4u;
	int masters = 0;

	assert_string_equal(attr(g, "label"), "mt8173-evb, v6.1");
	/* Every device is behind the M4U, so its cluster is the only one. */
	assert_int_equal(count_subgraphs(g), 1);
	m4u = get_cluster(g, "cluster_iommu_iommu");
	assert_string_equal(attr(m4u, "label"), "iommu: mtk-iommu");
	assert_int_equal(count_subgraphs(m4u), 6);
	assert_string_equal(attr(get_node(g, "iommu"), "kind"), "iommu");
	assert_string_equal(attr(get_node(g, "smi_common"), "kind"), "smi");
	assert_true(in_cluster(m4u, "smi_common"));
	assert_edge(g, "iommu", "smi_common", "hw");

	for (size_t l = 0; l < ARRAY_SIZE(mt8173_larbs); l++) {
		const char *larb = mt8173_larbs[l].larb;
		char name[64], label[16];
		Agraph_t *lc;

		snprintf(name, sizeof(name), "cluster_larb_%s", larb);
		snprintf(label, sizeof(label), "larb %zu", l);
		lc = get_cluster(m4u, name);
		assert_string_equal(attr(lc, "label"), label);
		assert_string_equal(attr(get_node(g, larb), "kind"), "larb");
		assert_true(in_cluster(lc, larb));
		assert_edge(g, "smi_common", larb, "hw");
		for (int m = 0; mt8173_larbs[l].masters[m]; m++) {
			const char *master = mt8173_larbs[l].masters[m];

			assert_string_equal(attr(get_node(g, master), "kind"), "master");
			assert_true(in_cluster(lc, master));
			assert_edge(g, larb, master, "hw");
			assert_edge(g, master, "group:0", "member");
			masters++;
		}
	}
	assert_int_equal(masters, 17);

	/* One group holding every master, one DMA domain. */
	assert_int_equal(count_nodes(g, "group"), 1);
	assert_int_equal(count_nodes(g, "domain"), 1);
	assert_int_equal(count_edges(g, "member"), 17);
	assert_true(in_cluster(m4u, "group:0"));
	assert_true(in_cluster(m4u, "domain:dom0"));
	assert_edge(g, "group:0", "domain:dom0", "domain");
	assert_string_equal(attr(get_node(g, "domain:dom0"), "label"), "dom0\\nDMA");
	assert_int_equal(count_edges(g, "default"), 0);
	/* The links masters -> larbs -> smi-common -> M4U are the hw edges. */
	assert_int_equal(count_edges(g, "link"), 0);
	assert_int_equal(agnnodes(g), 1 + 1 + 6 + 17 + 1 + 1);
	/* bound, one line: the default margin */
	assert_string_equal(attr(get_node(g, "larb0"), "margin"), "0.1,0.03");

	agclose(g);
	sim_free(sim);
}

/* The larb clusters hold their larb and masters and nothing more. */
static void test_mt8173_larb_sizes(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "mt8173-evb", 0);
	Agraph_t *g = reparse(sim);
	Agraph_t *m4u = get_cluster(g, "cluster_iommu_iommu");

	for (size_t l = 0; l < ARRAY_SIZE(mt8173_larbs); l++) {
		char name[64];
		int n = 0;

		while (mt8173_larbs[l].masters[n])
			n++;
		snprintf(name, sizeof(name), "cluster_larb_%s", mt8173_larbs[l].larb);
		assert_int_equal(agnnodes(get_cluster(m4u, name)), 1 + n);
	}
	agclose(g);
	sim_free(sim);
}

/*
 * q35-vtd: the seven functions of bus 0 sit behind dmar0, edu with its
 * driver and the other six with none.  VT-d's pci_device_group() gives
 * each single-function slot a group of its own, in bus order: mch
 * (00:00.0) 0, vga 1, nic 2, edu (00:03.0) 3; the ICH9 functions lpc,
 * sata and smbus (00:1f.0, .2, .3), one multi-function device without
 * ACS, share group 4.  Debian's iommu.strict=0 makes each group's default
 * domain DMA-FQ, dom0-dom4 in group order.  The host bridge reaches
 * memory directly.  Nodes: dmar0, pcie and the seven functions, five
 * groups, five domains: 9 + 5 + 5.  The five groups share one rank (a
 * rank=same subgraph of the cluster), chained in number order by four
 * invisible edges, so that dot cannot swap them (pin_group_order()).
 */
static void test_q35_vtd(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd", 0);
	Agraph_t *g = reparse(sim), *vtd, *none, *rank;

	assert_int_equal(count_subgraphs(g), 2);
	vtd = get_cluster(g, "cluster_iommu_dmar0");
	none = get_cluster(g, "cluster_no_iommu");
	assert_string_equal(attr(vtd, "label"), "dmar0: vtd-iommu");
	/* no larb clusters: one rank subgraph holding the five groups */
	assert_int_equal(count_subgraphs(vtd), 1);
	rank = agsubg(vtd, "groups_dmar0", 0);
	assert_non_null(rank);
	assert_string_equal(attr(rank, "rank"), "same");
	assert_int_equal(agnnodes(rank), 5);
	assert_int_equal(count_nodes(rank, "group"), 5);
	assert_true(in_cluster(vtd, "dmar0"));
	assert_true(in_cluster(vtd, "edu"));
	assert_true(in_cluster(none, "pcie"));
	assert_string_equal(attr(get_node(g, "edu"), "kind"), "master");
	assert_string_equal(attr(get_node(g, "pcie"), "kind"), "device");

	assert_true(in_cluster(vtd, "mch"));
	assert_true(in_cluster(vtd, "smbus"));
	assert_string_equal(attr(get_node(g, "mch"), "kind"), "master");

	assert_int_equal(count_nodes(g, "group"), 5);
	assert_int_equal(count_edges(g, "member"), 7);
	assert_edge(g, "mch", "group:0", "member");
	assert_edge(g, "vga", "group:1", "member");
	assert_edge(g, "nic", "group:2", "member");
	assert_edge(g, "edu", "group:3", "member");
	assert_edge(g, "lpc", "group:4", "member");
	assert_edge(g, "sata", "group:4", "member");
	assert_edge(g, "smbus", "group:4", "member");
	assert_edge(g, "group:3", "domain:dom3", "domain");
	assert_string_equal(attr(get_node(g, "domain:dom3"), "label"), "dom3\\nDMA-FQ");
	assert_edge(g, "group:4", "domain:dom4", "domain");
	assert_edge(g, "dmar0", "edu", "hw");
	assert_edge(g, "dmar0", "lpc", "hw");
	assert_edge(g, "pcie", "edu", "parent");
	assert_edge(g, "pcie", "sata", "parent");
	assert_int_equal(agnnodes(g), 9 + 5 + 5);
	/*
	 * the groups chained in number order, invisible; portrait (the
	 * default) orders a rank bottom up, so from the higher number down
	 */
	assert_int_equal(count_edges(g, "order"), 4);
	for (int i = 0; i < 4; i++) {
		char t[16], h[16];

		snprintf(t, sizeof(t), "group:%d", i + 1);
		snprintf(h, sizeof(h), "group:%d", i);
		assert_edge(g, t, h, "order");
		assert_string_equal(attr(find_edge(g, t, h, "order"), "style"), "invis");
	}

	agclose(g);
	sim_free(sim);
}

/*
 * defer-iommu-present booted without drivers, then only the master's:
 * its probe defers because the M4U it names in "iommus" has not
 * registered.  The device tree still places it behind larb0 of that M4U.
 */
static void test_deferred_master(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "defer-iommu-present", BOARD_NO_DRIVERS);
	struct device *master;
	Agraph_t *g, *m4u, *larb;
	Agnode_t *n;
	GVC_t *gvc;
	char *svg, err[256];
	size_t len;
	FILE *f;

	assert_int_equal(sim_module_load(sim, sim_builtin_driver("lab-dma-master")), 0);
	sim_run_due(sim);
	master = sim_find_device(sim, "master");
	assert_true(device_is_deferred(master));
	assert_non_null(master->deferred_probe_reason);

	g = reparse(sim);
	m4u = get_cluster(g, "cluster_iommu_iommu");
	assert_string_equal(attr(m4u, "label"), "iommu: not registered");
	larb = get_cluster(m4u, "cluster_larb_larb0");
	assert_true(in_cluster(larb, "larb0"));
	assert_true(in_cluster(larb, "master"));
	assert_true(in_cluster(m4u, "smi_common"));
	assert_edge(g, "larb0", "master", "hw");

	n = get_node(g, "master");
	assert_string_equal(attr(n, "kind"), "master");
	assert_string_equal(attr(n, "label"), "master\\ndeferred");
	assert_non_null(strstr(attr(n, "style"), "dashed"));
	assert_string_equal(attr(n, "tooltip"), master->deferred_probe_reason);
	assert_non_null(strstr(attr(n, "tooltip"), "not registered"));
	/* The others have no driver at all: not deferred, never probed. */
	assert_string_equal(attr(get_node(g, "iommu"), "label"), "iommu\\nno driver");
	/* Nothing probed the master into a group. */
	assert_int_equal(count_nodes(g, "group"), 0);
	assert_int_equal(count_nodes(g, "domain"), 0);
	/*
	 * It waits for the IOMMU its reason names (of_iommu_configure()'s
	 * "iommu 'iommu' not registered"): one red dashed edge to it, which
	 * does not move the ranks.  Nodes: iommu, smi_common, larb0, master.
	 */
	assert_int_equal(count_edges(g, "waits"), 1);
	assert_edge(g, "master", "iommu", "waits");
	assert_string_equal(attr(find_edge(g, "master", "iommu", "waits"), "label"), "waits for");
	assert_string_equal(attr(find_edge(g, "master", "iommu", "waits"), "constraint"), "false");
	assert_int_equal(agnnodes(g), 4);
	/* the unbound larb's and IOMMU's dashed outlines kept off "no driver" */
	assert_string_equal(attr(get_node(g, "larb0"), "margin"), "0.25,0.05");
	assert_string_equal(attr(get_node(g, "iommu"), "margin"), "0.25,0.05");
	assert_string_equal(attr(get_node(g, "master"), "margin"), "0.1,0.03");
	agclose(g);

	/* The SVG carries the reason as the node's tooltip. */
	gvc = test_gvc();
	g = con_graph_build(sim);
	f = open_memstream(&svg, &len);
	assert_non_null(f);
	assert_int_equal(con_graph_render(gvc, g, "svg", f, err, sizeof(err)), 0);
	fclose(f);
	assert_non_null(strstr(svg, "<title>master</title>"));
	assert_non_null(strstr(svg, "xlink:title=\"lab&#45;dma&#45;master: iommu &#39;iommu&#39; not registered\""));
	free(svg);
	con_graph_free(g);
	sim_free(sim);
}

/*
 * An unmanaged domain attached to the M4U's group: the group's current
 * domain is d1 and its default domain dom0 is drawn dashed.  Detached
 * again, the group is back on dom0 and d1 is left on its own.
 */
static void test_unmanaged_attached(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "mt8173-evb", 0);
	struct iommu_group *group = sim_iommu_group_by_id(sim, 0);
	struct iommu_domain *d1;
	Agraph_t *g;
	Agedge_t *e;
	char *before, *after;

	before = dot_text(sim);
	d1 = iommu_domain_alloc_type(sim, sim->iommu_ops, IOMMU_DOMAIN_UNMANAGED, "d1");
	assert_non_null(d1);
	assert_int_equal(iommu_attach_group(d1, group), 0);

	g = reparse(sim);
	assert_int_equal(count_nodes(g, "domain"), 2);
	assert_string_equal(attr(get_node(g, "domain:d1"), "label"), "d1\\nunmanaged");
	assert_edge(g, "group:0", "domain:d1", "domain");
	assert_null(find_edge(g, "group:0", "domain:dom0", "domain"));
	e = find_edge(g, "group:0", "domain:dom0", "default");
	assert_non_null(e);
	assert_string_equal(attr(e, "style"), "dashed");
	assert_int_equal(count_edges(g, "default"), 1);
	assert_true(in_cluster(get_cluster(g, "cluster_iommu_iommu"), "domain:d1"));
	agclose(g);

	iommu_detach_group(d1, group);
	g = reparse(sim);
	assert_edge(g, "group:0", "domain:dom0", "domain");
	assert_int_equal(count_edges(g, "default"), 0);
	assert_int_equal(agdegree(g, get_node(g, "domain:d1"), 1, 1), 0);
	agclose(g);

	/* Once d1 is freed the picture is the one from before. */
	iommu_domain_free(d1);
	after = dot_text(sim);
	assert_string_equal(before, after);
	free(before);
	free(after);
	sim_free(sim);
}

/*
 * A device whose name starts with '%' (a node "%dev" with no label and no
 * unit address, which only a blob made by hand can have; dtc refuses the
 * name).  cgraph reads such a name as one of its own anonymous IDs and,
 * in Graphviz 2.42, loses 48 bytes of its internal name map with every
 * graph that has one: the graph must still name the node "%dev", and
 * building and freeing it a thousand times must not grow the heap.  (cgraph's
 * reader turns "%dev" into an anonymous "%1", so the text is not parsed
 * back here.)
 */
static void test_percent_name(void **state)
{
	char path[512], err[256];
	struct sim *sim = sim_new();
	struct mallinfo2 before, after;
	size_t size;
	void *blob = NULL, *dtb;
	char *text;
	Agraph_t *g;
	Agnode_t *n;
	int off;

	snprintf(path, sizeof(path), "%s/q35-vtd.dtb", TEST_BOARDS);
	dtb = unit_read_file(path, &size);
	assert_non_null(sim);
	assert_non_null(dtb);
	blob = malloc(size + 1024);
	assert_non_null(blob);
	assert_int_equal(fdt_open_into(dtb, blob, size + 1024), 0);
	off = fdt_add_subnode(blob, 0, "%dev");
	assert_true(off >= 0);
	assert_int_equal(fdt_setprop_string(blob, off, "compatible", "iommu-lab,none"), 0);
	assert_int_equal(sim_board_boot(sim, "q35-vtd-percent", blob, fdt_totalsize(blob),
					0, err, sizeof(err)), 0);
	assert_non_null(sim_find_device(sim, "%dev"));

	/* in the rank of the no-iommu cluster that keeps pcie and it in board order */
	text = dot_text(sim);
	assert_non_null(strstr(text, "\t\t\t\"%dev\"\t[kind=device,\n"
				     "\t\t\t\tlabel=\"%dev\\nno driver\","));
	free(text);
	g = con_graph_build(sim);
	assert_non_null(g);
	for (n = agfstnode(g); n && strcmp(agnameof(n), "%dev"); n = agnxtnode(g, n))
		;
	assert_non_null(n);
	assert_string_equal(attr(n, "kind"), "device");
	assert_true(agcontains(get_cluster(g, "cluster_no_iommu"), n));
	con_graph_free(g);

	/* a few times to let every cache settle, then 1000 times with nothing lost */
	for (int i = 0; i < 10; i++)
		con_graph_free(con_graph_build(sim));
	before = mallinfo2();
	for (int i = 0; i < 1000; i++) {
		g = con_graph_build(sim);
		assert_non_null(g);
		con_graph_free(g);
	}
	after = mallinfo2();
	/*
	 * 48 bytes lost a graph would be 48 000 or more; what cgraph's
	 * dictionaries keep varies with the heap's addresses, by a few hundred
	 * bytes whatever the number of graphs.
	 */
	assert_true((long)(after.uordblks - before.uordblks) < 1000);

	free(blob);
	free(dtb);
	sim_free(sim);
}

/*
 * q35-vtd with @extra more functions on the host bridge's bus 2, f0, f1,
 * ..., each its own device (reg's phys.hi: bus << 16 | devfn << 8) and
 * with no driver: with q35-vtd's seven functions of bus 0, pcie has
 * 7 + @extra children, all behind dmar0 (its iommu-map covers every RID).
 */
static struct sim *q35_with_functions(int extra, void **blob)
{
	char path[512], err[256], name[32];
	struct sim *sim = sim_new();
	size_t size, cap;
	void *dtb;
	int pcie;

	snprintf(path, sizeof(path), "%s/q35-vtd.dtb", TEST_BOARDS);
	dtb = unit_read_file(path, &size);
	assert_non_null(sim);
	assert_non_null(dtb);
	cap = size + 256 * (size_t)extra + 1024;
	*blob = malloc(cap);
	assert_non_null(*blob);
	assert_int_equal(fdt_open_into(dtb, *blob, cap), 0);
	pcie = fdt_path_offset(*blob, "/pcie@b0000000");
	assert_true(pcie >= 0);
	for (int i = 0; i < extra; i++) {
		fdt32_t reg[5] = { cpu_to_fdt32(2u << 16 | (u32)i << 8) };
		int off;

		snprintf(name, sizeof(name), "f%d", i);
		off = fdt_add_subnode(*blob, pcie, name);
		assert_true(off >= 0);
		assert_int_equal(fdt_setprop_string(*blob, off, "compatible", "pci8086,ffff"), 0);
		assert_int_equal(fdt_setprop(*blob, off, "reg", reg, sizeof(reg)), 0);
	}
	assert_int_equal(sim_board_boot(sim, "q35-vtd-wide", *blob, fdt_totalsize(*blob),
					0, err, sizeof(err)), 0);
	free(dtb);
	return sim;
}

/*
 * A bus parent draws a dotted line to each child up to 64 children
 * (GRAPH_BUS_LINES_MAX, docs/graph.md "Big machines"); above that, one
 * line to the cluster of the IOMMU they sit behind, which says how many.
 * 7 + 57 = 64 children: 64 lines; 7 + 58 = 65: one, "65 on its bus".
 */
static void test_wide_bus(void **state)
{
	void *blob;
	struct sim *sim = q35_with_functions(57, &blob);
	Agraph_t *g = reparse(sim);
	char *svg, err[256];
	size_t len;
	Agedge_t *e;
	FILE *f;

	assert_int_equal(count_edges(g, "parent"), 64);
	assert_edge(g, "pcie", "edu", "parent");
	assert_edge(g, "pcie", "f56", "parent");
	assert_string_equal(attr(g, "compound"), "");
	agclose(g);
	sim_free(sim);
	free(blob);

	sim = q35_with_functions(58, &blob);
	g = reparse(sim);
	assert_true(in_cluster(get_cluster(g, "cluster_iommu_dmar0"), "f57"));
	assert_int_equal(count_edges(g, "parent"), 1);
	e = find_edge(g, "pcie", "dmar0", "parent");
	assert_non_null(e);
	assert_string_equal(attr(e, "lhead"), "cluster_iommu_dmar0");
	assert_string_equal(attr(e, "headlabel"), "65 on its bus");
	assert_string_equal(attr(e, "tooltip"), "65 devices on its bus behind dmar0");
	assert_string_equal(attr(e, "constraint"), "false");
	assert_string_equal(attr(e, "style"), "dotted");
	assert_string_equal(attr(g, "compound"), "true");
	assert_null(find_edge(g, "pcie", "edu", "parent"));
	agclose(g);

	/* dot lays it out and draws it */
	g = con_graph_build(sim);
	assert_non_null(g);
	f = open_memstream(&svg, &len);
	assert_non_null(f);
	assert_int_equal(con_graph_render(test_gvc(), g, "svg", f, err, sizeof(err)), 0);
	fclose(f);
	assert_non_null(strstr(svg, "65 on its bus"));
	free(svg);
	con_graph_free(g);
	sim_free(sim);
	free(blob);
}

/* The same state gives the same bytes, whatever was built before. */
static void test_same_bytes(void **state)
{
	struct sim *a = unit_boot(TEST_BOARDS, "q35-vtd-2dmar", 0);
	struct sim *b;
	char *ta = dot_text(a), *tb;

	b = unit_boot(TEST_BOARDS, "q35-vtd-2dmar", 0);
	free(dot_text(a));
	tb = dot_text(b);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	sim_free(a);
	sim_free(b);
}

static const struct con_graph_lnode *lay_node(const struct con_graph_layout *lay,
					      const char *name)
{
	for (size_t i = 0; i < lay->nnodes; i++)
		if (!strcmp(lay->nodes[i].name, name))
			return &lay->nodes[i];
	fail_msg("no laid-out node '%s'", name);
	return NULL;
}

static const struct con_graph_lcluster *lay_cluster(const struct con_graph_layout *lay,
						    const char *name)
{
	for (size_t i = 0; i < lay->nclusters; i++)
		if (!strcmp(lay->clusters[i].name, name))
			return &lay->clusters[i];
	fail_msg("no laid-out cluster '%s'", name);
	return NULL;
}

static bool point_in(struct con_graph_point p, struct con_graph_point ll,
		     struct con_graph_point ur)
{
	return p.x >= ll.x && p.x <= ur.x && p.y >= ll.y && p.y <= ur.y;
}

/* @p is on node @n's box, or inside it (dot ends an edge at the outline). */
static bool point_at_node(struct con_graph_point p, const struct con_graph_lnode *n)
{
	const double slack = 2;
	struct con_graph_point ll = { n->pos.x - n->width / 2 - slack,
				      n->pos.y - n->height / 2 - slack };
	struct con_graph_point ur = { n->pos.x + n->width / 2 + slack,
				      n->pos.y + n->height / 2 + slack };

	return point_in(p, ll, ur);
}

/*
 * mt8173-evb laid out by dot: the same 27 nodes and 42 edges as the DOT
 * text (1 + 6 + 17 hardware edges, 17 members, 1 domain), the M4U's
 * cluster holding the six larb clusters, every node inside the clusters
 * it is in, the left-to-right order graph.md describes, and every edge
 * running from its tail's box to its head's, with an arrowhead only where
 * the DOT text asks for one.
 */
static void test_layout_mt8173(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "mt8173-evb", 0);
	const char *order[] = { "iommu", "smi_common", "larb0", "ovl0", "group:0", "domain:dom0" };
	const struct con_graph_lcluster *m4u;
	struct con_graph_layout lay;
	GVC_t *gvc = test_gvc();
	Agraph_t *g = con_graph_build(sim);
	char err[256], *svg;
	size_t len;
	FILE *f;

	assert_non_null(g);
	assert_int_equal(con_graph_layout(gvc, g, &lay, err, sizeof(err)), 0);
	assert_int_equal(lay.nnodes, 27);
	assert_int_equal(lay.nedges, 42);
	assert_int_equal(lay.nclusters, 7);
	assert_true(lay.ur.x > lay.ll.x && lay.ur.y > lay.ll.y);

	m4u = &lay.clusters[0];
	assert_string_equal(m4u->name, "cluster_iommu_iommu");
	assert_string_equal(m4u->label, "iommu: mtk-iommu");
	assert_int_equal(m4u->depth, 0);
	assert_true(point_in(m4u->ll, lay.ll, lay.ur) && point_in(m4u->ur, lay.ll, lay.ur));
	for (size_t i = 0; i < lay.nnodes; i++)
		assert_true(point_in(lay.nodes[i].pos, m4u->ll, m4u->ur));

	for (size_t l = 0; l < ARRAY_SIZE(mt8173_larbs); l++) {
		const struct con_graph_lcluster *c;
		char name[64], label[16];

		snprintf(name, sizeof(name), "cluster_larb_%s", mt8173_larbs[l].larb);
		snprintf(label, sizeof(label), "larb %zu", l);
		c = lay_cluster(&lay, name);
		assert_string_equal(c->label, label);
		assert_int_equal(c->depth, 1);
		assert_true(point_in(c->ll, m4u->ll, m4u->ur) && point_in(c->ur, m4u->ll, m4u->ur));
		assert_true(point_in(lay_node(&lay, mt8173_larbs[l].larb)->pos, c->ll, c->ur));
		for (int m = 0; mt8173_larbs[l].masters[m]; m++)
			assert_true(point_in(lay_node(&lay, mt8173_larbs[l].masters[m])->pos,
					     c->ll, c->ur));
	}

	/* labels as drawn: \N is the name, "\n" a line break */
	assert_string_equal(lay_node(&lay, "ovl0")->label, "ovl0");
	assert_string_equal(lay_node(&lay, "group:0")->label, "group 0");
	assert_string_equal(lay_node(&lay, "group:0")->kind, "group");
	assert_string_equal(lay_node(&lay, "domain:dom0")->label, "dom0\nDMA");
	assert_string_equal(lay_node(&lay, "domain:dom0")->shape, "ellipse");
	assert_string_equal(lay_node(&lay, "domain:dom0")->fill, "#bfe3b4");
	for (size_t i = 1; i < ARRAY_SIZE(order); i++)
		assert_true(lay_node(&lay, order[i - 1])->pos.x < lay_node(&lay, order[i])->pos.x);

	for (size_t i = 0; i < lay.nedges; i++) {
		const struct con_graph_ledge *e = &lay.edges[i];
		const struct con_graph_lnode *t = &lay.nodes[e->tail], *h = &lay.nodes[e->head];

		assert_true(e->npts >= 4 && (e->npts - 1) % 3 == 0);
		assert_true(point_at_node(e->pts[0], t));
		assert_true(point_at_node(e->head_arrow ? e->head_tip : e->pts[e->npts - 1], h));
		assert_false(e->tail_arrow);
		assert_int_equal(e->head_arrow, strcmp(e->kind, "hw") != 0);
		if (!strcmp(e->kind, "member"))
			assert_string_equal(h->name, "group:0");
	}

	/* the graph is left without a layout, ready for another */
	f = open_memstream(&svg, &len);
	assert_non_null(f);
	assert_int_equal(con_graph_render(gvc, g, "svg", f, err, sizeof(err)), 0);
	fclose(f);
	free(svg);

	con_graph_layout_free(&lay);
	assert_int_equal(lay.nnodes, 0);
	con_graph_free(g);
	sim_free(sim);
}

/* A PNG's width in pixels: the IHDR chunk's first field, big-endian, at byte 16. */
static unsigned int png_width(GVC_t *gvc, Agraph_t *g)
{
	char err[256], *png;
	size_t len;
	unsigned int w;
	FILE *f = open_memstream(&png, &len);

	assert_non_null(f);
	assert_int_equal(con_graph_render(gvc, g, "png", f, err, sizeof(err)), 0);
	fclose(f);
	assert_true(len > 24 && !memcmp(png + 12, "IHDR", 4));
	w = (unsigned int)(unsigned char)png[16] << 24 | (unsigned char)png[17] << 16 |
	    (unsigned char)png[18] << 8 | (unsigned char)png[19];
	free(png);
	return w;
}

/*
 * The projector settings.  Landscape is dot's top-to-bottom ranks: the
 * same 27 nodes and 42 edges as portrait (test_layout_mt8173()), the
 * chain M4U - smi-common - larb - master - group - domain going down (y
 * grows upwards in dot's points), and the larbs left to right in number
 * order (graph.c makes them first first there).  A PNG at 192 dots an
 * inch is twice as wide as at Graphviz's 96 (one pixel either way for
 * rounding); the DOT text does not change with the dpi.
 */
static void test_projector(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "mt8173-evb", 0);
	const char *down[] = { "iommu", "smi_common", "larb0", "ovl0", "group:0", "domain:dom0" };
	struct con_graph_style style = { .layout = CON_GRAPH_LANDSCAPE };
	struct con_graph_layout lay;
	GVC_t *gvc = test_gvc();
	unsigned int w96, w192;
	char err[256], *before, *after;
	Agraph_t *g;

	g = reparse(sim);
	assert_string_equal(attr(g, "rankdir"), "LR");
	agclose(g);

	con_graph_set_style(&style);
	g = reparse(sim);
	assert_string_equal(attr(g, "rankdir"), "TB");
	agclose(g);
	g = con_graph_build(sim);
	assert_non_null(g);
	assert_int_equal(con_graph_layout(gvc, g, &lay, err, sizeof(err)), 0);
	assert_int_equal(lay.nnodes, 27);
	assert_int_equal(lay.nedges, 42);
	for (size_t i = 1; i < ARRAY_SIZE(down); i++)
		assert_true(lay_node(&lay, down[i - 1])->pos.y > lay_node(&lay, down[i])->pos.y);
	for (size_t l = 1; l < ARRAY_SIZE(mt8173_larbs); l++)
		assert_true(lay_node(&lay, mt8173_larbs[l - 1].larb)->pos.x <
			    lay_node(&lay, mt8173_larbs[l].larb)->pos.x);
	con_graph_layout_free(&lay);

	before = dot_text(sim);
	w96 = png_width(gvc, g);
	con_graph_free(g);
	style.dpi = 192;
	con_graph_set_style(&style);
	g = con_graph_build(sim);
	w192 = png_width(gvc, g);
	after = dot_text(sim);
	assert_string_equal(before, after);
	assert_true(w192 + 1 >= 2 * w96 && w192 <= 2 * w96 + 1);

	style = (struct con_graph_style){ 0 };
	con_graph_set_style(&style);
	free(before);
	free(after);
	con_graph_free(g);
	sim_free(sim);
}

/* The graph as text (con_graph_text()) of @sim. */
static char *graph_text(struct sim *sim)
{
	Agraph_t *g = con_graph_build(sim);
	char *text;
	size_t len;

	assert_non_null(g);
	assert_int_equal(con_graph_text(g, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	con_graph_free(g);
	return text;
}

/*
 * The text form, the graph pane's below 160 columns.  q35-vtd-2dmar: two
 * VT-d units, each with one PCI function in a group of its own, group 0
 * (edu, behind dmar0) and group 1 (edu1, behind dmar1), each in its
 * DMA-FQ default domain (iommu.strict=0), dom0 and dom1 in group order;
 * the two host bridges reach memory directly, in no group, in board
 * order.  The same text in both layouts.  mt8173-evb: the M4U's one group
 * with all 17 masters, in its one DMA domain.
 */
static void test_text_form(void **state)
{
	static const char q35_2dmar[] =
		"dmar0: vtd-iommu\n"
		"  group 0 -> dom0 DMA-FQ\n"
		"    1 member: edu\n"
		"dmar1: vtd-iommu\n"
		"  group 1 -> dom1 DMA-FQ\n"
		"    1 member: edu1\n"
		"no iommu\n"
		"  in no group: pcie, pcie1\n";
	struct con_graph_style style = { .layout = CON_GRAPH_LANDSCAPE };
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd-2dmar", 0);
	char *text = graph_text(sim), *members;
	struct group_device *gdev;
	int lines = 0;
	size_t len;
	FILE *want;

	assert_string_equal(text, q35_2dmar);
	free(text);
	con_graph_set_style(&style);
	text = graph_text(sim);
	style.layout = CON_GRAPH_PORTRAIT;
	con_graph_set_style(&style);
	assert_string_equal(text, q35_2dmar);
	free(text);
	sim_free(sim);

	sim = unit_boot(TEST_BOARDS, "mt8173-evb", 0);
	text = graph_text(sim);
	/* the members in the group's own order, as `group list` gives them */
	want = open_memstream(&members, &len);
	assert_non_null(want);
	fputs("iommu: mtk-iommu\n  group 0 -> dom0 DMA\n    17 members:", want);
	list_for_each_entry(gdev, &sim_iommu_group_by_id(sim, 0)->devices, list)
		fprintf(want, " %s", dev_name(gdev->dev));
	fputc('\n', want);
	fclose(want);
	assert_string_equal(text, members);
	free(text);
	con_graph_set_style(&(struct con_graph_style){ .layout = CON_GRAPH_LANDSCAPE });
	text = graph_text(sim);
	con_graph_set_style(&(struct con_graph_style){ 0 });
	assert_string_equal(text, members);
	free(members);
	for (size_t l = 0; l < ARRAY_SIZE(mt8173_larbs); l++)
		for (int m = 0; mt8173_larbs[l].masters[m]; m++) {
			char word[32];

			snprintf(word, sizeof(word), " %s", mt8173_larbs[l].masters[m]);
			assert_non_null(strstr(text, word));
		}
	/* three lines: the cluster, the group, its members; nothing outside a group */
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 3);
	free(text);
	sim_free(sim);
}

/*
 * edu (q35-vtd's group 3, see test_q35_vtd()) handed to VFIO: unbound,
 * driver_override vfio-pci, bound to it, its group attached to container
 * vfio0.  6.1's DMA ownership claim makes the group's blocking domain
 * first: VT-d has no IOMMU_DOMAIN_BLOCKED, so an unmanaged one, dom5
 * (after dom0-dom4); type1 then allocates the container's unmanaged
 * domain dom6 and attaches the group to it.  So: group 3 -> dom6 (domain),
 * -> dom3 (default), -> dom5 (blocking, labelled as one); the container a
 * node owning dom6.  Nodes: 9 devices, 5 groups, 7 domains, 1 container.
 */
static void test_vfio_container(void **state)
{
	struct sim *sim = unit_boot(TEST_BOARDS, "q35-vtd", 0);
	struct device *edu = sim_find_device(sim, "edu");
	const struct device_driver *drv;
	const struct bus_type *bus;
	Agraph_t *g;
	char *text;
	size_t len;

	assert_non_null(edu);
	device_unbind_by_user(edu);
	free(edu->driver_override);
	edu->driver_override = strdup("vfio-pci");
	drv = driver_find_registered(sim, "vfio-pci", &bus);
	assert_non_null(drv);
	assert_int_equal(device_bind_driver_by_user(drv, bus, edu), 0);
	assert_int_equal(vfio_attach_group(sim, "vfio0", sim_iommu_group_by_id(sim, 3), NULL), 0);

	g = reparse(sim);
	assert_string_equal(attr(get_node(g, "container:vfio0"), "kind"), "container");
	assert_string_equal(attr(get_node(g, "container:vfio0"), "label"),
			    "vfio0\\nVFIO container");
	assert_true(in_cluster(get_cluster(g, "cluster_iommu_dmar0"), "container:vfio0"));
	assert_int_equal(count_edges(g, "owns"), 1);
	assert_edge(g, "container:vfio0", "domain:dom6", "owns");
	assert_edge(g, "group:3", "domain:dom6", "domain");
	assert_edge(g, "group:3", "domain:dom3", "default");
	assert_edge(g, "group:3", "domain:dom5", "blocking");
	assert_int_equal(count_edges(g, "blocking"), 1);
	assert_string_equal(attr(get_node(g, "domain:dom5"), "label"),
			    "dom5\\nblocking (unmanaged)");
	assert_string_equal(attr(get_node(g, "domain:dom6"), "label"), "dom6\\nunmanaged");
	assert_string_equal(attr(get_node(g, "group:3"), "label"), "group 3\\nvfio");
	assert_int_equal(count_nodes(g, "container"), 1);
	assert_int_equal(count_nodes(g, "domain"), 7);
	assert_int_equal(agnnodes(g), 9 + 5 + 7 + 1);
	agclose(g);

	/* the text form names the blocking domain too */
	g = con_graph_build(sim);
	assert_int_equal(con_graph_text(g, &text, &len), 0);
	assert_non_null(strstr(text, "  group 3 vfio -> dom6 unmanaged (default dom3 DMA-FQ)"
				 " (dom5 blocking (unmanaged))\n"));
	assert_non_null(strstr(text, "  vfio0 VFIO container owns dom6\n"));
	/* dom5 and dom6 are told with group 3: only the host bridge is in none */
	assert_non_null(strstr(text, "in no group"));
	assert_string_equal(strstr(text, "in no group"), "in no group: pcie\n");
	free(text);
	con_graph_free(g);
	sim_free(sim);
}

static void test_formats(void **state)
{
	assert_string_equal(con_graph_format("x.svg"), "svg");
	assert_string_equal(con_graph_format("dir.d/x.png"), "png");
	assert_string_equal(con_graph_format("x.dot"), "dot");
	assert_string_equal(con_graph_format("x.html"), "html");
	assert_null(con_graph_format("x.txt"));
	assert_null(con_graph_format("x"));
	assert_null(con_graph_format(".svg"));
	assert_null(con_graph_format("dir.svg/x"));
	assert_null(con_graph_format("x.SVG"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mt8173_evb),
		cmocka_unit_test(test_mt8173_larb_sizes),
		cmocka_unit_test(test_q35_vtd),
		cmocka_unit_test(test_deferred_master),
		cmocka_unit_test(test_unmanaged_attached),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_percent_name),
		cmocka_unit_test(test_wide_bus),
		cmocka_unit_test(test_layout_mt8173),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_projector),
		cmocka_unit_test(test_text_form),
		cmocka_unit_test(test_vfio_container),
	};

	int failed = unit_run("graph", tests, ARRAY_SIZE(tests));

	if (shared_gvc)
		gvFreeContext(shared_gvc);
	return failed;
}
