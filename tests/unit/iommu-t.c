/*
 * The IOMMU core against Linux 6.1's drivers/iommu/iommu.c and the era
 * rules of docs/iommu-core.md, through a fake IOMMU driver that logs every
 * call the core makes into it: the attach_dev calls each probe path costs,
 * default domain types, attaching and detaching groups, the NULL domain,
 * deferred attach, iommu_map's page sizes, gathered unmaps, freed domains
 * and faults.  Each expected value is worked out from the kernel source
 * (or the era table) in the comment beside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/current.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>
#include <sim/trace.h>

#include "unit.h"

#define FAKE_PGSIZES	(SZ_4K | SZ_2M | SZ_1G)
#define RW		(IOMMU_READ | IOMMU_WRITE)
#define MAX_CALLS	256
#define MAX_MASTERS	8

/* Every domain type a driver without default domains refuses. */
#define NO_DEFAULT_TYPES (BIT(IOMMU_DOMAIN_BLOCKED) | BIT(IOMMU_DOMAIN_IDENTITY) | \
			  BIT(IOMMU_DOMAIN_DMA) | BIT(IOMMU_DOMAIN_DMA_FQ))

enum op { ATTACH, DETACH, PLATFORM_DMA, MAP, UNMAP, SYNC, FREE };

/* One call the core made into the fake driver. */
struct call {
	enum op op;
	char dev[32];			/* "-" for none */
	char dom[32];
	unsigned long iova;		/* SYNC: gather start */
	phys_addr_t pa;			/* SYNC: gather end */
	size_t pgsize, pgcount;
	size_t result;			/* UNMAP: bytes unmapped */
	int ret;
};

/* What the fake driver knows about a master. */
struct master {
	const char *name;
	unsigned int def_type;		/* def_domain_type()'s answer */
	bool deferred;			/* is_attach_deferred()'s answer */
	bool own_group;			/* generic_device_group, not the shared one */
};

struct page {
	unsigned long iova;
	phys_addr_t pa;
	size_t size;
};

struct fake_domain {
	struct iommu_domain domain;
	struct page *pages;		/* one per page map_pages created */
	size_t npages, cap;
};

static struct {
	struct sim *sim;
	const struct iommu_ops *ops;
	struct iommu_device iommu;
	struct iommu_group *shared;	/* the group every other master shares */
	struct master masters[MAX_MASTERS];
	unsigned int nmasters;
	unsigned long refuse_types;	/* BIT(type) for each refused type */
	unsigned int deferred_queries;	/* is_attach_deferred() calls */

	/* attach_dev of @fail_dev (to @fail_domain, or any) returns @fail_err */
	const char *fail_dev;
	struct iommu_domain *fail_domain;
	int fail_err;

	/* map_pages at @map_fail_iova maps @map_fail_after pages, then -ENOMEM */
	bool map_fail;
	unsigned long map_fail_iova;
	size_t map_fail_after;

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
	snprintf(c->dom, sizeof(c->dom), "%s", domain ? domain->name : "-");
	return c;
}

static struct master *master_find(struct device *dev)
{
	for (unsigned int i = 0; i < fk.nmasters; i++)
		if (!strcmp(fk.masters[i].name, dev_name(dev)))
			return &fk.masters[i];
	return NULL;
}

static struct fake_domain *to_fake(struct iommu_domain *domain)
{
	return container_of(domain, struct fake_domain, domain);
}

static struct iommu_domain *fake_domain_alloc(unsigned int type)
{
	struct fake_domain *fd;

	if (fk.refuse_types & BIT(type))
		return NULL;
	fd = calloc(1, sizeof(*fd));
	return fd ? &fd->domain : NULL;
}

static void fake_domain_free(struct iommu_domain *domain)
{
	struct fake_domain *fd = to_fake(domain);

	log_call(FREE, NULL, domain);
	free(fd->pages);
	free(fd);
}

static struct iommu_device *fake_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);

	if (!fwspec || fwspec->ops != fk.ops || !master_find(dev))
		return ERR_PTR(-ENODEV);
	return &fk.iommu;
}

static void fake_group_release(void *data)
{
	(void)data;
	fk.shared = NULL;
}

/* mtk_iommu's way: one group for everyone, forgotten when it goes. */
static struct iommu_group *fake_device_group(struct device *dev)
{
	struct iommu_group *group;

	if (master_find(dev)->own_group)
		return generic_device_group(dev);
	if (fk.shared)
		return iommu_group_ref_get(fk.shared);
	group = iommu_group_alloc();
	if (IS_ERR(group))
		return group;
	iommu_group_set_iommudata(group, &fk, fake_group_release);
	fk.shared = group;
	return group;
}

static bool fake_is_attach_deferred(struct device *dev)
{
	fk.deferred_queries++;
	return master_find(dev)->deferred;
}

static int fake_def_domain_type(struct device *dev)
{
	return master_find(dev)->def_type;
}

static void fake_set_platform_dma_ops(struct device *dev)
{
	log_call(PLATFORM_DMA, dev, NULL);
}

static int fake_attach_dev(struct iommu_domain *domain, struct device *dev)
{
	struct call *c = log_call(ATTACH, dev, domain);

	if (fk.fail_dev && !strcmp(fk.fail_dev, dev_name(dev)) &&
	    (!fk.fail_domain || fk.fail_domain == domain))
		c->ret = fk.fail_err;
	return c->ret;
}

static void fake_detach_dev(struct iommu_domain *domain, struct device *dev)
{
	log_call(DETACH, dev, domain);
}

static int fake_map_pages(struct iommu_domain *domain, unsigned long iova,
			  phys_addr_t paddr, size_t pgsize, size_t pgcount,
			  int prot, gfp_t gfp, size_t *mapped)
{
	struct fake_domain *fd = to_fake(domain);
	struct call *c = log_call(MAP, NULL, domain);
	size_t n = pgcount;

	c->iova = iova;
	c->pa = paddr;
	c->pgsize = pgsize;
	c->pgcount = pgcount;
	if (fk.map_fail && iova == fk.map_fail_iova) {
		n = fk.map_fail_after;
		c->ret = -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (fd->npages == fd->cap) {
			size_t cap = fd->cap ? 2 * fd->cap : 16;
			struct page *grown = realloc(fd->pages, cap * sizeof(*grown));

			if (!grown) {
				*mapped = i * pgsize;
				return -ENOMEM;
			}
			fd->pages = grown;
			fd->cap = cap;
		}
		fd->pages[fd->npages++] = (struct page) {
			.iova = iova + i * pgsize,
			.pa = paddr + i * pgsize,
			.size = pgsize,
		};
	}
	*mapped = n * pgsize;
	return c->ret;
}

