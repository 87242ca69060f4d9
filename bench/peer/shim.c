/*
 * The peer shim's memory, messages and DMA stubs (include/peer-kernel.h).
 *
 * Page-table pages and slab objects come from one arena of host memory,
 * reserved once, whose byte at offset N has the "physical" address
 * PEER_PHYS_BASE + N: below 4 GiB, as a v7s descriptor needs, and page
 * aligned like the kernel's pages, so virt_to_phys() and phys_to_virt()
 * are one addition each, as the kernel's linear map makes them.
 *
 * Pages: a free list per order and a bump pointer, each block aligned to
 * its size like the buddy allocator's.  Blocks are never split or merged,
 * which the kernel's allocator does but these workloads never need (the
 * tables take one order each).  Slab: a cache carves pages into objects
 * of its aligned size and hands them out last-freed first from one free
 * list, as SLUB's per-CPU fast path does; its pages go back only when the
 * cache is destroyed.  kmalloc() is the C library's malloc().
 *
 * Everything is counted, so the harness can check that the kernel's code
 * gave everything back (peer_shim_usage()).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <peer-kernel.h>

#include "peer.h"

#define PEER_PHYS_BASE	0x40000000UL
#define ARENA_SIZE	(1UL << 30)	/* reserved, touched only as used */
#define MAX_ORDER	11
#define SLAB_MIN_OBJS	8		/* objects per slab at least */
#define WARNS_SHOWN	5

static char *arena;
static unsigned long arena_used;
static void *free_blocks[MAX_ORDER];	/* each block's first word: the next */
static struct peer_shim_usage usage;

struct kmem_cache {
	const char *name;
	unsigned int size;		/* the object, as asked */
	unsigned int stride;		/* the object, aligned */
	unsigned int order;		/* of each slab's pages */
	void *free;			/* free objects, first word: the next */
	unsigned long *slabs;		/* every slab's address, for destroy */
	size_t nslabs, slabs_cap;
	long live;			/* objects handed out */
};

void peer_printk(const char *fmt, ...)
{
	va_list ap;

	fputs("peer kernel: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void peer_warn(const char *file, int line)
{
	if (usage.warns++ < WARNS_SHOWN)
		fprintf(stderr, "peer kernel: WARNING at %s:%d\n", file, line);
}

void peer_bug(const char *file, int line)
{
	fprintf(stderr, "peer kernel: BUG at %s:%d\n", file, line);
	abort();
}

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p = (gfp & __GFP_ZERO) ? calloc(1, size) : malloc(size);

	if (p)
		usage.kmallocs++;
	return p;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

void kfree(const void *ptr)
{
	if (!ptr)
		return;
	usage.kmallocs--;
	free((void *)ptr);
}

void *__alloc_percpu(size_t size, size_t align)
{
	size_t rounded = (size + align - 1) & ~(align - 1);
	void *p = aligned_alloc(align, rounded);

	if (!p)
		return NULL;
	memset(p, 0, rounded);
	usage.kmallocs++;
	return p;
}

void free_percpu(void *ptr)
{
	kfree(ptr);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	unsigned long bytes = PAGE_SIZE << order;
	void *block;

	if (order >= MAX_ORDER)
		return 0;
	if (!arena) {
		void *p = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED)
			return 0;
		arena = p;
	}
	block = free_blocks[order];
	if (block) {
		free_blocks[order] = *(void **)block;
	} else {
		unsigned long at = (arena_used + bytes - 1) & ~(bytes - 1);

		if (at + bytes > ARENA_SIZE)
			return 0;
		block = arena + at;
		arena_used = at + bytes;
	}
	if (gfp & __GFP_ZERO)
		memset(block, 0, bytes);
	usage.pages += 1L << order;
	return (unsigned long)block;
}

void free_pages(unsigned long addr, unsigned int order)
{
	void *block = (void *)addr;

	if (!addr)
		return;
	*(void **)block = free_blocks[order];
	free_blocks[order] = block;
	usage.pages -= 1L << order;
}

phys_addr_t virt_to_phys(const void *addr)
{
	const char *p = addr;

	if (!arena || p < arena || p >= arena + ARENA_SIZE)
		peer_bug(__FILE__, __LINE__);
	return PEER_PHYS_BASE + (phys_addr_t)(p - arena);
}

void *phys_to_virt(phys_addr_t pa)
{
	if (!arena || pa < PEER_PHYS_BASE || pa >= PEER_PHYS_BASE + ARENA_SIZE)
		peer_bug(__FILE__, __LINE__);
	return arena + (pa - PEER_PHYS_BASE);
}

dma_addr_t dma_map_single(struct device *dev, void *addr, size_t size,
			  enum dma_data_direction dir)
{
	return virt_to_phys(addr);
}

void dma_unmap_single(struct device *dev, dma_addr_t dma, size_t size,
		      enum dma_data_direction dir)
{
}

void dma_sync_single_for_device(struct device *dev, dma_addr_t dma, size_t size,
				enum dma_data_direction dir)
{
	barrier();
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cache;
	unsigned int stride;

	/* The kernel's rule: a cache line, halved while two objects fit. */
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int line = cache_line_size();

		while (size <= line / 2)
			line /= 2;
		align = max(align, line);
	}
	align = max(align, (unsigned int)sizeof(void *));
	stride = (size + align - 1) & ~(align - 1);
	cache = calloc(1, sizeof(*cache));
	if (!cache)
		return NULL;
	cache->name = name;
	cache->size = size;
	cache->stride = stride;
	cache->order = get_order((unsigned long)stride * SLAB_MIN_OBJS);
	usage.caches++;
	return cache;
}

