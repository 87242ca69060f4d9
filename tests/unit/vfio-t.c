/*
 * VFIO type1 containers on the IOMMU core.  6.1's
 * vfio_iommu_type1_attach_group(): allocate a new domain, attach the
 * group, then take an existing domain with the same ops and the same
 * enforce_cache_coherency instead (detach, attach, free the new one),
 * falling back to the new one if that attach fails.  The v5.19 era is the
 * June 2022 series "Simplify vfio_iommu_type1 attach/detach routine":
 * each existing domain first, a new one only when every one answers with
 * the incompatibility errno (-EMEDIUMTYPE), any other error fails.  A
 * fake driver with two IOMMU instances (same ops, no
 * enforce_cache_coherency, so every domain compares equal in 6.1) refuses
 * a domain already serving a device of the other instance, as real
 * drivers refuse a domain whose page table belongs to another unit.  Its
 * domains have a 40-bit aperture from 0 and no reserved regions, so each
 * new domain VFIO keeps gets vfio_test_domain_fgsp()'s map of two pages
 * at IOVA 0 (4 KiB pages: count 2) and its two one-page unmaps.  Expected
 * values are worked out in the comments, from 6.1's vfio_iommu_type1.c,
 * container.c, iommu.c and the era table.  The fake reports cache
 * coherency and interrupt remapping unless a test of VFIO's refusals
 * says otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/mem.h>
#include <sim/sim.h>
#include <sim/trace.h>
#include <sim/vfio.h>

#include "unit.h"

#define FAKE_PGSIZES	(SZ_4K | SZ_2M | SZ_1G)
#define RAM_BASE	0x40000000ULL	/* first DMA buffer lands here */
#define RAM_SIZE	0x10000000ULL
#define MAX_CALLS	128
#define MAX_MASTERS	8

enum op { ATTACH, MAP, UNMAP, FREE };

struct call {
	enum op op;
	char dev[32];
	struct iommu_domain *domain;	/* compare only while it is alive */
	unsigned long iova;
	phys_addr_t pa;
	size_t pgsize, pgcount;
	int ret;
};

struct master {
	const char *name;
	unsigned int inst;		/* which fake IOMMU instance */
};

struct fake_domain {
	struct iommu_domain domain;
	struct iommu_device *inst;	/* the instance it first served */
};

static struct {
	struct sim *sim;
	struct iommu_device inst[2];
	struct master masters[MAX_MASTERS];
	unsigned int nmasters;
	bool blocked_ok;		/* domain_alloc(IOMMU_DOMAIN_BLOCKED) works */
	bool no_coherency;		/* capable() says no to IOMMU_CAP_CACHE_COHERENCY */
	bool no_intr_remap;		/* capable() says no to IOMMU_CAP_INTR_REMAP */

	/* attach_dev of @fail_dev returns @fail_err, for @fail_domain or any
	 * unmanaged domain but the group's blocking one when it is NULL */
	const char *fail_dev;
	struct iommu_domain *fail_domain;
	int fail_err;

	struct call calls[MAX_CALLS];
	unsigned int ncalls;
	bool overflow;
} fk;

/* ---- the fake driver ---------------------------------------------------- */

static struct call *log_call(enum op op, struct device *dev,
			     struct iommu_domain *domain)
{
	static struct call spill;
	struct call *c = &spill;

	if (fk.ncalls < MAX_CALLS)
		c = &fk.calls[fk.ncalls++];
	else
		fk.overflow = true;
	memset(c, 0, sizeof(*c));
	c->op = op;
	snprintf(c->dev, sizeof(c->dev), "%s", dev ? dev_name(dev) : "-");
	c->domain = domain;
	return c;
}

static struct master *master_find(struct device *dev)
{
	for (unsigned int i = 0; i < fk.nmasters; i++)
		if (!strcmp(fk.masters[i].name, dev_name(dev)))
			return &fk.masters[i];
	return NULL;
}

static struct iommu_domain *fake_domain_alloc(unsigned int type)
{
	struct fake_domain *fd;

	if (type == IOMMU_DOMAIN_BLOCKED && !fk.blocked_ok)
		return NULL;
	fd = calloc(1, sizeof(*fd));
	if (!fd)
		return NULL;
	fd->domain.geometry.aperture_end = (1ULL << 40) - 1;
	fd->domain.geometry.force_aperture = true;
	return &fd->domain;
}

