/*
 * The graph of a big machine: `graph FILE.svg` of mt8173-evb with N more
 * M4U masters added by hand (dev add NAME iommus=iommu:ID), spread over
 * the six larbs' ports, for N = 1250, 2500 and 5000.  Each size runs in a
 * child process of its own; prints the time of each step (the graph and
 * its DOT text, dot's layout, the SVG), the child's peak memory, and how
 * much each grew against the size before.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gvc.h>

#include <sim/board.h>
#include <sim/sim.h>

#include "../console/graph.h"
#include "bench.h"

static const int sizes[] = { 1250, 2500, 5000 };
/* mt8173's larbs and their port counts (larb << 5 | port) */
static const int ports[] = { 8, 10, 21, 15, 6, 9 };

struct result {
	double build, layout, svg;
	int nodes, edges;
};

static struct result *shared;

static int add_masters(struct sim *sim, int n)
{
	for (int i = 0; i < n; i++) {
		int larb = i % 6, port = i / 6 % ports[larb];
		struct sim_dev_spec spec = {
			.compatible = "mediatek,mt8173-disp-ovl",
			.iommu = "iommu",
			.ids = { larb << 5 | port },
			.nr_ids = 1,
		};
		char name[32], err[256];

		snprintf(name, sizeof(name), "m%d", i);
		spec.name = name;
		if (sim_dev_create(sim, &spec, err, sizeof(err))) {
			fprintf(stderr, "graph-scale: %s\n", err);
			return -1;
		}
	}
	return 0;
}

static int measure(void *arg)
{
	int n = *(int *)arg;
	struct sim *sim = bench_boot("mt8173-evb");
	struct result *r = shared;
	GVC_t *gvc = gvContext();
	char *dot, *svg;
	size_t dot_len, svg_len;
	double t0, t1, t2, t3;
	Agraph_t *g;
	FILE *f;

	if (!sim || !gvc || add_masters(sim, n))
		return 1;
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
	r->build = t1 - t0;
	r->layout = t2 - t1;
	r->svg = t3 - t2;
	r->nodes = agnnodes(g);
	r->edges = agnedges(g);
	return 0;
}

int main(void)
{
	struct result prev = { 0 };
	long prev_rss = 0;

	/* the child writes its figures here before it exits */
	shared = bench_shared(sizeof(*shared));
	if (!shared)
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		int n = sizes[i];
		long rss;
		struct result r;

		if (bench_in_child(measure, &n, &rss)) {
			fprintf(stderr, "graph-scale: %d masters failed\n", n);
			return 1;
		}
		r = *shared;
		printf("graph scale: masters=%d nodes=%d edges=%d graph+dot=%.1f ms "
		       "layout=%.0f ms svg=%.0f ms peak=%ld KiB", n, r.nodes, r.edges,
		       r.build * 1e3, r.layout * 1e3, r.svg * 1e3, rss);
		if (i)
			printf(" (x%.1f the size: graph+dot x%.1f, layout x%.1f, svg x%.1f, peak x%.1f)",
			       (double)n / sizes[i - 1], r.build / prev.build,
			       r.layout / prev.layout, r.svg / prev.svg, (double)rss / prev_rss);
		printf("\n");
		prev = r;
		prev_rss = rss;
	}
	return 0;
}