/* Removes every page inside each @pgsize slot; stops at an empty slot. */
static size_t fake_unmap_pages(struct iommu_domain *domain, unsigned long iova,
			       size_t pgsize, size_t pgcount,
			       struct iommu_iotlb_gather *gather)
{
	struct fake_domain *fd = to_fake(domain);
	struct call *c = log_call(UNMAP, NULL, domain);
	size_t unmapped = 0;

	c->iova = iova;
	c->pgsize = pgsize;
	c->pgcount = pgcount;
	for (size_t i = 0; i < pgcount; i++) {
		unsigned long slot = iova + i * pgsize;
		bool hit = false;

		for (size_t j = 0; j < fd->npages;) {
			struct page *p = &fd->pages[j];

			if (p->iova >= slot && p->iova + p->size <= slot + pgsize) {
				*p = fd->pages[--fd->npages];
				hit = true;
			} else {
				j++;
			}
		}
		if (!hit)
			break;
		/* add_range, not add_page: never a sync of the driver's own */
		iommu_iotlb_gather_add_range(gather, slot, pgsize);
		unmapped += pgsize;
	}
	c->result = unmapped;
	return unmapped;
}

static void fake_iotlb_sync(struct iommu_domain *domain,
			    struct iommu_iotlb_gather *gather)
{
	struct call *c = log_call(SYNC, NULL, domain);

	c->iova = gather->start;
	c->pa = gather->end;
}

static phys_addr_t fake_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	struct fake_domain *fd = to_fake(domain);

	for (size_t i = 0; i < fd->npages; i++)
		if (iova >= fd->pages[i].iova &&
		    iova < fd->pages[i].iova + fd->pages[i].size)
			return fd->pages[i].pa + (iova - fd->pages[i].iova);
	return 0;
}

static const struct iommu_domain_ops fake_domain_ops = {
	.attach_dev	= fake_attach_dev,
	.detach_dev	= fake_detach_dev,
	.map_pages	= fake_map_pages,
	.unmap_pages	= fake_unmap_pages,
	.iotlb_sync	= fake_iotlb_sync,
	.iova_to_phys	= fake_iova_to_phys,
	.free		= fake_domain_free,
};

#define FAKE_OPS_COMMON						\
	.name			= "fake-iommu",			\
	.domain_alloc		= fake_domain_alloc,		\
	.probe_device		= fake_probe_device,		\
	.device_group		= fake_device_group,		\
	.is_attach_deferred	= fake_is_attach_deferred,	\
	.def_domain_type	= fake_def_domain_type,		\
	.default_domain_ops	= &fake_domain_ops,		\
	.pgsize_bitmap		= FAKE_PGSIZES

static const struct iommu_ops fake_ops = {
	FAKE_OPS_COMMON,
};

/* The same driver with the v6.2 hook for the NULL domain. */
static const struct iommu_ops fake_ops_platform_dma = {
	FAKE_OPS_COMMON,
	.set_platform_dma_ops	= fake_set_platform_dma_ops,
};

/* ---- helpers ------------------------------------------------------------ */

/* A fresh machine in @era with the plain fake driver and default params. */
static void fk_reset(enum sim_era era)
{
	sim_free(fk.sim);
	memset(&fk, 0, sizeof(fk));
	fk.sim = sim_new();
	assert_non_null(fk.sim);
	/* the test calls the kernel's functions as the machine's code would */
	sim_enter(fk.sim);
	fk.sim->era = era;
	fk.ops = &fake_ops;
	/* Like most 6.1 drivers, no IOMMU_DOMAIN_BLOCKED. */
	fk.refuse_types = BIT(IOMMU_DOMAIN_BLOCKED);
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
	sim_free(fk.sim);
	fk.sim = NULL;
	return 0;
}

static void register_iommu(void)
{
	assert_int_equal(iommu_device_register(&fk.iommu, fk.ops, NULL), 0);
}

/* Adds a device the fake driver claims, with a fwspec naming the driver. */
static struct device *master_add(struct master m)
{
	u32 id = fk.nmasters;
	struct device *dev;

	assert_true(fk.nmasters < MAX_MASTERS);
	fk.masters[fk.nmasters++] = m;
	dev = device_alloc(fk.sim, m.name, &platform_bus_type, NULL);
	assert_non_null(dev);
	assert_int_equal(device_add(dev), 0);
	assert_int_equal(iommu_fwspec_init(dev, NULL, fk.ops), 0);
	assert_int_equal(iommu_fwspec_add_ids(dev, &id, 1), 0);
	return dev;
}

static struct device *master_probe(struct master m)
{
	struct device *dev = master_add(m);

	assert_int_equal(iommu_probe_device(dev), 0);
	return dev;
}

static void clear_log(void)
{
	fk.ncalls = 0;
	fk.overflow = false;
}

/* Calls of @op for @dev and @dom (NULL matches any). */
static unsigned int count(enum op op, const char *dev, const char *dom)
{
	unsigned int n = 0;

	assert_false(fk.overflow);
	for (unsigned int i = 0; i < fk.ncalls; i++)
		if (fk.calls[i].op == op &&
		    (!dev || !strcmp(fk.calls[i].dev, dev)) &&
		    (!dom || !strcmp(fk.calls[i].dom, dom)))
			n++;
	return n;
}

static void assert_attach(unsigned int i, const char *dev,
			  struct iommu_domain *dom, int ret)
{
	assert_true(i < fk.ncalls);
	assert_int_equal(fk.calls[i].op, ATTACH);
	assert_string_equal(fk.calls[i].dev, dev);
	assert_string_equal(fk.calls[i].dom, dom->name);
	assert_int_equal(fk.calls[i].ret, ret);
}

static void assert_pages(unsigned int i, enum op op, unsigned long iova,
			 phys_addr_t pa, size_t pgsize, size_t pgcount)
{
	assert_true(i < fk.ncalls);
	assert_int_equal(fk.calls[i].op, op);
	assert_int_equal(fk.calls[i].iova, iova);
	if (op == MAP)
		assert_int_equal(fk.calls[i].pa, pa);
	assert_int_equal(fk.calls[i].pgsize, pgsize);
	assert_int_equal(fk.calls[i].pgcount, pgcount);
}

static void assert_sync(unsigned int i, unsigned long start, unsigned long end)
{
	assert_true(i < fk.ncalls);
	assert_int_equal(fk.calls[i].op, SYNC);
	assert_int_equal(fk.calls[i].iova, start);
	assert_int_equal(fk.calls[i].pa, end);
}

