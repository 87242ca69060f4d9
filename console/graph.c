/*
 * The picture of a machine (graph.h says what it holds).  The devices are
 * sorted into kinds first, from the registered IOMMUs and the device tree
 * (so a master whose IOMMU has not probed yet still sits behind it); then
 * the clusters, nodes and edges are made in the machine's own orders.
 *
 * cgraph's default ID discipline numbers named objects by the address of
 * their interned name, and subgraphs are kept, written and laid out in ID
 * order: clusters would come out in heap order.  The discipline below
 * numbers every object in creation order instead, and keeps the names
 * itself (cgraph's own fallback map for names leaks in Graphviz 2.42).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/hw.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/of.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include <gvc.h>

#include "graph.h"

/* Colours: one hue per kind of thing, domains by type. */
#define COLOUR_IOMMU		"#d7c4ec"
#define COLOUR_IOMMU_CLUSTER	"#f7f2fc"
#define COLOUR_SMI		"#f3dcc4"
#define COLOUR_LARB		"#f6c99b"
#define COLOUR_LARB_CLUSTER	"#fdf1e4"
#define COLOUR_MASTER		"#d4e5f7"
#define COLOUR_DEVICE		"#eeeeee"
#define COLOUR_DEFERRED		"#f8cccc"
#define COLOUR_DEFERRED_LINE	"#c0392b"
#define COLOUR_GROUP		"#fff0a8"
#define COLOUR_CONTAINER	"#f9d2e8"
#define COLOUR_CONTAINER_LINE	"#a0527e"
#define COLOUR_LINE		"#555555"
#define COLOUR_HW_LINE		"#999999"
#define COLOUR_CLUSTER_LINE	"#aaaaaa"

#define GRAPH_FONT		"DejaVu Sans"

/* What node() puts before a name that starts with '%' (or with it). */
#define GRAPH_NAME_ESCAPE	'\x1b'

/* More children than this draw one line to each IOMMU cluster (add_parent_edges()). */
#define GRAPH_BUS_LINES_MAX	64

/* An M4U "iommus" cell is larb << 5 | port (MTK_M4U_TO_LARB in mtk_iommu.h). */
#define M4U_SPEC_TO_LARB(id)	((int)(((id) >> 5) & 0x1f))

static const struct {
	unsigned int type;
	const char *fill;
} domain_colours[] = {
	{ IOMMU_DOMAIN_DMA, "#bfe3b4" },
	{ IOMMU_DOMAIN_DMA_FQ, "#9fd4a0" },
	{ IOMMU_DOMAIN_IDENTITY, "#dddddd" },
	{ IOMMU_DOMAIN_UNMANAGED, "#ffcf70" },
	{ IOMMU_DOMAIN_BLOCKED, "#f2a0a0" },
};

/*
 * Object IDs in creation order, names kept here: the k-th object made gets
 * ID 2k + 1 and names[k] holds its name (NULL for an anonymous one), a
 * string of the graph's own (cgraph reads a header before it, and frees it
 * with the graph).  An open-addressing table finds the ID of a name of a
 * given type.
 */
struct graph_ids {
	Agraph_t *g;
	char **names;
	int *types;
	size_t count, cap;
	size_t *slots;			/* object index + 1, 0 when empty */
	size_t nslots;			/* a power of two, at least twice count */
};

static size_t graph_id_hash(int objtype, const char *str)
{
	size_t h = 2166136261u ^ (size_t)objtype;

	for (; *str; str++)
		h = (h ^ (unsigned char)*str) * 16777619u;
	return h;
}

static size_t *graph_id_slot(struct graph_ids *ids, int objtype, const char *str)
{
	size_t mask = ids->nslots - 1, i = graph_id_hash(objtype, str) & mask;

	for (;; i = (i + 1) & mask) {
		size_t k = ids->slots[i];

		if (!k || (ids->types[k - 1] == objtype && !strcmp(ids->names[k - 1], str)))
			return &ids->slots[i];
	}
}

static int graph_id_grow(struct graph_ids *ids)
{
	size_t cap = ids->cap ? ids->cap * 2 : 64, nslots = cap * 2;
	char **names = realloc(ids->names, cap * sizeof(*names));
	int *types;
	size_t *slots;

	if (!names)
		return -1;
	ids->names = names;
	types = realloc(ids->types, cap * sizeof(*types));
	if (!types)
		return -1;
	ids->types = types;
	slots = calloc(nslots, sizeof(*slots));
	if (!slots)
		return -1;
	free(ids->slots);
	ids->slots = slots;
	ids->nslots = nslots;
	ids->cap = cap;
	for (size_t k = 0; k < ids->count; k++)
		if (ids->names[k])
			*graph_id_slot(ids, ids->types[k], ids->names[k]) = k + 1;
	return 0;
}

static void *graph_id_open(Agraph_t *g, Agdisc_t *disc)
{
	struct graph_ids *ids = calloc(1, sizeof(*ids));

	if (ids)
		ids->g = g;
	return ids;
}

static long graph_id_map(void *state, int objtype, char *str, IDTYPE *id,
			 int createflag)
{
	struct graph_ids *ids = state;
	size_t *slot = NULL;
	char *name = NULL;

	if (!ids)
		return 0;
	if (str) {
		if (ids->nslots) {
			slot = graph_id_slot(ids, objtype, str);
			if (*slot) {
				*id = 2 * (*slot - 1) + 1;
				return 1;
			}
		}
		if (!createflag)
			return 0;
		name = agstrdup(ids->g, str);
		if (!name)
			return 0;
	}
	if (ids->count == ids->cap && graph_id_grow(ids)) {
		agstrfree(ids->g, name);
		return 0;
	}
	ids->names[ids->count] = name;
	ids->types[ids->count] = objtype;
	ids->count++;
	if (name)
		*graph_id_slot(ids, objtype, name) = ids->count;
	*id = 2 * (ids->count - 1) + 1;
	return 1;
}

/* No object may ask for an ID of its own. */
static long graph_id_alloc(void *state, int objtype, IDTYPE id)
{
	return 0;
}

/* A deleted object's name stays until the graph closes; its ID is never reused. */
static void graph_id_free(void *state, int objtype, IDTYPE id)
{
}

static char *graph_id_print(void *state, int objtype, IDTYPE id)
{
	struct graph_ids *ids = state;
	size_t k = (id - 1) / 2;
	char *name = ids && id % 2 && k < ids->count ? ids->names[k] : NULL;

	/* an escaped name (see node()) is printed as it was given */
	return name && name[0] == GRAPH_NAME_ESCAPE ? name + 1 : name;
}

static void graph_id_close(void *state)
{
	struct graph_ids *ids = state;

	if (!ids)
		return;
	free(ids->names);
	free(ids->types);
	free(ids->slots);
	free(ids);
}

static void graph_id_register(void *state, int objtype, void *obj)
{
}

static Agiddisc_t graph_id_disc = {
	.open = graph_id_open,
	.map = graph_id_map,
	.alloc = graph_id_alloc,
	.free = graph_id_free,
	.print = graph_id_print,
	.close = graph_id_close,
	.idregister = graph_id_register,
};

static Agdisc_t graph_disc = {
	.mem = &AgMemDisc,
	.id = &graph_id_disc,
	.io = &AgIoDisc,
};

enum gkind {
	GK_DEVICE,		/* reaches memory directly */
	GK_IOMMU,
	GK_SMI,			/* an M4U's smi-common */
	GK_LARB,
	GK_MASTER,		/* behind an IOMMU */
};

static const char *const gkind_names[] = {
	[GK_DEVICE] = "device",
	[GK_IOMMU] = "iommu",
	[GK_SMI] = "smi",
	[GK_LARB] = "larb",
	[GK_MASTER] = "master",
};

struct gdev {
	struct device *dev;
	enum gkind kind;
	int iommu;		/* its IOMMU's index, or -1 */
	int up;			/* the next device towards the IOMMU, or -1 */
	int larb;		/* a master's larb, or -1 */
	int larb_id;		/* a larb's ID, or -1 */
	Agraph_t *cluster;	/* an IOMMU's or a larb's cluster */
	Agnode_t *node;
};

struct gbuild {
	struct sim *sim;
	Agraph_t *g;
	struct gdev *devs;
	int n;
	int *by_addr;		/* indices in devs, sorted by device address */
	int *iommus, niommus;	/* indices of the IOMMUs, in device order */
	int *larbs, nlarbs;	/* and of the larbs */
	Agraph_t *no_iommu;
	bool landscape;		/* top to bottom: what is inside clusters made first first */
	bool failed;		/* out of memory somewhere */
};

static int by_addr_cmp(const void *pa, const void *pb, void *devs)
{
	const struct gdev *gd = devs;
	uintptr_t a = (uintptr_t)gd[*(const int *)pa].dev;
	uintptr_t b = (uintptr_t)gd[*(const int *)pb].dev;

	return a < b ? -1 : a > b;
}

/*
 * The index of @dev in b->devs, by binary search of the devices sorted by
 * address: the order of the search only, never of anything drawn.
 */