static void fake_domain_free(struct iommu_domain *domain)
{
	log_call(FREE, NULL, domain);
	free(container_of(domain, struct fake_domain, domain));
}

static struct iommu_device *fake_probe_device(struct device *dev);

static bool fail_here(struct iommu_domain *domain, struct device *dev)
{
	if (!fk.fail_dev || strcmp(fk.fail_dev, dev_name(dev)))
		return false;
	if (fk.fail_domain)
		return domain == fk.fail_domain;
	return domain->type == IOMMU_DOMAIN_UNMANAGED &&
	       domain != dev->iommu_group->blocking_domain;
}

/*
 * A domain serves the instance it was first attached through; a device
 * behind the other one gets the incompatibility errno.
 */
static int fake_attach_dev(struct iommu_domain *domain, struct device *dev)
{
	struct fake_domain *fd = container_of(domain, struct fake_domain, domain);
	struct iommu_device *inst = dev->iommu->iommu_dev;
	struct call *c = log_call(ATTACH, dev, domain);

	if (fail_here(domain, dev))
		c->ret = fk.fail_err;
	else if (fd->inst && fd->inst != inst)
		c->ret = iommu_incompatible_errno(dev->sim, IOMMU_INCOMPATIBLE_WIDTH);
	else
		fd->inst = inst;
	return c->ret;
}

static int fake_map_pages(struct iommu_domain *domain, unsigned long iova,
			  phys_addr_t paddr, size_t pgsize, size_t pgcount,
			  int prot, gfp_t gfp, size_t *mapped)
{
	struct call *c = log_call(MAP, NULL, domain);

	c->iova = iova;
	c->pa = paddr;
	c->pgsize = pgsize;
	c->pgcount = pgcount;
	*mapped = pgsize * pgcount;
	return 0;
}

static size_t fake_unmap_pages(struct iommu_domain *domain, unsigned long iova,
			       size_t pgsize, size_t pgcount,
			       struct iommu_iotlb_gather *gather)
{
	struct call *c = log_call(UNMAP, NULL, domain);

	c->iova = iova;
	c->pgsize = pgsize;
	c->pgcount = pgcount;
	return pgsize * pgcount;
}

static const struct iommu_domain_ops fake_domain_ops = {
	.attach_dev	= fake_attach_dev,
	.map_pages	= fake_map_pages,
	.unmap_pages	= fake_unmap_pages,
	.free		= fake_domain_free,
};

/*
 * Coherent DMA and remapped interrupts, as VT-d, so VFIO takes its groups,
 * unless a test says no to one.
 */
static bool fake_capable(struct device *dev, enum iommu_cap cap)
{
	if (cap == IOMMU_CAP_CACHE_COHERENCY)
		return !fk.no_coherency;
	return !fk.no_intr_remap;
}

static const struct iommu_ops fake_ops = {
	.name			= "fake-iommu",
	.capable		= fake_capable,
	.domain_alloc		= fake_domain_alloc,
	.probe_device		= fake_probe_device,
	.device_group		= generic_device_group,
	.default_domain_ops	= &fake_domain_ops,
	.pgsize_bitmap		= FAKE_PGSIZES,
};

static struct iommu_device *fake_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct master *m = master_find(dev);

	if (!fwspec || fwspec->ops != &fake_ops || !m)
		return ERR_PTR(-ENODEV);
	return &fk.inst[m->inst];
}

/* ---- helpers ------------------------------------------------------------ */

/*
 * Unregisters both instances, as their driver's removal would: that takes
 * every group out of its container before sim_free() unregisters the
 * devices, the order a real machine tears down in.
 */
static void fk_free(void)
{
	if (!fk.sim)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(fk.inst); i++)
		if (fk.inst[i].sim)
			iommu_device_unregister(&fk.inst[i]);
	sim_free(fk.sim);
	fk.sim = NULL;
}

/* A machine in @era with RAM and both fake instances registered. */
static void fk_reset(enum sim_era era)
{
	fk_free();
	memset(&fk, 0, sizeof(fk));
	fk.sim = sim_new();
	assert_non_null(fk.sim);
	/* the test calls the kernel's functions as the machine's code would */
	sim_enter(fk.sim);
	fk.sim->era = era;
	assert_int_equal(sim_mem_add_ram(fk.sim->mem, RAM_BASE, RAM_SIZE), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(fk.inst); i++)
		assert_int_equal(iommu_device_register(&fk.inst[i],
						       &fake_ops, NULL), 0);
}