/* Trace events named @name whose arguments contain @needle (NULL: any). */
static unsigned int trace_count(const char *name, const char *needle)
{
	unsigned int n = 0;

	for (size_t i = 0; i < sim_trace_count(fk.sim); i++) {
		const struct sim_trace_event *ev = sim_trace_get(fk.sim, i);

		if (!strcmp(ev->name, name) && (!needle || strstr(ev->args, needle)))
			n++;
	}
	return n;
}

static bool domain_listed(struct list_head *list, struct iommu_domain *domain)
{
	struct iommu_domain *pos;

	list_for_each_entry(pos, list, sim_node)
		if (pos == domain)
			return true;
	return false;
}

/* ---- 1. the 6.1 probe path ---------------------------------------------- */

/*
 * Masters a, b, c probed one at a time into the shared group (6.1):
 *
 * a: __iommu_probe_device -> iommu_group_get_for_dev -> device_group makes
 *    the group -> iommu_group_add_device: group->domain is NULL, no
 *    attach.  iommu_probe_device -> iommu_alloc_default_domain makes the
 *    default domain and sets group->domain -> "if (group->default_domain
 *    && !group->owner) __iommu_attach_device()": 1 call.
 * b: iommu_group_add_device finds group->domain set and attaches (1), then
 *    iommu_alloc_default_domain returns 0 (already there) and
 *    iommu_probe_device attaches again (2).  c likewise: 2.
 *
 * The group is the first ida_alloc() of iommu_group_ida: id 0.  No
 * iommu.passthrough / iommu.strict: iommu_subsys_init() leaves
 * iommu_def_domain_type at DMA_FQ ("!iommu_default_passthrough() &&
 * !iommu_dma_strict").  pgsize_bitmap comes from ops (__iommu_domain_alloc).
 */
static void test_v61_probe_attach_counts(void **state)
{
	struct iommu_group *group;
	struct iommu_domain *dom;
	struct device *a, *b, *c;

	register_iommu();
	a = master_probe((struct master) { .name = "a" });
	b = master_probe((struct master) { .name = "b" });
	c = master_probe((struct master) { .name = "c" });

	group = a->iommu_group;
	assert_non_null(group);
	assert_ptr_equal(b->iommu_group, group);
	assert_ptr_equal(c->iommu_group, group);
	assert_int_equal(iommu_group_id(group), 0);
	assert_int_equal(iommu_group_device_count(group), 3);

	dom = group->default_domain;
	assert_non_null(dom);
	assert_ptr_equal(group->domain, dom);
	assert_int_equal(list_count(&fk.sim->domains), 1);
	assert_int_equal(dom->type, IOMMU_DOMAIN_DMA_FQ);
	assert_int_equal(dom->pgsize_bitmap, FAKE_PGSIZES);

	assert_int_equal(count(ATTACH, NULL, NULL), 5);
	assert_int_equal(count(ATTACH, "a", dom->name), 1);
	assert_int_equal(count(ATTACH, "b", dom->name), 2);
	assert_int_equal(count(ATTACH, "c", dom->name), 2);
	/* In order: a; b from add_device, b from probe; c, c. */
	assert_attach(0, "a", dom, 0);
	assert_attach(1, "b", dom, 0);
	assert_attach(2, "b", dom, 0);
	assert_attach(3, "c", dom, 0);
	assert_attach(4, "c", dom, 0);
}

/* The type of the default domain one master gets, on a fresh machine. */
static unsigned int default_type(bool passthrough, bool strict,
				 unsigned int def_type, unsigned long refuse)
{
	struct device *a;

	fk_reset(ERA_V6_1);
	fk.sim->params.iommu_passthrough = passthrough;
	fk.sim->params.iommu_strict = strict;
	fk.refuse_types |= refuse;
	register_iommu();
	a = master_probe((struct master) { .name = "a", .def_type = def_type });
	assert_non_null(a->iommu_group->default_domain);
	assert_int_equal(count(ATTACH, "a", a->iommu_group->default_domain->name), 1);
	return a->iommu_group->default_domain->type;
}

/*
 * iommu_subsys_init(): passthrough -> IDENTITY; translated and strict ->
 * DMA; translated and lazy -> DMA_FQ.  iommu_alloc_default_domain():
 * "iommu_get_def_domain_type(dev) ? : iommu_def_domain_type", so the
 * driver's answer wins over both.  iommu_group_alloc_default_domain():
 * "if (!dom && type != IOMMU_DOMAIN_DMA)" retry with IOMMU_DOMAIN_DMA.
 */
static void test_v61_default_domain_type(void **state)
{
	assert_int_equal(default_type(false, false, 0, 0), IOMMU_DOMAIN_DMA_FQ);
	assert_int_equal(default_type(false, true, 0, 0), IOMMU_DOMAIN_DMA);
	assert_int_equal(default_type(true, false, 0, 0), IOMMU_DOMAIN_IDENTITY);
	/* strict only matters when translated */
	assert_int_equal(default_type(true, true, 0, 0), IOMMU_DOMAIN_IDENTITY);

	/* def_domain_type overrides the command line both ways */
	assert_int_equal(default_type(false, false, IOMMU_DOMAIN_IDENTITY, 0),
			 IOMMU_DOMAIN_IDENTITY);
	assert_int_equal(default_type(true, false, IOMMU_DOMAIN_DMA, 0),
			 IOMMU_DOMAIN_DMA);

	/* a driver without DMA-FQ (mtk_iommu in 6.1) gets DMA */
	assert_int_equal(default_type(false, false, 0, BIT(IOMMU_DOMAIN_DMA_FQ)),
			 IOMMU_DOMAIN_DMA);
	assert_int_equal(trace_count("default_domain_fallback", "type=DMA-FQ"), 1);
	/* and one without identity, asked for passthrough, too */
	assert_int_equal(default_type(true, false, 0, BIT(IOMMU_DOMAIN_IDENTITY)),
			 IOMMU_DOMAIN_DMA);
}

/* ---- 2. bus_iommu_probe -------------------------------------------------- */

/*
 * Masters with fwspecs exist before the IOMMU registers.  bus_iommu_probe
 * (6.1): probe_iommu_group() for each device puts it in its group while
 * group->domain is still NULL (iommu_group_add_device attaches nothing)
 * and queues the group; then per group probe_alloc_default_domain() and
 * __iommu_group_dma_attach(), one attach per member: 1, 1, 1.
 */