static int gdev_index(const struct gbuild *b, const struct device *dev)
{
	int lo = 0, hi = b->n;

	if (!dev)
		return -1;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct device *d = b->devs[b->by_addr[mid]].dev;

		if (d == dev)
			return b->by_addr[mid];
		if ((uintptr_t)d < (uintptr_t)dev)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int node_dev_index(const struct gbuild *b, const struct device_node *np)
{
	return np ? gdev_index(b, np->dev) : -1;
}

/* Sorting the devices into kinds */

static bool dev_is_iommu(struct sim *sim, const struct device *dev)
{
	struct iommu_device *iommu;

	if (dev->of_node && of_find_property(dev->of_node, "#iommu-cells"))
		return true;
	list_for_each_entry(iommu, &sim->iommus, list)
		if (iommu->dev == dev)
			return true;
	return false;
}

/* An M4U's larbs, from its "mediatek,larbs", and the smi-common they name. */
static void classify_larbs(struct gbuild *b, int i)
{
	const struct of_tree *tree = b->sim->of;
	struct device_node *np = b->devs[i].dev->of_node;
	int count;

	if (!np || !tree)
		return;
	count = of_count_phandle_with_args(np, "mediatek,larbs", NULL);
	for (int idx = 0; idx < count; idx++) {
		struct device_node *larbnode = of_parse_phandle(np, "mediatek,larbs", idx);
		int l = node_dev_index(b, larbnode), s;
		u32 id = idx;

		if (l < 0 || b->devs[l].kind != GK_DEVICE)
			continue;
		of_property_read_u32(larbnode, "mediatek,larb-id", &id);
		b->devs[l].kind = GK_LARB;
		b->devs[l].iommu = i;
		b->devs[l].up = i;
		b->devs[l].larb_id = id;
		b->larbs[b->nlarbs++] = l;

		s = node_dev_index(b, of_parse_phandle(larbnode, "mediatek,smi", 0));
		if (s >= 0 && b->devs[s].kind == GK_DEVICE) {
			b->devs[s].kind = GK_SMI;
			b->devs[s].iommu = i;
			b->devs[s].up = i;
		}
		if (s >= 0 && b->devs[s].kind == GK_SMI && b->devs[s].iommu == i)
			b->devs[l].up = s;
	}
}

/* The larb of master @m behind IOMMU @i: "mediatek,larb", else its first port's. */
static int master_larb(struct gbuild *b, int m, int i, const struct of_phandle_args *spec)
{
	struct device_node *np = b->devs[m].dev->of_node;
	int l;

	l = node_dev_index(b, np ? of_parse_phandle(np, "mediatek,larb", 0) : NULL);
	if (l >= 0) {
		if (b->devs[l].kind == GK_DEVICE &&
		    of_device_is_compatible(b->devs[l].dev->of_node, "mediatek,mt8173-smi-larb")) {
			b->devs[l].kind = GK_LARB;
			b->devs[l].iommu = i;
			b->devs[l].up = i;
			b->larbs[b->nlarbs++] = l;
		}
		return b->devs[l].kind == GK_LARB && b->devs[l].iommu == i ? l : -1;
	}
	if (!spec || spec->args_count < 1)
		return -1;
	/* the first such larb in device order */
	l = -1;
	for (int k = 0; k < b->nlarbs; k++) {
		int c = b->larbs[k];

		if (b->devs[c].iommu == i && (l < 0 || c < l) &&
		    b->devs[c].larb_id == M4U_SPEC_TO_LARB(spec->args[0]))
			l = c;
	}
	return l;
}

static void classify_master(struct gbuild *b, int m)
{
	struct device *dev = b->devs[m].dev;
	struct sim_bus_master master;
	struct of_phandle_args spec;
	bool routed;
	int i = -1;

	dev_bus_master(dev, &master);
	routed = b->sim->of && !sim_hw_dma_route(&master, 0, &spec);
	/* Where the IOMMU core put it, else where the device tree says. */
	if (dev->iommu && dev->iommu->iommu_dev)
		i = gdev_index(b, dev->iommu->iommu_dev->dev);
	if (i < 0 && routed)
		i = node_dev_index(b, spec.np);
	if (i < 0 || b->devs[i].kind != GK_IOMMU)
		return;
	b->devs[m].kind = GK_MASTER;
	b->devs[m].iommu = i;
	b->devs[m].larb = master_larb(b, m, i, routed ? &spec : NULL);
	b->devs[m].up = b->devs[m].larb >= 0 ? b->devs[m].larb : i;
}

static int classify(struct gbuild *b)
{
	struct device *dev;
	int i = 0;

	list_for_each_entry(dev, &b->sim->devices, sim_node)
		b->n++;
	b->devs = calloc(b->n ? b->n : 1, sizeof(*b->devs));
	b->by_addr = calloc(b->n ? b->n : 1, sizeof(*b->by_addr));
	b->iommus = calloc(b->n ? b->n : 1, sizeof(*b->iommus));
	b->larbs = calloc(b->n ? b->n : 1, sizeof(*b->larbs));
	if (!b->devs || !b->by_addr || !b->iommus || !b->larbs)
		return -1;
	list_for_each_entry(dev, &b->sim->devices, sim_node) {
		b->devs[i] = (struct gdev){ .dev = dev, .iommu = -1, .up = -1,
					    .larb = -1, .larb_id = -1 };
		if (dev_is_iommu(b->sim, dev)) {
			b->devs[i].kind = GK_IOMMU;
			b->iommus[b->niommus++] = i;
		}
		b->by_addr[i] = i;
		i++;
	}
	qsort_r(b->by_addr, b->n, sizeof(*b->by_addr), by_addr_cmp, b->devs);
	for (int k = 0; k < b->niommus; k++)
		classify_larbs(b, b->iommus[k]);
	/* larbs named by "mediatek,larb" alone are found by classify_master() */
	for (i = 0; i < b->n; i++)
		if (b->devs[i].kind == GK_DEVICE)
			classify_master(b, i);
	return 0;
}

/* Making the graph */

/* The console's one picture style (graph.h); a drawing child inherits it. */
static struct con_graph_style graph_style;

void con_graph_set_style(const struct con_graph_style *style)
{
	graph_style = *style;
}

const struct con_graph_style *con_graph_style(void)
{
	return &graph_style;
}

static void set(struct gbuild *b, void *obj, const char *name, const char *value)
{
	/* cgraph copies the strings it is given; it only lacks the const */
	if (agsafeset(obj, (char *)name, (char *)value, ""))
		b->failed = true;
}

static Agraph_t *subgraph(struct gbuild *b, Agraph_t *parent, const char *name)
{
	Agraph_t *sg = agsubg(parent, (char *)name, 1);

	if (!sg)
		b->failed = true;
	return sg;
}

/*
 * A node called @name.  cgraph takes a name that starts with '%' for one
 * of its own ("%12", an anonymous object's), keeps it in an internal map
 * that the ID discipline never sees, and in Graphviz 2.42 loses that
 * map's entries with the graph (48 bytes a node, every graph).  Such a
 * name, and one that starts with the escape byte itself, is made with the
 * escape in front, which graph_id_print() takes off again: the DOT text,
 * the pictures and agnameof() show the name as it is.
 */
static Agnode_t *node(struct gbuild *b, Agraph_t *where, const char *name,
		      const char *kind)
{
	char *key = NULL;
	Agnode_t *n;

	if ((name[0] == '%' || name[0] == GRAPH_NAME_ESCAPE) &&
	    asprintf(&key, "%c%s", GRAPH_NAME_ESCAPE, name) < 0) {
		b->failed = true;
		return NULL;
	}
	n = agnode(where ? where : b->g, key ? key : (char *)name, 1);
	free(key);
	if (!n) {
		b->failed = true;
		return NULL;
	}
	set(b, n, "kind", kind);
	return n;
}

static Agedge_t *edge(struct gbuild *b, Agnode_t *t, Agnode_t *h, const char *kind)
{
	Agedge_t *e;

	if (!t || !h)
		return NULL;
	e = agedge(b->g, t, h, NULL, 1);
	if (!e) {
		b->failed = true;
		return NULL;
	}
	set(b, e, "kind", kind);
	return e;
}

/* Declares every attribute with its default, in one fixed order. */
static void declare_attrs(struct gbuild *b)
{
	static const struct {
		int kind;
		const char *name, *value;
	} attrs[] = {
		{ AGRAPH, "label", "" },
		{ AGRAPH, "style", "" },
		{ AGRAPH, "fillcolor", "" },
		{ AGRAPH, "color", "" },
		{ AGNODE, "kind", "" },
		{ AGNODE, "label", "\\N" },
		{ AGNODE, "shape", "box" },
		{ AGNODE, "style", "rounded,filled" },
		{ AGNODE, "fillcolor", COLOUR_DEVICE },
		{ AGNODE, "color", COLOUR_LINE },
		{ AGNODE, "penwidth", "1" },
		{ AGNODE, "tooltip", "" },
		{ AGNODE, "fontname", GRAPH_FONT },
		{ AGNODE, "fontsize", "10" },
		{ AGNODE, "height", "0.3" },
		{ AGNODE, "margin", "0.1,0.03" },
		{ AGEDGE, "kind", "" },
		{ AGEDGE, "style", "solid" },
		{ AGEDGE, "color", COLOUR_LINE },
		{ AGEDGE, "dir", "forward" },
		{ AGEDGE, "penwidth", "1" },
		{ AGEDGE, "label", "" },
		{ AGEDGE, "tooltip", "" },
		{ AGEDGE, "constraint", "true" },
		{ AGEDGE, "fontname", GRAPH_FONT },
		{ AGEDGE, "fontsize", "8" },
		{ AGEDGE, "arrowsize", "0.6" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++)
		if (!agattr(b->g, attrs[i].kind, (char *)attrs[i].name,
			    (char *)attrs[i].value))
			b->failed = true;
}

static void set_cluster_style(struct gbuild *b, Agraph_t *sg, const char *label,
			      const char *style, const char *fill)
{
	if (!sg)
		return;
	set(b, sg, "label", label);
	set(b, sg, "style", style);
	set(b, sg, "fillcolor", fill);
	set(b, sg, "color", COLOUR_CLUSTER_LINE);
}

/* A device's node: its name, and how far it got with its driver. */
static void add_device_node(struct gbuild *b, int i, Agraph_t *where)
{
	struct gdev *gd = &b->devs[i];
	struct device *dev = gd->dev;
	static const char *const fills[] = {
		[GK_DEVICE] = COLOUR_DEVICE,
		[GK_IOMMU] = COLOUR_IOMMU,
		[GK_SMI] = COLOUR_SMI,
		[GK_LARB] = COLOUR_LARB,
		[GK_MASTER] = COLOUR_MASTER,
	};
	static const char *const shapes[] = {
		[GK_DEVICE] = "box",
		[GK_IOMMU] = "box3d",
		[GK_SMI] = "box",
		[GK_LARB] = "cds",
		[GK_MASTER] = "box",
	};
	char label[160], tooltip[512];
	Agnode_t *n;

	n = gd->node = node(b, where, dev_name(dev), gkind_names[gd->kind]);
	if (!n)
		return;
	if (gd->kind != GK_DEVICE)
		set(b, n, "fillcolor", fills[gd->kind]);
	if (strcmp(shapes[gd->kind], "box"))
		set(b, n, "shape", shapes[gd->kind]);
	if (gd->kind == GK_IOMMU || gd->kind == GK_SMI || gd->kind == GK_LARB)
		set(b, n, "style", "filled");

	/*
	 * A larb's cds outline has its point on the right and a notch on the
	 * left, an IOMMU's box3d a second edge inside its top right corner;
	 * a second label line ("no driver", "deferred") runs into them, so a
	 * wider margin keeps a dashed outline off the words.
	 */
	if ((gd->kind == GK_LARB || gd->kind == GK_IOMMU) &&
	    (device_is_deferred(dev) || !device_is_bound(dev)))
		set(b, n, "margin", "0.25,0.05");
	if (device_is_deferred(dev)) {
		snprintf(label, sizeof(label), "%s\\ndeferred", dev_name(dev));
		set(b, n, "label", label);
		set(b, n, "style", gd->kind == GK_IOMMU || gd->kind == GK_SMI ||
			gd->kind == GK_LARB ? "filled,dashed" : "rounded,filled,dashed");
		set(b, n, "fillcolor", COLOUR_DEFERRED);
		set(b, n, "color", COLOUR_DEFERRED_LINE);
		set(b, n, "penwidth", "2");
		set(b, n, "tooltip", dev->deferred_probe_reason ?
		    dev->deferred_probe_reason : "probe deferred");
	} else if (!device_is_bound(dev)) {
		snprintf(label, sizeof(label), "%s\\nno driver", dev_name(dev));
		set(b, n, "label", label);
		set(b, n, "style", gd->kind == GK_IOMMU || gd->kind == GK_SMI ||
			gd->kind == GK_LARB ? "dashed" : "rounded,dashed");
		set(b, n, "tooltip", "no driver bound");
	} else {
		snprintf(tooltip, sizeof(tooltip), "driver %s, dma %s",
			 dev->driver->name,
			 !dev->dma_configured ? "not configured" :
			 dma_uses_iommu(dev) ? "through the iommu" : "direct");
		set(b, n, "tooltip", tooltip);
	}
}

/* Larbs last first: higher ID, then later device (see con_graph_build()). */
static int larb_cmp(const void *pa, const void *pb, void *devs)
{
	const struct gdev *gd = devs;
	int a = *(const int *)pa, b = *(const int *)pb;
	int ida = gd[a].larb_id, idb = gd[b].larb_id;

	if (ida != idb)
		return ida > idb ? -1 : 1;
	return a > b ? -1 : a < b;
}

static void add_iommu_cluster(struct gbuild *b, int i)
{
	struct gdev *gd = &b->devs[i];
	struct iommu_device *iommu = gd->dev->of_node ?
		iommu_device_from_fwnode(b->sim, gd->dev->of_node) : NULL;
	int *larbs, nlarbs = 0;
	char name[160], label[160];

	larbs = calloc(b->n, sizeof(*larbs));
	if (!larbs) {
		b->failed = true;
		return;
	}
	snprintf(name, sizeof(name), "cluster_iommu_%s", dev_name(gd->dev));
	snprintf(label, sizeof(label), "%s: %s", dev_name(gd->dev),
		 iommu ? iommu->ops->name : "not registered");
	gd->cluster = subgraph(b, b->g, name);
	if (!gd->cluster) {
		free(larbs);
		return;
	}
	set_cluster_style(b, gd->cluster, label, "rounded,filled", COLOUR_IOMMU_CLUSTER);
	add_device_node(b, i, gd->cluster);

	for (int k = 0; k < b->n; k++) {
		int s = b->landscape ? k : b->n - 1 - k;

		if (b->devs[s].kind == GK_SMI && b->devs[s].iommu == i)
			add_device_node(b, s, gd->cluster);
	}
	for (int l = 0; l < b->n; l++)
		if (b->devs[l].kind == GK_LARB && b->devs[l].iommu == i)
			larbs[nlarbs++] = l;
	qsort_r(larbs, nlarbs, sizeof(*larbs), larb_cmp, b->devs);
	for (int j = 0; j < nlarbs; j++) {
		int k = b->landscape ? nlarbs - 1 - j : j;
		struct gdev *ld = &b->devs[larbs[k]];

		snprintf(name, sizeof(name), "cluster_larb_%s", dev_name(ld->dev));
		if (ld->larb_id >= 0)
			snprintf(label, sizeof(label), "larb %d", ld->larb_id);
		else
			snprintf(label, sizeof(label), "%s", dev_name(ld->dev));
		ld->cluster = subgraph(b, gd->cluster, name);
		set_cluster_style(b, ld->cluster, label, "rounded,filled", COLOUR_LARB_CLUSTER);
		add_device_node(b, larbs[k], ld->cluster ? ld->cluster : gd->cluster);
	}
	free(larbs);
}

static Agraph_t *no_iommu_cluster(struct gbuild *b)
{
	if (!b->no_iommu) {
		b->no_iommu = subgraph(b, b->g, "cluster_no_iommu");
		set_cluster_style(b, b->no_iommu, "no iommu", "rounded,dashed", "");
	}
	return b->no_iommu;
}

static const char *domain_fill(const struct iommu_domain *domain)
{
	for (size_t i = 0; i < ARRAY_SIZE(domain_colours); i++)
		if (domain_colours[i].type == domain->type)
			return domain_colours[i].fill;
	return COLOUR_DEVICE;
}

/*
 * True when @domain is a group's blocking domain, the one a group owned by
 * VFIO sits on outside a container: 6.1 makes it an unmanaged domain when
 * the driver has no IOMMU_DOMAIN_BLOCKED (__iommu_group_alloc_blocking_domain()).
 */
static bool domain_is_blocking(const struct gbuild *b, const struct iommu_domain *domain)
{
	struct iommu_group *group;

	list_for_each_entry(group, &b->sim->groups, sim_node)
		if (group->blocking_domain == domain)
			return true;
	return false;
}

static Agnode_t *domain_node(struct gbuild *b, struct iommu_domain *domain,
			     Agraph_t *where)
{
	char name[64], label[96];
	Agnode_t *n;

	snprintf(name, sizeof(name), "domain:%s", domain->name);
	n = agnode(b->g, name, 0);
	if (n)
		return n;
	n = node(b, where, name, "domain");
	if (!n)
		return NULL;
	if (domain_is_blocking(b, domain))
		snprintf(label, sizeof(label), "%s\\nblocking%s%s%s", domain->name,
			 domain->type == IOMMU_DOMAIN_BLOCKED ? "" : " (",
			 domain->type == IOMMU_DOMAIN_BLOCKED ? "" :
			 iommu_domain_type_str(domain->type),
			 domain->type == IOMMU_DOMAIN_BLOCKED ? "" : ")");
	else
		snprintf(label, sizeof(label), "%s\\n%s%s", domain->name,
			 iommu_domain_type_str(domain->type), domain->freed ? ", freed" : "");
	set(b, n, "label", label);
	set(b, n, "shape", "ellipse");
	set(b, n, "style", domain->freed ? "filled,dashed" : "filled");
	set(b, n, "fillcolor", domain_is_blocking(b, domain) ?
	    domain_fill(&(struct iommu_domain){ .type = IOMMU_DOMAIN_BLOCKED }) :
	    domain_fill(domain));
	set(b, n, "tooltip", domain->iommu_ops ? domain->iommu_ops->name : "");
	return n;
}

/* The cluster of the IOMMU a group's first device sits behind, or the root. */
static Agraph_t *group_cluster(struct gbuild *b, struct iommu_group *group)
{
	int i;

	if (list_empty(&group->devices))
		return b->g;
	i = gdev_index(b, list_first_entry(&group->devices, struct group_device,
					   list)->dev);
	if (i < 0 || b->devs[i].iommu < 0 || !b->devs[b->devs[i].iommu].cluster)
		return b->g;
	return b->devs[b->devs[i].iommu].cluster;
}

static void add_group(struct gbuild *b, struct iommu_group *group)
{
	Agraph_t *where = group_cluster(b, group);
	struct group_device *gdev;
	Agnode_t *n, *cur = NULL, *def = NULL, *blk = NULL;
	char name[32], label[64];
	Agedge_t *e;

	snprintf(name, sizeof(name), "group:%d", group->id);
	snprintf(label, sizeof(label), "group %d%s%s", group->id,
		 group->owner ? "\\nvfio" : "", group->domain ? "" : "\\nno domain");
	n = node(b, where, name, "group");
	if (!n)
		return;
	set(b, n, "label", label);
	set(b, n, "shape", "folder");
	set(b, n, "style", "filled");
	set(b, n, "fillcolor", COLOUR_GROUP);

	if (group->domain)
		cur = domain_node(b, group->domain, where);
	if (group->default_domain && group->default_domain != group->domain)
		def = domain_node(b, group->default_domain, where);
	if (group->blocking_domain && group->blocking_domain != group->domain)
		blk = domain_node(b, group->blocking_domain, where);

	list_for_each_entry(gdev, &group->devices, list) {
		int i = gdev_index(b, gdev->dev);

		if (i >= 0)
			edge(b, b->devs[i].node, n, "member");
	}
	e = edge(b, n, cur, "domain");
	if (e)
		set(b, e, "penwidth", "1.5");
	e = edge(b, n, def, "default");
	if (e) {
		set(b, e, "style", "dashed");
		set(b, e, "label", "default");
		set(b, e, "tooltip", "the default domain, not the current one");
	}
	e = edge(b, n, blk, "blocking");
	if (e) {
		set(b, e, "style", "dashed");
		set(b, e, "label", "blocking");
		set(b, e, "tooltip", "the blocking domain VFIO's ownership puts the group on");
	}
}

/*
 * A VFIO container: a node owning its domains (kind=owns edges), in the
 * cluster of its first domain's first group, or the root.
 */
static void add_container(struct gbuild *b, struct vfio_container *c)
{
	Agraph_t *where = b->g;
	struct vfio_domain *vd;
	struct vfio_dma *dma;
	char name[SIM_NAME_MAX + 16], label[SIM_NAME_MAX + 32], tooltip[64];
	size_t ndmas = 0;
	Agnode_t *n;

	list_for_each_entry(vd, &c->domains, next) {
		struct vfio_group *vg;

		list_for_each_entry(vg, &vd->groups, next) {
			where = group_cluster(b, vg->iommu_group);
			break;
		}
	}
	list_for_each_entry(dma, &c->dmas, next)
		ndmas++;
	snprintf(name, sizeof(name), "container:%s", c->name);
	snprintf(label, sizeof(label), "%s\\nVFIO container", c->name);
	snprintf(tooltip, sizeof(tooltip), "%zu mapping%s", ndmas, ndmas == 1 ? "" : "s");
	n = node(b, where, name, "container");
	if (!n)
		return;
	set(b, n, "label", label);
	set(b, n, "shape", "component");
	set(b, n, "style", "filled");
	set(b, n, "fillcolor", COLOUR_CONTAINER);
	set(b, n, "color", COLOUR_CONTAINER_LINE);
	set(b, n, "tooltip", tooltip);
	list_for_each_entry(vd, &c->domains, next) {
		Agedge_t *e = edge(b, n, domain_node(b, vd->domain, where), "owns");

		if (!e)
			continue;
		set(b, e, "color", COLOUR_CONTAINER_LINE);
		set(b, e, "penwidth", "2");
		set(b, e, "dir", "none");
		set(b, e, "tooltip", "the container's domain");
	}
}

/* A domain no group uses: beside the first IOMMU whose driver made it. */
static void add_loose_domain(struct gbuild *b, struct iommu_domain *domain)
{
	Agraph_t *where = b->g;

	for (int k = 0; k < b->niommus; k++) {
		int i = b->iommus[k];
		struct device_node *np = b->devs[i].dev->of_node;
		struct iommu_device *iommu;

		if (b->devs[i].kind != GK_IOMMU || !np || !b->devs[i].cluster)
			continue;
		iommu = iommu_device_from_fwnode(b->sim, np);
		if (iommu && iommu->ops == domain->iommu_ops) {
			where = b->devs[i].cluster;
			break;
		}
	}
	domain_node(b, domain, where);
}

static void set_hw_edge(struct gbuild *b, Agedge_t *e)
{
	if (!e)
		return;
	set(b, e, "dir", "none");
	set(b, e, "color", COLOUR_HW_LINE);
}

/* True when the link between @c and @s is one of the hardware edges drawn. */
static bool link_is_drawn(const struct gbuild *b, int c, int s)
{
	return c >= 0 && s >= 0 && (b->devs[c].up == s || b->devs[s].up == c);
}

/*
 * A bus line does not constrain the ranks: it runs between clusters (a
 * host bridge outside every IOMMU to the functions behind one), and as a
 * constraint it held the functions in their places while dot ordered
 * their groups (pin_orders()), so member lines crossed.
 */
static void set_parent_edge(struct gbuild *b, Agedge_t *e, const char *tooltip)
{
	if (!e)
		return;
	set(b, e, "style", "dotted");
	set(b, e, "dir", "none");
	set(b, e, "color", COLOUR_HW_LINE);
	set(b, e, "tooltip", tooltip);
	set(b, e, "constraint", "false");
}

/* The parent drawn for device @i, or -1. */
static int drawn_parent(const struct gbuild *b, int i)
{
	int p = gdev_index(b, b->devs[i].dev->parent);

	return p < 0 || link_is_drawn(b, i, p) ? -1 : p;
}

/* True when device @i's line to its bus parent goes to its IOMMU's cluster. */
static bool parent_line_to_cluster(const struct gbuild *b, const int *children, int i)
{
	const struct gdev *gd = &b->devs[i];
	int p = drawn_parent(b, i);

	return p >= 0 && children[p] > GRAPH_BUS_LINES_MAX && gd->kind == GK_MASTER &&
	       gd->iommu >= 0 && gd->iommu != p && b->devs[p].iommu != gd->iommu &&
	       b->devs[gd->iommu].cluster && b->devs[gd->iommu].node;
}

/*
 * Dotted lines from each device to its bus parent.  A parent with more
 * than GRAPH_BUS_LINES_MAX children draws one line to the cluster of each
 * IOMMU its children sit behind, ending at the cluster's edge (lhead), with
 * how many they are: a thousand lines from one host bridge say no more,
 * and Graphviz 2.42's dot spends most of its layout on such a fan.
 */
static void add_parent_edges(struct gbuild *b)
{
	int *children = calloc(b->n, sizeof(*children));
	char tooltip[96], count[32];

	if (!children) {
		b->failed = true;
		return;
	}
	for (int i = 0; i < b->n; i++) {
		int p = drawn_parent(b, i);

		if (p >= 0)
			children[p]++;
	}
	for (int i = 0; i < b->n; i++) {
		int p = drawn_parent(b, i), q = b->devs[i].iommu, behind = 0;
		Agedge_t *e;

		if (p < 0)
			continue;
		if (!parent_line_to_cluster(b, children, i)) {
			set_parent_edge(b, edge(b, b->devs[p].node, b->devs[i].node, "parent"),
					"on its bus");
			continue;
		}
		if (agedge(b->g, b->devs[p].node, b->devs[q].node, NULL, 0))
			continue;	/* drawn for an earlier child */
		for (int k = i; k < b->n; k++)
			behind += drawn_parent(b, k) == p && b->devs[k].iommu == q &&
				  parent_line_to_cluster(b, children, k);
		e = edge(b, b->devs[p].node, b->devs[q].node, "parent");
		if (!e)
			continue;
		snprintf(tooltip, sizeof(tooltip), "%d devices on its bus behind %s",
			 behind, dev_name(b->devs[q].dev));
		snprintf(count, sizeof(count), "%d on its bus", behind);
		set_parent_edge(b, e, tooltip);
		set(b, e, "lhead", agnameof(b->devs[q].cluster));
		set(b, e, "headlabel", count);
		agattr(b->g, AGRAPH, "compound", "true");
	}
	free(children);
}

/*
 * What deferred device @i waits for: the supplier its device-link reason
 * names ("supplier NAME not ready"), else the device its reason quotes
 * ("iommu 'NAME' not registered", "smi-common 'NAME' not probed yet");
 * -1 when it names none in the graph.
 */
static int waits_for(const struct gbuild *b, int i)
{
	const struct device *dev = b->devs[i].dev;
	const char *reason = dev->deferred_probe_reason, *q, *end;

	if (!reason)
		return -1;
	if (reason == dev->deferred_reason_buf.text && dev->deferred_reason_buf.supplier)
		return gdev_index(b, dev->deferred_reason_buf.supplier);
	q = strchr(reason, '\'');
	end = q ? strchr(q + 1, '\'') : NULL;
	if (!end)
		return -1;
	for (int k = 0; k < b->n; k++) {
		const char *name = dev_name(b->devs[k].dev);

		if (k != i && strlen(name) == (size_t)(end - q - 1) &&
		    !strncmp(name, q + 1, end - q - 1))
			return k;
	}
	return -1;
}

/* A red dashed "waits for" edge from each deferred device to what it waits for. */
static void add_wait_edges(struct gbuild *b)
{
	for (int i = 0; i < b->n; i++) {
		int s;
		Agedge_t *e;

		if (!device_is_deferred(b->devs[i].dev) || (s = waits_for(b, i)) < 0)
			continue;
		e = edge(b, b->devs[i].node, b->devs[s].node, "waits");
		if (!e)
			continue;
		set(b, e, "style", "dashed");
		set(b, e, "color", COLOUR_DEFERRED_LINE);
		set(b, e, "label", "waits for");
		set(b, e, "constraint", "false");
		set(b, e, "tooltip", b->devs[i].dev->deferred_probe_reason);
	}
}

static void add_edges(struct gbuild *b)
{
	struct device_link *link;
	Agedge_t *e;

	for (int i = 0; i < b->n; i++)
		if (b->devs[i].up >= 0)
			set_hw_edge(b, edge(b, b->devs[b->devs[i].up].node,
					    b->devs[i].node, "hw"));
	list_for_each_entry(link, &b->sim->links, sim_node) {
		int c = gdev_index(b, link->consumer), s = gdev_index(b, link->supplier);

		if (c < 0 || s < 0 || link_is_drawn(b, c, s))
			continue;
		e = edge(b, b->devs[c].node, b->devs[s].node, "link");
		if (!e)
			continue;
		set(b, e, "style", "dotted");
		set(b, e, "constraint", "false");
		set(b, e, "tooltip", "device link, consumer to supplier");
	}
	add_parent_edges(b);
	add_wait_edges(b);
}

/*
 * Puts node @n after *@prev (NULL before the first) in one rank of cluster
 * @where, kept in that order: the rank=same subgraph @name of the cluster,
 * *@rank once made, holds the nodes, and an invisible edge (kind "order")
 * runs from each to the next.  dot keeps the two ends of an edge within a
 * rank in the edge's direction (its flat edges), so its crossing
 * minimisation cannot swap them.  Left to right (portrait) dot orders a
 * rank from the bottom up, so there the edges run backwards: the nodes
 * read in the order given, top down or left to right.  The graph's
 * remincross=false (con_graph_build()) keeps dot's last pass from undoing
 * this.
 */
static void pin_order(struct gbuild *b, Agraph_t *where, const char *name,
		      Agnode_t *n, Agnode_t **prev, Agraph_t **rank)
{
	Agedge_t *e;

	if (!*prev) {
		*prev = n;
		return;
	}
	if (!*rank) {
		*rank = subgraph(b, where, name);
		if (!*rank)
			return;
		set(b, *rank, "rank", "same");
		if (!agsubnode(*rank, *prev, 1))
			b->failed = true;
	}
	if (!agsubnode(*rank, n, 1))
		b->failed = true;
	e = b->landscape ? edge(b, *prev, n, "order") : edge(b, n, *prev, "order");
	if (e)
		set(b, e, "style", "invis");
	*prev = n;
}

/*
 * The groups of each IOMMU's cluster in number order, and the devices
 * that reach memory directly in the machine's: in every picture, as
 * domains, devices and containers come and go.
 */
static void pin_orders(struct gbuild *b)
{
	struct iommu_group *group;
	Agraph_t *rank = NULL;
	Agnode_t *prev = NULL;
	char name[SIM_NAME_MAX + 32];

	for (int k = 0; k < b->niommus; k++) {
		struct gdev *gd = &b->devs[b->iommus[k]];

		if (!gd->cluster)
			continue;
		snprintf(name, sizeof(name), "groups_%s", dev_name(gd->dev));
		rank = NULL;
		prev = NULL;
		/* sim->groups is in number order */
		list_for_each_entry(group, &b->sim->groups, sim_node) {
			char gname[32];
			Agnode_t *n;

			if (group_cluster(b, group) != gd->cluster)
				continue;
			snprintf(gname, sizeof(gname), "group:%d", group->id);
			n = agnode(b->g, gname, 0);
			if (n)
				pin_order(b, gd->cluster, name, n, &prev, &rank);
		}
	}
	if (!b->no_iommu)
		return;
	rank = NULL;
	prev = NULL;
	for (int i = 0; i < b->n; i++)
		if (b->devs[i].kind == GK_DEVICE && b->devs[i].node)
			pin_order(b, b->no_iommu, "devices_no_iommu", b->devs[i].node,
				  &prev, &rank);
}

static void gbuild_release(struct gbuild *b)
{
	free(b->devs);
	free(b->by_addr);
	free(b->iommus);
	free(b->larbs);
}

Agraph_t *con_graph_build(struct sim *sim)
{
	struct gbuild b = {
		.sim = sim, .landscape = graph_style.layout == CON_GRAPH_LANDSCAPE,
	};
	struct iommu_group *group;
	struct iommu_domain *domain;
	struct vfio_container *container;
	char title[160];

	if (classify(&b)) {
		gbuild_release(&b);
		return NULL;
	}
	b.g = agopen("iommu_lab", Agdirected, &graph_disc);
	if (!b.g) {
		gbuild_release(&b);
		return NULL;
	}
	declare_attrs(&b);
	snprintf(title, sizeof(title), "%s, %s",
		 sim->board_name ? sim->board_name : "no board", sim_era_name(sim->era));
	agattr(b.g, AGRAPH, "rankdir",
	       graph_style.layout == CON_GRAPH_LANDSCAPE ? "TB" : "LR");
	agattr(b.g, AGRAPH, "fontname", GRAPH_FONT);
	agattr(b.g, AGRAPH, "fontsize", "11");
	agattr(b.g, AGRAPH, "nodesep", "0.12");
	agattr(b.g, AGRAPH, "ranksep", "0.45");
	/*
	 * dot's newer ranking: the same ranks, so the same picture, on every
	 * board, but without 2.42's older ranking, which lays each cluster out
	 * on its own first and takes ten times as long on a cluster of a
	 * thousand devices (docs/graph.md, "Big machines").
	 */
	agattr(b.g, AGRAPH, "newrank", "true");
	/*
	 * No second crossing minimisation over the whole graph after each
	 * cluster's own: in Graphviz 2.43 that pass reorders the nodes of a
	 * cluster as if there were no edges within a rank, and so undoes the
	 * orders pin_orders() sets.  It costs no measurable time
	 * (docs/graph.md, "Big machines").
	 */
	agattr(b.g, AGRAPH, "remincross", "false");
	agattr(b.g, AGRAPH, "labelloc", "t");
	set(&b, b.g, "label", title);

	/*
	 * In a left-to-right layout dot stacks the top-level clusters from the
	 * top down, in the order they were made, but what is inside a cluster
	 * from the bottom up.  So the IOMMUs are made first first, and larbs,
	 * masters, devices and groups last first: all then read top down.
	 * Top to bottom (landscape), dot puts both in the order made, left to
	 * right, so there everything is made first first.
	 */
	for (int i = 0; i < b.n; i++)
		if (b.devs[i].kind == GK_IOMMU)
			add_iommu_cluster(&b, i);
	for (int k = 0; k < b.n; k++) {
		int i = b.landscape ? k : b.n - 1 - k;
		struct gdev *gd = &b.devs[i];

		if (gd->kind == GK_MASTER)
			add_device_node(&b, i, gd->larb >= 0 && b.devs[gd->larb].cluster ?
					b.devs[gd->larb].cluster : b.devs[gd->iommu].cluster);
		else if (gd->kind == GK_DEVICE)
			add_device_node(&b, i, no_iommu_cluster(&b));
	}
	if (b.landscape) {
		list_for_each_entry(group, &sim->groups, sim_node)
			add_group(&b, group);
		list_for_each_entry(domain, &sim->domains, sim_node)
			add_loose_domain(&b, domain);
		list_for_each_entry(container, &sim->vfio_containers, sim_node)
			add_container(&b, container);
	} else {
		list_for_each_entry_reverse(group, &sim->groups, sim_node)
			add_group(&b, group);
		list_for_each_entry_reverse(domain, &sim->domains, sim_node)
			add_loose_domain(&b, domain);
		list_for_each_entry_reverse(container, &sim->vfio_containers, sim_node)
			add_container(&b, container);
	}
	add_edges(&b);
	pin_orders(&b);

	gbuild_release(&b);
	if (b.failed) {
		agclose(b.g);
		return NULL;
	}
	return b.g;
}

void con_graph_free(Agraph_t *g)
{
	if (g)
		agclose(g);
}

int con_graph_nnodes(Agraph_t *g)
{
	return agnnodes(g);
}

int con_graph_dot(Agraph_t *g, char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);
	int ret;

	if (!f)
		return -1;
	ret = agwrite(g, f);
	if (fclose(f) || ret) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}

const char *con_graph_format(const char *path)
{
	static const char *const formats[] = { "svg", "png", "dot", "html" };
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (!dot || dot == (slash ? slash + 1 : path))
		return NULL;	/* "x" or ".svg" names no format */
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcmp(dot + 1, formats[i]))
			return formats[i];
	return NULL;
}

