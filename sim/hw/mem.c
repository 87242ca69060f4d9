/*
 * Simulated physical memory.  Pages are created the first time they are
 * written.  Below 1 TiB, where every board's RAM is, a page is found in
 * two steps: a directory indexed by the page frame number's high bits
 * points to leaves indexed by its low bits.  Above, pages live in an
 * open-addressing table keyed by page frame number.  Nothing about
 * either is ever printed.
 *
 * The allocator places each allocation at the lowest aligned address where
 * it fits in one RAM range, so the same calls give the same addresses.
 * Free RAM is kept as extents in a treap ordered by address whose nodes
 * know the longest extent below them, so finding that address skips every
 * subtree too short to hold it; the allocations are a second treap, found
 * by address when they are given back.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/list.h>
#include <sim/mem.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1ULL << PAGE_SHIFT)

/* The directory: pfns below 2^28 (1 TiB), 2^14 pages (64 MiB) a leaf. */
#define NEAR_PFN_BITS	28
#define LEAF_BITS	14
#define LEAF_PAGES	(1ULL << LEAF_BITS)
#define DIR_LEAVES	(1ULL << (NEAR_PFN_BITS - LEAF_BITS))

struct mem_page {
	u64 pfn;
	u8 data[PAGE_SIZE];
};

struct mem_range {
	struct list_head node;
	phys_addr_t start;
	u64 size;
};

/*
 * A free extent of one RAM range, or an allocation: a treap node, ordered
 * by start, each node's priority above its children's.
 */
struct extent {
	struct extent *left, *right;
	phys_addr_t start;
	u64 size;
	u64 longest;			/* the largest size in this subtree */
	u64 priority;			/* a hash of start */
	const struct mem_range *ram;	/* the RAM range it lies in */
};

struct sim_mem {
	struct mem_page ***dir;		/* DIR_LEAVES leaves, made on first touch */
	struct mem_page **slots;	/* pages above 1 TiB; power-of-two size */
	size_t nslots, npages;
	struct list_head ram;		/* struct mem_range, sorted */
	struct extent *free;		/* free RAM */
	struct extent *allocs;		/* what sim_mem_alloc() gave */
	u64 allocated;
};

struct sim_mem *sim_mem_new(void)
{
	struct sim_mem *mem = calloc(1, sizeof(*mem));

	if (!mem)
		return NULL;
	mem->dir = calloc(DIR_LEAVES, sizeof(*mem->dir));
	if (!mem->dir) {
		free(mem);
		return NULL;
	}
	INIT_LIST_HEAD(&mem->ram);
	return mem;
}

static void free_extents(struct extent *t)
{
	while (t) {
		struct extent *right = t->right;

		free_extents(t->left);
		free(t);
		t = right;
	}
}

void sim_mem_reset(struct sim_mem *mem)
{
	struct mem_range *r, *tmp;

	for (size_t i = 0; i < DIR_LEAVES; i++) {
		if (!mem->dir[i])
			continue;
		for (size_t j = 0; j < LEAF_PAGES; j++)
			free(mem->dir[i][j]);
		free(mem->dir[i]);
		mem->dir[i] = NULL;
	}
	for (size_t i = 0; i < mem->nslots; i++)
		free(mem->slots[i]);
	free(mem->slots);
	mem->slots = NULL;
	mem->nslots = mem->npages = 0;
	list_for_each_entry_safe(r, tmp, &mem->ram, node) {
		list_del(&r->node);
		free(r);
	}
	free_extents(mem->free);
	free_extents(mem->allocs);
	mem->free = mem->allocs = NULL;
	mem->allocated = 0;
}

void sim_mem_free(struct sim_mem *mem)
{
	if (!mem)
		return;
	sim_mem_reset(mem);
	free(mem->dir);
	free(mem);
}

static size_t slot_of(const struct sim_mem *mem, u64 pfn)
{
	return (pfn * 0x9e3779b97f4a7c15ULL >> 17) & (mem->nslots - 1);
}

static struct mem_page *find_far_page(const struct sim_mem *mem, u64 pfn)
{
	if (!mem->nslots)
		return NULL;
	for (size_t i = slot_of(mem, pfn);; i = (i + 1) & (mem->nslots - 1)) {
		struct mem_page *p = mem->slots[i];

		if (!p || p->pfn == pfn)
			return p;
	}
}

