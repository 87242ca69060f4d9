/*
 * A VFIO type1 container (drivers/vfio/vfio_iommu_type1.c), reduced to what
 * the IOMMU core sees: groups joining a container, the container's domains,
 * and DMA mappings replayed into every domain.
 */
#ifndef SIM_VFIO_H
#define SIM_VFIO_H

#include <sim/list.h>
#include <sim/name.h>
#include <sim/types.h>

struct sim;
struct iommu_group;
struct iommu_domain;
struct device;

struct vfio_domain {
	struct list_head next;			/* container->domains */
	struct iommu_domain *domain;
	struct list_head groups;		/* struct vfio_group, by joining */
	bool enforce_cache_coherency;
	int prot;				/* IOMMU_CACHE, before 5.19 */
	bool fgsp;				/* fine-grained superpages */
};

struct vfio_group {
	struct list_head next;			/* vfio_domain->groups */
	struct iommu_group *iommu_group;
	bool claimed;				/* its DMA ownership (5.19+) */
};

/*
 * A user's VFIO group file left open after the group's last VFIO device
 * went (vfio_device_remove_group()): its vfio_group is in no container
 * and has no iommu_group any more, which may itself be gone (dev del).
 * Kept by group ID.
 */
struct vfio_stale_file {
	struct list_head node;			/* sim->vfio_stale_files */
	int group_id;
};

struct vfio_dma {
	struct list_head next;			/* container->dmas, by iova */
	dma_addr_t iova;
	size_t size;
	phys_addr_t pa;				/* fresh memory, contiguous */
};

struct vfio_container {
	struct list_head sim_node;		/* sim->vfio_containers */
	char name[SIM_NAME_MAX + 1];
	struct list_head domains;		/* struct vfio_domain, newest first */
	struct list_head dmas;			/* struct vfio_dma */
};

/* How many refusals a struct vfio_attach_note keeps by name. */
#define VFIO_ATTACH_REFUSALS_NAMED 4

/*
 * What type1's attach tried on the way, for the console's result line:
 * each existing domain that refused the group, with its errno, and the
 * domain the group ended in, one of the container's or a new one.  Set
 * only by a successful attach; nrefused counts every refusal, the first
 * VFIO_ATTACH_REFUSALS_NAMED of them named.
 */
struct vfio_attach_note {
	unsigned int nrefused;
	struct {
		char domain[SIM_NAME_MAX + 1];
		int err;
	} refused[VFIO_ATTACH_REFUSALS_NAMED];
	char domain[SIM_NAME_MAX + 1];
	bool new_domain;
};

/*
 * Puts @group in container @name (made on first use), as opening
 * /dev/vfio/N, VFIO_GROUP_SET_CONTAINER and VFIO_SET_IOMMU(type1v2) do:
 * -ENOENT when no device of the group is bound to a VFIO driver, -EBUSY
 * when the group is in a container already, the DMA ownership claim's
 * -EPERM while a kernel driver uses the group, else type1's attach in
 * the era's order (sim/iommu/vfio.c), which refuses a group without
 * interrupt remapping (-EPERM, a warning in the log) unless
 * vfio_iommu_type1.allow_unsafe_interrupts is set.  Returns 0 or -errno;
 * on success, fills @note (when not NULL) with what was tried.
 */
int vfio_attach_group(struct sim *sim, const char *name, struct iommu_group *group,
		      struct vfio_attach_note *note);
/*
 * Takes @group out of its container (closing the group): type1's detach,
 * the mappings unmapped and unpinned with the last group, the domain
 * freed, then DMA ownership released.  -ENOENT if it is in none.
 */
int vfio_detach_group(struct sim *sim, struct iommu_group *group);
/*
 * Closes the oldest stale group file of group @group_id (struct
 * vfio_stale_file).  Returns true if there was one.
 */
bool vfio_close_stale_file(struct sim *sim, int group_id);
/* VFIO_IOMMU_MAP_DMA of @size bytes of fresh memory at @iova. */
int vfio_dma_map(struct sim *sim, const char *name, dma_addr_t iova, size_t size);
/*
 * VFIO_IOMMU_UNMAP_DMA (type1v2): every mapping inside the range; -EINVAL
 * for a range that cuts one in two, 0 for one with none inside.
 */
int vfio_dma_unmap(struct sim *sim, const char *name, dma_addr_t iova, size_t size);
/*
 * Detaches every group from every container (a user closing them all).
 * Board teardown does it before any driver or device goes, so nothing a
 * container holds is taken from under it.
 */
void vfio_release_all(struct sim *sim);
struct vfio_container *vfio_container_find(struct sim *sim, const char *name);
/*
 * A VFIO driver's probe and remove (vfio_register_group_dev() and
 * vfio_unregister_group_dev()): @dev makes its group's /dev/vfio/N exist;
 * -EINVAL for a device with no IOMMU group or (from 5.19) one whose IOMMU
 * does not report IOMMU_CAP_CACHE_COHERENCY.  The group's last device to
 * go takes the group out of its container (vfio_device_remove_group()).
 */
int vfio_register_group_dev(struct device *dev);
void vfio_unregister_group_dev(struct device *dev);
/*
 * vfio-platform's vfio_platform_init_common(), as far as the reset goes:
 * no simulated device has a reset handler, so from 4.6 the probe fails
 * with -ENOENT (and an error line) unless vfio_platform.reset_required is
 * 0, which on 6.1 only silences the line.  Returns 0 or -ENOENT.
 */
int vfio_platform_init_common(struct device *dev);
/* The container @group is in, or NULL; *@vd gets its vfio_domain. */
struct vfio_container *vfio_group_container(struct sim *sim,
					    struct iommu_group *group,
					    struct vfio_domain **vd);

#endif