/* Graphviz's last complaint, caught instead of printed. */
static char graph_errmsg[256];

static int graph_errf(char *msg)
{
	size_t len;

	snprintf(graph_errmsg, sizeof(graph_errmsg), "%s", msg);
	len = strlen(graph_errmsg);
	while (len && (graph_errmsg[len - 1] == '\n' || graph_errmsg[len - 1] == ' '))
		graph_errmsg[--len] = '\0';
	return 0;
}

static void graph_err(char *err, size_t errlen, const char *what)
{
	if (graph_errmsg[0])
		snprintf(err, errlen, "%s: %s", what, graph_errmsg);
	else
		snprintf(err, errlen, "%s", what);
}

int con_graph_render(GVC_t *gvc, Agraph_t *g, const char *format, FILE *f,
		     char *err, size_t errlen)
{
	int ret;

	if (!strcmp(format, "dot")) {
		if (agwrite(g, f)) {
			snprintf(err, errlen, "cannot write the dot text");
			return -1;
		}
		return 0;
	}
	agseterrf(graph_errf);
	graph_errmsg[0] = '\0';
	if (!strcmp(format, "png") && graph_style.dpi) {
		char dpi[16];

		snprintf(dpi, sizeof(dpi), "%d", graph_style.dpi);
		if (agsafeset(g, "dpi", dpi, "")) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	if (gvLayout(gvc, g, "dot")) {
		graph_err(err, errlen, "graphviz cannot lay the graph out");
		return -1;
	}
	ret = gvRender(gvc, g, format, f);
	gvFreeLayout(gvc, g);
	if (ret) {
		graph_err(err, errlen, "graphviz cannot render it");
		return -1;
	}
	return 0;
}

/* The graph as text */

/* @obj's label on one line: "\N" its name, each "\n" a space. */
static void text_label(FILE *f, void *obj)
{
	const char *l = agget(obj, "label");

	if (!l || !strcmp(l, "\\N")) {
		fputs(agnameof(obj), f);
		return;
	}
	for (; *l; l++) {
		if (l[0] == '\\' && l[1]) {
			fputc(l[1] == 'n' || l[1] == 'l' || l[1] == 'r' ? ' ' : l[1], f);
			l++;
		} else {
			fputc(*l, f);
		}
	}
}

static bool node_is(Agnode_t *n, const char *kind)
{
	const char *k = agget(n, "kind");

	return k && !strcmp(k, kind);
}

/* The head of @n's first out-edge of @kind, or NULL. */
static Agnode_t *text_out(Agraph_t *g, Agnode_t *n, const char *kind)
{
	for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
		if (!strcmp(agget(e, "kind"), kind))
			return aghead(e);
	return NULL;
}

static bool text_has_in(Agraph_t *g, Agnode_t *n, const char *kind)
{
	for (Agedge_t *e = agfstin(g, n); e; e = agnxtin(g, e))
		if (!strcmp(agget(e, "kind"), kind))
			return true;
	return false;
}

static int group_number(Agnode_t *n)
{
	return atoi(agnameof(n) + strlen("group:"));
}

static int text_group_cmp(const void *pa, const void *pb)
{
	int a = group_number(*(Agnode_t *const *)pa), b = group_number(*(Agnode_t *const *)pb);

	return a < b ? -1 : a > b;
}

static int text_edge_cmp(const void *pa, const void *pb)
{
	unsigned long a = AGSEQ(*(Agedge_t *const *)pa), b = AGSEQ(*(Agedge_t *const *)pb);

	return a < b ? -1 : a > b;
}

/*
 * " DEV" for each of the @n members of @group, in the order their edges
 * were made, the group's own (cgraph lists in-edges by their tails).
 */
static int text_members(FILE *f, Agraph_t *g, Agnode_t *group, int n)
{
	Agedge_t **edges = calloc(n + 1, sizeof(*edges));
	int k = 0;

	if (!edges)
		return -1;
	for (Agedge_t *e = agfstin(g, group); e; e = agnxtin(g, e))
		if (!strcmp(agget(e, "kind"), "member"))
			edges[k++] = e;
	qsort(edges, k, sizeof(*edges), text_edge_cmp);
	for (int i = 0; i < k; i++)
		fprintf(f, " %s", agnameof(agtail(edges[i])));
	free(edges);
	return 0;
}

/* True when @n is in one of @g's clusters. */
static bool text_in_cluster(Agraph_t *g, Agnode_t *n)
{
	for (Agraph_t *sg = agfstsubg(g); sg; sg = agnxtsubg(sg))
		if (agsubnode(sg, n, 0))
			return true;
	return false;
}

/* Node @n of @sg is told there: always in a cluster, at the root when in none. */
static bool text_here(Agraph_t *g, Agraph_t *sg, Agnode_t *n)
{
	return sg != g || !text_in_cluster(g, n);
}

/*
 * One top-level cluster, or with @sg the root what is in none ("elsewhere",
 * only when there is some): its groups by number, then what is in no group.
 */
static int text_cluster(FILE *f, Agraph_t *g, Agraph_t *sg)
{
	bool landscape = graph_style.layout == CON_GRAPH_LANDSCAPE;
	Agnode_t **groups, *n;
	size_t ngroups = 0;
	bool first = true, any = sg != g;

	groups = calloc(agnnodes(sg) + 1, sizeof(*groups));
	if (!groups)
		return -1;
	for (n = agfstnode(sg); n && !any; n = agnxtnode(sg, n))
		any = text_here(g, sg, n);
	if (!any) {
		free(groups);
		return 0;
	}
	fprintf(f, "%s\n", sg != g ? agget(sg, "label") : "elsewhere");
	for (n = agfstnode(sg); n; n = agnxtnode(sg, n))
		if (node_is(n, "group") && text_here(g, sg, n))
			groups[ngroups++] = n;
	qsort(groups, ngroups, sizeof(*groups), text_group_cmp);
	for (size_t i = 0; i < ngroups; i++) {
		Agnode_t *cur = text_out(g, groups[i], "domain");
		Agnode_t *def = text_out(g, groups[i], "default");
		Agnode_t *blk = text_out(g, groups[i], "blocking");
		int members = 0;

		fputs("  ", f);
		text_label(f, groups[i]);
		if (cur) {
			fputs(" -> ", f);
			text_label(f, cur);
		}
		if (def) {
			fputs(" (default ", f);
			text_label(f, def);
			fputc(')', f);
		}
		if (blk) {
			fputs(" (", f);
			text_label(f, blk);
			fputc(')', f);
		}
		fputc('\n', f);
		for (Agedge_t *e = agfstin(g, groups[i]); e; e = agnxtin(g, e))
			members += !strcmp(agget(e, "kind"), "member");
		fprintf(f, "    %d member%s:", members, members == 1 ? "" : "s");
		if (text_members(f, g, groups[i], members)) {
			free(groups);
			return -1;
		}
		fputc('\n', f);
	}
	free(groups);
	/* a VFIO container and the domains it owns */
	for (n = agfstnode(sg); n; n = agnxtnode(sg, n)) {
		if (!node_is(n, "container") || !text_here(g, sg, n))
			continue;
		fputs("  ", f);
		text_label(f, n);
		fputs(" owns", f);
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
			fprintf(f, " %s", agnameof(aghead(e)) + strlen("domain:"));
		fputc('\n', f);
	}
	/*
	 * masters and other devices outside every group, and unused domains,
	 * in the machine's order whichever way con_graph_build() made them
	 */
	for (n = landscape ? agfstnode(sg) : aglstnode(sg); n;
	     n = landscape ? agnxtnode(sg, n) : agprvnode(sg, n)) {
		bool domain = node_is(n, "domain");

		if (!text_here(g, sg, n) || (!node_is(n, "master") && !node_is(n, "device") && !domain) ||
		    (domain ? text_has_in(g, n, "domain") || text_has_in(g, n, "default") ||
			      text_has_in(g, n, "blocking") :
			      text_out(g, n, "member") != NULL))
			continue;
		fputs(first ? "  in no group:" : ",", f);
		first = false;
		fputc(' ', f);
		text_label(f, n);
	}
	if (!first)
		fputc('\n', f);
	return 0;
}

int con_graph_text(Agraph_t *g, char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);
	int ret = 0;

	if (!f)
		return -1;
	for (Agraph_t *sg = agfstsubg(g); sg && !ret; sg = agnxtsubg(sg))
		ret = text_cluster(f, g, sg);
	if (!ret)
		ret = text_cluster(f, g, g);
	if (fclose(f) || ret) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}