/* Inlined: it is every accessor's first step. */
static inline __attribute__((always_inline)) struct mem_page *
find_page(const struct sim_mem *mem, u64 pfn)
{
	struct mem_page **leaf;

	if (__builtin_expect(pfn >> NEAR_PFN_BITS, 0))
		return find_far_page(mem, pfn);
	leaf = mem->dir[pfn >> LEAF_BITS];
	return leaf ? leaf[pfn & (LEAF_PAGES - 1)] : NULL;
}

static void insert_far_page(struct sim_mem *mem, struct mem_page *page)
{
	size_t i = slot_of(mem, page->pfn);

	while (mem->slots[i])
		i = (i + 1) & (mem->nslots - 1);
	mem->slots[i] = page;
}

static int grow_far_pages(struct sim_mem *mem)
{
	struct mem_page **old = mem->slots;
	size_t oldn = mem->nslots;
	size_t n = oldn ? oldn * 2 : 64;

	mem->slots = calloc(n, sizeof(*mem->slots));
	if (!mem->slots) {
		mem->slots = old;
		return -ENOMEM;
	}
	mem->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			insert_far_page(mem, old[i]);
	free(old);
	return 0;
}

/* Where the page of @pfn goes: a directory slot, made if need be; NULL when out of host memory. */
static struct mem_page **near_slot(struct sim_mem *mem, u64 pfn)
{
	struct mem_page ***leaf = &mem->dir[pfn >> LEAF_BITS];

	if (!*leaf)
		*leaf = calloc(LEAF_PAGES, sizeof(**leaf));
	return *leaf ? &(*leaf)[pfn & (LEAF_PAGES - 1)] : NULL;
}

/* The page of @pfn, created zeroed; NULL only when out of host memory. */
static struct mem_page *get_page(struct sim_mem *mem, u64 pfn)
{
	struct mem_page *page = find_page(mem, pfn);
	struct mem_page **slot = NULL;

	if (page)
		return page;
	if (!(pfn >> NEAR_PFN_BITS)) {
		slot = near_slot(mem, pfn);
		if (!slot)
			return NULL;
	} else if ((mem->npages + 1) * 2 > mem->nslots && grow_far_pages(mem)) {
		return NULL;
	}
	page = calloc(1, sizeof(*page));
	if (!page)
		return NULL;
	page->pfn = pfn;
	if (slot) {
		*slot = page;
	} else {
		insert_far_page(mem, page);
		mem->npages++;
	}
	return page;
}

void sim_mem_read(struct sim_mem *mem, phys_addr_t pa, void *buf, size_t len)
{
	u8 *out = buf;

	while (len) {
		size_t off = pa & (PAGE_SIZE - 1);
		size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		struct mem_page *page = find_page(mem, pa >> PAGE_SHIFT);

		if (page)
			memcpy(out, page->data + off, n);
		else
			memset(out, 0, n);
		out += n;
		pa += n;
		len -= n;
	}
}

void sim_mem_write(struct sim_mem *mem, phys_addr_t pa, const void *buf, size_t len)
{
	const u8 *in = buf;

	while (len) {
		size_t off = pa & (PAGE_SIZE - 1);
		size_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		struct mem_page *page = get_page(mem, pa >> PAGE_SHIFT);

		if (page)
			memcpy(page->data + off, in, n);
		in += n;
		pa += n;
		len -= n;
	}
}

/* The 32-bit accessors are the descriptor walks' hot path: one page, one load. */
u32 sim_mem_read32(struct sim_mem *mem, phys_addr_t pa)
{
	size_t off = pa & (PAGE_SIZE - 1);
	const struct mem_page *page;
	u32 val;

	if (off > PAGE_SIZE - sizeof(val)) {
		sim_mem_read(mem, pa, &val, sizeof(val));
		return le32toh(val);
	}
	page = find_page(mem, pa >> PAGE_SHIFT);
	if (!page)
		return 0;
	memcpy(&val, page->data + off, sizeof(val));
	return le32toh(val);
}

void sim_mem_write32(struct sim_mem *mem, phys_addr_t pa, u32 val)
{
	size_t off = pa & (PAGE_SIZE - 1);
	struct mem_page *page;

	val = htole32(val);
	if (off > PAGE_SIZE - sizeof(val)) {
		sim_mem_write(mem, pa, &val, sizeof(val));
		return;
	}
	page = get_page(mem, pa >> PAGE_SHIFT);
	if (page)
		memcpy(page->data + off, &val, sizeof(val));
}

