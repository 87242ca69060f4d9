/*
 * The IOVA allocator of Linux 6.1 (drivers/iommu/iova.c): the tree of
 * ranges, top-down allocation, reservation, lookup and freeing.  The range
 * caches in front of it are in iova_rcache.c.
 *
 * An allocation walks the tree downwards from a cached node, looking for
 * the first gap below the limit that fits; there is one cached node for
 * limits at or below 4 GiB and one for higher limits.  If that walk reaches
 * the bottom, the part between the cached node and the limit is searched
 * once more from the top.  A size that still fails is remembered in
 * max32_alloc_size, and 32-bit allocations at least that big fail at once
 * until a range below 4 GiB is freed.  The results, pfn for pfn and in the
 * quirks (a high limit does not move the search above the cached node; any
 * failure, even above 4 GiB, sets max32_alloc_size), are 6.1's.
 *
 * The augmented allocator (iova_domain_set_allocator()) keeps, in every
 * node, the free gap just below its range and the largest such gap in its
 * subtree, and finds the same gap as the walk without visiting the ranges
 * in between: the walk stops at the first range, going down, whose gap
 * holds the candidate (the highest aligned start under both the limit and
 * the range), or at the first whose candidate is under the floor, and the
 * candidate only goes down as the walk does.  So the first range from the
 * top whose own gap fits decides, and gaps smaller than the size are
 * skipped a subtree at a time.  A domain given a range its gaps cannot
 * describe (a zero-length reservation, pfn_hi below pfn_lo) goes back to
 * the walk.
 *
 * Either way the new range is linked between the two neighbours the
 * search stopped at, as 6.1 starts its insertion from the last node
 * visited, and the ranges are threaded in order, so that a step of the
 * walk is one load.  Nodes come from a slab of 64-byte, cache-line-aligned slots per domain,
 * which put_iova_domain() gives back whole; each slot still counts as one
 * allocation for fail-nth, as the kernel's kmem_cache_zalloc() does.
 *
 * Departures, none of which a correct caller sees: size 0 fails; the anchor
 * is never freed; a reservation the tree cannot link (one with pfn_lo
 * above pfn_hi that starts where another range starts) is freed and NULL
 * returned instead of the kernel's WARN and leak.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/errno.h>
#include <sim/fault-inject.h>
#include <sim/iova.h>

#define IOVA_SLOT_SIZE	64	/* a cache line: one range per line */
#define IOVA_BLOCK_MIN	8	/* slots in a domain's first block */
#define IOVA_HINT_BITS	12	/* 2^12 places in a domain's pfn hints */
#define IOVA_BLOCK_MAX	256	/* and in any block, 16 KiB */

#define BITS_PER_LONG	((unsigned int)(sizeof(long) * 8))
#define IOVA_PAGE_SIZE	SZ_4K	/* the simulated CPU page */

/* 1 + the index of the highest set bit, 0 for 0: the kernel's fls_long(). */
static unsigned int fls_long(unsigned long x)
{
	return x ? BITS_PER_LONG - __builtin_clzl(x) : 0;
}

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

static unsigned long max_ul(unsigned long a, unsigned long b)
{
	return a > b ? a : b;
}

/*
 * The tree.  Ranges never overlap, so ordering by pfn_lo also orders them by
 * pfn_hi.  A node's priority is a hash of its pfn_lo; a new node rises
 * above lower ones by rotations, and one whose pfn_lo a reservation
 * lowers settles again.
 *
 * With the augmented allocator a node's gap is the free pfns between the
 * range before it (pfn 0 for the first) and its pfn_lo, and its max_gap
 * the largest gap in its subtree.  A rotation changes the subtrees of the
 * two nodes it turns and of no other.
 */

static u32 iova_prio(const struct iova_node *node)
{
	u64 x = to_iova((struct iova_node *)node)->pfn_lo * 0x9e3779b97f4a7c15ULL;

	return (u32)(x >> 32);
}

static bool iova_augmented(const struct iova_domain *iovad)
{
	return iovad->allocator == IOVA_ALLOCATOR_AUGMENTED;
}

/* @node's max_gap, from its own gap and its children's max_gap. */
static unsigned long iova_subtree_gap(struct iova_node *node)
{
	unsigned long gap = to_iova(node)->gap;

	if (node->left)
		gap = max_ul(gap, to_iova(node->left)->max_gap);
	if (node->right)
		gap = max_ul(gap, to_iova(node->right)->max_gap);
	return gap;
}

