/*
 * The picture of a machine: its IOMMUs, SMI larbs, devices, groups and
 * domains as a Graphviz graph built with libcgraph, laid out and rendered
 * with libgvc.  It only reads the simulator; nothing here changes it.
 *
 * What the graph holds (docs/graph.md shows it drawn):
 *
 *   cluster_iommu_NAME   one per IOMMU instance, NAME its device: the
 *                        IOMMU, its smi-common, its larbs, the masters
 *                        behind it, their groups and domains
 *   cluster_larb_NAME    inside it, one per SMI larb: the larb and the
 *                        masters on its ports
 *   cluster_no_iommu     devices that reach memory directly
 *
 * Nodes are named so that scripts can find them: a device by its name, a
 * group "group:N", a domain "domain:NAME", a VFIO container
 * "container:NAME".  Each node has a "kind" attribute: iommu, smi, larb,
 * master, device, group, domain or container.  Edges:
 * IOMMU - smi-common - larb - master (kind=hw, no arrow), IOMMU - master
 * when there is no larb, device -> group (kind=member), group -> domain
 * (kind=domain), group -> default domain when it is not the current one
 * (kind=default, dashed), group -> blocking domain when it is not the
 * current one (kind=blocking, dashed), container - domain (kind=owns),
 * device links not already drawn (kind=link, dotted), bus parents
 * (kind=parent, dotted) and a deferred device -> what its reason names
 * (kind=waits, red, dashed, no rank constraint).
 *
 * Everything comes out in the machine's own orders (devices as added,
 * groups by number, domains by creation), so the DOT text and the pictures
 * are the same bytes for the same state, run after run.
 */
#ifndef CON_GRAPH_H
#define CON_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim;
typedef struct Agraph_s Agraph_t;
typedef struct GVC_s GVC_t;

/*
 * How pictures are laid out, for every graph built or drawn after
 * con_graph_set_style() (the console's `set graph.layout` and `set
 * graph.dpi`): portrait is dot's left-to-right ranks, the IOMMU clusters
 * stacked top down (a tall page, the default); landscape its top-to-bottom
 * ranks, the clusters side by side (a wide page, for a projector).  @dpi
 * is the resolution of a PNG, 0 for Graphviz's own 96; SVG and DOT are
 * the same whatever it is.
 */
enum con_graph_layout_dir {
	CON_GRAPH_PORTRAIT,
	CON_GRAPH_LANDSCAPE,
};

struct con_graph_style {
	enum con_graph_layout_dir layout;
	int dpi;
};

#define CON_GRAPH_DPI_MIN	36
#define CON_GRAPH_DPI_MAX	600

void con_graph_set_style(const struct con_graph_style *style);
const struct con_graph_style *con_graph_style(void);

/*
 * Builds the graph of @sim's current state.  Returns it (free it with
 * con_graph_free()), or NULL if out of memory.
 */
Agraph_t *con_graph_build(struct sim *sim);
void con_graph_free(Agraph_t *g);
/* How many nodes @g has. */
int con_graph_nnodes(Agraph_t *g);

/*
 * The graph as DOT text, before layout, in a malloc'ed NUL-terminated
 * buffer the caller frees.  Returns 0, or -1 if out of memory.
 */
int con_graph_dot(Agraph_t *g, char **text, size_t *len);

/*
 * The graph as short text, for a pane too narrow for the picture: for
 * each IOMMU cluster (and "no iommu") its label, then its groups by
 * number, each "  group N -> DOMAIN TYPE (default DOMAIN TYPE)" and
 * "    K members: DEV DEV ...", then "  in no group: ..." for the devices
 * and domains in none, with their state ("ovl0 deferred", "dom3 DMA").
 * A malloc'ed NUL-terminated buffer the caller frees; 0, or -1 if out of
 * memory.
 */
int con_graph_text(Agraph_t *g, char **text, size_t *len);

/*
 * "svg", "png", "dot" or "html" for a FILE.svg, FILE.png, FILE.dot or
 * FILE.html (a page showing the SVG, graph_serve.c); NULL otherwise.
 */
const char *con_graph_format(const char *path);

/*
 * Writes @g to @f in @format ("dot": the DOT text before layout; "svg",
 * "png": laid out with dot and rendered by @gvc).  Returns 0, or -1 with a
 * one-line reason in @err.
 */
int con_graph_render(GVC_t *gvc, Agraph_t *g, const char *format, FILE *f,
		     char *err, size_t errlen);

/*
 * Writes @g to @path in the format its extension names, through a
 * temporary file in the same directory renamed over @path, so that a
 * reader never sees half a picture.  Returns 0, or -1 with a one-line
 * reason in @err and @path untouched.
 */
int con_graph_write_file(GVC_t *gvc, Agraph_t *g, const char *path,
			 char *err, size_t errlen);

/*
 * @g laid out and drawn as SVG, in a malloc'ed buffer of *@len bytes the
 * caller frees.  Returns 0, or -1 with a one-line reason in @err.
 */
int con_graph_svg(GVC_t *gvc, Agraph_t *g, char **svg, size_t *len,
		  char *err, size_t errlen);

/*
 * graph_serve.c: writes to @f the page that shows @svg (@len bytes, as
 * con_graph_svg() made it) and keeps it up to date: served by `graph
 * serve`, it follows the console's pushes; opened as a file, it reloads
 * itself every second.  @version numbers the picture (0 for a file).
 */
void con_graph_page(FILE *f, const char *svg, size_t len, unsigned long version);

/*
 * Where dot put everything, for drawing the graph without Graphviz's
 * renderers (the full-screen interface's graph pane).  Coordinates are
 * Graphviz's own: points (1/72 inch), y growing upwards, inside @ll-@ur.
 */
struct con_graph_point {
	double x, y;
};

struct con_graph_lnode {
	char *name;			/* "ovl0", "group:0", "domain:dom0" */
	char *label;			/* the label's lines, '\n' between them */
	char *kind, *shape, *style, *fill;	/* the node's attributes */
	struct con_graph_point pos;	/* the centre */
	double width, height;
};

struct con_graph_ledge {
	int tail, head;			/* indices in nodes */
	char *kind, *style, *label;	/* label "" when there is none */
	/* the spline: its start, then three control points per cubic piece */
	struct con_graph_point *pts;
	size_t npts;
	/* an arrowhead ends at the tip, on the node's outline */
	bool head_arrow, tail_arrow;
	struct con_graph_point head_tip, tail_tip;
	struct con_graph_point label_pos;
};

struct con_graph_lcluster {
	char *name, *label;		/* "cluster_larb_larb0", "larb 0" */
	struct con_graph_point ll, ur;	/* the box */
	struct con_graph_point label_pos;
	int depth;			/* 0 for a top-level cluster */
};

struct con_graph_layout {
	struct con_graph_point ll, ur;	/* the whole drawing */
	struct con_graph_lnode *nodes;	/* in the graph's order */
	struct con_graph_ledge *edges;
	struct con_graph_lcluster *clusters;	/* each before those inside it */
	size_t nnodes, nedges, nclusters;
};

/*
 * Lays @g out with dot and copies the positions into @lay, which owns
 * them afterwards (free with con_graph_layout_free()); @g keeps no layout.
 * Returns 0, or -1 with a one-line reason in @err and @lay empty.
 */
int con_graph_layout(GVC_t *gvc, Agraph_t *g, struct con_graph_layout *lay,
		     char *err, size_t errlen);
void con_graph_layout_free(struct con_graph_layout *lay);

#endif