static void test_bus_probe_attaches_once(void **state)
{
	struct iommu_group *group;
	struct iommu_domain *dom;
	struct device *a, *b, *c;

	a = master_add((struct master) { .name = "a" });
	b = master_add((struct master) { .name = "b" });
	c = master_add((struct master) { .name = "c" });
	assert_null(a->iommu_group);
	register_iommu();

	group = a->iommu_group;
	assert_non_null(group);
	assert_ptr_equal(b->iommu_group, group);
	assert_ptr_equal(c->iommu_group, group);
	assert_int_equal(iommu_group_id(group), 0);
	dom = group->default_domain;
	assert_non_null(dom);
	assert_ptr_equal(group->domain, dom);
	assert_int_equal(dom->type, IOMMU_DOMAIN_DMA_FQ);
	assert_int_equal(count(ATTACH, NULL, NULL), 3);
	assert_attach(0, "a", dom, 0);
	assert_attach(1, "b", dom, 0);
	assert_attach(2, "c", dom, 0);
}

/*
 * probe_get_default_domain_type(): a says IDENTITY (first, remembered),
 * b says DMA -> "using default", gtype->type = 0; c has no say and
 * gtype->dev is already set, so the type stays 0 -> iommu_def_domain_type,
 * DMA_FQ.  With only one opinion in the group, that opinion wins.
 */
static void test_bus_probe_def_domain_conflict(void **state)
{
	struct device *a;

	a = master_add((struct master) { .name = "a", .def_type = IOMMU_DOMAIN_IDENTITY });
	master_add((struct master) { .name = "b", .def_type = IOMMU_DOMAIN_DMA });
	master_add((struct master) { .name = "c" });
	register_iommu();
	assert_int_equal(a->iommu_group->default_domain->type, IOMMU_DOMAIN_DMA_FQ);
	assert_int_equal(trace_count("def_domain_conflict", "dev=b other=a"), 1);
	assert_int_equal(count(ATTACH, NULL, NULL), 3);

	fk_reset(ERA_V6_1);
	master_add((struct master) { .name = "a" });
	a = master_add((struct master) { .name = "b", .def_type = IOMMU_DOMAIN_IDENTITY });
	master_add((struct master) { .name = "c" });
	register_iommu();
	assert_int_equal(a->iommu_group->default_domain->type, IOMMU_DOMAIN_IDENTITY);
	assert_int_equal(trace_count("def_domain_conflict", NULL), 0);
}

/* ---- 3. older eras ------------------------------------------------------- */

/*
 * v4.12 (era table: "each device is attached once, when it joins its
 * group"): iommu_group_get_for_dev() made the default domain with the
 * group, before iommu_group_add_device(), which attached each device
 * once; iommu_probe_device() attached nothing more.  DMA, because
 * IOMMU_DOMAIN_DMA_FQ only arrived in 5.15.
 */
static void test_v412_attach_once(void **state)
{
	struct iommu_domain *dom;
	struct device *a;

	fk.sim->era = ERA_V4_12;
	register_iommu();
	a = master_probe((struct master) { .name = "a" });
	master_probe((struct master) { .name = "b" });
	master_probe((struct master) { .name = "c" });
	dom = a->iommu_group->default_domain;
	assert_non_null(dom);
	assert_int_equal(dom->type, IOMMU_DOMAIN_DMA);
	assert_ptr_equal(a->iommu_group->domain, dom);
	assert_int_equal(count(ATTACH, NULL, NULL), 3);
	assert_attach(0, "a", dom, 0);
	assert_attach(1, "b", dom, 0);
	assert_attach(2, "c", dom, 0);
}

/*
 * v4.4 (era table): the arch DMA code gives each master a per-device fake
 * default domain and attaches it directly before the group exists; the
 * group's default domain is made with the group and group->domain set,
 * but adding a device never calls attach_dev.  So: one attach per master,
 * each to its own fake domain, and none to the group's domain.
 */
static void test_v44_fake_default_domains(void **state)
{
	const char *names[] = { "a", "b", "c" };
	struct iommu_group *group;
	struct iommu_domain *dom, *pos;
	unsigned int fakes = 0;

	fk.sim->era = ERA_V4_4;
	register_iommu();
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		master_probe((struct master) { .name = names[i] });

	group = sim_find_device(fk.sim, "a")->iommu_group;
	dom = group->default_domain;
	assert_non_null(dom);
	assert_false(dom->fake_default);
	assert_ptr_equal(group->domain, dom);
	assert_int_equal(count(ATTACH, NULL, dom->name), 0);

	assert_int_equal(count(ATTACH, NULL, NULL), 3);
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		struct iommu_domain *mine = NULL;

		assert_string_equal(fk.calls[i].dev, names[i]);
		list_for_each_entry(pos, &fk.sim->domains, sim_node)
			if (!strcmp(pos->name, fk.calls[i].dom))
				mine = pos;
		assert_non_null(mine);
		assert_true(mine->fake_default);
		assert_int_equal(mine->type, IOMMU_DOMAIN_DMA);
		/* nobody else's */
		assert_int_equal(count(ATTACH, NULL, mine->name), 1);
	}
	list_for_each_entry(pos, &fk.sim->domains, sim_node)
		fakes += pos->fake_default;
	assert_int_equal(fakes, 3);
}

/* ---- 4, 5. attaching devices and groups --------------------------------- */

/*
 * iommu_attach_device(): "if (iommu_group_device_count(group) != 1)" ->
 * -EINVAL before any attach_dev; a device alone in its group goes through
 * __iommu_attach_group(): one attach_dev, group->domain = domain.
 * iommu_detach_device() -> __iommu_group_set_core_domain(): default again.
 */
static void test_attach_device(void **state)
{
	struct iommu_domain *user, *def;
	struct device *a, *d;
	char name[32];

	register_iommu();
	a = master_probe((struct master) { .name = "a" });
	master_probe((struct master) { .name = "b" });
	d = master_probe((struct master) { .name = "d", .own_group = true });
	user = iommu_domain_alloc(&platform_bus_type);
	assert_non_null(user);
	assert_int_equal(user->type, IOMMU_DOMAIN_UNMANAGED);

	clear_log();
	def = a->iommu_group->domain;
	assert_int_equal(iommu_attach_device(user, a), -EINVAL);
	assert_ptr_equal(a->iommu_group->domain, def);
	assert_int_equal(fk.ncalls, 0);

	assert_int_equal(iommu_group_device_count(d->iommu_group), 1);
	assert_int_equal(iommu_attach_device(user, d), 0);
	assert_ptr_equal(d->iommu_group->domain, user);
	assert_ptr_equal(iommu_get_domain_for_dev(d), user);
	assert_int_equal(fk.ncalls, 1);
	assert_attach(0, "d", user, 0);

	iommu_detach_device(user, d);
	assert_ptr_equal(d->iommu_group->domain, d->iommu_group->default_domain);
	assert_int_equal(fk.ncalls, 2);
	assert_attach(1, "d", d->iommu_group->default_domain, 0);
	/* no longer used by anyone: straight back to the driver */
	snprintf(name, sizeof(name), "%s", user->name);
	iommu_domain_free(user);
	assert_int_equal(count(FREE, NULL, name), 1);
}