/*
 * After a change under @node (its gap, or a child): max_gap of @node and of
 * its ancestors, up to the first one that stays the same once @through, an
 * ancestor whose own gap changed too, has been passed (NULL: none).
 */
static void iova_gap_propagate(struct iova_node *node, struct iova_node *through)
{
	for (; node; node = node->parent) {
		unsigned long gap = iova_subtree_gap(node);

		if (gap == to_iova(node)->max_gap && !through)
			return;
		to_iova(node)->max_gap = gap;
		if (node == through)
			through = NULL;
	}
}

/* Makes @child take @old's place under @parent (or at the root). */
static void iova_tree_replace(struct iova_root *root, struct iova_node *parent,
			      struct iova_node *old, struct iova_node *child)
{
	if (!parent)
		root->node = child;
	else if (parent->left == old)
		parent->left = child;
	else
		parent->right = child;
	if (child)
		child->parent = parent;
}

/* Rotates @node above its parent, keeping the in-order sequence. */
static void iova_tree_rotate_up(struct iova_domain *iovad, struct iova_node *node)
{
	struct iova_node *parent = node->parent, *moved;

	if (parent->left == node) {
		moved = node->right;
		parent->left = moved;
		node->right = parent;
	} else {
		moved = node->left;
		parent->right = moved;
		node->left = parent;
	}
	if (moved)
		moved->parent = parent;
	iova_tree_replace(&iovad->rbroot, parent->parent, parent, node);
	parent->parent = node;
	if (iova_augmented(iovad)) {
		to_iova(parent)->max_gap = iova_subtree_gap(parent);
		to_iova(node)->max_gap = iova_subtree_gap(node);
	}
}

/* Lets the new leaf @node rise by its priority. */
static void iova_tree_rise(struct iova_domain *iovad, struct iova_node *node)
{
	u32 prio = iova_prio(node);

	node->left = node->right = NULL;
	while (node->parent && iova_prio(node->parent) < prio)
		iova_tree_rotate_up(iovad, node);
}

/* The child of @node with the higher priority, or NULL for none. */
static struct iova_node *iova_tree_top_child(struct iova_node *node)
{
	if (!node->left || !node->right)
		return node->left ? node->left : node->right;
	return iova_prio(node->left) > iova_prio(node->right) ? node->left : node->right;
}

/* After @node's pfn_lo changed: rotations until its priority fits again. */
static void iova_tree_settle(struct iova_domain *iovad, struct iova_node *node)
{
	u32 prio = iova_prio(node);
	struct iova_node *child;

	while (node->parent && iova_prio(node->parent) < prio)
		iova_tree_rotate_up(iovad, node);
	while ((child = iova_tree_top_child(node)) && iova_prio(child) > prio)
		iova_tree_rotate_up(iovad, child);
}

/*
 * Threads the newly linked @node between its neighbours in the tree: the
 * rightmost of its left subtree or the nearest ancestor it lies right of,
 * and the leftmost of its right subtree or the nearest one it lies left of.
 */
static void iova_tree_thread(struct iova_node *node)
{
	struct iova_node *prev = NULL, *next = NULL, *up;

	for (up = node; up->parent; up = up->parent) {
		if (!prev && up == up->parent->right)
			prev = up->parent;
		if (!next && up == up->parent->left)
			next = up->parent;
	}
	if (node->left)
		for (prev = node->left; prev->right; prev = prev->right)
			;
	if (node->right)
		for (next = node->right; next->left; next = next->left)
			;
	node->prev = prev;
	if (next)
		next->prev = node;
}

/*
 * Links @iova by its pfn_lo, descending from the root; false if a range
 * already starts there.  The augmented gaps are left to the caller.
 */
static bool iova_tree_insert(struct iova_domain *iovad, struct iova *iova)
{
	struct iova_node **link = &iovad->rbroot.node, *parent = NULL;
	struct iova_node *node = &iova->node;

	while (*link) {
		parent = *link;
		if (iova->pfn_lo < to_iova(parent)->pfn_lo)
			link = &parent->left;
		else if (iova->pfn_lo > to_iova(parent)->pfn_lo)
			link = &parent->right;
		else
			return false;
	}
	node->parent = parent;
	*link = node;
	iova_tree_rise(iovad, node);
	iova_tree_thread(node);
	return true;
}