/* Layout for drawing elsewhere */

void con_graph_layout_free(struct con_graph_layout *lay)
{
	for (size_t i = 0; i < lay->nnodes; i++) {
		struct con_graph_lnode *n = &lay->nodes[i];

		free(n->name);
		free(n->label);
		free(n->kind);
		free(n->shape);
		free(n->style);
		free(n->fill);
	}
	for (size_t i = 0; i < lay->nedges; i++) {
		struct con_graph_ledge *e = &lay->edges[i];

		free(e->kind);
		free(e->style);
		free(e->label);
		free(e->pts);
	}
	for (size_t i = 0; i < lay->nclusters; i++) {
		free(lay->clusters[i].name);
		free(lay->clusters[i].label);
	}
	free(lay->nodes);
	free(lay->edges);
	free(lay->clusters);
	memset(lay, 0, sizeof(*lay));
}

struct lay_build {
	struct con_graph_layout *lay;
	size_t cluster_cap;
	bool failed;
};

static char *lay_strdup(struct lay_build *lb, const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		lb->failed = true;
	return d;
}

static char *lay_attr(struct lay_build *lb, void *obj, const char *name)
{
	return lay_strdup(lb, agget(obj, (char *)name));
}

/*
 * A label as its lines: dot's escapes "\n", "\l" and "\r" end a line,
 * "\\" is a backslash; \N and the like are already the node's name.
 */
