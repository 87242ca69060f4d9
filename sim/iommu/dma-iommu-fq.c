/*
 * The flush queue of lazy (DMA-FQ) domains, as 6.1's dma-iommu.c keeps
 * it: an unmapped IOVA is not reusable until an IOTLB flush that started
 * after it was queued has finished.  The queue holds 256 entries; a full
 * queue forces a flush, and a timer flushes 10 ms of virtual time after
 * the first entry since the last one.
 */
#include <limits.h>
#include <stdlib.h>

#include <sim/errno.h>
#include <sim/sim.h>
#include <sim/slab.h>

#include "dma-iommu.h"
#include "iommu-priv.h"

static bool fq_full(const struct iova_fq *fq)
{
	return (fq->tail + 1) % IOVA_FQ_SIZE == fq->head;
}

static unsigned int fq_ring_add(struct iova_fq *fq)
{
	unsigned int idx = fq->tail;

	fq->tail = (idx + 1) % IOVA_FQ_SIZE;
	return idx;
}

/* Gives back every entry a finished flush covers, oldest first. */
static void fq_ring_free(struct iommu_dma_cookie *cookie, struct iova_fq *fq)
{
	for (unsigned int idx = fq->head; idx != fq->tail; idx = (idx + 1) % IOVA_FQ_SIZE) {
		if (fq->entries[idx].counter >= cookie->fq_flush_finish_cnt)
			break;
		free_iova_fast(&cookie->iovad, fq->entries[idx].iova_pfn,
			       fq->entries[idx].pages);
		fq->head = (fq->head + 1) % IOVA_FQ_SIZE;
	}
}

static void fq_flush_iotlb(struct iommu_dma_cookie *cookie)
{
	cookie->fq_flush_start_cnt++;
	trace_fq_flush(cookie->sim, cookie->fq_domain->name);
	cookie->fq_domain->ops->flush_iotlb_all(cookie->fq_domain);
	iommu_unflushed_clear(cookie->fq_domain, 0, ULONG_MAX);
	cookie->fq_flush_finish_cnt++;
}

static void fq_flush_timeout(struct sim *sim, void *data)
{
	struct iommu_dma_cookie *cookie = data;

	(void)sim;
	cookie->fq_timer_on = false;
	fq_flush_iotlb(cookie);
	fq_ring_free(cookie, cookie->fq);
}

void queue_iova(struct iommu_dma_cookie *cookie, unsigned long pfn,
		unsigned long pages)
{
	struct iova_fq *fq = cookie->fq;
	unsigned int idx;

	fq_ring_free(cookie, fq);
	if (fq_full(fq)) {
		fq_flush_iotlb(cookie);
		fq_ring_free(cookie, fq);
	}
	idx = fq_ring_add(fq);
	fq->entries[idx].iova_pfn = pfn;
	fq->entries[idx].pages = pages;
	fq->entries[idx].counter = cookie->fq_flush_start_cnt;

	if (!cookie->fq_timer_on) {
		cookie->fq_timer_on = true;
		sim_timer_mod(cookie->sim, &cookie->fq_timer,
			      IOVA_FQ_TIMEOUT * NSEC_PER_MSEC);
	}
}

void iommu_dma_free_fq(struct iommu_dma_cookie *cookie)
{
	if (!cookie->fq)
		return;
	sim_timer_cancel(&cookie->fq_timer);
	free(cookie->fq);
	cookie->fq = NULL;
	cookie->fq_domain = NULL;
}

int iommu_dma_init_fq(struct iommu_domain *domain)
{
	struct iommu_dma_cookie *cookie = domain->iova_cookie;

	if (cookie->fq_domain)
		return 0;
	cookie->fq_flush_start_cnt = 0;
	cookie->fq_flush_finish_cnt = 0;
	cookie->fq = kzalloc(sizeof(*cookie->fq), GFP_KERNEL);
	if (!cookie->fq) {
		sim_printk_level(domain->sim, LOGLEVEL_WARNING,
				 "iova flush queue initialization failed");
		return -ENOMEM;
	}
	sim_timer_init(&cookie->fq_timer, "iova_fq", fq_flush_timeout, cookie);
	cookie->fq_timer_on = false;
	cookie->fq_domain = domain;
	return 0;
}
