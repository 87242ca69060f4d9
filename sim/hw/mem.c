/*
 * Simulated physical memory.  Pages are created the first time they are
 * written and live in an open-addressing table keyed by page frame number;
 * nothing about the table's order is ever printed.  The allocator keeps its
 * allocations sorted by address and places each new one at the lowest
 * aligned gap of a RAM range, so the same calls give the same addresses.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/list.h>
#include <sim/mem.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1ULL << PAGE_SHIFT)

struct mem_page {
	u64 pfn;
	u8 data[PAGE_SIZE];
};

struct mem_range {
	struct list_head node;
	phys_addr_t start;
	u64 size;
};

struct sim_mem {
	struct mem_page **slots;	/* open addressing, power-of-two size */
	size_t nslots, npages;
	struct list_head ram;		/* struct mem_range, sorted */
	struct list_head allocs;	/* struct mem_range, sorted */
	u64 allocated;
};

struct sim_mem *sim_mem_new(void)
{
	struct sim_mem *mem = calloc(1, sizeof(*mem));

	if (!mem)
		return NULL;
	INIT_LIST_HEAD(&mem->ram);
	INIT_LIST_HEAD(&mem->allocs);
	return mem;
}

static void free_ranges(struct list_head *head)
{
	struct mem_range *r, *tmp;

	list_for_each_entry_safe(r, tmp, head, node) {
		list_del(&r->node);
		free(r);
	}
}

void sim_mem_reset(struct sim_mem *mem)
{
	for (size_t i = 0; i < mem->nslots; i++)
		free(mem->slots[i]);
	free(mem->slots);
	mem->slots = NULL;
	mem->nslots = mem->npages = 0;
	free_ranges(&mem->ram);
	free_ranges(&mem->allocs);
	mem->allocated = 0;
}

void sim_mem_free(struct sim_mem *mem)
{
	if (!mem)
		return;
	sim_mem_reset(mem);
	free(mem);
}

static size_t slot_of(const struct sim_mem *mem, u64 pfn)
{
	return (pfn * 0x9e3779b97f4a7c15ULL >> 17) & (mem->nslots - 1);
}

static struct mem_page *find_page(const struct sim_mem *mem, u64 pfn)
{
	if (!mem->nslots)
		return NULL;
	for (size_t i = slot_of(mem, pfn);; i = (i + 1) & (mem->nslots - 1)) {
		struct mem_page *p = mem->slots[i];

		if (!p || p->pfn == pfn)
			return p;
	}
}

static void insert_page(struct sim_mem *mem, struct mem_page *page)
{
	size_t i = slot_of(mem, page->pfn);

	while (mem->slots[i])
		i = (i + 1) & (mem->nslots - 1);
	mem->slots[i] = page;
}

static int grow(struct sim_mem *mem)
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
			insert_page(mem, old[i]);
	free(old);
	return 0;
}

/* The page holding @pa, created zeroed; NULL only when out of host memory. */
static struct mem_page *get_page(struct sim_mem *mem, u64 pfn)
{
	struct mem_page *page = find_page(mem, pfn);

	if (page)
		return page;
	if ((mem->npages + 1) * 2 > mem->nslots && grow(mem))
		return NULL;
	page = calloc(1, sizeof(*page));
	if (!page)
		return NULL;
	page->pfn = pfn;
	insert_page(mem, page);
	mem->npages++;
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

u32 sim_mem_read32(struct sim_mem *mem, phys_addr_t pa)
{
	u8 b[4];

	sim_mem_read(mem, pa, b, 4);
	return b[0] | b[1] << 8 | b[2] << 16 | (u32)b[3] << 24;
}

void sim_mem_write32(struct sim_mem *mem, phys_addr_t pa, u32 val)
{
	u8 b[4] = { val, val >> 8, val >> 16, val >> 24 };

	sim_mem_write(mem, pa, b, 4);
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

static struct mem_range *range_new(phys_addr_t start, u64 size)
{
	struct mem_range *r = malloc(sizeof(*r));

	if (r) {
		r->start = start;
		r->size = size;
	}
	return r;
}

int sim_mem_add_ram(struct sim_mem *mem, phys_addr_t base, u64 size)
{
	struct mem_range *r, *new;

	if (!size || base + size < base)
		return -EINVAL;
	list_for_each_entry(r, &mem->ram, node)
		if (base < r->start + r->size && r->start < base + size)
			return -EINVAL;
	new = range_new(base, size);
	if (!new)
		return -ENOMEM;
	list_for_each_entry(r, &mem->ram, node)
		if (r->start > base)
			break;
	list_add_tail(&new->node, &r->node);
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

/* Tries [@start, @end) of one RAM range, between existing allocations. */
static int place(struct sim_mem *mem, const struct mem_range *ram, u64 size,
		 u64 align, phys_addr_t *pa, struct mem_range **before)
{
	phys_addr_t cur = ram->start, end = ram->start + ram->size, at;
	struct mem_range *a;

	list_for_each_entry(a, &mem->allocs, node) {
		at = (cur + align - 1) & ~(align - 1);
		if (a->start + a->size <= cur)
			continue;
		if (a->start >= end)
			break;
		if (at >= cur && at <= a->start && size <= a->start - at) {
			*pa = at;
			*before = a;
			return 0;
		}
		cur = a->start + a->size;
	}
	at = (cur + align - 1) & ~(align - 1);
	if (at < cur || at > end || size > end - at)
		return -ENOMEM;
	*pa = at;
	*before = a;
	return 0;
}

int sim_mem_alloc(struct sim_mem *mem, u64 size, u64 align, phys_addr_t *pa)
{
	struct mem_range *ram, *before, *new;

	if (!size || align < 4 || (align & (align - 1)))
		return -EINVAL;
	list_for_each_entry(ram, &mem->ram, node) {
		if (place(mem, ram, size, align, pa, &before))
			continue;
		new = range_new(*pa, size);
		if (!new)
			return -ENOMEM;
		list_add_tail(&new->node, &before->node);
		mem->allocated += size;
		zero(mem, *pa, size);
		return 0;
	}
	return -ENOMEM;
}

int sim_mem_release(struct sim_mem *mem, phys_addr_t pa, u64 size)
{
	struct mem_range *a;

	list_for_each_entry(a, &mem->allocs, node) {
		if (a->start != pa)
			continue;
		if (a->size != size)
			return -EINVAL;
		list_del(&a->node);
		free(a);
		mem->allocated -= size;
		return 0;
	}
	return -EINVAL;
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

/* The range of @head (sorted by start) that holds @pa, or NULL. */
static const struct mem_range *range_at(const struct list_head *head, phys_addr_t pa)
{
	const struct mem_range *r;

	list_for_each_entry(r, head, node) {
		if (r->start > pa)
			break;
		if (pa - r->start < r->size)
			return r;
	}
	return NULL;
}

bool sim_mem_is_free_ram(const struct sim_mem *mem, phys_addr_t pa)
{
	return range_at(&mem->ram, pa) && !range_at(&mem->allocs, pa);
}