static int setup(void **state)
{
	(void)state;
	fk.sim = NULL;
	fk_reset(ERA_V6_1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fk_free();
	return 0;
}

/* A master behind instance @inst, probed into a group of its own. */
static struct iommu_group *master_group(const char *name, unsigned int inst)
{
	struct device *dev;

	assert_true(fk.nmasters < MAX_MASTERS);
	fk.masters[fk.nmasters++] = (struct master) { .name = name, .inst = inst };
	dev = device_alloc(fk.sim, name, &platform_bus_type, NULL);
	assert_non_null(dev);
	assert_int_equal(device_add(dev), 0);
	assert_int_equal(iommu_fwspec_init(dev, NULL, &fake_ops), 0);
	assert_int_equal(iommu_probe_device(dev), 0);
	assert_non_null(dev->iommu_group);
	assert_non_null(dev->iommu_group->default_domain);
	/* bound to a VFIO driver: the group has a /dev/vfio/N */
	assert_int_equal(vfio_register_group_dev(dev), 0);
	return dev->iommu_group;
}

/* One refusal, by @refused with @err, and the group in @domain. */
static void assert_note(const struct vfio_attach_note *note,
			const struct iommu_domain *refused, int err,
			const struct iommu_domain *domain, bool new_domain)
{
	assert_int_equal(note->nrefused, 1);
	assert_string_equal(note->refused[0].domain, refused->name);
	assert_int_equal(note->refused[0].err, err);
	assert_string_equal(note->domain, domain->name);
	assert_int_equal(note->new_domain, new_domain);
}

static void clear_log(void)
{
	fk.ncalls = 0;
	fk.overflow = false;
}

static unsigned int count(enum op op, const char *dev, struct iommu_domain *domain)
{
	unsigned int n = 0;

	assert_false(fk.overflow);
	for (unsigned int i = 0; i < fk.ncalls; i++)
		if (fk.calls[i].op == op &&
		    (!dev || !strcmp(fk.calls[i].dev, dev)) &&
		    (!domain || fk.calls[i].domain == domain))
			n++;
	return n;
}

static void assert_call(unsigned int i, enum op op, const char *dev,
			struct iommu_domain *domain, int ret)
{
	assert_true(i < fk.ncalls);
	assert_int_equal(fk.calls[i].op, op);
	if (dev)
		assert_string_equal(fk.calls[i].dev, dev);
	assert_ptr_equal(fk.calls[i].domain, domain);
	assert_int_equal(fk.calls[i].ret, ret);
}

static void assert_map(unsigned int i, struct iommu_domain *domain,
		       unsigned long iova, phys_addr_t pa, size_t pgsize,
		       size_t pgcount)
{
	assert_true(i < fk.ncalls);
	assert_int_equal(fk.calls[i].op, MAP);
	assert_ptr_equal(fk.calls[i].domain, domain);
	assert_int_equal(fk.calls[i].iova, iova);
	assert_int_equal(fk.calls[i].pa, pa);
	assert_int_equal(fk.calls[i].pgsize, pgsize);
	assert_int_equal(fk.calls[i].pgcount, pgcount);
}

static bool trace_has(const char *name, const char *args)
{
	for (size_t i = 0; i < sim_trace_count(fk.sim); i++) {
		const struct sim_trace_event *ev = sim_trace_get(fk.sim, i);

		if (!strcmp(ev->name, name) && !strcmp(ev->args, args))
			return true;
	}
	return false;
}

/* Calls @i..@i+2 are the fgsp probe on @domain: map 0+8K, unmap 0, unmap 4K. */
static void assert_fgsp(unsigned int i, struct iommu_domain *domain)
{
	assert_true(i + 2 < fk.ncalls);
	assert_int_equal(fk.calls[i].op, MAP);
	assert_ptr_equal(fk.calls[i].domain, domain);
	assert_int_equal(fk.calls[i].iova, 0);
	assert_int_equal(fk.calls[i].pgsize, SZ_4K);
	assert_int_equal(fk.calls[i].pgcount, 2);
	for (unsigned int k = 1; k <= 2; k++) {
		assert_int_equal(fk.calls[i + k].op, UNMAP);
		assert_ptr_equal(fk.calls[i + k].domain, domain);
		assert_int_equal(fk.calls[i + k].iova, (k - 1) * SZ_4K);
		assert_int_equal(fk.calls[i + k].pgcount, 1);
	}
}

/* The container's domains, newest first, as vfio_iommu_type1 lists them. */
static struct vfio_domain *nth_domain(struct vfio_container *c, unsigned int n)
{
	struct vfio_domain *vd;
	unsigned int i = 0;

	list_for_each_entry(vd, &c->domains, next)
		if (i++ == n)
			return vd;
	fail_msg("container '%s' has no domain #%u", c->name, n);
	return NULL;
}

/* ---- groups joining containers ----------------------------------------- */

/*
 * a and b sit behind instance 0, each in a group of its own.
 * iommu_group_claim_dma_owner() moves each group to its blocking domain
 * (the fake has no IOMMU_DOMAIN_BLOCKED, so an empty unmanaged one);
 * group a gets a new domain V, attached, and there is nothing to compare
 * it with.  Group b gets a new domain W attached too; V has the same ops
 * and coherency, so b is detached from W (owned: back to its blocking
 * domain), attached to V, and W is freed: one vfio_domain with both
 * groups.  Domains alive: two defaults, two blocking, V = 5.
 */
static void test_same_instance_shares_domain(void **state)
{
	struct iommu_group *ga = master_group("a", 0);
	struct iommu_group *gb = master_group("b", 0);
	struct vfio_attach_note note;
	struct vfio_container *c;
	struct vfio_domain *vd;
	struct iommu_domain *v;

	clear_log();
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	assert_int_equal(vfio_attach_group(fk.sim, "c", gb, &note), 0);
	c = vfio_container_find(fk.sim, "c");
	assert_non_null(c);
	assert_int_equal(list_count(&c->domains), 1);
	vd = nth_domain(c, 0);
	v = vd->domain;
	/* b joined V with no refusal on the way: no note to print */
	assert_int_equal(note.nrefused, 0);
	assert_string_equal(note.domain, v->name);
	assert_false(note.new_domain);
	assert_int_equal(v->type, IOMMU_DOMAIN_UNMANAGED);
	assert_int_equal(list_count(&vd->groups), 2);
	assert_ptr_equal(ga->domain, v);
	assert_ptr_equal(gb->domain, v);
	assert_ptr_equal(ga->owner, c);
	assert_ptr_equal(gb->owner, c);
	assert_ptr_equal(vfio_group_container(fk.sim, gb, NULL), c);
	assert_int_equal(list_count(&fk.sim->domains), 5);

	/* a: blocking, V, fgsp on V; b: blocking, W, blocking, V, free W */
	assert_int_equal(fk.ncalls, 10);
	assert_call(0, ATTACH, "a", ga->blocking_domain, 0);
	assert_call(1, ATTACH, "a", v, 0);
	assert_fgsp(2, v);
	assert_call(5, ATTACH, "b", gb->blocking_domain, 0);
	assert_int_equal(fk.calls[6].op, ATTACH);
	assert_string_equal(fk.calls[6].dev, "b");
	assert_int_equal(fk.calls[6].ret, 0);
	assert_ptr_not_equal(fk.calls[6].domain, v);
	assert_call(7, ATTACH, "b", gb->blocking_domain, 0);
	assert_call(8, ATTACH, "b", v, 0);
	assert_int_equal(fk.calls[9].op, FREE);
	assert_ptr_equal(fk.calls[9].domain, fk.calls[6].domain);
}

/*
 * a behind instance 0, c behind instance 1, in the v5.19 era (the
 * proposal).  Group c tries a's domain V1 first: attach_dev says
 * -EMEDIUMTYPE, __iommu_attach_group puts c back on its blocking domain,
 * and VFIO makes V2 for it.  Two domains, newest first (list_add).
 */
static void test_different_instances_proposal(void **state)
{
	struct iommu_group *ga, *gc;
	struct iommu_domain *v1, *v2;
	struct vfio_attach_note note;
	struct vfio_container *c;
	char args[128];

	fk_reset(ERA_V5_19);
	ga = master_group("a", 0);
	gc = master_group("c", 1);
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	v1 = ga->domain;

	clear_log();
	assert_int_equal(vfio_attach_group(fk.sim, "c", gc, &note), 0);
	c = vfio_container_find(fk.sim, "c");
	assert_int_equal(list_count(&c->domains), 2);
	v2 = nth_domain(c, 0)->domain;
	assert_ptr_equal(nth_domain(c, 1)->domain, v1);
	assert_ptr_not_equal(v1, v2);
	assert_ptr_equal(gc->domain, v2);
	assert_ptr_equal(ga->domain, v1);
	/* the console's note: V1 refused with -EMEDIUMTYPE, then the new V2 */
	assert_note(&note, v1, -EMEDIUMTYPE, v2, true);

	/* c: blocking, V1 refused, blocking again (the revert), V2, fgsp */
	assert_int_equal(fk.ncalls, 7);
	assert_call(0, ATTACH, "c", gc->blocking_domain, 0);
	assert_call(1, ATTACH, "c", v1, -EMEDIUMTYPE);
	assert_call(2, ATTACH, "c", gc->blocking_domain, 0);
	assert_call(3, ATTACH, "c", v2, 0);
	assert_fgsp(4, v2);

	snprintf(args, sizeof(args), "dev=c domain=%s ret=-EMEDIUMTYPE", v1->name);
	assert_true(trace_has("attach_device_to_domain", args));
	snprintf(args, sizeof(args), "group=%d domain=%s ret=-EMEDIUMTYPE",
		 iommu_group_id(gc), v1->name);
	assert_true(trace_has("vfio_try_domain", args));
}

/*
 * The same two groups in v6.1.  Group c gets its new domain V2 attached
 * first; V1 compares equal (same ops, neither enforces coherency), so c
 * is detached from V2 (to its blocking domain) and tried on V1, which
 * refuses (the fake's width errno, 6.1's -EFAULT; any error would do);
 * __iommu_attach_group reverts to blocking, and VFIO attaches V2 again
 * and keeps it.  No vfio_try_domain event: 6.1 has no such loop.
 */
static void test_different_instances_v6_1(void **state)
{
	struct iommu_group *ga, *gc;
	struct iommu_domain *v1, *v2;
	struct vfio_attach_note note;
	struct vfio_container *c;

	ga = master_group("a", 0);
	gc = master_group("c", 1);
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, &note), 0);
	v1 = ga->domain;
	/* the first group: nothing to try, a new domain */
	assert_int_equal(note.nrefused, 0);
	assert_string_equal(note.domain, v1->name);
	assert_true(note.new_domain);

	clear_log();
	assert_int_equal(vfio_attach_group(fk.sim, "c", gc, &note), 0);
	c = vfio_container_find(fk.sim, "c");
	assert_int_equal(list_count(&c->domains), 2);
	v2 = nth_domain(c, 0)->domain;
	/* V1 refused with the fake's width errno; the group kept its new V2 */
	assert_note(&note, v1, -EFAULT, v2, true);
	assert_ptr_equal(nth_domain(c, 1)->domain, v1);
	assert_ptr_equal(gc->domain, v2);

	assert_int_equal(fk.ncalls, 9);
	assert_call(0, ATTACH, "c", gc->blocking_domain, 0);
	assert_call(1, ATTACH, "c", v2, 0);
	assert_call(2, ATTACH, "c", gc->blocking_domain, 0);
	assert_call(3, ATTACH, "c", v1, -EFAULT);
	assert_call(4, ATTACH, "c", gc->blocking_domain, 0);
	assert_call(5, ATTACH, "c", v2, 0);
	assert_fgsp(6, v2);
	for (size_t i = 0; i < sim_trace_count(fk.sim); i++)
		assert_string_not_equal(sim_trace_get(fk.sim, i)->name, "vfio_try_domain");
}