static char *lay_label(struct lay_build *lb, const textlabel_t *tl)
{
	const char *s = tl && tl->text ? tl->text : "";
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out) {
		lb->failed = true;
		return NULL;
	}
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			*o++ = *s;
			continue;
		}
		s++;
		*o++ = *s == 'n' || *s == 'l' || *s == 'r' ? '\n' : *s;
	}
	/* a last line ended by its escape is not followed by an empty one */
	if (o > out && o[-1] == '\n')
		o--;
	*o = '\0';
	return out;
}

static struct con_graph_point lay_point(pointf p)
{
	return (struct con_graph_point){ p.x, p.y };
}

/* The edge's splines as one: pieces after the first joined by a straight segment. */
static void lay_spline(struct lay_build *lb, struct con_graph_ledge *le, const splines *spl)
{
	size_t n = 0, k = 0;

	if (!spl || spl->size < 1)
		return;
	for (int i = 0; i < spl->size; i++)
		n += spl->list[i].size + (i ? 3 : 0);
	le->pts = calloc(n ? n : 1, sizeof(*le->pts));
	if (!le->pts) {
		lb->failed = true;
		return;
	}
	for (int i = 0; i < spl->size; i++) {
		const bezier *bz = &spl->list[i];

		if (i && bz->size) {
			le->pts[k] = le->pts[k - 1];
			le->pts[k + 1] = lay_point(bz->list[0]);
			le->pts[k + 2] = lay_point(bz->list[0]);
			k += 3;
		}
		for (int j = 0; j < bz->size; j++)
			le->pts[k++] = lay_point(bz->list[j]);
	}
	le->npts = k;
	le->tail_arrow = spl->list[0].sflag;
	le->tail_tip = lay_point(spl->list[0].sp);
	le->head_arrow = spl->list[spl->size - 1].eflag;
	le->head_tip = lay_point(spl->list[spl->size - 1].ep);
}