/*
 * Links @iova between the neighbours the search stopped at, @prev below
 * (NULL if none) and @next above: with no descent, as 6.1 starts its
 * insertion from the last node visited.  The leaf between two neighbours
 * is next's left if that is free, else prev's right.
 */
static void iova_tree_insert_between(struct iova_domain *iovad, struct iova *iova,
				     struct iova_node *prev, struct iova_node *next)
{
	struct iova_node *node = &iova->node;

	if (!next->left) {
		next->left = node;
		node->parent = next;
	} else {
		prev->right = node;
		node->parent = prev;
	}
	node->prev = prev;
	next->prev = node;
	if (iova_augmented(iovad)) {
		struct iova *above = to_iova(next);

		struct iova_node *up;

		iova->gap = prev ? iova->pfn_lo - to_iova(prev)->pfn_hi - 1 : iova->pfn_lo;
		iova->max_gap = iova->gap;
		above->gap = above->pfn_lo - iova->pfn_hi - 1;
		/*
		 * next is an ancestor of the new leaf.  Below it the leaf's gap
		 * can only raise maxima, and no higher once one is as large;
		 * from next up they are computed again.
		 */
		for (up = node->parent; up != next && to_iova(up)->max_gap < iova->gap;
		     up = up->parent)
			to_iova(up)->max_gap = iova->gap;
		iova_gap_propagate(next, NULL);
	}
	iova_tree_rise(iovad, node);
}

/*
 * Unlinks @node, whose successor is @next: rotates it down until it has one
 * child at most.  The augmented gap below it joins @next's.
 */
static void iova_tree_erase(struct iova_domain *iovad, struct iova_node *node,
			    struct iova_node *next)
{
	struct iova_node *parent, *up;

	next->prev = node->prev;
	if (iova_augmented(iovad)) {
		unsigned long gap = to_iova(next)->gap + to_iova(node)->gap +
				    iova_size(to_iova(node));

		/* A gap that grows only raises maxima, up to one as large. */
		to_iova(next)->gap = gap;
		for (up = next; up && to_iova(up)->max_gap < gap; up = up->parent)
			to_iova(up)->max_gap = gap;
	}
	while (node->left && node->right)
		iova_tree_rotate_up(iovad, iova_tree_top_child(node));
	parent = node->parent;
	iova_tree_replace(&iovad->rbroot, parent, node,
			  node->left ? node->left : node->right);
	if (iova_augmented(iovad))
		iova_gap_propagate(parent, NULL);
}

struct iova_node *iova_tree_first(struct iova_root *root)
{
	struct iova_node *node = root->node;

	while (node && node->left)
		node = node->left;
	return node;
}

struct iova_node *iova_tree_next(struct iova_node *node)
{
	if (node->right) {
		node = node->right;
		while (node->left)
			node = node->left;
		return node;
	}
	while (node->parent && node == node->parent->right)
		node = node->parent;
	return node->parent;
}

/* The node before @node in order, NULL at the first. */
static struct iova_node *iova_tree_prev(struct iova_node *node)
{
	return node->prev;
}

/* Every gap and max_gap from scratch: in order, then bottom-up. */
static void iova_gap_fill_subtree(struct iova_node *node)
{
	if (!node)
		return;
	iova_gap_fill_subtree(node->left);
	iova_gap_fill_subtree(node->right);
	to_iova(node)->max_gap = iova_subtree_gap(node);
}

static void iova_gap_fill(struct iova_domain *iovad)
{
	unsigned long free_from = 0;	/* the pfn after the last range */
	struct iova_node *node;

	for (node = iova_tree_first(&iovad->rbroot); node; node = iova_tree_next(node)) {
		to_iova(node)->gap = to_iova(node)->pfn_lo - free_from;
		free_from = to_iova(node)->pfn_hi + 1;
	}
	iova_gap_fill_subtree(iovad->rbroot.node);
}

void iova_domain_set_allocator(struct iova_domain *iovad,
			       enum iova_allocator allocator)
{
	iovad->allocator = allocator;
	if (iova_augmented(iovad))
		iova_gap_fill(iovad);
}

/*
 * The node slab: 64-byte slots in host blocks that grow from
 * IOVA_BLOCK_MIN to IOVA_BLOCK_MAX slots, the first slot of each block
 * chaining the blocks.  Freed slots are reused last-in, first-out.
 */