void *sim_mem_ptr(struct sim_mem *mem, phys_addr_t pa)
{
	struct mem_page *page = get_page(mem, pa >> PAGE_SHIFT);

	return page ? page->data + (pa & (PAGE_SIZE - 1)) : NULL;
}

u64 sim_mem_read64(struct sim_mem *mem, phys_addr_t pa)
{
	return sim_mem_read32(mem, pa) | (u64)sim_mem_read32(mem, pa + 4) << 32;
}

void sim_mem_write64(struct sim_mem *mem, phys_addr_t pa, u64 val)
{
	sim_mem_write32(mem, pa, (u32)val);
	sim_mem_write32(mem, pa + 4, (u32)(val >> 32));
}

/*
 * The treaps.  A priority is a fixed mix of the start address (the
 * splitmix64 finaliser), so the shapes, like the addresses, are the same
 * on every run.
 */
static u64 extent_priority(phys_addr_t start)
{
	u64 x = start + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static u64 longest(const struct extent *t)
{
	return t ? t->longest : 0;
}

static void update(struct extent *t)
{
	u64 l = longest(t->left), r = longest(t->right);

	t->longest = t->size;
	if (l > t->longest)
		t->longest = l;
	if (r > t->longest)
		t->longest = r;
}

/* Splits @t into the extents starting below @key (*@lo) and the rest (*@hi). */
static void split(struct extent *t, phys_addr_t key, struct extent **lo,
		  struct extent **hi)
{
	if (!t) {
		*lo = *hi = NULL;
		return;
	}
	if (t->start < key) {
		split(t->right, key, &t->right, hi);
		*lo = t;
	} else {
		split(t->left, key, lo, &t->left);
		*hi = t;
	}
	update(t);
}

/* Joins two treaps, every extent of @lo below every extent of @hi. */
static struct extent *join(struct extent *lo, struct extent *hi)
{
	if (!lo)
		return hi;
	if (!hi)
		return lo;
	if (lo->priority > hi->priority) {
		lo->right = join(lo->right, hi);
		update(lo);
		return lo;
	}
	hi->left = join(lo, hi->left);
	update(hi);
	return hi;
}

static void extent_insert(struct extent **root, struct extent *e)
{
	struct extent *lo, *hi;

	e->left = e->right = NULL;
	e->priority = extent_priority(e->start);
	e->longest = e->size;
	split(*root, e->start, &lo, &hi);
	*root = join(join(lo, e), hi);
}

/* Takes the extent starting at @start out of *@link; NULL if there is none. */
static struct extent *extent_remove(struct extent **link, phys_addr_t start)
{
	struct extent *t = *link, *found;

	if (!t)
		return NULL;
	if (t->start == start) {
		*link = join(t->left, t->right);
		return t;
	}
	found = extent_remove(start < t->start ? &t->left : &t->right, start);
	if (found)
		update(t);
	return found;
}

/* The extent starting highest at or below @pa, or NULL. */
static struct extent *extent_floor(struct extent *t, phys_addr_t pa)
{
	struct extent *best = NULL;

	while (t) {
		if (t->start <= pa) {
			best = t;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	return best;
}

/* The lowest @align-aligned address where @size bytes fit in free extent @e. */
static bool extent_fits(const struct extent *e, u64 size, u64 align,
			phys_addr_t *pa)
{
	phys_addr_t end = e->start + e->size;
	phys_addr_t at = (e->start + align - 1) & ~(align - 1);

	if (at < e->start || at > end || size > end - at)
		return false;
	*pa = at;
	return true;
}

/* The lowest free extent of @t that holds @size bytes at @align, and where. */
static struct extent *lowest_fit(struct extent *t, u64 size, u64 align,
				 phys_addr_t *pa)
{
	while (t && t->longest >= size) {
		struct extent *e = lowest_fit(t->left, size, align, pa);

		if (e)
			return e;
		if (extent_fits(t, size, align, pa))
			return t;
		t = t->right;
	}
	return NULL;
}

static struct extent *extent_new(phys_addr_t start, u64 size,
				 const struct mem_range *ram)
{
	struct extent *e = malloc(sizeof(*e));

	if (e) {
		e->start = start;
		e->size = size;
		e->ram = ram;
	}
	return e;
}

int sim_mem_add_ram(struct sim_mem *mem, phys_addr_t base, u64 size)
{
	struct mem_range *r, *new;
	struct extent *e;

	if (!size || base + size < base)
		return -EINVAL;
	list_for_each_entry(r, &mem->ram, node)
		if (base < r->start + r->size && r->start < base + size)
			return -EINVAL;
	new = malloc(sizeof(*new));
	if (!new)
		return -ENOMEM;
	new->start = base;
	new->size = size;
	e = extent_new(base, size, new);
	if (!e) {
		free(new);
		return -ENOMEM;
	}
	list_for_each_entry(r, &mem->ram, node)
		if (r->start > base)
			break;
	list_add_tail(&new->node, &r->node);
	extent_insert(&mem->free, e);
	return 0;
}

static void zero(struct sim_mem *mem, phys_addr_t pa, u64 size)
{
	for (u64 pfn = pa >> PAGE_SHIFT; pfn <= (pa + size - 1) >> PAGE_SHIFT; pfn++) {
		struct mem_page *page = find_page(mem, pfn);
		u64 lo = pfn << PAGE_SHIFT, hi = lo + PAGE_SIZE;

		if (!page)
			continue;
		if (lo < pa)
			lo = pa;
		if (hi > pa + size)
			hi = pa + size;
		memset(page->data + (lo & (PAGE_SIZE - 1)), 0, hi - lo);
	}
}

int sim_mem_alloc(struct sim_mem *mem, u64 size, u64 align, phys_addr_t *pa)
{
	struct extent *hole, *alloc, *spare = NULL;
	phys_addr_t at, hole_end;
	bool head, tail;

	if (!size || align < 4 || (align & (align - 1)))
		return -EINVAL;
	hole = lowest_fit(mem->free, size, align, &at);
	if (!hole)
		return -ENOMEM;
	hole_end = hole->start + hole->size;
	head = at > hole->start;
	tail = at + size < hole_end;
	alloc = extent_new(at, size, hole->ram);
	if (head && tail)
		spare = extent_new(at + size, hole_end - at - size, hole->ram);
	if (!alloc || (head && tail && !spare)) {
		free(alloc);
		free(spare);
		return -ENOMEM;
	}

	/* The hole becomes what is left of it below, above, or both. */
	extent_remove(&mem->free, hole->start);
	if (head) {
		hole->size = at - hole->start;
		extent_insert(&mem->free, hole);
		hole = spare;
	}
	if (tail) {
		hole->start = at + size;
		hole->size = hole_end - hole->start;
		extent_insert(&mem->free, hole);
	} else {
		free(hole);
	}

	extent_insert(&mem->allocs, alloc);
	mem->allocated += size;
	zero(mem, at, size);
	*pa = at;
	return 0;
}

int sim_mem_release(struct sim_mem *mem, phys_addr_t pa, u64 size)
{
	struct extent *a = extent_floor(mem->allocs, pa), *next, *prev;

	if (!a || a->start != pa || a->size != size)
		return -EINVAL;
	extent_remove(&mem->allocs, pa);
	mem->allocated -= size;

	/* Free RAM on either side joins it, within its RAM range. */
	prev = extent_floor(mem->free, pa);
	if (prev && prev->ram == a->ram && prev->start + prev->size == pa) {
		extent_remove(&mem->free, prev->start);
		a->start = prev->start;
		a->size += prev->size;
		free(prev);
	}
	next = extent_floor(mem->free, pa + size);
	if (next && next->ram == a->ram && next->start == pa + size) {
		extent_remove(&mem->free, next->start);
		a->size += next->size;
		free(next);
	}
	extent_insert(&mem->free, a);
	return 0;
}

u64 sim_mem_allocated(const struct sim_mem *mem)
{
	return mem->allocated;
}

phys_addr_t sim_mem_ram_end(const struct sim_mem *mem)
{
	const struct mem_range *last;

	if (list_empty(&mem->ram))
		return 0;
	last = list_entry(mem->ram.prev, struct mem_range, node);
	return last->start + last->size;
}

bool sim_mem_is_free_ram(const struct sim_mem *mem, phys_addr_t pa)
{
	const struct extent *e = extent_floor(mem->free, pa);

	return e && pa - e->start < e->size;
}