/* Adds a slab's objects to the free list; false when out of memory. */
static bool cache_grow(struct kmem_cache *cache)
{
	unsigned long bytes = PAGE_SIZE << cache->order;
	unsigned long slab;
	char *obj;

	if (cache->nslabs == cache->slabs_cap) {
		size_t cap = cache->slabs_cap ? 2 * cache->slabs_cap : 16;
		unsigned long *slabs = realloc(cache->slabs, cap * sizeof(*slabs));

		if (!slabs)
			return false;
		cache->slabs = slabs;
		cache->slabs_cap = cap;
	}
	slab = __get_free_pages(GFP_KERNEL, cache->order);
	if (!slab)
		return false;
	cache->slabs[cache->nslabs++] = slab;
	/* Threaded from the end, so the first object is handed out first. */
	for (obj = (char *)slab + (bytes / cache->stride - 1) * cache->stride;
	     obj >= (char *)slab; obj -= cache->stride) {
		*(void **)obj = cache->free;
		cache->free = obj;
	}
	return true;
}

void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	void *obj;

	if (!cache->free && !cache_grow(cache))
		return NULL;
	obj = cache->free;
	cache->free = *(void **)obj;
	cache->live++;
	if (gfp & __GFP_ZERO)
		memset(obj, 0, cache->size);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return kmem_cache_alloc(cache, gfp | __GFP_ZERO);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	*(void **)obj = cache->free;
	cache->free = obj;
	cache->live--;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	if (!cache)
		return;
	if (cache->live)
		fprintf(stderr, "peer kernel: cache %s destroyed with %ld objects\n",
			cache->name, cache->live);
	usage.objects += cache->live;
	for (size_t i = 0; i < cache->nslabs; i++)
		free_pages(cache->slabs[i], cache->order);
	free(cache->slabs);
	free(cache);
	usage.caches--;
}

void peer_shim_usage(struct peer_shim_usage *u)
{
	*u = usage;
}

void peer_shim_release(void)
{
	if (arena)
		munmap(arena, ARENA_SIZE);
	arena = NULL;
	arena_used = 0;
	memset(free_blocks, 0, sizeof(free_blocks));
}