static int iova_slab_grow(struct iova_domain *iovad)
{
	unsigned int n = iovad->block_nodes;
	char *block = aligned_alloc(IOVA_SLOT_SIZE, (size_t)n * IOVA_SLOT_SIZE);

	if (!block)
		return -ENOMEM;
	*(void **)block = iovad->node_blocks;
	iovad->node_blocks = block;
	/* pushed from the top, so the lowest slot is handed out first */
	for (unsigned int i = n - 1; i > 0; i--) {
		struct iova_node *slot = (struct iova_node *)(block + i * IOVA_SLOT_SIZE);

		slot->parent = iovad->free_nodes;
		iovad->free_nodes = slot;
	}
	if (n < IOVA_BLOCK_MAX)
		iovad->block_nodes = 2 * n;
	return 0;
}

/*
 * A zeroed range from the slab, or NULL: failed by fail-nth as the
 * kernel's slab allocation is (named after @caller), or out of memory.
 */
static struct iova *iova_node_alloc(struct iova_domain *iovad, const char *caller)
{
	struct iova_node *slot;

	if (should_failslab(sim_current(), caller))
		return NULL;
	if (!iovad->free_nodes && iova_slab_grow(iovad))
		return NULL;
	slot = iovad->free_nodes;
	iovad->free_nodes = slot->parent;
	memset(slot, 0, IOVA_SLOT_SIZE);
	return to_iova(slot);
}

/*
 * The pfn hints: where the last range allocated at a pfn_lo of each hash
 * was put, so that free_iova() of a range's first pfn, the DMA API's
 * call, usually finds it without descending the tree.  Host memory, made
 * when the first range is allocated (no slab allocation fail-nth could
 * count).  A hint is only a guess: it is taken when the range it names
 * holds the pfn, and a freed slot holds no pfn (its pfn_lo is above its
 * pfn_hi), so a stale hint is never believed.  Only the tree is observable.
 */
static unsigned int iova_hint_slot(unsigned long pfn)
{
	return (unsigned int)(((u64)pfn * 0x9e3779b97f4a7c15ULL) >> (64 - IOVA_HINT_BITS));
}

static void iova_hint_set(struct iova_domain *iovad, struct iova *iova)
{
	if (!iovad->pfn_hints)
		iovad->pfn_hints = calloc(1u << IOVA_HINT_BITS, sizeof(*iovad->pfn_hints));
	if (iovad->pfn_hints)
		iovad->pfn_hints[iova_hint_slot(iova->pfn_lo)] = iova;
}

static struct iova *iova_hint_get(struct iova_domain *iovad, unsigned long pfn)
{
	struct iova *iova;

	if (!iovad->pfn_hints)
		return NULL;
	iova = iovad->pfn_hints[iova_hint_slot(pfn)];
	return iova && iova->pfn_lo <= pfn && pfn <= iova->pfn_hi ? iova : NULL;
}

static void iova_node_free(struct iova_domain *iovad, struct iova *iova)
{
	if (iova == &iovad->anchor)
		return;
	if (iovad->pfn_hints && iovad->pfn_hints[iova_hint_slot(iova->pfn_lo)] == iova)
		iovad->pfn_hints[iova_hint_slot(iova->pfn_lo)] = NULL;
	iova->pfn_lo = 1;
	iova->pfn_hi = 0;
	iova->node.parent = iovad->free_nodes;
	iovad->free_nodes = &iova->node;
}

static void iova_slab_destroy(struct iova_domain *iovad)
{
	while (iovad->node_blocks) {
		void *block = iovad->node_blocks;

		iovad->node_blocks = *(void **)block;
		free(block);
	}
	iovad->free_nodes = NULL;
	iovad->block_nodes = IOVA_BLOCK_MIN;
	free(iovad->pfn_hints);
	iovad->pfn_hints = NULL;
}

/* The allocator. */

