/*
 * dma-iommu's private state (drivers/iommu/dma-iommu.c, 6.1): the IOVA
 * cookie a DMA domain carries, its flush queue (one simulated CPU, so one
 * queue), and the functions behind its dma_map_ops.  Only the IOMMU
 * core's files include it; the DMA API reaches dma-iommu through the ops
 * iommu_setup_dma_ops() installs.
 */
#ifndef SIM_IOMMU_DMA_IOMMU_H
#define SIM_IOMMU_DMA_IOMMU_H

#include <sim/clock.h>
#include <sim/dma-mapping.h>
#include <sim/iommu.h>
#include <sim/iova.h>

#define IOVA_FQ_SIZE		256	/* entries in the flush queue */
#define IOVA_FQ_TIMEOUT		10	/* ms before queued IOVAs are flushed */

struct iova_fq_entry {
	unsigned long iova_pfn;
	unsigned long pages;
	u64 counter;			/* flushes started when it was queued */
};

struct iova_fq {
	struct iova_fq_entry entries[IOVA_FQ_SIZE];
	unsigned int head, tail;
};

struct iommu_dma_cookie {
	struct iova_domain iovad;
	struct sim *sim;
	/* lazy invalidation: set once the queue exists */
	struct iommu_domain *fq_domain;
	struct iova_fq *fq;
	u64 fq_flush_start_cnt;
	u64 fq_flush_finish_cnt;
	struct sim_timer fq_timer;
	bool fq_timer_on;
};

/* dma-iommu.c: a DMA domain's cookie, made with the domain and freed with it */
int iommu_get_dma_cookie(struct iommu_domain *domain);
void iommu_put_dma_cookie(struct iommu_domain *domain);

/* dma-iommu-fq.c */
int iommu_dma_init_fq(struct iommu_domain *domain);
void iommu_dma_free_fq(struct iommu_dma_cookie *cookie);
void queue_iova(struct iommu_dma_cookie *cookie, unsigned long pfn,
		unsigned long pages);

/* dma-iommu.c, for the scatter-gather code */
dma_addr_t iommu_dma_alloc_iova(struct iommu_domain *domain, size_t size,
				u64 dma_limit, struct device *dev);
void iommu_dma_free_iova(struct iommu_dma_cookie *cookie, dma_addr_t iova,
			 size_t size, struct iommu_iotlb_gather *gather);
void __iommu_dma_unmap(struct device *dev, dma_addr_t dma_addr, size_t size);
int dma_info_to_prot(enum dma_data_direction dir, bool coherent);
bool dev_is_dma_coherent(struct device *dev);

/*
 * dma-iommu-finalise-sg.c: the list mapped at @dma_addr back to the
 * caller's entries, merged into DMA segments; returns how many
 */
int __finalise_sg(struct device *dev, struct scatterlist *sg, int nents,
		  dma_addr_t dma_addr);

/* dma-iommu-sg.c */
int iommu_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir);
void iommu_dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents,
			enum dma_data_direction dir);

/* dma-iommu-alloc.c */
struct dma_coherent_buf *iommu_dma_alloc(struct device *dev, size_t size,
					 dma_addr_t *handle);
void iommu_dma_free(struct device *dev, size_t size, struct dma_coherent_buf *buf,
		    dma_addr_t handle);

#endif