/*
 * v5.19 (the proposal): an error other than -EMEDIUMTYPE from an existing
 * domain fails the attach ("if (ret) goto out_..."), the group is
 * released (iommu_group_release_dma_owner: owner NULL, default domain
 * again) and the container is as it was.
 */
static void other_error(int err)
{
	struct iommu_group *ga, *gb;
	struct vfio_container *c;
	struct iommu_domain *v;

	fk_reset(ERA_V5_19);
	ga = master_group("a", 0);
	gb = master_group("b", 0);
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	v = ga->domain;
	fk.fail_dev = "b";
	fk.fail_domain = v;
	fk.fail_err = err;

	clear_log();
	assert_int_equal(vfio_attach_group(fk.sim, "c", gb, NULL), err);
	assert_ptr_equal(gb->domain, gb->default_domain);
	assert_null(gb->owner);
	assert_int_equal(gb->owner_cnt, 0);
	assert_null(vfio_group_container(fk.sim, gb, NULL));
	c = vfio_container_find(fk.sim, "c");
	assert_non_null(c);
	assert_int_equal(list_count(&c->domains), 1);
	assert_int_equal(list_count(&nth_domain(c, 0)->groups), 1);
	assert_ptr_equal(ga->domain, v);
	/* no new domain was tried */
	assert_int_equal(count(ATTACH, "b", NULL), 4);
	assert_call(0, ATTACH, "b", gb->blocking_domain, 0);
	assert_call(1, ATTACH, "b", v, err);
	assert_call(2, ATTACH, "b", gb->blocking_domain, 0);
	assert_call(3, ATTACH, "b", gb->default_domain, 0);
}