void init_iova_domain(struct iova_domain *iovad, unsigned long granule,
		      unsigned long start_pfn)
{
	/* The kernel's BUG_ON: here the domain is left unusable (granule 0). */
	if (!granule || granule > IOVA_PAGE_SIZE || (granule & (granule - 1))) {
		memset(iovad, 0, sizeof(*iovad));
		return;
	}
	iovad->rbroot.node = NULL;
	iovad->cached_node = &iovad->anchor.node;
	iovad->cached32_node = &iovad->anchor.node;
	iovad->granule = granule;
	iovad->start_pfn = start_pfn;
	iovad->dma_32bit_pfn = 1UL << (32 - iova_shift(iovad));
	iovad->max32_alloc_size = iovad->dma_32bit_pfn;
	iovad->anchor.pfn_lo = IOVA_ANCHOR;
	iovad->anchor.pfn_hi = IOVA_ANCHOR;
	iovad->anchor.gap = IOVA_ANCHOR;
	iovad->anchor.max_gap = IOVA_ANCHOR;
	iovad->rcaches = NULL;
	iovad->allocator = IOVA_ALLOCATOR_LINEAR;
	iovad->free_nodes = NULL;
	iovad->node_blocks = NULL;
	iovad->block_nodes = IOVA_BLOCK_MIN;
	iovad->pfn_hints = NULL;
	iovad->sim = NULL;		/* the caller's to set */
	iova_tree_insert(iovad, &iovad->anchor);
}

/* Where a search below @limit_pfn (exclusive) starts. */
static struct iova_node *__get_cached_rbnode(struct iova_domain *iovad,
					     unsigned long limit_pfn)
{
	return limit_pfn <= iovad->dma_32bit_pfn ? iovad->cached32_node :
						   iovad->cached_node;
}

/* The next search starts at the newest range, on its side of 4 GiB. */
static void __cached_rbnode_insert_update(struct iova_domain *iovad,
					  struct iova *new)
{
	if (new->pfn_hi < iovad->dma_32bit_pfn)
		iovad->cached32_node = &new->node;
	else
		iovad->cached_node = &new->node;
}

/*
 * Before @free leaves the tree, @next being the range after it: a cached
 * node at or below it moves up to @next (for the 32-bit one only if @free
 * lies below 4 GiB), and freeing anything that starts below 4 GiB forgets
 * the failed size.
 */
static void __cached_rbnode_delete_update(struct iova_domain *iovad,
					  struct iova *free, struct iova_node *next)
{
	struct iova *cached = to_iova(iovad->cached32_node);

	if (free == cached ||
	    (free->pfn_hi < iovad->dma_32bit_pfn && free->pfn_lo >= cached->pfn_lo))
		iovad->cached32_node = next;
	if (free->pfn_lo < iovad->dma_32bit_pfn)
		iovad->max32_alloc_size = iovad->dma_32bit_pfn;
	cached = to_iova(iovad->cached_node);
	if (free->pfn_lo >= cached->pfn_lo)
		iovad->cached_node = next;
}

/*
 * Where the second search below @limit_pfn (exclusive) starts: the anchor
 * for limits above 4 GiB; otherwise the lowest range that ends at or above
 * the limit.  6.1 finds its node with a descent that depends on the tree's
 * shape: when a range straddles the limit it may return the range after
 * it.  Starting there only adds one step, which leaves high_pfn at the
 * limit and goes on to the straddling range, so the search ends the same.
 */
static struct iova_node *iova_find_limit(struct iova_domain *iovad,
					 unsigned long limit_pfn)
{
	struct iova_node *node = iovad->rbroot.node, *found = &iovad->anchor.node;

	if (limit_pfn > iovad->dma_32bit_pfn)
		return &iovad->anchor.node;
	while (node) {
		if (to_iova(node)->pfn_hi >= limit_pfn) {
			found = node;
			node = node->left;
		} else {
			node = node->right;
		}
	}
	return found;
}

/* What one search pass looks for, and what it found. */
struct iova_search {
	unsigned long size;
	unsigned long align_mask;	/* ~0UL when not aligned */
	unsigned long limit_pfn;	/* exclusive */
	unsigned long low_pfn;		/* the floor */
	unsigned long lowest_top;	/* low_pfn + size: no fit below a range lower */
	unsigned long new_pfn;		/* out: where the range goes */
	struct iova_node *prev;		/* out: the range below it, or NULL */
	struct iova_node *next;		/* out: the range above it */
};

/*
 * 6.1's walk down from @curr: at each range the candidate is the highest
 * aligned start under both the limit and every range visited; the walk
 * steps to the range below while the candidate runs into it and is still
 * at or above the floor.  Returns true if the candidate it stopped with
 * fits and is not under the floor.
 */
