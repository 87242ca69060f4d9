/*
 * Running the invariant checks and reporting what they find: the run's
 * context (the live devices and groups, every domain's table, the IOMMU
 * models), one WARNING line and one WARN event per violation, and the
 * memory of what was reported, so that a violation is reported when it
 * appears or changes and not again after every command.  Sets are sorted
 * arrays (qsort, bsearch) or search trees (tsearch): only membership is
 * asked of them, never an order to print.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <search.h>
#include <string.h>

#include <sim/check.h>
#include <sim/current.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

#include "check.h"

/* The messages reported, in a search tree (tsearch()). */
struct check_msgs {
	void *root;
};

struct sim_check {
	struct check_msgs reported;	/* by the last run */
	struct check_msgs now;		/* by this one */
};

static int msg_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void msgs_free(struct check_msgs *m)
{
	tdestroy(m->root, free);
	m->root = NULL;
}

static bool msgs_has(const struct check_msgs *m, const char *s)
{
	return tfind(s, &m->root, msg_cmp) != NULL;
}

/* Adds a copy of @s.  Returns 1 if added, 0 if there already, -ENOMEM. */
static int msgs_add(struct check_msgs *m, const char *s)
{
	char *copy, **found;

	if (msgs_has(m, s))
		return 0;
	copy = strdup(s);
	found = copy ? tsearch(copy, &m->root, msg_cmp) : NULL;
	if (!found) {
		free(copy);
		return -ENOMEM;
	}
	return 1;
}

static int ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct check_ptr *)a)->p;
	uintptr_t y = (uintptr_t)((const struct check_ptr *)b)->p;

	return x < y ? -1 : x > y;
}

int check_ptrs_init(struct check_ptr_set *set, size_t n)
{
	set->count = 0;
	set->v = calloc(n ? n : 1, sizeof(*set->v));
	return set->v ? 0 : -ENOMEM;
}

void check_ptrs_release(struct check_ptr_set *set)
{
	free(set->v);
	*set = (struct check_ptr_set){ 0 };
}

void check_ptrs_add(struct check_ptr_set *set, const void *p, size_t val)
{
	set->v[set->count++] = (struct check_ptr){ .p = p, .val = val };
}

void check_ptrs_sort(struct check_ptr_set *set)
{
	if (set->count)
		qsort(set->v, set->count, sizeof(*set->v), ptr_cmp);
}

bool check_ptrs_get(const struct check_ptr_set *set, const void *p, size_t *val)
{
	struct check_ptr key = { .p = p };
	const struct check_ptr *found;

	if (!p || !set->count)
		return false;
	found = bsearch(&key, set->v, set->count, sizeof(*set->v), ptr_cmp);
	if (!found)
		return false;
	if (val)
		*val = found->val;
	return true;
}

bool check_device_live(const struct check_ctx *ctx, const struct device *dev)
{
	return check_ptrs_get(&ctx->devices, dev, NULL);
}

bool check_group_live(const struct check_ctx *ctx, const struct iommu_group *group)
{
	return check_ptrs_get(&ctx->groups, group, NULL);
}