static void test_other_error_fails_attach(void **state)
{
	other_error(-EINVAL);
	other_error(-ENOSPC);
}

/*
 * v6.1: the existing domain's refusal, whatever its errno, is no failure:
 * the group goes back to the new domain W (6.1 compares no errno), which
 * stays.  -ENOSPC here.
 */
static void test_v6_1_falls_back_to_new_domain(void **state)
{
	struct iommu_group *ga = master_group("a", 0);
	struct iommu_group *gb = master_group("b", 0);
	struct vfio_container *c;
	struct iommu_domain *v;

	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	v = ga->domain;
	fk.fail_dev = "b";
	fk.fail_domain = v;
	fk.fail_err = -ENOSPC;

	assert_int_equal(vfio_attach_group(fk.sim, "c", gb, NULL), 0);
	c = vfio_container_find(fk.sim, "c");
	assert_int_equal(list_count(&c->domains), 2);
	assert_ptr_equal(gb->domain, nth_domain(c, 0)->domain);
	assert_ptr_equal(gb->owner, c);
}

/*
 * The first group of a new container fails on the new domain (-ENOSPC):
 * vfio_attach_group returns it and the group is back on its default
 * domain with no owner, as vfio_iommu_type1_attach_group's unwind leaves
 * nothing behind.  No container may be left either: the simulator's own
 * iommu_vfio_teardown() takes every listed container to hold a domain.
 * It keeps the empty container "fresh", and sim_free() then reads past it
 * (list_first_entry of an empty list) and loops for ever; the test
 * unlinks it itself so the run can go on.
 */
