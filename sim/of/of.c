/*
 * The simulator's device tree.  A flattened blob is checked whole by libfdt
 * and then copied into a tree of struct device_node that owns every byte it
 * points at, so the caller may free the blob at once.  The lookups behave
 * as drivers/of/base.c and drivers/of/property.c of Linux 6.1 do for the
 * cases drivers meet; nodes can also be added and removed at run time for
 * devices that have no node in the blob.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <search.h>

#include <sim/errno.h>
#include <sim/of.h>

#include <linux/mod_devicetable.h>

/* Deepest node accepted below the root (the root is depth 0). */
#define OF_MAX_DEPTH	64

static __printf(3, 4) void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Reads a big-endian cell byte by byte: property values have no alignment. */
static u32 cell_at(const void *value, size_t index)
{
	const u8 *p = (const u8 *)value + index * 4;

	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static bool is_phandle_name(const char *name)
{
	return !strcmp(name, "phandle") || !strcmp(name, "linux,phandle");
}

static void property_free(struct property *pp)
{
	free(pp->name);
	free(pp->value);
	free(pp);
}

/* tdestroy() with nothing to free: the entries are the nodes themselves. */
static void index_entry_keep(void *entry)
{
}

static int child_cmp(const void *a, const void *b)
{
	return strcmp(((const struct device_node *)a)->full_name,
		      ((const struct device_node *)b)->full_name);
}

/*
 * Enters @np in its parent's child index unless a child of that name is
 * there already (the first of a name is the one paths lead to).  Returns
 * 0 or -ENOMEM.
 */
static int child_index_add(struct device_node *np)
{
	struct device_node *parent = np->parent;
	void **slot;

	if (!parent)
		return 0;
	slot = tsearch(np, &parent->child_index, child_cmp);
	if (!slot)
		return -ENOMEM;
	if (*slot != np)
		parent->dup_children = true;
	return 0;
}

/* The child of @parent called @full_name that paths lead to, or NULL. */
static struct device_node *child_find(const struct device_node *parent,
				      const char *full_name)
{
	struct device_node key = { .full_name = (char *)full_name };
	void **slot = tfind(&key, &parent->child_index, child_cmp);

	return slot ? *slot : NULL;
}

static void node_free(struct device_node *np)
{
	struct property *pp, *next;

	if (!np)
		return;
	tdestroy(np->child_index, index_entry_keep);
	for (pp = np->properties; pp; pp = next) {
		next = pp->next;
		property_free(pp);
	}
	free(np->name);
	free(np->full_name);
	free(np->path);
	free(np->label);
	free(np);
}

/*
 * Makes an unlinked node called @full_name (its first @len bytes) for a
 * place under @parent, which only gives the path; the root has no parent.
 */
static struct device_node *node_alloc(const char *full_name, size_t len,
				      const struct device_node *parent)
{
	struct device_node *np;
	size_t plen;

	np = calloc(1, sizeof(*np));
	if (!np)
		return NULL;
	np->full_name = strndup(full_name, len);
	if (np->full_name)
		np->name = strndup(np->full_name, strcspn(np->full_name, "@"));
	if (!parent) {
		np->path = strdup("/");
	} else {
		plen = strlen(parent->path);
		if (plen == 1)
			plen = 0;	/* children of the root: no "//" */
		np->path = malloc(plen + 1 + len + 1);
		if (np->path) {
			memcpy(np->path, parent->path, plen);
			np->path[plen] = '/';
			memcpy(np->path + plen + 1, full_name, len);
			np->path[plen + 1 + len] = '\0';
		}
	}
	if (!np->full_name || !np->name || !np->path) {
		node_free(np);
		return NULL;
	}
	return np;
}

/* Puts @np last among the children of @parent.  Returns 0 or -ENOMEM. */
static int node_link(struct device_node *np, struct device_node *parent)
{
	np->parent = parent;
	if (child_index_add(np)) {
		np->parent = NULL;
		return -ENOMEM;
	}
	if (parent->last_child)
		parent->last_child->sibling = np;
	else
		parent->child = np;
	parent->last_child = np;
	return 0;
}

/*
 * Takes @np out of its parent's child index; a sibling of the same name,
 * if there is one, is what paths lead to now.
 */
static void child_index_del(struct device_node *np)
{
	struct device_node *parent = np->parent, *twin;

	if (child_find(parent, np->full_name) != np)
		return;
	tdelete(np, &parent->child_index, child_cmp);
	if (!parent->dup_children)
		return;
	for (twin = parent->child; twin; twin = twin->sibling)
		if (twin != np && !strcmp(twin->full_name, np->full_name))
			break;
	/* out of memory here only hides the twin from path lookups */
	if (twin)
		tsearch(twin, &parent->child_index, child_cmp);
}

static void node_unlink(struct of_tree *tree, struct device_node *np)
{
	struct device_node **link, *prev = NULL;

	if (!np->parent) {
		if (tree->root == np)
			tree->root = NULL;
		return;
	}
	child_index_del(np);
	for (link = &np->parent->child; *link; prev = *link, link = &(*link)->sibling) {
		if (*link == np) {
			*link = np->sibling;
			if (np->parent->last_child == np)
				np->parent->last_child = prev;
			break;
		}
	}
	np->parent = NULL;
	np->sibling = NULL;
}

/*
 * Copies @length bytes of @value with one more byte, a NUL, so that even a
 * zero-length value is a valid pointer and a string missing its terminator
 * still ends.
 */
static void *value_copy(const void *value, int length)
{
	char *copy = malloc((size_t)length + 1);

	if (!copy)
		return NULL;
	if (length)
		memcpy(copy, value, length);
	copy[length] = '\0';
	return copy;
}

static struct property *property_new(const char *name, const void *value, int length)
{
	struct property *pp = calloc(1, sizeof(*pp));

	if (!pp)
		return NULL;
	pp->name = strdup(name);
	pp->value = value_copy(value, length);
	pp->length = length;
	if (!pp->name || !pp->value) {
		property_free(pp);
		return NULL;
	}
	return pp;
}

/* Sets property @name of @np to a copy of @value.  Returns 0 or -ENOMEM. */
static int property_set(struct device_node *np, const char *name,
			const void *value, int length)
{
	struct property **link;
	void *copy;

	np->match_table = NULL;
	for (link = &np->properties; *link; link = &(*link)->next) {
		if (!strcmp((*link)->name, name)) {
			copy = value_copy(value, length);
			if (!copy)
				return -ENOMEM;
			free((*link)->value);
			(*link)->value = copy;
			(*link)->length = length;
			return 0;
		}
	}
	*link = property_new(name, value, length);
	if (!*link)
		return -ENOMEM;
	np->nr_properties++;
	return 0;
}

/*
 * Copies the properties of blob node @off into @np, in blob order.  A name
 * given twice is kept twice, as the kernel does; lookups find the first.
 */
static int node_read_properties(struct device_node *np, const void *fdt,
				int off, char *err, size_t errlen)
{
	struct property **tail = &np->properties;
	const char *name;
	const void *value;
	int prop, len;

	fdt_for_each_property_offset(prop, fdt, off) {
		value = fdt_getprop_by_offset(fdt, prop, &name, &len);
		if (!value || !name) {
			set_err(err, errlen, "bad device tree blob: %s",
				fdt_strerror(value ? -FDT_ERR_BADSTRUCTURE : len));
			return -EINVAL;
		}
		if (is_phandle_name(name)) {
			if (len != 4) {
				set_err(err, errlen,
					"bad device tree blob: '%s' of node '%s' has %d bytes, not 4",
					name, np->path, len);
				return -EINVAL;
			}
			if (!np->phandle)
				np->phandle = cell_at(value, 0);
		}
		*tail = property_new(name, value, len);
		if (!*tail) {
			set_err(err, errlen, "out of memory");
			return -ENOMEM;
		}
		tail = &(*tail)->next;
		np->nr_properties++;
	}
	if (prop != -FDT_ERR_NOTFOUND) {
		set_err(err, errlen, "bad device tree blob: %s", fdt_strerror(prop));
		return -EINVAL;
	}
	return 0;
}

/* Counts the nodes of a checked blob, refusing trees nested too deep. */
static int fdt_count_nodes(const void *fdt, size_t *count, char *err, size_t errlen)
{
	int off, depth = 0;
	size_t n = 0;

	/* past the root's end fdt_next_node() gives depth -1 */
	for (off = 0; off >= 0 && depth >= 0; off = fdt_next_node(fdt, off, &depth)) {
		if (depth > OF_MAX_DEPTH) {
			set_err(err, errlen,
				"bad device tree blob: nodes nested deeper than %d",
				OF_MAX_DEPTH);
			return -EINVAL;
		}
		n++;
	}
	if (off < 0 && off != -FDT_ERR_NOTFOUND) {
		set_err(err, errlen, "bad device tree blob: %s", fdt_strerror(off));
		return -EINVAL;
	}
	*count = n;
	return 0;
}

/*
 * Copies every node of a checked blob into @tree, whose nodes array has
 * room for all of them.  On failure the nodes made so far are in the array
 * for the caller to free.
 */
static int tree_read_nodes(struct of_tree *tree, const void *fdt, size_t room,
			   char *err, size_t errlen)
{
	/* the node open at each depth */
	struct device_node *parents[OF_MAX_DEPTH + 1];
	struct device_node *np, *parent;
	const char *name;
	int off, depth = 0, len, ret;

	for (off = 0; off >= 0 && depth >= 0; off = fdt_next_node(fdt, off, &depth)) {
		if (depth > OF_MAX_DEPTH || tree->count == room ||
		    (depth == 0) != (off == 0)) {
			set_err(err, errlen, "bad device tree blob: %s",
				fdt_strerror(-FDT_ERR_BADSTRUCTURE));
			return -EINVAL;
		}
		name = fdt_get_name(fdt, off, &len);
		if (!name) {
			set_err(err, errlen, "bad device tree blob: %s", fdt_strerror(len));
			return -EINVAL;
		}
		parent = depth ? parents[depth - 1] : NULL;
		if (depth && (!len || memchr(name, '/', len))) {
			set_err(err, errlen,
				"bad device tree blob: node '%.*s' under '%s' has a bad name",
				len, name, parent->path);
			return -EINVAL;
		}
		if (!depth && len) {
			set_err(err, errlen,
				"bad device tree blob: root node is named '%.*s'", len, name);
			return -EINVAL;
		}

		np = node_alloc(name, len, parent);
		if (!np) {
			set_err(err, errlen, "out of memory");
			return -ENOMEM;
		}
		np->tree = tree;
		tree->nodes[tree->count++] = np;
		if (!parent) {
			tree->root = np;
		} else if (node_link(np, parent)) {
			set_err(err, errlen, "out of memory");
			return -ENOMEM;
		}
		parents[depth] = np;

		ret = node_read_properties(np, fdt, off, err, errlen);
		if (ret)
			return ret;
	}
	if (off < 0 && off != -FDT_ERR_NOTFOUND) {
		set_err(err, errlen, "bad device tree blob: %s", fdt_strerror(off));
		return -EINVAL;
	}
	return 0;
}

static struct device_node *root_child(const struct of_tree *tree, const char *name)
{
	if (!tree || !tree->root)
		return NULL;
	return child_find(tree->root, name);
}

/* The string a property holds, or NULL if it is not one NUL-ended string. */
static const char *property_string(const struct property *pp)
{
	if (!pp || pp->length < 1 ||
	    strnlen(pp->value, pp->length) != (size_t)pp->length - 1)
		return NULL;
	return pp->value;
}

/*
 * Follows the components of @path (its first @len bytes, "/a/b@1/c") down
 * from @np, each matching a child's full name exactly.
 */
static struct device_node *node_walk(struct device_node *np, const char *path,
				     size_t len)
{
	char buf[128], *name;
	size_t clen;

	while (np && len) {
		if (*path != '/')
			return NULL;
		path++;
		len--;
		clen = 0;
		while (clen < len && path[clen] != '/')
			clen++;
		if (!clen)
			return NULL;
		name = clen < sizeof(buf) ? buf : malloc(clen + 1);
		if (!name)
			return NULL;
		memcpy(name, path, clen);
		name[clen] = '\0';
		np = child_find(np, name);
		if (name != buf)
			free(name);
		path += clen;
		len -= clen;
	}
	return np;
}

/* Finds a node by its absolute path, "/" being the root. */
static struct device_node *find_abs_path(const struct of_tree *tree,
					 const char *path, size_t len)
{
	if (!tree->root || !len || path[0] != '/')
		return NULL;
	if (len == 1)
		return tree->root;
	return node_walk(tree->root, path, len);
}

/*
 * The label index: each node label, with the first node in the tree's
 * array that bears it and how many do.
 */
struct label_ref {
	const char *label;
	struct device_node *np;
	size_t count;
};

static int label_cmp(const void *a, const void *b)
{
	return strcmp(((const struct label_ref *)a)->label,
		      ((const struct label_ref *)b)->label);
}

static struct label_ref *label_find(const struct of_tree *tree, const char *label)
{
	struct label_ref key = { .label = label };
	void **slot = tfind(&key, &tree->labels, label_cmp);

	return slot ? *slot : NULL;
}

/* Counts @np, the last node of the array, under its label.  0 or -ENOMEM. */
static int label_add(struct of_tree *tree, struct device_node *np)
{
	struct label_ref *ref;
	void **slot;

	if (!np->label)
		return 0;
	ref = label_find(tree, np->label);
	if (ref) {
		ref->count++;
		return 0;
	}
	ref = calloc(1, sizeof(*ref));
	if (!ref)
		return -ENOMEM;
	*ref = (struct label_ref){ .label = np->label, .np = np, .count = 1 };
	slot = tsearch(ref, &tree->labels, label_cmp);
	if (!slot) {
		free(ref);
		return -ENOMEM;
	}
	return 0;
}

/* Uncounts @np, still in the array; the next node of that label takes over. */
static void label_del(struct of_tree *tree, struct device_node *np)
{
	struct label_ref *ref = np->label ? label_find(tree, np->label) : NULL;

	if (!ref)
		return;
	if (--ref->count == 0) {
		tdelete(ref, &tree->labels, label_cmp);
		free(ref);
		return;
	}
	if (ref->np != np)
		return;
	for (size_t i = 0; i < tree->count; i++) {
		struct device_node *other = tree->nodes[i];

		if (other != np && other->label && !strcmp(other->label, np->label)) {
			ref->np = other;
			ref->label = other->label;	/* @np's goes with it */
			break;
		}
	}
}

static int symbol_cmp(const void *a, const void *b)
{
	return strcmp(((const struct property *)a)->name,
		      ((const struct property *)b)->name);
}

/*
 * The first property of /__symbols__ called @name: from an index of
 * them, made again when the node is another or has gained a property.
 */
static const struct property *symbol_find(const struct of_tree *tree, const char *name)
{
	struct of_tree *t = (struct of_tree *)tree;	/* the index is a cache */
	const struct device_node *symbols = root_child(tree, "__symbols__");
	struct property key = { .name = (char *)name };
	void **slot;

	if (!symbols)
		return NULL;
	if (t->symbols_np != symbols || t->symbols_nr != symbols->nr_properties) {
		tdestroy(t->symbols, index_entry_keep);
		t->symbols = NULL;
		t->symbols_np = NULL;
		for (const struct property *pp = symbols->properties; pp; pp = pp->next)
			if (!tsearch(pp, &t->symbols, symbol_cmp))
				/* out of memory: look the slow way */
				return of_find_property(symbols, name);
		t->symbols_np = symbols;
		t->symbols_nr = symbols->nr_properties;
	}
	slot = tfind(&key, &t->symbols, symbol_cmp);
	return slot ? *slot : NULL;
}

/*
 * Gives each node the first label /__symbols__ names it by.  Entries that
 * are not a path to a node here are left out.  Returns 0 or -ENOMEM.
 */
static int tree_read_labels(struct of_tree *tree)
{
	struct device_node *symbols, *np;
	const struct property *pp;
	const char *path;

	symbols = root_child(tree, "__symbols__");
	if (!symbols)
		return 0;
	for (pp = symbols->properties; pp; pp = pp->next) {
		path = property_string(pp);
		if (!path)
			continue;
		np = find_abs_path(tree, path, strlen(path));
		if (np && !np->label) {
			np->label = strdup(pp->name);
			if (!np->label)
				return -ENOMEM;
		}
	}
	/* counted in array order, so that each label leads to its first node */
	for (size_t i = 0; i < tree->count; i++)
		if (label_add(tree, tree->nodes[i]))
			return -ENOMEM;
	return 0;
}

/*
 * Builds a tree from the blob @fdt of @size bytes, checking it whole first.
 * The tree copies what it needs: the blob is not kept.  Returns the tree
 * (free it with of_tree_free()), or NULL with a one-line reason in @err.
 */
struct of_tree *of_tree_from_fdt(const void *fdt, size_t size,
				 char *err, size_t errlen)
{
	struct of_tree *tree = NULL;
	void *aligned = NULL;
	size_t count, claimed;
	int ret;

	if (!fdt) {
		set_err(err, errlen, "no device tree blob");
		return NULL;
	}
	/* The whole header must be there before libfdt reads any of it. */
	if (size < FDT_V1_SIZE || size < fdt_header_size(fdt)) {
		set_err(err, errlen, "bad device tree blob: %s",
			fdt_strerror(-FDT_ERR_TRUNCATED));
		return NULL;
	}
	/*
	 * libfdt wants 8-byte alignment: check an aligned copy of what the
	 * header claims, the header at least.
	 */
	if ((uintptr_t)fdt & 7) {
		claimed = cell_at(fdt, 1);	/* totalsize, read bytewise */
		if (size > claimed)
			size = claimed;
		if (size < fdt_header_size(fdt))
			size = fdt_header_size(fdt);
		aligned = malloc(size);
		if (!aligned) {
			set_err(err, errlen, "out of memory");
			return NULL;
		}
		memcpy(aligned, fdt, size);
		fdt = aligned;
	}

	ret = fdt_check_full(fdt, size);
	if (ret) {
		set_err(err, errlen, "bad device tree blob: %s", fdt_strerror(ret));
		goto out_free_aligned;
	}
	if (fdt_count_nodes(fdt, &count, err, errlen))
		goto out_free_aligned;

	tree = calloc(1, sizeof(*tree));
	if (tree)
		tree->nodes = calloc(count, sizeof(*tree->nodes));
	if (tree)
		tree->cap = count;
	if (!tree || !tree->nodes) {
		set_err(err, errlen, "out of memory");
		goto out_free_tree;
	}
	if (tree_read_nodes(tree, fdt, count, err, errlen))
		goto out_free_tree;
	if (tree_read_labels(tree)) {
		set_err(err, errlen, "out of memory");
		goto out_free_tree;
	}
	free(aligned);
	return tree;

out_free_tree:
	of_tree_free(tree);
	tree = NULL;
out_free_aligned:
	free(aligned);
	return NULL;
}

/* Frees @tree with every node, property and string in it.  NULL is fine. */
void of_tree_free(struct of_tree *tree)
{
	if (!tree)
		return;
	tdestroy(tree->labels, free);
	tdestroy(tree->symbols, index_entry_keep);
	for (size_t i = 0; i < tree->count; i++)
		node_free(tree->nodes[i]);
	free(tree->nodes);
	free(tree);
}

/*
 * Finds a node by absolute path ("/soc/larb@14021000") or by a path that
 * starts with an alias from /aliases ("serial0", "mmc0/card@0").  Options
 * after a ':' are ignored, as the kernel does.  Unit addresses are part of
 * the names: "/soc/larb" does not find "larb@14021000".
 */
struct device_node *of_find_node_by_path(const struct of_tree *tree, const char *path)
{
	const struct property *pp;
	struct device_node *np;
	const char *target;
	size_t len, alen;

	if (!tree || !path)
		return NULL;
	len = strcspn(path, ":");
	if (path[0] == '/')
		return find_abs_path(tree, path, len);

	alen = strcspn(path, "/:");
	np = root_child(tree, "aliases");
	if (!alen || !np)
		return NULL;
	for (pp = np->properties; pp; pp = pp->next)
		if (!strncmp(pp->name, path, alen) && pp->name[alen] == '\0')
			break;
	target = property_string(pp);
	if (!target)
		return NULL;
	np = find_abs_path(tree, target, strlen(target));
	return node_walk(np, path + alen, len - alen);
}

/* hash_32() of include/linux/hash.h, into OF_PHANDLE_CACHE_BITS bits. */
static u32 phandle_cache_hash(u32 phandle)
{
	return (phandle * 0x61c88647U) >> (32 - OF_PHANDLE_CACHE_BITS);
}

/*
 * Returns the first node, in blob order, with @phandle; NULL for 0.  As
 * in the kernel, a small cache of the nodes last found comes first, and
 * the whole tree is searched only when it misses.  A cached node is the
 * first with its phandle, phandles being unique in a board (a node whose
 * phandle changes no longer matches its slot; one that goes away leaves
 * the cache).
 */
struct device_node *of_find_node_by_phandle(const struct of_tree *tree, u32 phandle)
{
	struct of_tree *t = (struct of_tree *)tree;	/* the cache is not state */
	u32 hash = phandle_cache_hash(phandle);
	struct device_node *np = NULL;

	if (!tree || !phandle)
		return NULL;
	if (tree->phandle_cache[hash] && tree->phandle_cache[hash]->phandle == phandle)
		return tree->phandle_cache[hash];
	for (size_t i = 0; i < tree->count && !np; i++)
		if (tree->nodes[i]->phandle == phandle)
			np = tree->nodes[i];
	if (np)
		t->phandle_cache[hash] = np;
	return np;
}

/* Drops @np from the phandle cache (__of_phandle_cache_inv_entry()). */
static void phandle_cache_forget(struct of_tree *tree, struct device_node *np)
{
	for (u32 i = 0; i < OF_PHANDLE_CACHE_SZ; i++)
		if (tree->phandle_cache[i] == np)
			tree->phandle_cache[i] = NULL;
}

/*
 * Finds the node labelled @label: a node's first label, a run-time node's
 * label, or any further label /__symbols__ gives.
 */
struct device_node *of_find_node_by_label(const struct of_tree *tree, const char *label)
{
	const struct label_ref *ref;
	const char *path;

	if (!tree || !label)
		return NULL;
	ref = label_find(tree, label);
	if (ref)
		return ref->np;
	path = property_string(symbol_find(tree, label));
	if (!path)
		return NULL;
	return find_abs_path(tree, path, strlen(path));
}

const struct property *of_find_property(const struct device_node *np,
				       const char *name)
{
	const struct property *pp;

	if (!np || !name)
		return NULL;
	for (pp = np->properties; pp; pp = pp->next)
		if (!strcmp(pp->name, name))
			return pp;
	return NULL;
}

/*
 * Returns the value of property @name (never NULL for a property that
 * exists, even an empty one) and its length in *@lenp; NULL without it,
 * leaving *@lenp alone.
 */
const void *of_get_property(const struct device_node *np, const char *name,
			    int *lenp)
{
	const struct property *pp = of_find_property(np, name);

	if (!pp)
		return NULL;
	if (lenp)
		*lenp = pp->length;
	return pp->value;
}

/* True if @np has property @name, whatever its value. */
bool of_property_read_bool(const struct device_node *np, const char *name)
{
	return of_find_property(np, name) != NULL;
}

int of_property_read_u32(const struct device_node *np, const char *name, u32 *out)
{
	return of_property_read_u32_index(np, name, 0, out);
}

/*
 * Reads cell @index of property @name.  Returns 0, -EINVAL without the
 * property, -EOVERFLOW if it is too short to hold that cell.
 */
int of_property_read_u32_index(const struct device_node *np, const char *name,
			       u32 index, u32 *out)
{
	const struct property *pp = of_find_property(np, name);

	if (!pp)
		return -EINVAL;
	if (((u64)index + 1) * 4 > (u64)pp->length)
		return -EOVERFLOW;
	if (out)
		*out = cell_at(pp->value, index);
	return 0;
}

/*
 * Walks the string list @name of @np up to string @want (-1 for all) and
 * stores it in *@out.  Returns how many strings it went over, -EINVAL
 * without the property, -ENODATA if empty, -EILSEQ if a string it reaches
 * has no terminator inside the property.
 */
static int string_list_walk(const struct device_node *np, const char *name,
			    int want, const char **out)
{
	const struct property *pp = of_find_property(np, name);
	const char *p, *end;
	size_t n;
	int i = 0;

	if (!pp)
		return -EINVAL;
	p = pp->value;
	end = p + pp->length;
	while (p < end) {
		n = strnlen(p, end - p);
		if (n == (size_t)(end - p))
			return -EILSEQ;
		if (i == want) {
			*out = p;
			return i + 1;
		}
		i++;
		p += n + 1;
	}
	return i ? i : -ENODATA;
}

/* Returns the @index-th string of a string list, or NULL. */
const char *of_property_read_string_index(const struct device_node *np,
					  const char *name, int index)
{
	const char *s = NULL;

	if (index < 0)
		return NULL;
	string_list_walk(np, name, index, &s);
	return s;
}

/*
 * Returns the number of strings in the list @name, -EINVAL without it,
 * -ENODATA if it is empty, -EILSEQ if a string is not terminated.
 */
int of_property_count_strings(const struct device_node *np, const char *name)
{
	return string_list_walk(np, name, -1, NULL);
}

/* True if any "compatible" string of @np is @compat, ignoring case. */
bool of_device_is_compatible(const struct device_node *np, const char *compat)
{
	const char *s;

	if (!compat || !compat[0])
		return false;
	for (int i = 0; (s = of_property_read_string_index(np, "compatible", i)); i++)
		if (!strcasecmp(s, compat))
			return true;
	return false;
}

/*
 * The "compatible" strings in order, up to the first without a terminator
 * (where of_property_read_string_index() stops), read in one pass.
 */
const struct of_device_id *of_match_node(const struct of_device_id *matches,
					 const struct device_node *np)
{
	const struct property *pp;
	const char *s, *end;
	size_t n;

	if (!matches || !np)
		return NULL;
	pp = of_find_property(np, "compatible");
	if (!pp)
		return NULL;
	end = (const char *)pp->value + pp->length;
	for (s = pp->value; s < end; s += n + 1) {
		n = strnlen(s, end - s);
		if (n == (size_t)(end - s))
			break;
		for (const struct of_device_id *m = matches; m->compatible[0]; m++)
			if (!strcasecmp(s, m->compatible))
				return m;
	}
	return NULL;
}

const struct of_device_id *of_match_node_keep(const struct of_device_id *matches,
					      struct device_node *np)
{
	np->match_found = of_match_node(matches, np);
	np->match_table = matches;
	return np->match_found;
}

/* "okay"/"ok" or no status property. */
bool of_device_is_available(const struct device_node *np)
{
	const struct property *pp;

	if (!np)
		return false;
	pp = of_find_property(np, "status");
	if (!pp)
		return true;
	/* values end in a NUL of their own, even with no terminator inside */
	return pp->length > 0 &&
	       (!strcmp(pp->value, "okay") || !strcmp(pp->value, "ok"));
}

int of_phandle_iterator_init(struct of_phandle_iterator *it,
			     const struct device_node *np, const char *list_name,
			     const char *cells_name, int cell_count)
{
	const struct property *pp = of_find_property(np, list_name);

	memset(it, 0, sizeof(*it));
	if (!pp)
		return -ENOENT;
	it->tree = np->tree;
	it->cells_name = cells_name;
	it->cell_count = cell_count > 0 ? cell_count : 0;
	it->list = pp->value;
	it->cells = (size_t)pp->length / 4;	/* a partial cell at the end is dropped */
	return 0;
}

int of_phandle_iterator_next(struct of_phandle_iterator *it)
{
	if (it->next >= it->cells)
		return -ENOENT;
	it->phandle = cell_at(it->list, it->next);
	it->args = it->next + 1;
	it->count = it->cells_name ? 0 : it->cell_count;
	it->node = NULL;
	if (it->phandle && it->cells_name) {
		it->node = of_find_node_by_phandle(it->tree, it->phandle);
		if (!it->node ||
		    of_property_read_u32(it->node, it->cells_name, &it->count))
			return -EINVAL;
	}
	if (it->count > it->cells - it->args)
		return -EINVAL;
	it->next = it->args + it->count;
	return 0;
}

/* More than MAX_PHANDLE_ARGS arguments are cut to that many. */
int of_phandle_iterator_args(struct of_phandle_iterator *it, struct of_phandle_args *out)
{
	if (!it->phandle)
		return -ENOENT;
	if (!it->node)
		it->node = of_find_node_by_phandle(it->tree, it->phandle);
	if (!it->node)
		return -EINVAL;
	if (out) {
		out->np = it->node;
		out->args_count = it->count > MAX_PHANDLE_ARGS ?
				  MAX_PHANDLE_ARGS : (int)it->count;
		for (int i = 0; i < out->args_count; i++)
			out->args[i] = cell_at(it->list, it->args + i);
	}
	return 0;
}

/*
 * Parses entry @index of the phandle list @list_name.  An entry whose
 * phandle is 0 takes an index but has no target: asking for it gives
 * -ENOENT.  Unlike the kernel, an unknown phandle at @index is -EINVAL
 * even when @cells_name is NULL, rather than success with no node.
 */
int of_parse_phandle_with_args(const struct device_node *np,
			       const char *list_name, const char *cells_name,
			       int index, struct of_phandle_args *out)
{
	struct of_phandle_iterator it;
	int ret, cur = 0;

	if (index < 0)
		return -EINVAL;
	of_for_each_phandle(&it, ret, np, list_name, cells_name, 0)
		if (cur++ == index)
			return of_phandle_iterator_args(&it, out);
	return ret;
}

/*
 * Returns the number of entries in the phandle list @list_name, empty ones
 * included, or the error of the first bad entry.  Without @cells_name it
 * is the number of cells, each entry being a lone phandle.
 */
int of_count_phandle_with_args(const struct device_node *np,
			       const char *list_name, const char *cells_name)
{
	struct of_phandle_iterator it;
	int ret, n = 0;

	if (!cells_name) {
		const struct property *pp = of_find_property(np, list_name);

		return pp ? pp->length / 4 : -ENOENT;
	}
	if (!of_find_property(np, list_name))
		return -ENOENT;
	of_for_each_phandle(&it, ret, np, list_name, cells_name, 0)
		n++;
	return ret == -ENOENT ? n : ret;
}

/* Returns the node the @index-th phandle of property @name points at. */
struct device_node *of_parse_phandle(const struct device_node *np,
				     const char *name, int index)
{
	struct of_phandle_args args;

	if (of_parse_phandle_with_args(np, name, NULL, index, &args))
		return NULL;
	return args.np;
}

/* Appends @np to the array, which grows by half again when full. */
static int tree_add_node(struct of_tree *tree, struct device_node *np)
{
	struct device_node **nodes;
	size_t cap;

	if (tree->count == tree->cap) {
		cap = tree->cap < 16 ? 16 : tree->cap + tree->cap / 2;
		nodes = realloc(tree->nodes, cap * sizeof(*nodes));
		if (!nodes)
			return -ENOMEM;
		tree->nodes = nodes;
		tree->cap = cap;
	}
	tree->nodes[tree->count++] = np;
	np->tree = tree;
	return 0;
}

/* Takes node @i out of @tree's array, keeping the order of the others. */
static void tree_drop_node(struct of_tree *tree, size_t i)
{
	memmove(&tree->nodes[i], &tree->nodes[i + 1],
		(tree->count - i - 1) * sizeof(*tree->nodes));
	tree->count--;
}

/*
 * Run-time nodes.  A new node @full_name goes last under @parent, or under
 * the root if @parent is NULL; a tree with no root (a zeroed struct of_tree
 * is an empty tree) first gets an empty one.  Returns NULL if out of
 * memory, or if @full_name is empty, holds a '/' or is already a child of
 * that parent.  The node is freed by of_node_remove() or of_tree_free().
 */
struct device_node *of_node_new(struct of_tree *tree, struct device_node *parent,
				const char *full_name, const char *label)
{
	struct device_node *np, *made_root = NULL;

	if (!tree || !full_name || !full_name[0] || strchr(full_name, '/'))
		return NULL;
	if (!parent && !tree->root) {
		made_root = node_alloc("", 0, NULL);
		if (!made_root)
			return NULL;
		if (tree_add_node(tree, made_root)) {
			node_free(made_root);
			return NULL;
		}
		tree->root = made_root;
	}
	if (!parent)
		parent = tree->root;
	if (child_find(parent, full_name))
		goto out_remove_root;

	np = node_alloc(full_name, strlen(full_name), parent);
	if (!np)
		goto out_remove_root;
	if (label) {
		np->label = strdup(label);
		if (!np->label)
			goto out_free_node;
	}
	if (tree_add_node(tree, np))
		goto out_free_node;
	if (node_link(np, parent))
		goto out_drop_node;
	if (label_add(tree, np))
		goto out_unlink;
	return np;

out_unlink:
	node_unlink(tree, np);
out_drop_node:
	tree->count--;
out_free_node:
	node_free(np);
out_remove_root:
	if (made_root)
		of_node_remove(tree, made_root);
	return NULL;
}

/*
 * Sets property @name of @np to a copy of the @length bytes at @value,
 * replacing any value it had; a "phandle" of 4 bytes also sets
 * @np->phandle.  Returns 0, -EINVAL for bad arguments, -ENOMEM.
 */
int of_node_set_property(struct device_node *np, const char *name,
			 const void *value, int length)
{
	int ret;

	if (!np || !name || length < 0 || (length && !value))
		return -EINVAL;
	ret = property_set(np, name, value, length);
	if (!ret && is_phandle_name(name) && length == 4)
		np->phandle = cell_at(value, 0);
	return ret;
}

/*
 * Unlinks and frees @np, which must have no children and be in @tree;
 * otherwise does nothing.  Any device still pointing at it is the
 * caller's business.
 */
void of_node_remove(struct of_tree *tree, struct device_node *np)
{
	size_t i;

	if (!tree || !np || np->child)
		return;
	for (i = 0; i < tree->count && tree->nodes[i] != np; i++)
		;
	if (i == tree->count)
		return;
	label_del(tree, np);
	phandle_cache_forget(tree, np);
	tree_drop_node(tree, i);
	node_unlink(tree, np);
	node_free(np);
}

/*
 * The name a device created for @np gets: its label, else "ADDR.NAME" from
 * the unit address ("larb@14021000" gives "14021000.larb", as the kernel's
 * platform devices are named), else the node name.  Returns a string the
 * caller frees, or NULL if out of memory.
 */
char *of_node_dev_name(const struct device_node *np)
{
	const char *at;
	size_t len;
	char *s;

	if (!np)
		return NULL;
	if (np->label)
		return strdup(np->label);
	at = strchr(np->full_name, '@');
	if (!at || !at[1])
		return strdup(np->name);
	len = strlen(at + 1) + 1 + strlen(np->name) + 1;
	s = malloc(len);
	if (s)
		snprintf(s, len, "%s.%s", at + 1, np->name);
	return s;
}

int of_map_id(struct device_node *np, u32 id, const char *map_name,
	      const char *map_mask_name, struct device_node **target,
	      u32 *id_out)
{
	u32 mask = 0xffffffff, masked, id_base, phandle, out_base, length;
	struct device_node *node;
	int len;

	if (!np || !map_name || (!target && !id_out))
		return -EINVAL;
	if (!of_get_property(np, map_name, &len)) {
		if (target)
			return -ENODEV;
		*id_out = id;
		return 0;
	}
	if (!len || len % (4 * sizeof(u32)))
		return -EINVAL;
	if (map_mask_name)
		of_property_read_u32(np, map_mask_name, &mask);
	masked = id & mask;
	for (int i = 0; i < len / (int)sizeof(u32); i += 4) {
		of_property_read_u32_index(np, map_name, i, &id_base);
		of_property_read_u32_index(np, map_name, i + 1, &phandle);
		of_property_read_u32_index(np, map_name, i + 2, &out_base);
		of_property_read_u32_index(np, map_name, i + 3, &length);
		if (id_base & ~mask)
			return -EFAULT;
		if (masked < id_base || masked - id_base >= length)
			continue;
		node = of_find_node_by_phandle(np->tree, phandle);
		if (!node)
			return -ENODEV;
		if (target && !*target)
			*target = node;
		if (target && *target != node)
			continue;
		if (id_out)
			*id_out = masked - id_base + out_base;
		return 0;
	}
	if (id_out)
		*id_out = id;
	return 0;
}

/*
 * Reads entry @index of @np's "reg" with its parent's #address-cells and
 * #size-cells (2 and 1 when absent; 1 or 2 each).  No "ranges"
 * translation: the simulated buses map 1:1.  Returns 0, -EINVAL.
 */
int of_reg_read(const struct device_node *np, unsigned int index, u64 *base,
		u64 *size)
{
	u32 ac = 2, sc = 1, cell;
	const struct device_node *parent = np->parent;

	if (parent) {
		of_property_read_u32(parent, "#address-cells", &ac);
		of_property_read_u32(parent, "#size-cells", &sc);
	}
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -EINVAL;
	*base = 0;
	*size = 0;
	for (u32 i = 0; i < ac; i++) {
		if (of_property_read_u32_index(np, "reg", index * (ac + sc) + i, &cell))
			return -EINVAL;
		*base = *base << 32 | cell;
	}
	for (u32 i = 0; i < sc; i++) {
		if (of_property_read_u32_index(np, "reg", index * (ac + sc) + ac + i, &cell))
			return -EINVAL;
		*size = *size << 32 | cell;
	}
	return 0;
}