static bool iova_walk_pass(struct iova_node *curr, struct iova_search *s)
{
	unsigned long high_pfn = s->limit_pfn, new_pfn;
	struct iova_node *next;

	do {
		high_pfn = min_ul(high_pfn, to_iova(curr)->pfn_lo);
		new_pfn = (high_pfn - s->size) & s->align_mask;
		next = curr;
		curr = iova_tree_prev(curr);
	} while (curr && new_pfn <= to_iova(curr)->pfn_hi && new_pfn >= s->low_pfn);

	if (high_pfn < s->size || new_pfn < s->low_pfn)
		return false;
	s->new_pfn = new_pfn;
	s->prev = curr;
	s->next = next;
	return true;
}

/*
 * Whether @node's own gap holds the candidate under @top: the highest
 * aligned start for the size, at or above the gap's first pfn.
 */
static bool iova_gap_fits(struct iova_node *node, unsigned long top,
			  const struct iova_search *s)
{
	unsigned long gap_start = to_iova(node)->pfn_lo - to_iova(node)->gap;

	return top >= s->size && ((top - s->size) & s->align_mask) >= gap_start;
}

/* Whether every candidate at or below @node is under the floor. */
static bool iova_gap_too_low(struct iova_node *node, const struct iova_search *s)
{
	return to_iova(node)->pfn_lo < s->lowest_top;
}

/*
 * The highest node of @node's subtree whose own gap fits, all its ranges
 * being under the limit; subtrees with no gap of the size are skipped.
 */
static struct iova_node *iova_gap_find_in(struct iova_node *node,
					  const struct iova_search *s)
{
	struct iova_node *found;

	while (node && to_iova(node)->max_gap >= s->size) {
		if (node->right && to_iova(node->right)->max_gap >= s->size) {
			found = iova_gap_find_in(node->right, s);
			if (found)
				return found;
		}
		if (iova_gap_too_low(node, s))
			return NULL;
		if (iova_gap_fits(node, to_iova(node)->pfn_lo, s))
			return node;
		node = node->left;
	}
	return NULL;
}

/*
 * The highest node at or below @node, in order, whose own gap fits: @node,
 * its left subtree, then each ancestor it lies right of and that one's
 * left subtree.  Every range there is under the limit.
 */
static struct iova_node *iova_gap_find_from(struct iova_node *node,
					    const struct iova_search *s)
{
	struct iova_node *found;

	while (node) {
		if (iova_gap_too_low(node, s))
			return NULL;
		if (iova_gap_fits(node, to_iova(node)->pfn_lo, s))
			return node;
		found = iova_gap_find_in(node->left, s);
		if (found)
			return found;
		while (node->parent && node == node->parent->left)
			node = node->parent;
		node = node->parent;
	}
	return NULL;
}

/* The lowest range starting at or above @pfn (the anchor at least). */
static struct iova_node *iova_lowest_from(struct iova_domain *iovad, unsigned long pfn)
{
	struct iova_node *node = iovad->rbroot.node, *found = &iovad->anchor.node;

	while (node) {
		if (to_iova(node)->pfn_lo >= pfn) {
			found = node;
			node = node->left;
		} else {
			node = node->right;
		}
	}
	return found;
}

/*
 * The augmented pass from @start, ending where iova_walk_pass() does.
 * Above the limit only the lowest range there has a gap that can reach
 * below it, with the limit as its top; under the limit each range's top
 * is its own pfn_lo.  The walk's candidate only falls as it goes down, so
 * the first range whose gap fits ends it, and ends it well unless the
 * candidate is under the floor; if none does, the walk fails too.
 */
static bool iova_gap_pass(struct iova_domain *iovad, struct iova_node *start,
			  struct iova_search *s)
{
	struct iova_node *next = start;
	unsigned long top;

	/* With the floor this high every candidate is under it. */
	if (__builtin_add_overflow(s->low_pfn, s->size, &s->lowest_top))
		return false;
	if (to_iova(start)->pfn_lo >= s->limit_pfn) {
		next = iova_lowest_from(iovad, s->limit_pfn);
		if (!iova_gap_fits(next, s->limit_pfn, s)) {
			next = iova_tree_prev(next);
			next = next ? iova_gap_find_from(next, s) : NULL;
		}
	} else {
		next = iova_gap_find_from(next, s);
	}
	if (!next)
		return false;
	top = min_ul(s->limit_pfn, to_iova(next)->pfn_lo);
	s->new_pfn = (top - s->size) & s->align_mask;
	if (s->new_pfn < s->low_pfn)
		return false;
	s->prev = next->prev;
	s->next = next;
	return true;
}

