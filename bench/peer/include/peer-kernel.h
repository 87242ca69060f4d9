/*
 * The userspace stand-in for the parts of the kernel that Linux 6.1's
 * iova.c, lib/rbtree.c, io-pgtable.c and io-pgtable-arm-v7s.c use, written
 * by the project for the peer benchmark (docs/performance.md).  Every
 * include/linux/NAME.h and asm/NAME.h those files ask for is a one-line
 * header that includes this one; the kernel's own iova.h, rbtree*.h and
 * io-pgtable.h are taken from the 6.1 tree with them.
 *
 * One CPU, no preemption, no interrupts: locks only mark where the kernel
 * would take them, per-CPU data is one copy, barriers are x86-64's.
 * Page-table pages and slab objects come from one arena of host memory
 * whose "physical" addresses start at 0x40000000, so that virt_to_phys()
 * fits the 32 bits a v7s descriptor holds (shim.c).
 */
#ifndef PEER_KERNEL_H
#define PEER_KERNEL_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Types */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef unsigned int gfp_t;
typedef unsigned int slab_flags_t;

#define ENOTSUPP		524	/* the kernel's own, not userspace's */

struct device;
struct list_head {
	struct list_head *next, *prev;
};
struct hlist_node {
	struct hlist_node *next, **pprev;
};

/* Compiler and configuration (glibc has its own __always_inline) */
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define __noipa			__attribute__((__noipa__))
#define __init
#define __initdata
#define __initconst
#define __percpu
#define __must_check		__attribute__((__warn_unused_result__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))
/* Only the options the four files test; an unknown one does not compile. */
#define IS_ENABLED(option)	PEER_CONFIG_##option
#define IS_REACHABLE(option)	PEER_CONFIG_##option
#define PEER_CONFIG_CONFIG_PHYS_ADDR_T_64BIT	1
#define PEER_CONFIG_CONFIG_IOMMU_IOVA		1
/* io-pgtable.c's table of formats: v7s only. */
#define CONFIG_IOMMU_IO_PGTABLE_ARMV7S		1
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define MODULE_AUTHOR(text)
#define MODULE_LICENSE(text)
#define subsys_initcall(fn)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define swap(a, b) \
	do { __typeof__(a) peer_tmp = (a); (a) = (b); (b) = peer_tmp; } while (0)
#define hlist_entry_safe(ptr, type, member) \
	((ptr) ? container_of(ptr, type, member) : NULL)

/* Bits */
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK(h, l)		((~0UL >> (63 - (h))) & (~0UL << (l)))
#define upper_32_bits(n)	((u32)((u64)(n) >> 32))
#define lower_32_bits(n)	((u32)(n))

static inline unsigned long __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

/* 1-based index of the highest set bit, 0 for 0. */
static inline int fls_long(unsigned long word)
{
	return word ? 64 - __builtin_clzl(word) : 0;
}

static inline int ilog2(unsigned long n)
{
	return fls_long(n) - 1;
}

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return 1UL << fls_long(n - 1);
}

static inline int order_base_2(unsigned long n)
{
	return n > 1 ? ilog2(n - 1) + 1 : 0;
}

/* Sizes */
#define SZ_1K			0x00000400
#define SZ_4K			0x00001000
#define SZ_64K			0x00010000
#define SZ_1M			0x00100000
#define SZ_16M			0x01000000
#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)

/* Messages and assertions (shim.c) */
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
__attribute__((format(printf, 1, 2)))
void peer_printk(const char *fmt, ...);
/* Counts a WARN and prints the first few; returns nothing. */
void peer_warn(const char *file, int line);
__attribute__((noreturn))
void peer_bug(const char *file, int line);

#define pr_err(fmt, ...)	peer_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	peer_printk(pr_fmt(fmt), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...)	peer_printk(fmt, ##__VA_ARGS__)
#define WARN_ON(cond) ({						\
	bool peer_cond = !!(cond);					\
	if (unlikely(peer_cond))					\
		peer_warn(__FILE__, __LINE__);				\
	unlikely(peer_cond);						\
})
#define WARN(cond, fmt, ...)	WARN_ON(cond)
#define BUG_ON(cond) do { if (unlikely(cond)) peer_bug(__FILE__, __LINE__); } while (0)

