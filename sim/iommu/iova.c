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
 * Departures, none of which a correct caller sees: size 0 fails; the anchor
 * is never freed; a reservation the tree cannot link (one with pfn_lo
 * above pfn_hi that starts where another range starts) is freed and NULL
 * returned instead of the kernel's WARN and leak.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/iova.h>
#include <sim/slab.h>

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

/*
 * The tree.  Ranges never overlap, so ordering by pfn_lo also orders them by
 * pfn_hi.  A new node gets the next number of the domain's xorshift
 * generator as its priority and rises above lower ones by rotations.
 */

static u32 iova_next_prio(struct iova_domain *iovad)
{
	u32 x = iovad->prio_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	iovad->prio_state = x;
	return x;
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
static void iova_tree_rotate_up(struct iova_root *root, struct iova_node *node)
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
	iova_tree_replace(root, parent->parent, parent, node);
	parent->parent = node;
}

/* Links @iova by its pfn_lo; false if a range already starts there. */
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
	node->left = node->right = NULL;
	node->prio = iova_next_prio(iovad);
	*link = node;
	while (node->parent && node->parent->prio < node->prio)
		iova_tree_rotate_up(&iovad->rbroot, node);
	return true;
}

/* Unlinks @node: rotates it down until it has one child at most. */
static void iova_tree_erase(struct iova_root *root, struct iova_node *node)
{
	while (node->left && node->right)
		iova_tree_rotate_up(root, node->left->prio > node->right->prio ?
					  node->left : node->right);
	iova_tree_replace(root, node->parent, node,
			  node->left ? node->left : node->right);
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
	if (node->left) {
		node = node->left;
		while (node->right)
			node = node->right;
		return node;
	}
	while (node->parent && node == node->parent->left)
		node = node->parent;
	return node->parent;
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
	iovad->rcaches = NULL;
	iovad->prio_state = 0x2545f491;
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
 * Before @free leaves the tree: a cached node at or below it moves up to
 * the range after it (for the 32-bit one only if @free lies below 4 GiB),
 * and freeing anything that starts below 4 GiB forgets the failed size.
 */
static void __cached_rbnode_delete_update(struct iova_domain *iovad,
					  struct iova *free)
{
	struct iova *cached = to_iova(iovad->cached32_node);

	if (free == cached ||
	    (free->pfn_hi < iovad->dma_32bit_pfn && free->pfn_lo >= cached->pfn_lo))
		iovad->cached32_node = iova_tree_next(&free->node);
	if (free->pfn_lo < iovad->dma_32bit_pfn)
		iovad->max32_alloc_size = iovad->dma_32bit_pfn;
	cached = to_iova(iovad->cached_node);
	if (free->pfn_lo >= cached->pfn_lo)
		iovad->cached_node = iova_tree_next(&free->node);
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

/*
 * Places @new: @size granules below @limit_pfn (exclusive), the highest
 * first fit found walking down from the cached node.  Returns 0, or
 * -ENOMEM with the failed size remembered.
 */
static int __alloc_and_insert_iova_range(struct iova_domain *iovad,
					 unsigned long size, unsigned long limit_pfn,
					 struct iova *new, bool size_aligned)
{
	unsigned long high_pfn = limit_pfn, low_pfn = iovad->start_pfn;
	unsigned long align_mask = ~0UL, new_pfn, retry_pfn;
	struct iova_node *curr;
	unsigned int shift;

	if (size_aligned) {
		/* size - 1 >= 2^63 cannot fit anyway: high_pfn < size. */
		shift = fls_long(size - 1);
		align_mask = shift < BITS_PER_LONG ? ~0UL << shift : 0;
	}

	if (limit_pfn <= iovad->dma_32bit_pfn && size >= iovad->max32_alloc_size)
		return -ENOMEM;

	curr = __get_cached_rbnode(iovad, limit_pfn);
	retry_pfn = to_iova(curr)->pfn_hi;
	for (;;) {
		/*
		 * Step down while the candidate (the highest aligned start
		 * under both the limit and the range above) would run into
		 * the range below it and is still above the floor.
		 */
		do {
			high_pfn = min_ul(high_pfn, to_iova(curr)->pfn_lo);
			new_pfn = (high_pfn - size) & align_mask;
			curr = iova_tree_prev(curr);
		} while (curr && new_pfn <= to_iova(curr)->pfn_hi && new_pfn >= low_pfn);

		if (high_pfn >= size && new_pfn >= low_pfn)
			break;
		/* Once: the part between the cached node and the limit. */
		if (low_pfn == iovad->start_pfn && retry_pfn < limit_pfn) {
			high_pfn = limit_pfn;
			low_pfn = retry_pfn + 1;
			curr = iova_find_limit(iovad, limit_pfn);
			continue;
		}
		iovad->max32_alloc_size = size;
		return -ENOMEM;
	}

	new->pfn_lo = new_pfn;
	new->pfn_hi = new_pfn + size - 1;
	/* The kernel links it in below the last node visited: same place. */
	iova_tree_insert(iovad, new);
	__cached_rbnode_insert_update(iovad, new);
	return 0;
}

static void free_iova_mem(struct iova_domain *iovad, struct iova *iova)
{
	if (iova != &iovad->anchor)
		free(iova);
}

struct iova *alloc_iova(struct iova_domain *iovad, unsigned long size,
			unsigned long limit_pfn, bool size_aligned)
{
	struct iova *new;

	if (!size)
		return NULL;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return NULL;
	if (__alloc_and_insert_iova_range(iovad, size, limit_pfn + 1, new,
					  size_aligned)) {
		free(new);
		return NULL;
	}
	return new;
}

static struct iova *private_find_iova(struct iova_domain *iovad, unsigned long pfn)
{
	struct iova_node *node = iovad->rbroot.node;

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
	__cached_rbnode_delete_update(iovad, iova);
	iova_tree_erase(&iovad->rbroot, &iova->node);
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
	free_iova_mem(iovad, iova);
}

void free_iova(struct iova_domain *iovad, unsigned long pfn)
{
	struct iova *iova = private_find_iova(iovad, pfn);

	if (iova)
		__free_iova(iovad, iova);
}

void put_iova_domain(struct iova_domain *iovad)
{
	struct iova_node *node = iovad->rbroot.node, *next;

	if (iovad->rcaches)
		iova_domain_free_rcaches(iovad);
	/* Post-order: cut each child off on the way down, free on the way up. */
	while (node) {
		if (node->left) {
			next = node->left;
			node->left = NULL;
		} else if (node->right) {
			next = node->right;
			node->right = NULL;
		} else {
			next = node->parent;
			free_iova_mem(iovad, to_iova(node));
		}
		node = next;
	}
	iovad->rbroot.node = NULL;
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
		if (pfn_lo < iova->pfn_lo)
			iova->pfn_lo = pfn_lo;
		if (pfn_hi <= iova->pfn_hi)
			return iova;	/* nothing left above it */
		pfn_lo = iova->pfn_hi + 1;
		overlap = true;
	}

	iova = kzalloc(sizeof(*iova), GFP_KERNEL);
	if (!iova)
		return NULL;
	iova->pfn_lo = pfn_lo;
	iova->pfn_hi = pfn_hi;
	if (!iova_tree_insert(iovad, iova)) {
		free(iova);
		return NULL;
	}
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
				    node->left->prio > node->prio)) ||
		    (node->right && (node->right->parent != node ||
				     node->right->prio > node->prio)))
			return -EINVAL;
		if (to_iova(node)->pfn_lo > to_iova(node)->pfn_hi)
			return -EINVAL;
		if (last && to_iova(last)->pfn_hi >= to_iova(node)->pfn_lo)
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