/*
 * Places @new: @size granules below @limit_pfn (exclusive), the highest
 * first fit found walking down from the cached node.  Returns 0, or
 * -ENOMEM with the failed size remembered.
 */
static int __alloc_and_insert_iova_range(struct iova_domain *iovad,
					 unsigned long size, unsigned long limit_pfn,
					 struct iova *new, bool size_aligned)
{
	struct iova_search s = {
		.size = size, .align_mask = ~0UL,
		.limit_pfn = limit_pfn, .low_pfn = iovad->start_pfn,
	};
	unsigned long retry_pfn;
	struct iova_node *curr;
	unsigned int shift;
	bool augmented;

	if (size_aligned) {
		/* size - 1 >= 2^63 cannot fit anyway: high_pfn < size. */
		shift = fls_long(size - 1);
		s.align_mask = shift < BITS_PER_LONG ? ~0UL << shift : 0;
	}
	/* A zero mask puts every candidate at pfn 0: left to the walk. */
	augmented = iova_augmented(iovad) && s.align_mask;

	if (limit_pfn <= iovad->dma_32bit_pfn && size >= iovad->max32_alloc_size)
		return -ENOMEM;

	curr = __get_cached_rbnode(iovad, limit_pfn);
	retry_pfn = to_iova(curr)->pfn_hi;
	while (!(augmented ? iova_gap_pass(iovad, curr, &s) : iova_walk_pass(curr, &s))) {
		/* Once: the part between the cached node and the limit. */
		if (s.low_pfn == iovad->start_pfn && retry_pfn < limit_pfn) {
			s.low_pfn = retry_pfn + 1;
			curr = iova_find_limit(iovad, limit_pfn);
			continue;
		}
		iovad->max32_alloc_size = size;
		return -ENOMEM;
	}

	new->pfn_lo = s.new_pfn;
	new->pfn_hi = s.new_pfn + size - 1;
	iova_tree_insert_between(iovad, new, s.prev, s.next);
	__cached_rbnode_insert_update(iovad, new);
	iova_hint_set(iovad, new);
	return 0;
}

struct iova *alloc_iova(struct iova_domain *iovad, unsigned long size,
			unsigned long limit_pfn, bool size_aligned)
{
	struct iova *new;

	if (!size)
		return NULL;
	new = iova_node_alloc(iovad, __func__);
	if (!new)
		return NULL;
	if (__alloc_and_insert_iova_range(iovad, size, limit_pfn + 1, new,
					  size_aligned)) {
		iova_node_free(iovad, new);
		return NULL;
	}
	return new;
}

static struct iova *private_find_iova(struct iova_domain *iovad, unsigned long pfn)
{
	struct iova *hint = iova_hint_get(iovad, pfn);
	struct iova_node *node = iovad->rbroot.node;

	if (hint)
		return hint;

	while (node) {
		struct iova *iova = to_iova(node);

		if (pfn < iova->pfn_lo)
			node = node->left;
		else if (pfn > iova->pfn_hi)
			node = node->right;
		else
			return iova;
	}
	return NULL;
}

static void remove_iova(struct iova_domain *iovad, struct iova *iova)
{
	/* never the anchor, so there is a range after it */
	struct iova_node *next = iova_tree_next(&iova->node);

	__cached_rbnode_delete_update(iovad, iova, next);
	iova_tree_erase(iovad, &iova->node, next);
}

struct iova *find_iova(struct iova_domain *iovad, unsigned long pfn)
{
	return private_find_iova(iovad, pfn);
}

void __free_iova(struct iova_domain *iovad, struct iova *iova)
{
	if (iova == &iovad->anchor)
		return;
	remove_iova(iovad, iova);
	iova_node_free(iovad, iova);
}

void free_iova(struct iova_domain *iovad, unsigned long pfn)
{
	struct iova *iova = private_find_iova(iovad, pfn);

	if (iova)
		__free_iova(iovad, iova);
}