/*
 * __iommu_attach_group() on a, b, c (default domain D):
 *  - U1: every member attached once, group->domain = U1.
 *  - U2 while on U1: "group->domain != default_domain &&
 *    != blocking_domain" -> -EBUSY, no call.
 *  - iommu_detach_group -> __iommu_group_set_core_domain -> D: 3 calls.
 *  - U2 with b failing: a->U2 ok, b->U2 fails, the walk stops (c never
 *    sees U2); then group->domain = NULL and __iommu_group_set_domain(D)
 *    attaches every member to D: a, b, c.  5 calls, b's error returned.
 */
static void test_attach_group(void **state)
{
	struct iommu_domain *u1, *u2, *def;
	struct iommu_group *group;

	register_iommu();
	group = master_probe((struct master) { .name = "a" })->iommu_group;
	master_probe((struct master) { .name = "b" });
	master_probe((struct master) { .name = "c" });
	def = group->default_domain;
	u1 = iommu_domain_alloc(&platform_bus_type);
	u2 = iommu_domain_alloc(&platform_bus_type);

	clear_log();
	assert_int_equal(iommu_attach_group(u1, group), 0);
	assert_ptr_equal(group->domain, u1);
	assert_int_equal(fk.ncalls, 3);
	assert_attach(0, "a", u1, 0);
	assert_attach(1, "b", u1, 0);
	assert_attach(2, "c", u1, 0);

	clear_log();
	assert_int_equal(iommu_attach_group(u2, group), -EBUSY);
	assert_ptr_equal(group->domain, u1);
	assert_int_equal(fk.ncalls, 0);

	iommu_detach_group(u1, group);
	assert_ptr_equal(group->domain, def);
	assert_int_equal(fk.ncalls, 3);
	assert_int_equal(count(ATTACH, NULL, def->name), 3);

	clear_log();
	fk.fail_dev = "b";
	fk.fail_domain = u2;
	fk.fail_err = -ENOSPC;
	assert_int_equal(iommu_attach_group(u2, group), -ENOSPC);
	assert_ptr_equal(group->domain, def);
	assert_int_equal(fk.ncalls, 5);
	assert_attach(0, "a", u2, 0);
	assert_attach(1, "b", u2, -ENOSPC);
	assert_attach(2, "a", def, 0);
	assert_attach(3, "b", def, 0);
	assert_attach(4, "c", def, 0);
	assert_int_equal(count(ATTACH, "c", u2->name), 0);

	iommu_domain_free(u1);
	iommu_domain_free(u2);
}

/* ---- 6. group ids --------------------------------------------------------- */

/* iommu_group_alloc() takes ida_alloc(): the lowest free id; ida_free on release. */
static void test_group_ids_lowest_free(void **state)
{
	struct iommu_group *g0, *g1, *g2, *again;

	g0 = iommu_group_alloc();
	g1 = iommu_group_alloc();
	g2 = iommu_group_alloc();
	assert_int_equal(iommu_group_id(g0), 0);
	assert_int_equal(iommu_group_id(g1), 1);
	assert_int_equal(iommu_group_id(g2), 2);
	iommu_group_put(g1);
	again = iommu_group_alloc();
	assert_int_equal(iommu_group_id(again), 1);
	g1 = iommu_group_alloc();
	assert_int_equal(iommu_group_id(g1), 3);
	iommu_group_put(g0);
	iommu_group_put(g2);
	iommu_group_put(again);
	iommu_group_put(g1);
	assert_true(list_empty(&fk.sim->groups));
}

/* ---- 7. no default domain: the NULL domain ------------------------------ */

/*
 * Attaches a user domain to @name's singleton group and detaches it
 * again; returns how the detach reached the driver: the DETACH and
 * PLATFORM_DMA calls it made.
 */
static void no_default_detach(enum sim_era era, const struct iommu_ops *ops,
			      bool deferred, unsigned int *detach,
			      unsigned int *platform)
{
	struct iommu_domain *user;
	struct device *d;

	fk_reset(era);
	fk.ops = ops;
	fk.refuse_types = NO_DEFAULT_TYPES;
	register_iommu();
	d = master_probe((struct master) { .name = "d", .own_group = true,
					    .deferred = deferred });
	/* iommu_probe_device ignores iommu_alloc_default_domain()'s -ENOMEM */
	assert_null(d->iommu_group->default_domain);
	assert_null(d->iommu_group->domain);
	assert_int_equal(count(ATTACH, NULL, NULL), 0);

	user = iommu_domain_alloc(&platform_bus_type);
	assert_non_null(user);
	assert_int_equal(iommu_attach_device(user, d), 0);
	assert_int_equal(count(ATTACH, "d", user->name), 1);
	clear_log();
	iommu_detach_device(user, d);
	/* "group->domain = NULL" whatever the driver was told */
	assert_null(d->iommu_group->domain);
	*detach = count(DETACH, "d", user->name);
	*platform = count(PLATFORM_DMA, "d", NULL);
	assert_int_equal(fk.ncalls, *detach + *platform);
	iommu_domain_free(user);
}

/*
 * __iommu_group_set_domain(group, NULL) in 6.1 -> __iommu_detach_device():
 * "if (iommu_is_attach_deferred(dev)) return;" then ->detach_dev().  The
 * v6.2 era (docs/iommu-core.md): detach is unconditional, and a driver
 * with set_platform_dma_ops gets that instead of detach_dev; 6.1 had no
 * such hook, so there detach_dev is used even when the driver has one.
 */
static void test_null_domain_detach(void **state)
{
	unsigned int detach, platform;

	no_default_detach(ERA_V6_1, &fake_ops, false, &detach, &platform);
	assert_int_equal(detach, 1);
	assert_int_equal(platform, 0);

	no_default_detach(ERA_V6_1, &fake_ops, true, &detach, &platform);
	assert_int_equal(detach, 0);
	assert_int_equal(platform, 0);

	no_default_detach(ERA_V6_2, &fake_ops, true, &detach, &platform);
	assert_int_equal(detach, 1);
	assert_int_equal(platform, 0);

	no_default_detach(ERA_V6_2, &fake_ops_platform_dma, false, &detach, &platform);
	assert_int_equal(detach, 0);
	assert_int_equal(platform, 1);

	no_default_detach(ERA_V6_1, &fake_ops_platform_dma, false, &detach, &platform);
	assert_int_equal(detach, 1);
	assert_int_equal(platform, 0);
}

/* ---- 8. deferred attach --------------------------------------------------- */