void check_report(struct check_ctx *ctx, const char *check, const char *subject,
		  const char *fmt, ...)
{
	struct sim_check *chk = ctx->check;
	char msg[512], key[640], quoted[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(key, sizeof(key), "%s %s %s", check, subject, msg);
	ret = msgs_add(&chk->now, key);
	if (ret < 0)
		ctx->err = ret;
	if (ret <= 0)
		return;
	ctx->violations++;
	if (msgs_has(&chk->reported, key))
		return;
	/* The trace quotes the message: its own quotes become single ones. */
	snprintf(quoted, sizeof(quoted), "%s", msg);
	for (char *q = quoted; *q; q++)
		if (*q == '"')
			*q = '\'';
	sim_printk(ctx->sim, "WARNING: invariant %s: %s", check, msg);
	trace_warn_check(ctx->sim, check, subject, quoted);
}

/* Where @domain's first-level table is, from a walk of IOVA 0; -ENODEV: none. */
static int domain_walk_table(struct iommu_domain *domain, phys_addr_t *table)
{
	struct sim_pgtable_walk walk;

	if (!(domain->type & __IOMMU_DOMAIN_PAGING) || !domain->ops->sim_walk ||
	    domain->ops->sim_walk(domain, 0, &walk) || !walk.nr_steps)
		return -ENODEV;
	/* Entry 0 of the first level sits at the start of the table. */
	*table = walk.step[0].desc_pa;
	return 0;
}

static int table_cmp(const void *a, const void *b)
{
	const struct check_table *x = a, *y = b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Every domain's table, live and quarantined, sorted for lookups. */
static int collect_tables(struct check_ctx *ctx)
{
	struct list_head *lists[] = { &ctx->sim->domains, &ctx->sim->domain_quarantine };
	struct iommu_domain *domain;
	size_t n = 0, order = 0;

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		n += list_count(lists[i]);
	ctx->tables = calloc(n ? n : 1, sizeof(*ctx->tables));
	if (!ctx->tables)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		list_for_each_entry(domain, lists[i], sim_node) {
			struct check_table *t = &ctx->tables[ctx->nr_tables];

			order++;
			if (domain_walk_table(domain, &t->table))
				continue;
			t->domain = domain;
			t->order = order;
			ctx->nr_tables++;
		}
	}
	qsort(ctx->tables, ctx->nr_tables, sizeof(*ctx->tables), table_cmp);
	if (check_ptrs_init(&ctx->domains, ctx->nr_tables))
		return -ENOMEM;
	for (size_t i = 0; i < ctx->nr_tables; i++)
		check_ptrs_add(&ctx->domains, ctx->tables[i].domain, i);
	check_ptrs_sort(&ctx->domains);
	return 0;
}

int check_domain_table(const struct check_ctx *ctx, const struct iommu_domain *domain,
		       phys_addr_t *table)
{
	size_t i;

	if (!check_ptrs_get(&ctx->domains, domain, &i))
		return -ENODEV;
	*table = ctx->tables[i].table;
	return 0;
}

struct iommu_domain *check_table_domain(const struct check_ctx *ctx, phys_addr_t table,
					size_t *pos)
{
	size_t lo = 0, hi = ctx->nr_tables;

	if (*pos == 0) {
		/* The first entry with @table, found by bisection. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (ctx->tables[mid].table < table)
				lo = mid + 1;
			else
				hi = mid;
		}
		*pos = lo + 1;
	}
	if (*pos - 1 >= ctx->nr_tables || ctx->tables[*pos - 1].table != table)
		return NULL;
	return ctx->tables[(*pos)++ - 1].domain;
}

const char *check_table_owner(const struct check_ctx *ctx, phys_addr_t table,
			      char *buf, size_t len)
{
	size_t pos = 0;
	struct iommu_domain *domain = check_table_domain(ctx, table, &pos);

	if (!domain)
		snprintf(buf, len, "no domain's");
	else
		snprintf(buf, len, "%s's%s", domain->name, domain->freed ? ", freed" : "");
	return buf;
}

/*
 * The core remembers a deferral from v6.2 on, the driver says so in every
 * era: either is enough, so that switching eras changes nothing here.
 */
bool check_attach_deferred(struct device *dev)
{
	const struct iommu_ops *ops = dev_iommu_ops(dev);

	if (!dev->iommu)
		return false;
	return dev->iommu->attach_deferred ||
	       (ops && ops->is_attach_deferred && ops->is_attach_deferred(dev));
}

/*
 * Whether @dev's DMA resumes @supplier first: a runtime PM supplier is
 * resumed with its consumer (the M4U links each master to its larb so).
 */
static bool resumes_with(const struct device *dev, const struct device *supplier)
{
	const struct device_link *link;

	list_for_each_entry(link, &dev->links.suppliers, c_node)
		if (link->supplier == supplier && (link->flags & DL_FLAG_PM_RUNTIME))
			return true;
	return false;
}

unsigned int check_device_ports(struct device *dev)
{
	struct sim_bus_master master;

	dev_bus_master(dev, &master);
	return master.nr_ports;
}

int check_device_path(struct check_ctx *ctx, struct device *dev, unsigned int port,
		      struct check_path *cp)
{
	const struct device *gate;
	struct sim_bus_master master;
	int ret;

	dev_bus_master(dev, &master);
	ret = sim_hw_dma_route(&master, port, &cp->spec);
	if (ret)
		return ret < 0 ? ret : 1;
	cp->hw = NULL;
	for (size_t i = 0; i < ctx->nr_iommus; i++)
		if (ctx->iommus[i]->np == cp->spec.np)
			cp->hw = ctx->iommus[i];
	if (!cp->hw)
		return 1;
	ret = cp->hw->type->peek_path(cp->hw, &cp->spec, &cp->path);
	if (ret)
		return ret;
	gate = cp->path.gate ? cp->path.gate->dev : NULL;
	cp->kind_known = !gate || !check_device_live(ctx, gate) || gate->power.active ||
			 !resumes_with(dev, gate);
	return 0;
}

const char *check_path_str(const struct check_ctx *ctx, const struct sim_hw_path *path,
			   char *buf, size_t len)
{
	char owner[64];

	switch (path->kind) {
	case SIM_PATH_TABLE:
		snprintf(buf, len, "through the table at 0x%llx (%s)",
			 (unsigned long long)path->table,
			 check_table_owner(ctx, path->table, owner, sizeof(owner)));
		break;
	case SIM_PATH_BYPASS:
		snprintf(buf, len, "untranslated (%s)", path->why);
		break;
	case SIM_PATH_BLOCKED:
		snprintf(buf, len, "nowhere (%s)", path->why);
		break;
	}
	return buf;
}

/* The live devices and groups, every domain's table and the IOMMU models. */
static int check_ctx_init(struct check_ctx *ctx, struct sim_check *chk, struct sim *sim)
{
	struct iommu_group *group;
	struct device *dev;
	struct sim_hw *hw;
	size_t n = 0;

	*ctx = (struct check_ctx){ .sim = sim, .check = chk };
	if (check_ptrs_init(&ctx->devices, list_count(&sim->devices)) ||
	    check_ptrs_init(&ctx->groups, list_count(&sim->groups)))
		return -ENOMEM;
	list_for_each_entry(dev, &sim->devices, sim_node)
		check_ptrs_add(&ctx->devices, dev, 0);
	list_for_each_entry(group, &sim->groups, sim_node)
		check_ptrs_add(&ctx->groups, group, 0);
	check_ptrs_sort(&ctx->devices);
	check_ptrs_sort(&ctx->groups);

	list_for_each_entry(hw, &sim->hw, node)
		n += hw->type->peek_path != NULL;
	ctx->iommus = calloc(n ? n : 1, sizeof(*ctx->iommus));
	ctx->iommu_grouped = calloc(n ? n : 1, sizeof(*ctx->iommu_grouped));
	if (!ctx->iommus || !ctx->iommu_grouped)
		return -ENOMEM;
	list_for_each_entry(hw, &sim->hw, node)
		if (hw->type->peek_path)
			ctx->iommus[ctx->nr_iommus++] = hw;
	return collect_tables(ctx);
}

static void check_ctx_release(struct check_ctx *ctx)
{
	check_ptrs_release(&ctx->devices);
	check_ptrs_release(&ctx->groups);
	check_ptrs_release(&ctx->domains);
	free(ctx->tables);
	free(ctx->iommus);
	free(ctx->iommu_grouped);
}

struct sim_check *sim_check_new(void)
{
	return calloc(1, sizeof(struct sim_check));
}

void sim_check_free(struct sim_check *check)
{
	if (!check)
		return;
	msgs_free(&check->reported);
	msgs_free(&check->now);
	free(check);
}

void sim_check_forget(struct sim_check *check)
{
	msgs_free(&check->reported);
}

int sim_check_run(struct sim_check *check, struct sim *sim)
{
	SIM_ENTER(sim);
	struct check_ctx ctx;
	int ret;

	ret = check_ctx_init(&ctx, check, sim);
	if (!ret) {
		check_translation(&ctx);
		check_vfio_owner(&ctx);
		check_refcounts(&ctx);
		check_freed(&ctx);
		check_mappings(&ctx);
		check_tlb(&ctx);
		ret = ctx.err ? ctx.err : ctx.violations;
	}
	check_ctx_release(&ctx);
	/* What this run found is what the next one compares with. */
	msgs_free(&check->reported);
	check->reported = check->now;
	check->now = (struct check_msgs){ 0 };
	return ret;
}