void put_iova_domain(struct iova_domain *iovad)
{
	if (iovad->rcaches)
		iova_domain_free_rcaches(iovad);
	iova_slab_destroy(iovad);
	iovad->rbroot.node = NULL;
}

/* Sets @node's augmented gap and the maxima above it. */
static void iova_gap_set(struct iova_node *node, unsigned long gap)
{
	to_iova(node)->gap = gap;
	iova_gap_propagate(node, NULL);
}

/* The augmented gaps around @iova, just linked from the root. */
static void iova_gap_linked(struct iova_domain *iovad, struct iova *iova)
{
	struct iova_node *prev = iova_tree_prev(&iova->node);
	struct iova_node *next = iova_tree_next(&iova->node);

	/* An inverted range (pfn_lo above pfn_hi) leaves no gap to speak of. */
	if (iova->pfn_lo > iova->pfn_hi) {
		iovad->allocator = IOVA_ALLOCATOR_LINEAR;
		return;
	}
	iova_gap_set(&iova->node, prev ? iova->pfn_lo - to_iova(prev)->pfn_hi - 1 :
					 iova->pfn_lo);
	iova_gap_set(next, to_iova(next)->pfn_lo - iova->pfn_hi - 1);
}

struct iova *reserve_iova(struct iova_domain *iovad, unsigned long pfn_lo,
			  unsigned long pfn_hi)
{
	bool overlap = false;
	struct iova_node *node;
	struct iova *iova;

	/* The kernel WARNs: such pfns have no 64-bit address. */
	if ((pfn_hi | pfn_lo) > (~0ULL >> iova_shift(iovad)))
		return NULL;

	/*
	 * Going up from the lowest range: each one the request overlaps
	 * is stretched down to the request's start, and the request shrinks
	 * to what lies above it.  The first range past an overlapped one
	 * that the remainder does not reach ends the walk.
	 */
	for (node = iova_tree_first(&iovad->rbroot); node; node = iova_tree_next(node)) {
		iova = to_iova(node);
		if (pfn_lo > iova->pfn_hi || pfn_hi < iova->pfn_lo) {
			if (overlap)
				break;
			continue;
		}
		if (pfn_lo < iova->pfn_lo) {
			if (iova_augmented(iovad))
				iova_gap_set(node, iova->gap - (iova->pfn_lo - pfn_lo));
			iova->pfn_lo = pfn_lo;
			iova_tree_settle(iovad, node);
		}
		if (pfn_hi <= iova->pfn_hi)
			return iova;	/* nothing left above it */
		pfn_lo = iova->pfn_hi + 1;
		overlap = true;
	}

	iova = iova_node_alloc(iovad, __func__);
	if (!iova)
		return NULL;
	iova->pfn_lo = pfn_lo;
	iova->pfn_hi = pfn_hi;
	if (!iova_tree_insert(iovad, iova)) {
		iova_node_free(iovad, iova);
		return NULL;
	}
	if (iova_augmented(iovad))
		iova_gap_linked(iovad, iova);
	return iova;
}

int sim_iova_domain_check(struct iova_domain *iovad)
{
	struct iova_node *node, *last = NULL;
	bool cached = false, cached32 = false;
	int count = 0;

	if (iovad->rbroot.node && iovad->rbroot.node->parent)
		return -EINVAL;
	for (node = iova_tree_first(&iovad->rbroot); node; node = iova_tree_next(node)) {
		if ((node->left && (node->left->parent != node ||
				    iova_prio(node->left) > iova_prio(node))) ||
		    (node->right && (node->right->parent != node ||
				     iova_prio(node->right) > iova_prio(node))) ||
		    node->prev != last)
			return -EINVAL;
		if (to_iova(node)->pfn_lo > to_iova(node)->pfn_hi)
			return -EINVAL;
		if (last && to_iova(last)->pfn_hi >= to_iova(node)->pfn_lo)
			return -EINVAL;
		if (iova_augmented(iovad) &&
		    (to_iova(node)->gap != to_iova(node)->pfn_lo -
					     (last ? to_iova(last)->pfn_hi + 1 : 0) ||
		     to_iova(node)->max_gap != iova_subtree_gap(node)))
			return -EINVAL;
		cached |= node == iovad->cached_node;
		cached32 |= node == iovad->cached32_node;
		last = node;
		count++;
	}
	if (last != &iovad->anchor.node || !cached || !cached32)
		return -EINVAL;
	return count - 1;
}