/* @g's clusters, each before those inside it, at @depth. */
static void lay_clusters(struct lay_build *lb, Agraph_t *g, int depth)
{
	struct con_graph_layout *lay = lb->lay;

	for (int i = 1; i <= GD_n_cluster(g); i++) {
		Agraph_t *sg = GD_clust(g)[i];
		struct con_graph_lcluster *c;
		textlabel_t *tl = GD_label(sg);

		if (lay->nclusters == lb->cluster_cap) {
			size_t cap = lb->cluster_cap ? lb->cluster_cap * 2 : 16;
			void *v = realloc(lay->clusters, cap * sizeof(*lay->clusters));

			if (!v) {
				lb->failed = true;
				return;
			}
			lay->clusters = v;
			lb->cluster_cap = cap;
		}
		c = &lay->clusters[lay->nclusters++];
		*c = (struct con_graph_lcluster){
			.name = lay_strdup(lb, agnameof(sg)),
			.label = lay_label(lb, tl),
			.ll = lay_point(GD_bb(sg).LL),
			.ur = lay_point(GD_bb(sg).UR),
			.label_pos = tl ? lay_point(tl->pos) : lay_point(GD_bb(sg).UR),
			.depth = depth,
		};
		lay_clusters(lb, sg, depth + 1);
	}
}

/* False for an invisible edge (pin_order()'s): it is not drawn. */
static bool lay_edge_drawn(Agedge_t *e)
{
	const char *style = agget(e, "style");

	return !style || !strstr(style, "invis");
}