/*
 * v6.2 era: the first attach of a deferred device only sets
 * dev->iommu->attach_deferred; iommu_deferred_attach() attaches when the
 * flag is set (without asking the driver) and __iommu_attach_device
 * clears it, so a second call does nothing.
 */
static void test_v62_deferred_first_attach(void **state)
{
	struct iommu_domain *dom;
	struct device *d;

	fk.sim->era = ERA_V6_2;
	register_iommu();
	d = master_probe((struct master) { .name = "d", .deferred = true });
	dom = d->iommu_group->default_domain;
	assert_non_null(dom);
	assert_int_equal(count(ATTACH, NULL, NULL), 0);
	assert_true(d->iommu->attach_deferred);
	assert_int_equal(trace_count("attach_deferred", "dev=d"), 1);

	fk.deferred_queries = 0;
	assert_int_equal(iommu_deferred_attach(d, dom), 0);
	assert_int_equal(count(ATTACH, "d", dom->name), 1);
	assert_false(d->iommu->attach_deferred);
	assert_int_equal(iommu_deferred_attach(d, dom), 0);
	assert_int_equal(count(ATTACH, NULL, NULL), 1);
	assert_int_equal(fk.deferred_queries, 0);
}

/*
 * 6.1: iommu_probe_device() attaches the default domain without asking
 * is_attach_deferred (only iommu_group_add_device and bus_iommu_probe's
 * iommu_group_do_dma_attach ask); iommu_deferred_attach() asks
 * iommu_is_attach_deferred() on every call and attaches each time it says
 * yes.  Through bus_iommu_probe a deferred device is not attached at all.
 */
static void test_v61_deferred_attach_asks_driver(void **state)
{
	struct iommu_domain *dom;
	struct device *d, *e;

	register_iommu();
	d = master_probe((struct master) { .name = "d", .deferred = true });
	dom = d->iommu_group->default_domain;
	assert_int_equal(count(ATTACH, "d", dom->name), 1);

	clear_log();
	fk.deferred_queries = 0;
	assert_int_equal(iommu_deferred_attach(d, dom), 0);
	assert_int_equal(iommu_deferred_attach(d, dom), 0);
	assert_int_equal(count(ATTACH, "d", dom->name), 2);
	assert_int_equal(fk.deferred_queries, 2);
	master_find(d)->deferred = false;
	assert_int_equal(iommu_deferred_attach(d, dom), 0);
	assert_int_equal(count(ATTACH, NULL, NULL), 2);
	assert_int_equal(fk.deferred_queries, 3);

	fk_reset(ERA_V6_1);
	e = master_add((struct master) { .name = "e", .deferred = true });
	master_add((struct master) { .name = "f" });
	register_iommu();
	dom = e->iommu_group->default_domain;
	assert_non_null(dom);
	assert_int_equal(count(ATTACH, "e", NULL), 0);
	assert_int_equal(count(ATTACH, "f", dom->name), 1);
}

/* ---- 9. iommu_map page sizes ---------------------------------------------- */

/*
 * iommu_pgsize() with pgsize_bitmap 4K|2M|1G, iova 0x1ff000 pa 0x3ff000
 * size 0x402000:
 *  1. merge 0x3ff000 (__ffs 12), __fls(size) 22: 4K.  Next size 2M:
 *     (iova ^ pa) & (2M-1) = 0x200000 & 0x1fffff = 0, so offset to the 2M
 *     boundary = 0x200000 - 0x1ff000 = 0x1000; 0x1000 + 2M <= size, so
 *     count = 0x1000 >> 12 = 1.              (0x1ff000, 0x3ff000, 4K, 1)
 *  2. iova 0x200000 pa 0x400000 size 0x401000: merge 0x600000 (__ffs 21),
 *     __fls 22: 2M.  Next 1G: 0x600000 & (1G-1) != 0, so count =
 *     0x401000 >> 21 = 2.                   (0x200000, 0x400000, 2M, 2)
 *  3. iova 0x600000 pa 0x800000 size 0x1000: __fls 12: 4K; next 2M:
 *     offset 2M, 2M + 2M > size: count 1.   (0x600000, 0x800000, 4K, 1)
 */
static void test_map_pgsize_split(void **state)
{
	struct iommu_domain *dom;

	register_iommu();
	dom = iommu_domain_alloc(&platform_bus_type);
	assert_int_equal(dom->pgsize_bitmap, FAKE_PGSIZES);

	clear_log();
	assert_int_equal(iommu_map(dom, 0x1ff000, 0x3ff000, 0x402000, RW), 0);
	assert_int_equal(fk.ncalls, 3);
	assert_pages(0, MAP, 0x1ff000, 0x3ff000, SZ_4K, 1);
	assert_pages(1, MAP, 0x200000, 0x400000, SZ_2M, 2);
	assert_pages(2, MAP, 0x600000, 0x800000, SZ_4K, 1);
	assert_int_equal(iommu_iova_to_phys(dom, 0x1ff123), 0x3ff123);
	assert_int_equal(iommu_iova_to_phys(dom, 0x3fffff), 0x5fffff);
	assert_int_equal(iommu_iova_to_phys(dom, 0x600fff), 0x800fff);
	iommu_domain_free(dom);
}

/*
 * Different offsets in the 2M page: iova 0x1ff000 pa 0x3fe000 size
 * 0x402000.  merge 0x3ff000 -> 4K; (iova ^ pa) & (2M-1) = 0x201000 &
 * 0x1fffff = 0x1000 != 0, no bigger page can ever line up: count =
 * 0x402000 >> 12 = 0x402 = 1026, in one call.
 *
 * 1G pages: iova 0x3fe00000 pa 0x7fe00000 size 0x40400000.
 *  1. merge 0x7fe00000 (__ffs 21), __fls 30: 2M.  Next 1G: iova ^ pa =
 *     0x40000000, & (1G-1) = 0; offset = 1G - 0x3fe00000 = 0x200000,
 *     0x200000 + 1G <= size: count 1.       (0x3fe00000, 0x7fe00000, 2M, 1)
 *  2. iova 0x40000000 pa 0x80000000 size 0x40200000: merge 0xc0000000
 *     (__ffs 30), __fls 30: 1G, no bigger size: count = size >> 30 = 1.
 *                                           (0x40000000, 0x80000000, 1G, 1)
 *  3. iova 0x80000000 pa 0xc0000000 size 0x200000: 2M; next 1G: offset
 *     1G, too far: count 1.                 (0x80000000, 0xc0000000, 2M, 1)
 */
