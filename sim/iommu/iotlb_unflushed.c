/*
 * What each domain has unmapped without an IOTLB invalidation yet: the
 * ranges iommu_unmap_fast() took out of the tables, until the
 * iommu_iotlb_sync() or iommu_flush_iotlb_all() that covers them.  The
 * kernel keeps no such record (the caller's gather is all there is); the
 * simulator does, so that its checker can tell a stale IOTLB entry the
 * core knows about (a flush queue's, or `unmap nosync`) from one a
 * driver's invalidation missed.
 */
#include <stdlib.h>

#include <sim/sim.h>

#include "iommu-priv.h"

void iommu_unflushed_add(struct iommu_domain *domain, unsigned long iova,
			 size_t size, bool queued)
{
	struct iommu_unflushed *u;

	if (!size)
		return;
	u = calloc(1, sizeof(*u));
	/* Out of memory: the record is lost, and only the checker notices. */
	if (!u)
		return;
	u->start = iova;
	u->last = iova + size - 1;
	u->queued = queued;
	u->time = domain->sim->now;
	list_add_tail(&u->node, &domain->unflushed);
}

/* Splits @u around [@start, @last]: keeps what lies outside. */
static void unflushed_cut(struct iommu_unflushed *u, unsigned long start,
			  unsigned long last)
{
	struct iommu_unflushed *tail;

	if (u->start >= start && u->last <= last) {
		list_del(&u->node);
		free(u);
		return;
	}
	if (u->start < start && u->last > last) {
		tail = malloc(sizeof(*tail));
		if (tail) {
			*tail = *u;
			tail->start = last + 1;
			list_add(&tail->node, &u->node);
		}
		u->last = start - 1;
		return;
	}
	if (u->start < start)
		u->last = start - 1;
	else
		u->start = last + 1;
}

void iommu_unflushed_clear(struct iommu_domain *domain, unsigned long start,
			   unsigned long last)
{
	struct iommu_unflushed *u, *next;

	if (start > last)
		return;
	list_for_each_entry_safe(u, next, &domain->unflushed, node)
		if (u->start <= last && start <= u->last)
			unflushed_cut(u, start, last);
}

void iommu_unflushed_free(struct iommu_domain *domain)
{
	struct iommu_unflushed *u, *next;

	list_for_each_entry_safe(u, next, &domain->unflushed, node) {
		list_del(&u->node);
		free(u);
	}
}
