/*
 * A device tree loaded from a flattened blob (libfdt) into a node tree,
 * with the lookups drivers use: properties, phandles, phandle arguments,
 * labels, compatibles and availability.
 */
#ifndef SIM_OF_H
#define SIM_OF_H

#include <stddef.h>
#include <sim/err.h>
#include <sim/list.h>
#include <sim/types.h>

struct device;

struct property {
	char *name;
	void *value;			/* big-endian, as in the blob */
	int length;
	struct property *next;
};

/*
 * A firmware node's handle (include/linux/fwnode.h), as the IOMMU core
 * keeps an IOMMU's (iommu_fwspec.iommu_fwnode).  The device tree is the
 * simulator's only firmware: every handle is the one in a device_node,
 * which to_of_node() gives back, so it carries nothing of its own.
 */
struct fwnode_handle {
};

struct device_node {
	char *name;			/* node name without unit address */
	char *full_name;		/* "larb@14021000" */
	char *path;			/* "/soc/larb@14021000" */
	char *label;			/* first label from __symbols__, or NULL */
	u32 phandle;			/* 0 when it has none */
	struct fwnode_handle fwnode;
	struct property *properties;
	struct device_node *parent;
	struct device_node *child;	/* first child */
	struct device_node *last_child;	/* where the next child goes */
	struct device_node *sibling;	/* next sibling */
	struct device *dev;		/* device created for it, if any */
	struct of_tree *tree;		/* the tree it is in */
	bool runtime;			/* made by dev add, not the board */
	/*
	 * The children by full name (a tsearch() tree holding the first child
	 * of each name), as kernfs keeps a directory's entries in a search
	 * tree, so that a path or a new child's name is found in log time.
	 */
	void *child_index;
	bool dup_children;		/* two children share a name */
	unsigned int nr_properties;
	/* of_match_node_cached()'s last answer, and the table it was for */
	const struct of_device_id *match_table;
	const struct of_device_id *match_found;
};

/* Whether @fwnode is a device-tree node's: any handle but NULL or an error. */
static inline bool is_of_node(const struct fwnode_handle *fwnode)
{
	return !IS_ERR_OR_NULL(fwnode);
}

/* The node whose handle @fwnode is, or NULL. */
static inline struct device_node *to_of_node(const struct fwnode_handle *fwnode)
{
	return is_of_node(fwnode) ? container_of(fwnode, struct device_node, fwnode) : NULL;
}

/* The handle of node @node (of either constness), or NULL for none. */
#define of_fwnode_handle(node)						\
	({								\
		typeof(node) __of_fwnode_np = (node);			\
		__of_fwnode_np ? &__of_fwnode_np->fwnode : NULL;	\
	})

#define MAX_PHANDLE_ARGS 16

struct of_phandle_args {
	struct device_node *np;
	int args_count;
	u32 args[MAX_PHANDLE_ARGS];
};

/* drivers/of/base.c's phandle cache: 128 slots, hashed with hash_32(). */
#define OF_PHANDLE_CACHE_BITS	7
#define OF_PHANDLE_CACHE_SZ	(1U << OF_PHANDLE_CACHE_BITS)

struct of_tree {
	struct device_node *root;
	struct device_node **nodes;	/* every node, in blob order */
	size_t count, cap;
	struct device_node *phandle_cache[OF_PHANDLE_CACHE_SZ];
	/*
	 * Search trees (tsearch()) for the label lookups: node labels, each
	 * to the first node in @nodes bearing it, and the names of
	 * /__symbols__'s properties, made again when that node changes.
	 */
	void *labels;
	void *symbols;
	const struct device_node *symbols_np;	/* what @symbols was made from */
	unsigned int symbols_nr;		/* and its number of properties */
};

/*
 * Builds a tree from the blob @fdt of @size bytes, checking it whole first.
 * Returns the tree, or NULL with a one-line reason in @err.
 */
struct of_tree *of_tree_from_fdt(const void *fdt, size_t size,
				 char *err, size_t errlen);
void of_tree_free(struct of_tree *tree);

struct device_node *of_find_node_by_path(const struct of_tree *tree, const char *path);
struct device_node *of_find_node_by_phandle(const struct of_tree *tree, u32 phandle);
struct device_node *of_find_node_by_label(const struct of_tree *tree, const char *label);

const struct property *of_find_property(const struct device_node *np,
				       const char *name);
const void *of_get_property(const struct device_node *np, const char *name,
			    int *lenp);
bool of_property_read_bool(const struct device_node *np, const char *name);
/* Returns 0, -EINVAL without the property, -EOVERFLOW if too short. */
int of_property_read_u32(const struct device_node *np, const char *name, u32 *out);
int of_property_read_u32_index(const struct device_node *np, const char *name,
			       u32 index, u32 *out);
/* Returns the @index-th string of a string list, or NULL. */
const char *of_property_read_string_index(const struct device_node *np,
					  const char *name, int index);
int of_property_count_strings(const struct device_node *np, const char *name);

bool of_device_is_compatible(const struct device_node *np, const char *compat);
/*
 * The entry of @matches (ending with an empty compatible) that best
 * matches @np: the one naming its earliest "compatible" string, the first
 * such entry on a tie.  NULL if none does, or @matches or @np is NULL.
 */
struct of_device_id;
const struct of_device_id *of_match_node(const struct of_device_id *matches,
					 const struct device_node *np);