static void test_map_pgsize_offsets(void **state)
{
	struct iommu_domain *dom;

	register_iommu();
	dom = iommu_domain_alloc(&platform_bus_type);

	clear_log();
	assert_int_equal(iommu_map(dom, 0x1ff000, 0x3fe000, 0x402000, RW), 0);
	assert_int_equal(fk.ncalls, 1);
	assert_pages(0, MAP, 0x1ff000, 0x3fe000, SZ_4K, 0x402);

	clear_log();
	assert_int_equal(iommu_map(dom, 0x3fe00000, 0x7fe00000, 0x40400000, RW), 0);
	assert_int_equal(fk.ncalls, 3);
	assert_pages(0, MAP, 0x3fe00000, 0x7fe00000, SZ_2M, 1);
	assert_pages(1, MAP, 0x40000000, 0x80000000, SZ_1G, 1);
	assert_pages(2, MAP, 0x80000000, 0xc0000000, SZ_2M, 1);
	iommu_domain_free(dom);
}

/*
 * __iommu_map(): "if (!IS_ALIGNED(iova | paddr | size, min_pagesz))
 * return -EINVAL" before any map_pages; min_pagesz = 1 << __ffs(bitmap)
 * = 4K.
 */
static void test_map_unaligned(void **state)
{
	struct iommu_domain *dom;

	register_iommu();
	dom = iommu_domain_alloc(&platform_bus_type);
	clear_log();
	assert_int_equal(iommu_map(dom, 0x1000, 0x800, 0x1000, RW), -EINVAL);
	assert_int_equal(iommu_map(dom, 0x1800, 0x1000, 0x1000, RW), -EINVAL);
	assert_int_equal(iommu_map(dom, 0x1000, 0x1000, 0x1800, RW), -EINVAL);
	assert_int_equal(fk.ncalls, 0);
	iommu_domain_free(dom);
}

/*
 * The range of test_map_pgsize_split, with the 2M call mapping one of its
 * two pages and failing -ENOMEM.  __iommu_map: "size -= mapped" (0x401000
 * - 0x200000 = 0x201000 left) and break; iommu_unmap(orig_iova 0x1ff000,
 * orig_size - size = 0x402000 - 0x201000 = 0x201000):
 *  1. iommu_pgsize(0x1ff000, 0x1ff000, 0x201000): 4K; next 2M: offset
 *     0x1000, 0x1000 + 2M <= 0x201000: count 1.     (0x1ff000, 4K, 1)
 *  2. iova 0x200000 size 0x200000: 2M; 1G too far: count 1.
 *                                                    (0x200000, 2M, 1)
 * then iommu_iotlb_sync once over [0x1ff000, 0x3fffff].  Nothing stays
 * mapped.
 */
static void test_map_failure_unmaps(void **state)
{
	struct iommu_domain *dom;

	register_iommu();
	dom = iommu_domain_alloc(&platform_bus_type);
	fk.map_fail = true;
	fk.map_fail_iova = 0x200000;
	fk.map_fail_after = 1;

	clear_log();
	assert_int_equal(iommu_map(dom, 0x1ff000, 0x3ff000, 0x402000, RW), -ENOMEM);
	assert_int_equal(fk.ncalls, 5);
	assert_pages(0, MAP, 0x1ff000, 0x3ff000, SZ_4K, 1);
	assert_pages(1, MAP, 0x200000, 0x400000, SZ_2M, 2);
	assert_pages(2, UNMAP, 0x1ff000, 0, SZ_4K, 1);
	assert_pages(3, UNMAP, 0x200000, 0, SZ_2M, 1);
	assert_sync(4, 0x1ff000, 0x3fffff);
	assert_int_equal(to_fake(dom)->npages, 0);
	assert_int_equal(iommu_iova_to_phys(dom, 0x1ff000), 0);
	iommu_domain_free(dom);
}

/*
 * __iommu_map() with size 0: 0 is aligned to anything, "while (size)"
 * never runs, ret stays 0: iommu_map() returns 0 and calls no
 * map_pages.
 */
static void test_map_size_zero(void **state)
{
	struct iommu_domain *dom;

	register_iommu();
	dom = iommu_domain_alloc(&platform_bus_type);
	clear_log();
	assert_int_equal(iommu_map(dom, 0x1000, 0x1000, 0, RW), 0);
	assert_int_equal(fk.ncalls, 0);
	iommu_domain_free(dom);
}

/* ---- 10. iommu_unmap --------------------------------------------------------- */

/*
 * Map iova 0x200000 pa 0x400000 size 0x400000: merge 0x600000 -> 2M, 1G
 * excluded by size and offset: one call (0x200000, 0x400000, 2M, 2).
 * iommu_unmap of it: iommu_pgsize(iova, iova, 0x400000): 2M, next 1G
 * (offset 1G - 0x200000, too far): count 2, one unmap_pages; then
 * iommu_unmap()'s single iommu_iotlb_sync() over what the driver gathered,
 * [0x200000, 0x5fffff].
 *
 * Unmapping 0x1000 there again: iommu_pgsize -> (0x200000, 4K, 1), the
 * driver finds nothing and returns 0, the loop stops; iommu_unmap returns
 * 0 and still calls iommu_iotlb_sync once (on an empty gather: start
 * ~0UL, end 0).  The simulator reports it as a WARN event.
 */
static void test_unmap_gathers_one_sync(void **state)
{
	struct iommu_domain *dom;

	register_iommu();
	dom = iommu_domain_alloc(&platform_bus_type);
	clear_log();
	assert_int_equal(iommu_map(dom, 0x200000, 0x400000, 0x400000, RW), 0);
	assert_int_equal(fk.ncalls, 1);
	assert_pages(0, MAP, 0x200000, 0x400000, SZ_2M, 2);

	clear_log();
	assert_int_equal(iommu_unmap(dom, 0x200000, 0x400000), 0x400000);
	assert_int_equal(fk.ncalls, 2);
	assert_pages(0, UNMAP, 0x200000, 0, SZ_2M, 2);
	assert_int_equal(fk.calls[0].result, 0x400000);
	assert_sync(1, 0x200000, 0x5fffff);
	assert_int_equal(count(SYNC, NULL, NULL), 1);

	clear_log();
	sim_trace_clear(fk.sim);
	assert_int_equal(iommu_unmap(dom, 0x200000, 0x1000), 0);
	assert_int_equal(fk.ncalls, 2);
	assert_pages(0, UNMAP, 0x200000, 0, SZ_4K, 1);
	assert_int_equal(fk.calls[0].result, 0);
	assert_sync(1, ~0UL, 0);
	assert_int_equal(trace_count("WARN", dom->name), 1);
	iommu_domain_free(dom);
}

/* ---- 11. freed domains ---------------------------------------------------- */

