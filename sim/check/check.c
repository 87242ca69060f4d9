/*
 * Running the invariant checks and reporting what they find: the run's
 * context (the live devices and groups, every domain's table, the IOMMU
 * models), one WARNING line and one WARN event per violation, and the
 * memory of what was reported, so that a violation is reported when it
 * appears or changes and not again after every command.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/check.h>
#include <sim/device.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

#include "check.h"

/* The messages reported, as a set of strings (open addressing). */
struct check_msgs {
	char **slot;
	size_t size, count;
};

struct sim_check {
	struct check_msgs reported;	/* by the last run */
	struct check_msgs now;		/* by this one */
};

static u64 hash_str(const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static void msgs_free(struct check_msgs *m)
{
	for (size_t i = 0; i < m->size; i++)
		free(m->slot[i]);
	free(m->slot);
	*m = (struct check_msgs){ 0 };
}

static char **msgs_find(const struct check_msgs *m, const char *s)
{
	if (!m->size)
		return NULL;
	for (size_t i = hash_str(s) & (m->size - 1);; i = (i + 1) & (m->size - 1))
		if (!m->slot[i] || !strcmp(m->slot[i], s))
			return &m->slot[i];
}

/* Adds a copy of @s.  Returns 1 if added, 0 if there already, -ENOMEM. */
static int msgs_add(struct check_msgs *m, const char *s)
{
	char **slot = msgs_find(m, s);

	if (slot && *slot)
		return 0;
	if ((m->count + 1) * 2 > m->size) {
		struct check_msgs grown = { .size = m->size ? m->size * 2 : 16 };

		grown.slot = calloc(grown.size, sizeof(*grown.slot));
		if (!grown.slot)
			return -ENOMEM;
		for (size_t i = 0; i < m->size; i++)
			if (m->slot[i])
				*msgs_find(&grown, m->slot[i]) = m->slot[i];
		grown.count = m->count;
		free(m->slot);
		*m = grown;
		slot = msgs_find(m, s);
	}
	*slot = strdup(s);
	if (!*slot)
		return -ENOMEM;
	m->count++;
	return 1;
}

static u64 hash_ptr(const void *p)
{
	return ((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ULL;
}

static const void **ptrs_find(const struct check_ptr_set *set, const void *p)
{
	for (size_t i = hash_ptr(p) & (set->size - 1);; i = (i + 1) & (set->size - 1))
		if (!set->slot[i] || set->slot[i] == p)
			return &set->slot[i];
}

int check_ptrs_init(struct check_ptr_set *set, size_t n)
{
	set->size = 16;
	while (set->size < 2 * n)
		set->size *= 2;
	set->count = 0;
	set->slot = calloc(set->size, sizeof(*set->slot));
	set->val = calloc(set->size, sizeof(*set->val));
	return set->slot && set->val ? 0 : -ENOMEM;
}

void check_ptrs_release(struct check_ptr_set *set)
{
	free(set->slot);
	free(set->val);
	*set = (struct check_ptr_set){ 0 };
}

void check_ptrs_add(struct check_ptr_set *set, const void *p, size_t val)
{
	const void **slot = ptrs_find(set, p);

	if (!*slot) {
		*slot = p;
		set->val[slot - set->slot] = val;
		set->count++;
	}
}

bool check_ptrs_get(const struct check_ptr_set *set, const void *p, size_t *val)
{
	const void **slot;

	if (!p || !set->slot)
		return false;
	slot = ptrs_find(set, p);
	if (*slot != p)
		return false;
	if (val)
		*val = set->val[slot - set->slot];
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
	if (msgs_find(&chk->reported, key) && *msgs_find(&chk->reported, key))
		return;
	/* The trace quotes the message: its own quotes become single ones. */
	snprintf(quoted, sizeof(quoted), "%s", msg);
	for (char *q = quoted; *q; q++)
		if (*q == '"')
			*q = '\'';
	sim_printk(ctx->sim, "WARNING: invariant %s: %s", check, msg);
	sim_trace(ctx->sim, "WARN", "check=%s %s msg=\"%s\"", check, subject, quoted);
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

int check_device_path(struct check_ctx *ctx, struct device *dev, unsigned int port,
		      struct check_path *cp)
{
	const struct device *gate;
	int ret;

	ret = sim_hw_dma_route(dev, port, &cp->spec);
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
	cp->kind_known = !gate || !check_device_live(ctx, gate) || gate->power.active;
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