static void lay_copy(struct lay_build *lb, Agraph_t *g)
{
	struct con_graph_layout *lay = lb->lay;
	size_t maxseq = 0, i = 0;
	int *index;

	lay->ll = lay_point(GD_bb(g).LL);
	lay->ur = lay_point(GD_bb(g).UR);
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
		lay->nnodes++;
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
			lay->nedges += lay_edge_drawn(e);
		if (AGSEQ(n) > maxseq)
			maxseq = AGSEQ(n);
	}
	lay->nodes = calloc(lay->nnodes ? lay->nnodes : 1, sizeof(*lay->nodes));
	lay->edges = calloc(lay->nedges ? lay->nedges : 1, sizeof(*lay->edges));
	index = calloc(maxseq + 1, sizeof(*index));
	if (!lay->nodes || !lay->edges || !index) {
		/* nothing was copied yet: there is nothing for the free to walk */
		lay->nnodes = lay->nedges = 0;
		lb->failed = true;
		free(index);
		return;
	}
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n), i++) {
		struct con_graph_lnode *ln = &lay->nodes[i];

		index[AGSEQ(n)] = i;
		ln->name = lay_strdup(lb, agnameof(n));
		ln->label = lay_label(lb, ND_label(n));
		ln->kind = lay_attr(lb, n, "kind");
		ln->shape = lay_attr(lb, n, "shape");
		ln->style = lay_attr(lb, n, "style");
		ln->fill = lay_attr(lb, n, "fillcolor");
		ln->pos = lay_point(ND_coord(n));
		ln->width = ND_width(n) * 72;
		ln->height = ND_height(n) * 72;
	}
	i = 0;
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
		for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e)) {
			struct con_graph_ledge *le;

			if (!lay_edge_drawn(e))
				continue;
			le = &lay->edges[i++];
			le->tail = index[AGSEQ(agtail(e))];
			le->head = index[AGSEQ(aghead(e))];
			le->kind = lay_attr(lb, e, "kind");
			le->style = lay_attr(lb, e, "style");
			le->label = lay_label(lb, ED_label(e));
			if (ED_label(e))
				le->label_pos = lay_point(ED_label(e)->pos);
			lay_spline(lb, le, ED_spl(e));
		}
	}
	free(index);
	lay_clusters(lb, g, 0);
}

/* Lays @g out in this process and copies the layout into @lay. */
static int layout_here(GVC_t *gvc, Agraph_t *g, struct con_graph_layout *lay,
		       char *err, size_t errlen)
{
	struct lay_build lb = { .lay = lay };

	memset(lay, 0, sizeof(*lay));
	agseterrf(graph_errf);
	graph_errmsg[0] = '\0';
	if (gvLayout(gvc, g, "dot")) {
		graph_err(err, errlen, "graphviz cannot lay the graph out");
		return -1;
	}
	lay_copy(&lb, g);
	gvFreeLayout(gvc, g);
	if (lb.failed) {
		con_graph_layout_free(lay);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* strerror() in lower case, for an error line. */
static void errno_text(char *buf, size_t len, int err)
{
	snprintf(buf, len, "%s", strerror(err));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] += 'a' - 'A';
}

/*
 * Loads, once in the parent, what every child would otherwise load again:
 * the layout and render plugins and the fonts (fontconfig's scan of the
 * system's fonts alone is tens of milliseconds).  One small graph laid out
 * and drawn in each format costs what it loses once, not per picture.
 */
static void render_warm_up(GVC_t *gvc)
{
	static const char *const formats[] = { "svg", "png" };
	static GVC_t *warmed;
	char text[100];
	Agraph_t *g;
	Agnode_t *n, *m;
	Agedge_t *e;
	FILE *f;

	if (warmed == gvc)
		return;
	warmed = gvc;
	g = agopen("warm_up", Agdirected, &graph_disc);
	if (!g)
		return;
	/* every printable ASCII character, in the three sizes the graph uses */
	for (int c = ' '; c < 0x7f; c++)
		text[c - ' '] = c == '\\' ? '/' : c;
	text[0x7f - ' '] = '\0';
	agattr(g, AGRAPH, "fontname", GRAPH_FONT);
	agattr(g, AGRAPH, "fontsize", "11");
	agattr(g, AGRAPH, "label", text);
	agattr(g, AGNODE, "fontname", GRAPH_FONT);
	agattr(g, AGNODE, "fontsize", "10");
	agattr(g, AGNODE, "label", text);
	agattr(g, AGEDGE, "fontname", GRAPH_FONT);
	agattr(g, AGEDGE, "fontsize", "8");
	agattr(g, AGEDGE, "label", text);
	n = agnode(g, "x", 1);
	m = agnode(g, "y", 1);
	e = n && m ? agedge(g, n, m, NULL, 1) : NULL;
	f = fopen("/dev/null", "wb");
	if (e && f && !gvLayout(gvc, g, "dot")) {
		for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
			gvRender(gvc, g, formats[i], f);
		gvFreeLayout(gvc, g);
	}
	if (f)
		fclose(f);
	agclose(g);
}

/*
 * Runs @work in a child process, which exits when it is done: Graphviz
 * 2.42 loses memory in every layout, and what a child loses goes with it,
 * so that `graph live` and the graph pane stay the same size however
 * often they draw.  The child lays out with @gvc, the parent's one
 * context (a second context in one process reads freed memory; the
 * child's copy is the same context).  What Graphviz prints on stderr in
 * the child is dropped.
 *
 * @work writes what the parent is to have to @reply and returns 0, or
 * returns -1 with a reason in its @err.  That comes back through a pipe:
 * '+' and the reply, or '-' and the reason.  A child that dies before it
 * says either has failed; one that said '+' has succeeded whatever it
 * exits with (valgrind's leak check, run in every process it watches,
 * reports all that a child leaves allocated when it exits at once).
 * Returns 0 with the reply in *@out (*@out_len bytes, freed by the
 * caller), or -1 with @err set.
 */
static int graphviz_child(GVC_t *gvc, int (*work)(GVC_t *gvc, void *arg, FILE *reply,
						  char *err, size_t errlen),
			  void *arg, char **out, size_t *out_len, char *err, size_t errlen)
{
	static const int fatal[] = { SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV };
	int pipefd[2], status, devnull;
	size_t got = 0, cap = 0;
	char why[128], *buf = NULL;
	ssize_t n;
	pid_t pid;

	*out = NULL;
	*out_len = 0;
	render_warm_up(gvc);
	if (pipe2(pipefd, O_CLOEXEC)) {
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot start graphviz: %s", why);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot start graphviz: %s", why);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		char *reply = NULL;
		size_t len = 0;
		FILE *f, *p;
		int ret = -1;

		/* a crash here is the child's: not the full-screen interface's to tidy up */
		for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
			signal(fatal[i], SIG_DFL);
		devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, STDERR_FILENO);
		f = open_memstream(&reply, &len);
		if (!f)
			snprintf(err, errlen, "out of memory");
		else if (!work(gvc, arg, f, err, errlen))
			ret = 0;
		if (f && fclose(f) && !ret) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
		}
		p = fdopen(pipefd[1], "wb");
		if (!p || fputc(ret ? '-' : '+', p) == EOF ||
		    (ret ? fputs(err, p) == EOF : fwrite(reply, 1, len, p) != len) ||
		    fclose(p))
			_exit(2);
		/* no atexit handlers, no stdio flush: the parent owns those */
		_exit(ret ? 1 : 0);
	}
	close(pipefd[1]);
	/* the verdict and what follows it, until the child closes the pipe */
	for (;;) {
		if (got == cap) {
			char *grown = realloc(buf, cap ? cap * 2 : 4096);

			if (!grown)
				break;
			buf = grown;
			cap = cap ? cap * 2 : 4096;
		}
		n = read(pipefd[0], buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got && buf[0] == '+') {
		memmove(buf, buf + 1, got - 1);
		*out = buf;
		*out_len = got - 1;
		return 0;
	}
	if (got > 1 && buf[0] == '-')
		snprintf(err, errlen, "%.*s", (int)(got - 1), buf + 1);
	else if (!buf && got == cap)
		snprintf(err, errlen, "out of memory");
	else if (WIFSIGNALED(status))
		snprintf(err, errlen, "graphviz was killed by signal %d", WTERMSIG(status));
	else
		snprintf(err, errlen, "graphviz stopped with status %d", WEXITSTATUS(status));
	free(buf);
	return -1;
}

/* What a drawing child is given: the graph, the format, the file. */
struct render_job {
	Agraph_t *g;
	const char *format;
	const char *path;
	int fd;
};

static int render_work(GVC_t *gvc, void *arg, FILE *reply, char *err, size_t errlen)
{
	struct render_job *job = arg;
	FILE *f = fdopen(job->fd, "wb");
	char why[128];

	if (!f || con_graph_render(gvc, job->g, job->format, f, err, errlen) || fclose(f)) {
		if (!f || !err[0]) {
			errno_text(why, sizeof(why), errno);
			snprintf(err, errlen, "cannot write '%s': %s", job->path, why);
		}
		return -1;
	}
	return 0;
}

static int svg_work(GVC_t *gvc, void *arg, FILE *reply, char *err, size_t errlen)
{
	return con_graph_render(gvc, arg, "svg", reply, err, errlen);
}

int con_graph_svg(GVC_t *gvc, Agraph_t *g, char **svg, size_t *len,
		  char *err, size_t errlen)
{
	err[0] = '\0';
	if (!graphviz_child(gvc, svg_work, g, svg, len, err, errlen))
		return 0;
	if (!err[0])
		snprintf(err, errlen, "graphviz cannot render it");
	return -1;
}

/*
 * A layout sent from the child that made it to the console: counts,
 * points and doubles as they are in memory (the two are the same
 * program), each string as its length and its bytes.
 */
static void put(FILE *f, const void *p, size_t len)
{
	fwrite(p, 1, len, f);
}