static void test_failed_first_attach_leaves_container(void **state)
{
	struct iommu_group *ga;
	struct vfio_container *c;

	fk.blocked_ok = true;		/* the blocking domain is not unmanaged */
	ga = master_group("a", 0);
	fk.fail_dev = "a";
	fk.fail_err = -ENOSPC;
	assert_int_equal(vfio_attach_group(fk.sim, "fresh", ga, NULL), -ENOSPC);
	assert_ptr_equal(ga->domain, ga->default_domain);
	assert_null(ga->owner);

	c = vfio_container_find(fk.sim, "fresh");
	assert_null(c);
}

/*
 * 6.1 drivers/vfio/vfio_main.c, vfio_group_alloc(): "group->iommu_group =
 * iommu_group; iommu_group_ref_get(iommu_group);", put back in
 * vfio_group_release().  VFIO holds a reference on every
 * iommu_group it tracks, so the group cannot be released under it while
 * it sits in a container.  Checked through the count, with a reference of
 * our own keeping the group alive.
 */
static void test_container_holds_group_reference(void **state)
{
	struct iommu_group *ga = master_group("a", 0);
	unsigned int before, attached, detached;

	iommu_group_ref_get(ga);
	before = ga->refcount;
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	attached = ga->refcount;
	assert_int_equal(vfio_detach_group(fk.sim, ga), 0);
	detached = ga->refcount;
	iommu_group_put(ga);
	assert_int_equal(attached, before + 1);
	assert_int_equal(detached, before);
}

