/*
 * One simulated machine.  Every piece of simulator state hangs off a
 * struct sim; two of them can live in one process and never meet.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <sim/clock.h>
#include <sim/era.h>
#include <sim/list.h>
#include <sim/notifier.h>
#include <sim/printk.h>
#include <sim/trace.h>
#include <sim/types.h>

struct of_tree;
struct bus_type;
struct sim_module;
struct device;
struct sim_mem;
struct iommu_ops;
struct dma_iommu_configure_ops;

/*
 * Which mtk_iommu attach_dev the M4U driver is built with: the 6.1 one,
 * mt2701's gen-1 "return 0 for a domain it did not create" (2022-06), or
 * the 2015 v6 patch that freed the domain it was handed (2015-12).
 */
enum sim_mtk_variant {
	MTK_VARIANT_REFERENCE,
	MTK_VARIANT_GEN1,
	MTK_VARIANT_FREE_DOMAIN,
};

/* Boot parameters: they take effect when a board is (re)loaded. */
struct sim_params {
	bool iommu_passthrough;		/* iommu.passthrough= */
	bool iommu_strict;		/* iommu.strict= */
	int deferred_probe_timeout;	/* deferred_probe_timeout=, seconds */
	int mtk_variant;		/* enum sim_mtk_variant */
	int m4u_tlb_entries;		/* the M4U model's TLB size, 1..4096 */
	bool vfio_allow_unsafe_interrupts; /* vfio_iommu_type1.allow_unsafe_interrupts= */
	bool vfio_platform_reset_required; /* vfio_platform.reset_required= */
	int iova_allocator;		/* enum iova_allocator for new DMA domains */
};

/* Bus types a machine keeps notifier chains for (platform, PCI, a test's). */
#define SIM_NR_BUSES	4

/* How many DMA accesses a machine remembers for the checker (sim->dma_seen). */
#define SIM_DMA_SEEN	8

/* Platform and PCI: the buses devices sit on (sim_device_buses[], sim/device.h). */
#define SIM_NR_DEVICE_BUSES	2

struct sim {
	u64 now;			/* virtual time, ns */
	u64 timer_seq;
	struct list_head timers;	/* pending sim_timers, sorted */

	struct {
		struct sim_trace_event *ev;
		size_t count, cap;
		bool enabled;
		u64 total;
		struct list_head listeners;	/* struct sim_trace_listener */
	} trace;

	enum sim_era era;
	struct sim_params params;	/* in force */
	struct sim_params boot_params;	/* for the next board load */

	struct of_tree *of;		/* the loaded board, or NULL */
	char *board_name;

	struct list_head devices;	/* every struct device, in add order */
	/*
	 * The same by name, a tsearch() tree: the kernel finds a name in a
	 * kernfs directory's red-black tree, the simulator here.
	 */
	void *device_names;
	struct list_head drivers;	/* registered drivers, in order */
	struct list_head links;		/* every struct device_link */
	/* each bus's notifier chain, its subsys_private's in the kernel */
	struct {
		const struct bus_type *bus;	/* NULL: a free slot */
		struct blocking_notifier_head bus_notifier;
	} buses[SIM_NR_BUSES];

	/* drivers/base/dd.c's deferred probe state */
	struct {
		struct list_head pending;
		struct list_head active;
		struct sim_timer work;
		struct sim_timer timeout_work;
		unsigned int trigger_count;
		bool enabled;		/* driver_deferred_probe_enable */
		bool initcalls_done;
		int timeout;		/* driver_deferred_probe_timeout */
		u64 probe_attempts;	/* really_probe() calls */
		u64 bind_seq;
	} dd;

	struct sim_mem *mem;		/* simulated physical memory */

	/*
	 * v4.12's __iommu_of_table: the IOMMU drivers the kernel has built
	 * in, NULL-ended, which the machine declares (IOMMU_OF_DECLARE)
	 */
	const struct sim_module *const *iommu_of_table;
	/* the IOMMU core's part in DMA configuration (dma-map-ops.h) */
	const struct dma_iommu_configure_ops *dma_iommu;
	/* its bus notifiers, one per bus it listens to */
	struct notifier_block iommu_bus_nb[SIM_NR_DEVICE_BUSES];
	struct list_head iommus;	/* registered struct iommu_device */
	unsigned int iommu_seq;		/* registrations so far */
	const struct iommu_ops *iommu_ops;	/* the buses' iommu_ops */
	struct list_head groups;	/* struct iommu_group, by id */
	struct list_head domains;	/* struct iommu_domain, by creation */
	struct list_head domain_quarantine;	/* freed, still watched */
	unsigned int domain_seq;	/* names dom0, dom1, ... */
	struct list_head vfio_containers;
	struct list_head vfio_stale_files;	/* struct vfio_stale_file */

	struct list_head hw;		/* struct sim_hw, hardware models */
	/* the machine's bus notifiers, connecting devices to their models */
	struct notifier_block hw_bus_nb[SIM_NR_DEVICE_BUSES];
	struct list_head mmio;		/* struct sim_mmio_region, by base */
	u64 guest_errors;
	struct list_head irqs;		/* interrupt lines in use */
	unsigned int irq_hold;		/* delivery held while > 0 */

	struct {			/* the kernel log */
		struct sim_klog_line *lines;
		size_t count, cap;
		sim_klog_listener listener;
		void *listener_ctx;
		char *next_fault_text;	/* sim_klog_next_fault_text() */
	} klog;

	/*
	 * The translated DMA accesses since the checker last looked, the
	 * first SIM_DMA_SEEN of them: the "freed" check asks where each went.
	 */
	struct {
		struct sim_dma_seen {
			char master[32];	/* its device's name */
			unsigned int port;
			u64 addr;
			bool write;
		} seen[SIM_DMA_SEEN];
		unsigned int count;
	} dma_seen;

	struct {			/* fault injection (fault-inject.h) */
		unsigned int fail_nth;	/* fail-nth countdown; 0: off */
		unsigned int m4u_range_nth;	/* lost range invalidate countdown; 0: off */
		struct list_head injects;	/* struct sim_inject */
	} fault;
};

/*
 * Counts one trace event (sim_trace_total()); true if it is recorded or a
 * listener hears it.  The helpers of <trace/events/iommu_lab.h> ask it
 * before they format anything (sim/trace.h); inline, as a storm of probe
 * retries asks it on every attempt.
 */
static inline bool sim_trace_count_event(struct sim *sim)
{
	sim->trace.total++;
	return sim->trace.enabled || !list_empty(&sim->trace.listeners);
}

/* Returns a machine with no board, default params and the v6.1 era. */
struct sim *sim_new(void);
/* Tears down the board and frees everything. */
void sim_free(struct sim *sim);

/* The row of the era @sim replays (sim/era.h). */
static inline const struct sim_era_data *sim_era(const struct sim *sim)
{
	return &sim_eras[sim->era];
}

/* Whether the era @sim replays has ERA_* @flag. */
#define sim_era_has(sim, flag)	(!!(sim_era(sim)->flags & (flag)))

#endif