static void put_str(FILE *f, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	put(f, &len, sizeof(len));
	put(f, s, len);
}

static void lay_send(FILE *f, const struct con_graph_layout *lay)
{
	put(f, &lay->ll, sizeof(lay->ll));
	put(f, &lay->ur, sizeof(lay->ur));
	put(f, &lay->nnodes, sizeof(lay->nnodes));
	put(f, &lay->nedges, sizeof(lay->nedges));
	put(f, &lay->nclusters, sizeof(lay->nclusters));
	for (size_t i = 0; i < lay->nnodes; i++) {
		const struct con_graph_lnode *n = &lay->nodes[i];

		put_str(f, n->name);
		put_str(f, n->label);
		put_str(f, n->kind);
		put_str(f, n->shape);
		put_str(f, n->style);
		put_str(f, n->fill);
		put(f, &n->pos, sizeof(n->pos));
		put(f, &n->width, sizeof(n->width));
		put(f, &n->height, sizeof(n->height));
	}
	for (size_t i = 0; i < lay->nedges; i++) {
		const struct con_graph_ledge *e = &lay->edges[i];

		put(f, &e->tail, sizeof(e->tail));
		put(f, &e->head, sizeof(e->head));
		put_str(f, e->kind);
		put_str(f, e->style);
		put_str(f, e->label);
		put(f, &e->npts, sizeof(e->npts));
		put(f, e->pts, e->npts * sizeof(*e->pts));
		put(f, &e->head_arrow, sizeof(e->head_arrow));
		put(f, &e->tail_arrow, sizeof(e->tail_arrow));
		put(f, &e->head_tip, sizeof(e->head_tip));
		put(f, &e->tail_tip, sizeof(e->tail_tip));
		put(f, &e->label_pos, sizeof(e->label_pos));
	}
	for (size_t i = 0; i < lay->nclusters; i++) {
		const struct con_graph_lcluster *c = &lay->clusters[i];

		put_str(f, c->name);
		put_str(f, c->label);
		put(f, &c->ll, sizeof(c->ll));
		put(f, &c->ur, sizeof(c->ur));
		put(f, &c->label_pos, sizeof(c->label_pos));
		put(f, &c->depth, sizeof(c->depth));
	}
}

/* Reading it back: a cursor that turns bad at the first short read. */
struct lay_reader {
	const char *p, *end;
	bool bad;
};

static void get(struct lay_reader *r, void *p, size_t len)
{
	if (r->bad || (size_t)(r->end - r->p) < len) {
		r->bad = true;
		memset(p, 0, len);
		return;
	}
	memcpy(p, r->p, len);
	r->p += len;
}

static char *get_str(struct lay_reader *r)
{
	size_t len;
	char *s;

	get(r, &len, sizeof(len));
	if (r->bad || (size_t)(r->end - r->p) < len || !(s = malloc(len + 1))) {
		r->bad = true;
		return NULL;
	}
	memcpy(s, r->p, len);
	s[len] = '\0';
	r->p += len;
	return s;
}

/* Each count is checked against what is left before anything is allocated. */
static void *get_array(struct lay_reader *r, size_t count, size_t size)
{
	void *a;

	if (r->bad || count > (size_t)(r->end - r->p) / (size ? size : 1) + 1 ||
	    !(a = calloc(count ? count : 1, size))) {
		r->bad = true;
		return NULL;
	}
	return a;
}

static int lay_receive(struct con_graph_layout *lay, const char *buf, size_t len)
{
	struct lay_reader r = { buf, buf + len, false };
	size_t nnodes, nedges, nclusters;

	memset(lay, 0, sizeof(*lay));
	get(&r, &lay->ll, sizeof(lay->ll));
	get(&r, &lay->ur, sizeof(lay->ur));
	get(&r, &nnodes, sizeof(nnodes));
	get(&r, &nedges, sizeof(nedges));
	get(&r, &nclusters, sizeof(nclusters));
	lay->nodes = get_array(&r, nnodes, sizeof(*lay->nodes));
	lay->edges = get_array(&r, nedges, sizeof(*lay->edges));
	lay->clusters = get_array(&r, nclusters, sizeof(*lay->clusters));
	for (size_t i = 0; i < nnodes && !r.bad; i++, lay->nnodes++) {
		struct con_graph_lnode *n = &lay->nodes[i];

		n->name = get_str(&r);
		n->label = get_str(&r);
		n->kind = get_str(&r);
		n->shape = get_str(&r);
		n->style = get_str(&r);
		n->fill = get_str(&r);
		get(&r, &n->pos, sizeof(n->pos));
		get(&r, &n->width, sizeof(n->width));
		get(&r, &n->height, sizeof(n->height));
	}
	for (size_t i = 0; i < nedges && !r.bad; i++, lay->nedges++) {
		struct con_graph_ledge *e = &lay->edges[i];

		get(&r, &e->tail, sizeof(e->tail));
		get(&r, &e->head, sizeof(e->head));
		e->kind = get_str(&r);
		e->style = get_str(&r);
		e->label = get_str(&r);
		get(&r, &e->npts, sizeof(e->npts));
		if (e->npts) {
			e->pts = get_array(&r, e->npts, sizeof(*e->pts));
			if (e->pts)
				get(&r, e->pts, e->npts * sizeof(*e->pts));
		}
		get(&r, &e->head_arrow, sizeof(e->head_arrow));
		get(&r, &e->tail_arrow, sizeof(e->tail_arrow));
		get(&r, &e->head_tip, sizeof(e->head_tip));
		get(&r, &e->tail_tip, sizeof(e->tail_tip));
		get(&r, &e->label_pos, sizeof(e->label_pos));
		if (e->tail < 0 || e->head < 0 || (size_t)e->tail >= nnodes ||
		    (size_t)e->head >= nnodes)
			r.bad = true;
	}
	for (size_t i = 0; i < nclusters && !r.bad; i++, lay->nclusters++) {
		struct con_graph_lcluster *c = &lay->clusters[i];

		c->name = get_str(&r);
		c->label = get_str(&r);
		get(&r, &c->ll, sizeof(c->ll));
		get(&r, &c->ur, sizeof(c->ur));
		get(&r, &c->label_pos, sizeof(c->label_pos));
		get(&r, &c->depth, sizeof(c->depth));
	}
	if (r.bad || r.p != r.end) {
		con_graph_layout_free(lay);
		return -1;
	}
	return 0;
}

static int layout_work(GVC_t *gvc, void *arg, FILE *reply, char *err, size_t errlen)
{
	struct con_graph_layout lay;

	if (layout_here(gvc, arg, &lay, err, errlen))
		return -1;
	lay_send(reply, &lay);
	con_graph_layout_free(&lay);
	return 0;
}

int con_graph_layout(GVC_t *gvc, Agraph_t *g, struct con_graph_layout *lay,
		     char *err, size_t errlen)
{
	char *reply;
	size_t len;
	int ret;

	memset(lay, 0, sizeof(*lay));
	if (graphviz_child(gvc, layout_work, g, &reply, &len, err, errlen))
		return -1;
	ret = lay_receive(lay, reply, len);
	free(reply);
	if (ret)
		snprintf(err, errlen, "graphviz's layout came back cut short");
	return ret;
}

int con_graph_write_file(GVC_t *gvc, Agraph_t *g, const char *path,
			 char *err, size_t errlen)
{
	const char *format = con_graph_format(path);
	const char *slash = strrchr(path, '/');
	char *tmp = NULL, why[128];
	mode_t mask;
	FILE *f;
	int fd, ret = -1;

	if (!format) {
		snprintf(err, errlen, "'%s' names no picture format (use .svg, .png, .dot or .html)",
			 path);
		return -1;
	}
	/* ".NAME.XXXXXX" beside the file, so that rename() stays in one directory */
	if (asprintf(&tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
		     slash ? slash + 1 : path) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot write '%s': %s", path, why);
		goto out_free;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if (!strcmp(format, "html")) {
		char *svg;
		size_t len;

		if (con_graph_svg(gvc, g, &svg, &len, err, errlen)) {
			close(fd);
			goto out_unlink;
		}
		f = fdopen(fd, "wb");
		if (!f) {
			close(fd);
		} else {
			con_graph_page(f, svg, len, 0);
			if (!fclose(f)) {
				free(svg);
				goto out_rename;
			}
		}
		free(svg);
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot write '%s': %s", path, why);
		goto out_unlink;
	}
	if (strcmp(format, "dot")) {
		struct render_job job = { g, format, path, fd };
		char *reply;
		size_t len;

		err[0] = '\0';
		ret = graphviz_child(gvc, render_work, &job, &reply, &len, err, errlen);
		free(reply);
		close(fd);
		if (ret)
			goto out_unlink;
		ret = -1;
		goto out_rename;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot write '%s': %s", path, why);
		close(fd);
		goto out_unlink;
	}
	if (con_graph_render(gvc, g, format, f, err, errlen)) {
		fclose(f);
		goto out_unlink;
	}
	if (fclose(f)) {
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot write '%s': %s", path, why);
		goto out_unlink;
	}
out_rename:
	if (rename(tmp, path)) {
		errno_text(why, sizeof(why), errno);
		snprintf(err, errlen, "cannot write '%s': %s", path, why);
		goto out_unlink;
	}
	ret = 0;
	goto out_free;

out_unlink:
	unlink(tmp);
out_free:
	free(tmp);
	return ret;
}

/*
 * LeakSanitizer's hooks: Graphviz 2.42 loses memory in every dot layout
 * (the virtual edges of clusters) and fontconfig and pango in their font
 * caches.  Only leaks from inside those libraries are ignored, quietly, so
 * that transcripts stay the same under ASan.
 */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgvc.so\n"
	       "leak:libgvplugin_dot_layout.so\n"
	       "leak:libgvplugin_pango.so\n"
	       "leak:libfontconfig.so\n"
	       "leak:libpango\n"
	       "leak:libcairo.so\n"
	       "leak:libglib\n";
}
