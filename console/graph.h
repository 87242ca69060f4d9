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
 * group "group:N", a domain "domain:NAME".  Each node has a "kind"
 * attribute: iommu, smi, larb, master, device, group or domain.  Edges:
 * IOMMU - smi-common - larb - master (kind=hw, no arrow), IOMMU - master
 * when there is no larb, device -> group (kind=member), group -> domain
 * (kind=domain), group -> default domain when it is not the current one
 * (kind=default, dashed), device links not already drawn (kind=link,
 * dotted) and bus parents (kind=parent, dotted).
 *
 * Everything comes out in the machine's own orders (devices as added,
 * groups by number, domains by creation), so the DOT text and the pictures
 * are the same bytes for the same state, run after run.
 */
#ifndef CON_GRAPH_H
#define CON_GRAPH_H

#include <stddef.h>
#include <stdio.h>

struct sim;
typedef struct Agraph_s Agraph_t;
typedef struct GVC_s GVC_t;

/*
 * Builds the graph of @sim's current state.  Returns it (free it with
 * con_graph_free()), or NULL if out of memory.
 */
Agraph_t *con_graph_build(struct sim *sim);
void con_graph_free(Agraph_t *g);

/*
 * The graph as DOT text, before layout, in a malloc'ed NUL-terminated
 * buffer the caller frees.  Returns 0, or -1 if out of memory.
 */
int con_graph_dot(Agraph_t *g, char **text, size_t *len);

/* "svg", "png" or "dot" for a FILE.svg, FILE.png or FILE.dot; NULL otherwise. */
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

#endif
