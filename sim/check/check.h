/*
 * What the checker's files share: the run's context (which objects are
 * alive, which table each domain has), the report, and the path a master's
 * accesses take through its IOMMU model.  One function per invariant.
 */
#ifndef SIM_CHECK_CHECK_H
#define SIM_CHECK_CHECK_H

#include <sim/hw.h>
#include <sim/of.h>
#include <sim/printk.h>
#include <sim/types.h>

struct sim;
struct device;
struct iommu_group;
struct iommu_domain;

/* A set of pointers, compared and never followed, each with a number. */
struct check_ptr {
	const void *p;
	size_t val;
};

struct check_ptr_set {
	struct check_ptr *v;		/* sorted by pointer once filled */
	size_t count;
};

/* Room for @n pointers.  Returns 0 or -ENOMEM. */
int check_ptrs_init(struct check_ptr_set *set, size_t n);
void check_ptrs_release(struct check_ptr_set *set);
/* Adds @p (at most the @n of init), then check_ptrs_sort() before a lookup. */
void check_ptrs_add(struct check_ptr_set *set, const void *p, size_t val);
void check_ptrs_sort(struct check_ptr_set *set);
/* True if @p is in the set; *@val (if not NULL) gets its number. */
bool check_ptrs_get(const struct check_ptr_set *set, const void *p, size_t *val);

/* One domain's first-level table. */
struct check_table {
	phys_addr_t table;
	struct iommu_domain *domain;
	size_t order;			/* position among the domains, for ties */
};

struct check_ctx {
	struct sim *sim;
	struct sim_check *check;
	struct check_ptr_set devices;	/* on sim->devices */
	struct check_ptr_set groups;	/* on sim->groups */
	struct check_table *tables;	/* sorted by table */
	size_t nr_tables;
	struct check_ptr_set domains;	/* each domain with a table: its entry in @tables */
	struct sim_hw **iommus;		/* the models that say where accesses go */
	bool *iommu_grouped;		/* some group member's accesses reach it */
	size_t nr_iommus;
	int violations;
	int err;			/* -ENOMEM once anything failed */
};

/* The path port @port of a master takes, as its IOMMU model says now. */
struct check_path {
	struct sim_hw *hw;
	struct of_phandle_args spec;
	struct sim_hw_path path;
	/*
	 * false while a suspended device (a larb) the master's DMA resumes
	 * first will redo the BYPASS/TABLE choice when it resumes
	 */
	bool kind_known;
};

/*
 * Reports one violation of invariant @check about @subject ("group=0",
 * "dev=ovl0": the trace's keys, each one of
 * IOMMU_LAB_TRACE_WARN_SUBJECT_KEYS), unless the previous run reported
 * the same message.  Reports are never repeated within a run either.
 */
void check_report(struct check_ctx *ctx, const char *check, const char *subject,
		  const char *fmt, ...) __printf(4, 5);

bool check_device_live(const struct check_ctx *ctx, const struct device *dev);
bool check_group_live(const struct check_ctx *ctx, const struct iommu_group *group);

/* @domain's first-level table in *@table: 0, or -ENODEV if it has none. */
int check_domain_table(const struct check_ctx *ctx, const struct iommu_domain *domain,
		       phys_addr_t *table);
/* The domains whose table is @table: call with *@pos 0, then again until NULL. */
struct iommu_domain *check_table_domain(const struct check_ctx *ctx, phys_addr_t table,
					size_t *pos);
/* "dom0's", "dom0's, freed" or "no domain's": whose table @table is. */
const char *check_table_owner(const struct check_ctx *ctx, phys_addr_t table,
			      char *buf, size_t len);

/* True while @dev's first attach is deferred. */
bool check_attach_deferred(struct device *dev);

/* How many DMA ports @dev's hardware has (its "iommus" entries, at least 1). */
unsigned int check_device_ports(struct device *dev);
/*
 * Where port @port of @dev goes.  Returns 0, 1 when it reaches no IOMMU
 * model that can say (straight to memory, no model), -errno otherwise.
 */
int check_device_path(struct check_ctx *ctx, struct device *dev, unsigned int port,
		      struct check_path *cp);
/* "translated through the table at 0x...", "untranslated (why)", "blocked (why)" */
const char *check_path_str(const struct check_ctx *ctx, const struct sim_hw_path *path,
			   char *buf, size_t len);

/* The invariants, in the order they run (docs/invariants.md). */
void check_translation(struct check_ctx *ctx);
void check_vfio_owner(struct check_ctx *ctx);
void check_refcounts(struct check_ctx *ctx);
void check_freed(struct check_ctx *ctx);
void check_mappings(struct check_ctx *ctx);
void check_tlb(struct check_ctx *ctx);

#endif