/* of_match_node_cached() asking @np for the first time: asks and keeps */
const struct of_device_id *of_match_node_keep(const struct of_device_id *matches,
					      struct device_node *np);
/*
 * of_match_node() for @matches that lives as long as @np does, a
 * registered driver's table: the node keeps its last answer (every probe
 * attempt asks), forgotten when a property of the node is set.  Inline:
 * a storm of probe retries asks on every attempt.
 */
static inline const struct of_device_id *
of_match_node_cached(const struct of_device_id *matches, struct device_node *np)
{
	if (!matches || !np)
		return NULL;
	if (np->match_table == matches)
		return np->match_found;
	return of_match_node_keep(matches, np);
}
/* "okay"/"ok" or no status property. */
bool of_device_is_available(const struct device_node *np);

/*
 * Parses entry @index of the phandle list @list_name, each entry a phandle
 * followed by as many cells as the target's @cells_name says (0 cells if
 * @cells_name is NULL), phandles looked up in @np's own tree.  Returns 0,
 * -ENOENT past the end, -EINVAL if the list is malformed or a phandle
 * unknown.
 */
int of_parse_phandle_with_args(const struct device_node *np,
			       const char *list_name, const char *cells_name,
			       int index, struct of_phandle_args *out);
/*
 * Walking a phandle list entry by entry, as the kernel's
 * of_phandle_iterator does: each entry is read once, where asking for
 * entry i with of_parse_phandle_with_args() reads the i entries before it.
 */
struct of_phandle_iterator {
	const struct of_tree *tree;
	const char *cells_name;
	u32 cell_count;			/* arguments without @cells_name */
	const void *list;
	size_t cells;			/* whole cells in the list */
	size_t next;			/* cell the next entry starts at */
	u32 phandle;			/* of this entry, 0 if empty */
	struct device_node *node;	/* its target, NULL until looked up */
	size_t args;			/* cell its arguments start at */
	u32 count;			/* how many arguments it has */
};

/*
 * Starts at the first entry; without @cells_name each entry has
 * @cell_count arguments.  Returns 0, -ENOENT without the property.
 */
int of_phandle_iterator_init(struct of_phandle_iterator *it,
			     const struct device_node *np, const char *list_name,
			     const char *cells_name, int cell_count);
/*
 * Reads the next entry.  Returns 0, -ENOENT past the end, -EINVAL if the
 * target or its cells property is missing or the arguments run past the
 * end of the list.
 */
int of_phandle_iterator_next(struct of_phandle_iterator *it);
/*
 * The entry just read as @out (NULL: only check it).  Returns 0, -ENOENT
 * for an empty entry (phandle 0), -EINVAL for an unknown phandle.
 */
int of_phandle_iterator_args(struct of_phandle_iterator *it, struct of_phandle_args *out);

#define of_for_each_phandle(it, err, np, list_name, cells_name, cell_count) \
	for ((err) = of_phandle_iterator_init((it), (np), (list_name),	\
					      (cells_name), (cell_count));	\
	     !(err) && !((err) = of_phandle_iterator_next(it)); )

int of_count_phandle_with_args(const struct device_node *np,
			       const char *list_name, const char *cells_name);
struct device_node *of_parse_phandle(const struct device_node *np,
				     const char *name, int index);

/*
 * Run-time nodes, for devices added by hand: a new node @full_name under
 * @parent (the root if NULL), with an optional @label.  Returns NULL if out
 * of memory, or if @full_name is empty, holds a '/' or is already taken
 * under that parent.  Properties are copied; setting one again replaces it.
 */
struct device_node *of_node_new(struct of_tree *tree, struct device_node *parent,
				const char *full_name, const char *label);
int of_node_set_property(struct device_node *np, const char *name,
			 const void *value, int length);
/* Unlinks and frees a childless node made by of_node_new(). */
void of_node_remove(struct of_tree *tree, struct device_node *np);

/*
 * The name a device created for @np gets: its label, else "ADDR.NAME".
 * Returns a malloc'ed string the caller frees, or NULL if out of memory.
 */
/*
 * Maps @id through @np's map property @map_name ("iommu-map": ID base,
 * node, output base, length) after masking it with @map_mask_name's value
 * if @np has that property, into the node (*@target) and the output ID
 * (*@id_out), as 6.1's of_map_id() does.  A non-NULL *@target picks the
 * entries that name it; a NULL one is set to the first match.  An ID no
 * entry covers comes back unchanged, *@target untouched: no translation.
 * Returns 0, -ENODEV when @np has no such map (with @target) or an entry
 * names no node, -EINVAL for a malformed map, -EFAULT for an ID base
 * outside the mask.  6.1 also logs the malformed maps and an ID no entry
 * covers; the simulator does not, for the hardware model asks at every
 * access (sim_hw_dma_route()).
 */
int of_map_id(struct device_node *np, u32 id, const char *map_name,
	      const char *map_mask_name, struct device_node **target,
	      u32 *id_out);

/*
 * Entry @index of @np's "reg", read with the parent's #address-cells and
 * #size-cells.  Returns 0, -EINVAL when there is no such entry.
 */
int of_reg_read(const struct device_node *np, unsigned int index, u64 *base,
		u64 *size);

char *of_node_dev_name(const struct device_node *np);

#endif