/* Locks: one CPU and no interrupts, so nothing to exclude. */
typedef struct { int unused; } spinlock_t;
struct mutex { int unused; };
#define DEFINE_MUTEX(name)		struct mutex name
#define mutex_lock(m)			((void)(m))
#define mutex_unlock(m)			((void)(m))
#define spin_lock_init(l)		((void)(l))
#define spin_lock(l)			((void)(l))
#define spin_unlock(l)			((void)(l))
#define spin_lock_irqsave(l, flags)	((void)(l), (flags) = 0)
#define spin_unlock_irqrestore(l, flags) ((void)(l), (void)(flags))
#define assert_spin_locked(l)		((void)(l))

/*
 * Ordering, as an x86-64 kernel has it: wmb() is an sfence, dma_wmb() and
 * an RCU publication order only the compiler (x86 keeps stores in order).
 */
#define rcu_assign_pointer(p, v) \
	do { __atomic_thread_fence(__ATOMIC_RELEASE); WRITE_ONCE(p, v); } while (0)
#if defined(__x86_64__)
#define wmb()			__asm__ __volatile__("sfence" ::: "memory")
#else
#define wmb()			__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#define dma_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
/* A real compare-and-exchange, as the kernel's is: returns the old value. */
#define cmpxchg_relaxed(ptr, old, new) ({				\
	__typeof__(*(ptr)) peer_old = (old);				\
	__atomic_compare_exchange_n(ptr, &peer_old, new, false,		\
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED); \
	peer_old;							\
})

/* CPU hotplug: one CPU, never unplugged. */
enum cpuhp_state { CPUHP_IOMMU_IOVA_DEAD };
#define cpuhp_setup_state_multi(state, name, up, down)	((void)(down), 0)
#define cpuhp_remove_multi_state(state)			((void)0)
#define cpuhp_state_add_instance_nocalls(state, node)	((void)(node), 0)
#define cpuhp_state_remove_instance_nocalls(state, node) ((void)(node))
#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < 1; (cpu)++)
#define for_each_online_cpu(cpu)	for_each_possible_cpu(cpu)
#define per_cpu_ptr(ptr, cpu)		((void)(cpu), (ptr))
#define raw_cpu_ptr(ptr)		(ptr)
#define cache_line_size()		64
void *__alloc_percpu(size_t size, size_t align);
void free_percpu(void *ptr);

/* Memory (shim.c) */
#define GFP_KERNEL		0x01u
#define GFP_ATOMIC		0x02u
#define GFP_DMA			0x04u
#define GFP_DMA32		0x08u
#define __GFP_NOWARN		0x10u
#define __GFP_ZERO		0x20u
#define SLAB_HWCACHE_ALIGN	0x1u
#define SLAB_CACHE_DMA		0x2u
#define SLAB_CACHE_DMA32	0x4u

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *ptr);

struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);
#define kmemleak_ignore(ptr)	((void)(ptr))

unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);

static inline unsigned int get_order(unsigned long size)
{
	return size > PAGE_SIZE ? fls_long((size - 1) >> PAGE_SHIFT) : 0;
}

/* The arena's addresses; anything else is a bug (shim.c). */
phys_addr_t virt_to_phys(const void *addr);
void *phys_to_virt(phys_addr_t pa);

/*
 * Streaming DMA for a non-coherent table walker: the host's caches are
 * coherent, so a mapping is the physical address and a sync has nothing
 * to clean; both stay out-of-line calls, as they are in the kernel.
 */
enum dma_data_direction { DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE };
dma_addr_t dma_map_single(struct device *dev, void *addr, size_t size,
			  enum dma_data_direction dir);
void dma_unmap_single(struct device *dev, dma_addr_t dma, size_t size,
		      enum dma_data_direction dir);
void dma_sync_single_for_device(struct device *dev, dma_addr_t dma, size_t size,
				enum dma_data_direction dir);
#define dma_mapping_error(dev, dma)	((void)(dev), (void)(dma), 0)

/* What io-pgtable.h needs of the IOMMU API (6.1's values). */
#define IOMMU_READ		(1 << 0)
#define IOMMU_WRITE		(1 << 1)
#define IOMMU_CACHE		(1 << 2)
#define IOMMU_NOEXEC		(1 << 3)
#define IOMMU_MMIO		(1 << 4)
#define IOMMU_PRIV		(1 << 5)

struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
	struct list_head freelist;
	bool queued;
};

static inline bool iommu_iotlb_gather_queued(struct iommu_iotlb_gather *gather)
{
	return gather && gather->queued;
}

#endif
