/*
 * Kernel integer types and bit helpers used throughout the simulator.
 */
#ifndef SIM_TYPES_H
#define SIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;

/* Allocation flags: the simulator never sleeps, so they only document. */
typedef unsigned int gfp_t;
#define GFP_KERNEL	0x0u
#define GFP_ATOMIC	0x1u
#define __GFP_ZERO	0x100u	/* simulated pages always come zeroed */

#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (63 - (h))))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define DMA_BIT_MASK(n)		((n) == 64 ? ~0ULL : ((1ULL << (n)) - 1))
#define U32_MAX			0xffffffffU
#define U64_MAX			(~0ULL)
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define SZ_4K	0x1000UL
#define SZ_64K	0x10000UL
#define SZ_1M	0x100000UL
#define SZ_16M	0x1000000UL
#define SZ_2M	0x200000UL
#define SZ_1G	0x40000000UL
#define SZ_4G	0x100000000ULL

#define __printf(a, b)	__attribute__((format(printf, a, b)))

#endif