/* ---- DMA mappings ----------------------------------------------------------- */

/*
 * vfio_dma_map maps into every domain (vfio_iommu_map walks domain_list)
 * and vfio_iommu_replay maps what exists into a domain added later.  The
 * fgsp probes' pages are freed again, so they move no DMA buffer.
 *
 * DMA 1, iova 0x100000 size 0x2000: its buffer is the first allocation
 * from RAM, pa 0x40000000.  iommu_pgsize: merge 0x40100000, __fls(0x2000)
 * = 13 -> 4K; next 2M: (0x100000 ^ 0x40000000) & 0x1fffff = 0x100000 != 0
 * -> count 2.  map (0x100000, 0x40000000, 4K, 2) into V1; replayed the
 * same into V2 when group c (other instance) gets it.
 * DMA 2, iova 0x200000 size 0x200000: pa 0x40002000 (the next free 4K);
 * merge 0x40202000 -> 4K; (0x200000 ^ 0x40002000) & 0x1fffff = 0x2000 !=
 * 0 -> count 0x200000 >> 12 = 512, into V2 then V1 (newest first).
 */
static void test_dma_map_every_domain_and_replay(void **state)
{
	struct iommu_group *ga = master_group("a", 0);
	struct iommu_group *gc = master_group("c", 1);
	struct iommu_domain *v1, *v2;

	assert_int_equal(vfio_dma_map(fk.sim, "c", 0x100000, 0x2000), -EINVAL);
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	v1 = ga->domain;

	clear_log();
	assert_int_equal(vfio_dma_map(fk.sim, "c", 0x100000, 0x2000), 0);
	assert_int_equal(count(MAP, NULL, NULL), 1);
	assert_map(0, v1, 0x100000, RAM_BASE, SZ_4K, 2);

	clear_log();
	assert_int_equal(vfio_attach_group(fk.sim, "c", gc, NULL), 0);
	v2 = gc->domain;
	assert_ptr_not_equal(v1, v2);
	/* the fgsp probe's map, then the replay */
	assert_int_equal(count(MAP, NULL, NULL), 2);
	assert_int_equal(count(MAP, NULL, v2), 2);
	assert_map(fk.ncalls - 1, v2, 0x100000, RAM_BASE, SZ_4K, 2);

	clear_log();
	assert_int_equal(vfio_dma_map(fk.sim, "c", 0x200000, 0x200000), 0);
	assert_int_equal(fk.ncalls, 2);
	assert_map(0, v2, 0x200000, RAM_BASE + 0x2000, SZ_4K, 512);
	assert_map(1, v1, 0x200000, RAM_BASE + 0x2000, SZ_4K, 512);
	assert_int_equal(sim_mem_allocated(fk.sim->mem), 0x202000);

	/* overlapping the first one: refused before anything is mapped */
	clear_log();
	assert_int_equal(vfio_dma_map(fk.sim, "c", 0x101000, 0x1000), -EEXIST);
	assert_int_equal(fk.ncalls, 0);
}

/*
 * vfio_iommu_type1_detach_group: iommu_detach_group (the group is still
 * owned, so __iommu_group_set_core_domain picks the blocking domain).
 * While another group uses the domain it stays; with the last one gone
 * the mappings are unmapped (vfio_iommu_unmap_unpin_all, the last domain)
 * and iommu_domain_free() gives it back to the driver.  Only then does
 * vfio_group_detach_container() call iommu_group_release_dma_owner(),
 * which puts the group on its default domain.
 */