/*
 * iommu_domain_free() of a domain its group is still attached to: the
 * simulator keeps it (docs/iommu-core.md "Freed domains"): no free op,
 * freed=1, off sim->domains, on the quarantine list.  iommu_map on it is
 * a "BUG kasan=use-after-free" event and the simulator goes on.
 * sim_free() gives it back to the driver exactly once.
 */
static void test_freed_domain_quarantined(void **state)
{
	struct iommu_domain *user;
	char name[32];
	struct device *d;

	register_iommu();
	d = master_probe((struct master) { .name = "d", .own_group = true });
	user = iommu_domain_alloc(&platform_bus_type);
	snprintf(name, sizeof(name), "%s", user->name);
	assert_int_equal(iommu_attach_device(user, d), 0);

	clear_log();
	sim_trace_clear(fk.sim);
	iommu_domain_free(user);
	assert_int_equal(count(FREE, NULL, NULL), 0);
	assert_true(user->freed);
	assert_ptr_equal(d->iommu_group->domain, user);
	assert_false(domain_listed(&fk.sim->domains, user));
	assert_true(domain_listed(&fk.sim->domain_quarantine, user));
	assert_null(sim_iommu_domain_by_name(fk.sim, name));

	iommu_map(user, 0x1000, 0x1000, 0x1000, RW);
	assert_int_equal(trace_count("BUG", "kasan=use-after-free"), 1);
	assert_int_equal(trace_count("BUG", "site=iommu_map"), 1);

	sim_free(fk.sim);
	fk.sim = NULL;
	assert_int_equal(count(FREE, NULL, name), 1);
}

/*
 * 6.1: iommu_release_device() -> ops->release_device() (the driver lets go
 * of the device) -> iommu_group_remove_device() -> the last reference ->
 * iommu_group_release() -> iommu_domain_free(group->default_domain) ->
 * domain->ops->free().  The default domain of a group whose last member
 * is released goes back to the driver at once; nothing uses it any more.
 */
static void test_release_frees_default_domain(void **state)
{
	struct device *d;
	char name[32];

	register_iommu();
	d = master_probe((struct master) { .name = "d", .own_group = true });
	snprintf(name, sizeof(name), "%s", d->iommu_group->default_domain->name);
	clear_log();
	sim_trace_clear(fk.sim);
	iommu_release_device(d);
	assert_null(d->iommu_group);
	assert_true(list_empty(&fk.sim->groups));
	assert_int_equal(count(FREE, NULL, name), 1);
	assert_true(list_empty(&fk.sim->domain_quarantine));
	assert_int_equal(trace_count("domain_free", "in_use="), 0);
}

/* ---- 12. faults ------------------------------------------------------------- */

struct fault_seen {
	unsigned int calls;
	struct iommu_domain *domain;
	struct device *dev;
	unsigned long iova;
	int flags;
	int ret;
};

static int fault_handler(struct iommu_domain *domain, struct device *dev,
			 unsigned long iova, int flags, void *token)
{
	struct fault_seen *seen = token;

	seen->calls++;
	seen->domain = domain;
	seen->dev = dev;
	seen->iova = iova;
	seen->flags = flags;
	return seen->ret;
}

/*
 * report_iommu_fault(): "int ret = -ENOSYS; if (domain->handler) ret =
 * domain->handler(domain, dev, iova, flags, domain->handler_token)".
 */
static void test_report_fault(void **state)
{
	struct fault_seen seen = { .ret = -EAGAIN };
	struct iommu_domain *dom;
	struct device *d;

	register_iommu();
	d = master_probe((struct master) { .name = "d" });
	dom = iommu_domain_alloc(&platform_bus_type);
	assert_int_equal(report_iommu_fault(dom, d, 0x1234000, IOMMU_FAULT_READ), -ENOSYS);

	iommu_set_fault_handler(dom, fault_handler, &seen);
	assert_int_equal(report_iommu_fault(dom, d, 0x1234000, IOMMU_FAULT_WRITE), -EAGAIN);
	assert_int_equal(seen.calls, 1);
	assert_ptr_equal(seen.domain, dom);
	assert_ptr_equal(seen.dev, d);
	assert_int_equal(seen.iova, 0x1234000);
	assert_int_equal(seen.flags, IOMMU_FAULT_WRITE);
	seen.ret = 0;
	assert_int_equal(report_iommu_fault(dom, d, 0x5000, IOMMU_FAULT_READ), 0);
	assert_int_equal(seen.calls, 2);

	iommu_set_fault_handler(dom, NULL, NULL);
	assert_int_equal(report_iommu_fault(dom, d, 0x5000, IOMMU_FAULT_READ), -ENOSYS);
	assert_int_equal(seen.calls, 2);
	iommu_domain_free(dom);
}

/* ---- 13. the incompatibility errno --------------------------------------- */

/*
 * The era table, per reason: -EMEDIUMTYPE (124 in asm-generic/errno.h)
 * for both in v5.19, as the June 2022 series proposed; 6.1's
 * prepare_domain_attach_device() -EOPNOTSUPP (95) for snoop control and
 * -EFAULT (14) for the width; 6.3's -EINVAL (22) in v6.2; v4.12 had no
 * snoop refusal (0) and -EFAULT.
 */
static void test_incompatible_errno(void **state)
{
	fk.sim->era = ERA_V5_19;
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_SNOOP), -124);
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_WIDTH),
			 -EMEDIUMTYPE);
	fk.sim->era = ERA_V6_1;
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_SNOOP), -95);
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_WIDTH), -14);
	fk.sim->era = ERA_V6_2;
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_SNOOP), -22);
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_WIDTH), -EINVAL);
	fk.sim->era = ERA_V4_12;
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_SNOOP), 0);
	assert_int_equal(iommu_incompatible_errno(fk.sim, IOMMU_INCOMPATIBLE_WIDTH), -EFAULT);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_v61_probe_attach_counts),
		T(test_v61_default_domain_type),
		T(test_bus_probe_attaches_once),
		T(test_bus_probe_def_domain_conflict),
		T(test_v412_attach_once),
		T(test_v44_fake_default_domains),
		T(test_attach_device),
		T(test_attach_group),
		T(test_group_ids_lowest_free),
		T(test_null_domain_detach),
		T(test_v62_deferred_first_attach),
		T(test_v61_deferred_attach_asks_driver),
		T(test_map_pgsize_split),
		T(test_map_pgsize_offsets),
		T(test_map_unaligned),
		T(test_map_failure_unmaps),
		T(test_map_size_zero),
		T(test_unmap_gathers_one_sync),
		T(test_freed_domain_quarantined),
		T(test_release_frees_default_domain),
		T(test_report_fault),
		T(test_incompatible_errno),
	};

	return unit_run("iommu", tests, ARRAY_SIZE(tests));
}
