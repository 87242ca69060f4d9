/*
 * dma_map_sg plus dma_unmap_sg of 128 segments through dma-iommu, for
 * edu behind the VT-d-like unit on q35-vtd with Debian's lazy default
 * (unmapped IOVAs wait in the flush queue, which a full queue flushes), in
 * microseconds per map+unmap pair.  Segments alternate 4 KiB and 8 KiB with small
 * offsets, so merging and padding both run.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/mem.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "bench.h"

#define NSEGS	128
#define ROUNDS	2000

int main(void)
{
	struct scatterlist sg[NSEGS];
	struct sim *sim = bench_boot("q35-vtd");
	struct device *edu;
	double t0, dt;
	int ret = 1;

	if (!sim)
		return 1;
	edu = sim_find_device(sim, "edu");
	if (!edu || dma_set_mask(edu, DMA_BIT_MASK(32))) {
		fprintf(stderr, "dma-map-sg: no edu on q35-vtd\n");
		goto out;
	}
	for (int i = 0; i < NSEGS; i++) {
		sg[i] = (struct scatterlist){ .offset = i % 2 ? 0 : 0x100,
					      .length = i % 2 ? SZ_4K : 0x1f00 };
		if (sim_mem_alloc(sim->mem, 2 * SZ_4K, SZ_4K, &sg[i].page_phys))
			goto out;
	}
	t0 = bench_seconds();
	for (int r = 0; r < ROUNDS; r++) {
		struct scatterlist work[NSEGS];

		for (int i = 0; i < NSEGS; i++)
			work[i] = sg[i];
		if (!dma_map_sg(edu, work, NSEGS, DMA_BIDIRECTIONAL)) {
			fprintf(stderr, "dma-map-sg: dma_map_sg failed\n");
			goto out;
		}
		dma_unmap_sg(edu, work, NSEGS, DMA_BIDIRECTIONAL);
	}
	dt = bench_seconds() - t0;
	printf("dma_map_sg + dma_unmap_sg, %d segments x %d: %.1f us per pair\n",
	       NSEGS, ROUNDS, dt * 1e6 / ROUNDS);
	ret = 0;
out:
	sim_free(sim);
	return ret;
}