static void test_detach_last_group_frees_domain(void **state)
{
	struct iommu_group *ga = master_group("a", 0);
	struct iommu_group *gb = master_group("b", 0);
	struct iommu_domain *v;

	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	assert_int_equal(vfio_attach_group(fk.sim, "c", gb, NULL), 0);
	assert_int_equal(vfio_dma_map(fk.sim, "c", 0x100000, 0x2000), 0);
	v = ga->domain;

	clear_log();
	assert_int_equal(vfio_detach_group(fk.sim, ga), 0);
	assert_ptr_equal(ga->domain, ga->default_domain);
	assert_null(ga->owner);
	assert_ptr_equal(gb->domain, v);
	assert_int_equal(fk.ncalls, 2);
	assert_call(0, ATTACH, "a", ga->blocking_domain, 0);
	assert_call(1, ATTACH, "a", ga->default_domain, 0);

	clear_log();
	assert_int_equal(vfio_detach_group(fk.sim, gb), 0);
	assert_ptr_equal(gb->domain, gb->default_domain);
	assert_null(gb->owner);
	assert_int_equal(fk.ncalls, 4);
	assert_call(0, ATTACH, "b", gb->blocking_domain, 0);
	/* iommu_pgsize(0x100000, 0x100000, 0x2000): 4K, count 2 */
	assert_int_equal(fk.calls[1].op, UNMAP);
	assert_ptr_equal(fk.calls[1].domain, v);
	assert_int_equal(fk.calls[1].iova, 0x100000);
	assert_int_equal(fk.calls[1].pgsize, SZ_4K);
	assert_int_equal(fk.calls[1].pgcount, 2);
	assert_call(2, FREE, NULL, v, 0);
	assert_call(3, ATTACH, "b", gb->default_domain, 0);
	assert_null(vfio_container_find(fk.sim, "c"));
	assert_int_equal(sim_mem_allocated(fk.sim->mem), 0);

	/* in no container any more */
	assert_int_equal(vfio_detach_group(fk.sim, gb), -ENOENT);
}

static void test_detach_unattached_group(void **state)
{
	struct iommu_group *ga = master_group("a", 0);

	clear_log();
	assert_int_equal(vfio_detach_group(fk.sim, ga), -ENOENT);
	assert_int_equal(fk.ncalls, 0);
	assert_ptr_equal(ga->domain, ga->default_domain);
}

/*
 * 6.1's vfio_group_find_or_alloc(): no IOMMU_CAP_CACHE_COHERENCY, no VFIO
 * group (-EINVAL), so no /dev/vfio/N.  v4.12 had no such check.
 */
static void test_incoherent_iommu_refused(void **state)
{
	struct device *dev;

	fk.no_coherency = true;
	fk.masters[fk.nmasters++] = (struct master) { .name = "a", .inst = 0 };
	dev = device_alloc(fk.sim, "a", &platform_bus_type, NULL);
	assert_non_null(dev);
	assert_int_equal(device_add(dev), 0);
	assert_int_equal(iommu_fwspec_init(dev, NULL, &fake_ops), 0);
	assert_int_equal(iommu_probe_device(dev), 0);
	assert_int_equal(vfio_register_group_dev(dev), -EINVAL);
	assert_int_equal(vfio_attach_group(fk.sim, "c", dev->iommu_group, NULL), -ENOENT);
	fk.sim->era = ERA_V4_12;
	assert_int_equal(vfio_register_group_dev(dev), 0);
}

/*
 * type1's interrupt check, after attaching its new domain: no remapping
 * and allow_unsafe_interrupts 0 -> -EPERM, the group detached again (to
 * the blocking domain, then its default one when ownership goes), the
 * domain freed, no container left; with the parameter set, the attach
 * goes on as usual.
 */
static void test_unsafe_interrupts(void **state)
{
	struct iommu_group *ga;

	fk.no_intr_remap = true;
	ga = master_group("a", 0);
	clear_log();
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), -EPERM);
	assert_ptr_equal(ga->domain, ga->default_domain);
	assert_null(ga->owner);
	assert_null(vfio_container_find(fk.sim, "c"));
	assert_int_equal(count(FREE, NULL, NULL), 1);
	fk.sim->params.vfio_allow_unsafe_interrupts = true;
	assert_int_equal(vfio_attach_group(fk.sim, "c", ga, NULL), 0);
	assert_non_null(vfio_container_find(fk.sim, "c"));
	assert_int_equal(vfio_detach_group(fk.sim, ga), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_same_instance_shares_domain),
		T(test_different_instances_proposal),
		T(test_different_instances_v6_1),
		T(test_other_error_fails_attach),
		T(test_v6_1_falls_back_to_new_domain),
		T(test_failed_first_attach_leaves_container),
		T(test_container_holds_group_reference),
		T(test_dma_map_every_domain_and_replay),
		T(test_detach_last_group_frees_domain),
		T(test_detach_unattached_group),
		T(test_incoherent_iommu_refused),
		T(test_unsafe_interrupts),
	};

	return unit_run("vfio", tests, ARRAY_SIZE(tests));
}
