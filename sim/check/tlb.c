/*
 * Invariant "tlb": every entry an IOMMU caches either matches the table
 * it was walked from, or is recorded as stale.  A TLB entry is compared
 * with a walk of the table its path uses now (the M4U's one table; for a
 * VT-d IOTLB entry, the table of the context entries carrying its domain
 * ID).  An entry that no longer matches is expected while the IOMMU core
 * has not yet asked for its invalidation: a flush queue's pending flush,
 * or an iommu_unmap_fast() whose iommu_iotlb_sync() has not run (`unmap
 * nosync`); the core records those (struct iommu_unflushed).  Any other
 * mismatch is an invalidation that was asked for and did not reach the
 * hardware, or a table changed behind the core's back.
 *
 * Cached context entries must match memory too: a driver invalidates the
 * context cache with every change.  One domain ID must name one table.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/pgtable-walk.h>
#include <sim/sim.h>

#include "check.h"

/* The table the masters whose accesses carry @tag walk. */
struct tag_path {
	u32 tag;
	struct sim_hw_path path;
	const struct device *dev;	/* the first such master */
	size_t order;
};

struct tag_paths {
	struct tag_path *v;
	size_t count, cap;
};

static int tag_path_cmp(const void *a, const void *b)
{
	const struct tag_path *x = a, *y = b;

	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int tag_paths_add(struct tag_paths *tp, const struct device *dev,
			 const struct sim_hw_path *path)
{
	if (tp->count == tp->cap) {
		size_t cap = tp->cap ? tp->cap * 2 : 16;
		struct tag_path *v = realloc(tp->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		tp->v = v;
		tp->cap = cap;
	}
	tp->v[tp->count] = (struct tag_path){
		.tag = path->tag, .path = *path, .dev = dev, .order = tp->count,
	};
	tp->count++;
	return 0;
}

/*
 * The tables @hw's tagged entries belong to, from the path of every
 * master behind it; a domain ID naming two tables is reported.
 */
static int collect_tag_paths(struct check_ctx *ctx, struct sim_hw *hw,
			     struct tag_paths *tp)
{
	struct check_path cp;
	struct device *dev;
	char subject[64];

	list_for_each_entry(dev, &ctx->sim->devices, sim_node) {
		unsigned int ports = check_device_ports(dev);

		for (unsigned int port = 0; port < ports; port++) {
			if (check_device_path(ctx, dev, port, &cp) || cp.hw != hw ||
			    cp.path.kind != SIM_PATH_TABLE)
				continue;
			if (tag_paths_add(tp, dev, &cp.path))
				return -ENOMEM;
		}
	}
	if (tp->count)
		qsort(tp->v, tp->count, sizeof(*tp->v), tag_path_cmp);
	snprintf(subject, sizeof(subject), "iommu=%s", hw->name);
	for (size_t i = 1; i < tp->count; i++) {
		const struct tag_path *a = &tp->v[i - 1], *b = &tp->v[i];

		if (a->tag != b->tag || a->path.table == b->path.table)
			continue;
		check_report(ctx, "tlb", subject,
			     "%s: domain ID %u names two tables, 0x%llx (%s) and 0x%llx (%s): their IOTLB entries mix",
			     hw->name, a->tag, (unsigned long long)a->path.table, dev_name(a->dev),
			     (unsigned long long)b->path.table, dev_name(b->dev));
	}
	return 0;
}

static const struct sim_hw_path *tag_path_find(const struct tag_paths *tp, u32 tag)
{
	size_t lo = 0, hi = tp->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tp->v[mid].tag < tag)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tp->count && tp->v[lo].tag == tag ? &tp->v[lo].path : NULL;
}

static const char *perm_str(int perm)
{
	static const char *const names[] = { "nothing", "read", "write", "read and write" };

	return names[perm & 3];
}

/*
 * Whether @path's table still translates all of @e as @e does; if not,
 * what the table says instead, in @why.
 */
static bool entry_matches(struct sim_hw *hw, const struct sim_hw_path *path,
			  const struct sim_hw_tlb_entry *e, char *why, size_t len)
{
	u64 addr = e->iova, last = e->iova + e->size - 1;

	for (;;) {
		struct sim_pgtable_walk walk;
		int perm;

		hw->type->walk(hw, path, addr, &walk, &perm);
		if (!walk.mapped) {
			snprintf(why, len, "has nothing at 0x%llx", (unsigned long long)addr);
			return false;
		}
		if (walk.pa != e->pa + (addr - e->iova)) {
			snprintf(why, len, "maps 0x%llx to 0x%llx", (unsigned long long)addr,
				 (unsigned long long)walk.pa);
			return false;
		}
		if (e->perm >= 0 && perm != e->perm) {
			snprintf(why, len, "allows %s at 0x%llx, the entry %s",
				 perm_str(perm), (unsigned long long)addr, perm_str(e->perm));
			return false;
		}
		if ((addr | (walk.block_size - 1)) >= last)
			return true;
		addr = (addr | (walk.block_size - 1)) + 1;
	}
}

/* Whether the core knows [@iova, @last] of @table's domains awaits a flush. */
static bool recorded_stale(const struct check_ctx *ctx, phys_addr_t table, u64 iova,
			   u64 last)
{
	const struct iommu_unflushed *u;
	struct iommu_domain *domain;
	size_t pos = 0;

	while ((domain = check_table_domain(ctx, table, &pos)))
		list_for_each_entry(u, &domain->unflushed, node)
			if (u->start <= last && iova <= u->last)
				return true;
	return false;
}

static void check_entry(struct check_ctx *ctx, struct sim_hw *hw,
			const struct tag_paths *tp, const struct sim_hw_tlb_entry *e)
{
	const struct sim_hw_path *path;
	struct sim_hw_path shared;
	char subject[64], owner[64], why[128];

	if (e->tagged) {
		/* No master's path carries the tag: nothing can hit the entry. */
		path = tag_path_find(tp, e->tag);
		if (!path)
			return;
	} else {
		if (hw->type->peek_path(hw, NULL, &shared))
			return;
		path = &shared;
	}
	if (entry_matches(hw, path, e, why, sizeof(why)) ||
	    recorded_stale(ctx, path->table, e->iova, e->iova + e->size - 1))
		return;
	snprintf(subject, sizeof(subject), "iommu=%s", hw->name);
	check_report(ctx, "tlb", subject,
		     "%s TLB entry 0x%llx+0x%llx -> 0x%llx is stale: the table at 0x%llx (%s) %s, and no unmap there awaits a flush; %s would have removed it",
		     hw->name, (unsigned long long)e->iova, (unsigned long long)e->size,
		     (unsigned long long)e->pa, (unsigned long long)path->table,
		     check_table_owner(ctx, path->table, owner, sizeof(owner)), why, e->flush);
}

static bool same_path(const struct sim_hw_path *a, const struct sim_hw_path *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind != SIM_PATH_TABLE ||
	       (a->table == b->table && a->levels == b->levels && a->tag == b->tag);
}

static void check_cached_paths(struct check_ctx *ctx, struct sim_hw *hw)
{
	struct sim_hw_path cached, now;
	char subject[64], was[160], is[160];
	u32 id;
	int ret;

	snprintf(subject, sizeof(subject), "iommu=%s", hw->name);
	for (unsigned int i = 0; (ret = hw->type->peek_cached_path(hw, i, &id, &cached, &now)) >= 0; i++) {
		if (!ret || same_path(&cached, &now))
			continue;
		check_report(ctx, "tlb", subject,
			     "%s context cache entry for %02x:%02x.%x is stale: it sends DMA %s, the entry in memory %s; a device-selective context-cache invalidation would have removed it",
			     hw->name, id >> 8, (id >> 3) & 0x1f, id & 7,
			     check_path_str(ctx, &cached, was, sizeof(was)),
			     check_path_str(ctx, &now, is, sizeof(is)));
	}
}

static void check_model(struct check_ctx *ctx, struct sim_hw *hw)
{
	struct tag_paths tp = { 0 };
	struct sim_hw_tlb_entry e;
	bool tagged = false;
	int ret;

	for (unsigned int i = 0; (ret = hw->type->peek_tlb(hw, i, &e)) >= 0 && !tagged; i++)
		tagged = ret && e.tagged;
	if (tagged && collect_tag_paths(ctx, hw, &tp)) {
		ctx->err = -ENOMEM;
		goto out;
	}
	for (unsigned int i = 0; (ret = hw->type->peek_tlb(hw, i, &e)) >= 0; i++)
		if (ret)
			check_entry(ctx, hw, &tp, &e);
	if (hw->type->peek_cached_path)
		check_cached_paths(ctx, hw);
out:
	free(tp.v);
}

void check_tlb(struct check_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nr_iommus; i++)
		if (ctx->iommus[i]->type->peek_tlb)
			check_model(ctx, ctx->iommus[i]);
}
