/*
 * Hardware models and the path a DMA master's accesses take to memory.
 *
 * At board load a model is made for every node whose compatible one of
 * them implements (the M4U, SMI larbs, the VT-d-like unit, the edu
 * device), as a machine's hardware exists before any driver runs.  A
 * master's access goes where the board wires it: through the IOMMU its
 * "iommus" (or its PCI host bridge's "iommu-map") names, else straight to
 * memory.  An IOMMU model decides, page by page, where the access lands.
 *
 * A master is a hardware record, struct sim_bus_master: the node it is
 * wired from, its requester ID, its ports.  The models know nothing of
 * the simulated kernel's struct device; whoever holds one fills a record
 * from it (dev_bus_master(), sim/device.h).
 */
#ifndef SIM_HW_H
#define SIM_HW_H

#include <sim/dma-xlate.h>
#include <sim/list.h>
#include <sim/of.h>
#include <sim/types.h>

struct sim;
struct sim_hw;
struct sim_pgtable_walk;

/*
 * Where an IOMMU model would send a master's accesses now, as its
 * registers and in-memory entries say (not its caches).
 */
enum sim_hw_path_kind {
	SIM_PATH_BYPASS,	/* untranslated, straight to memory */
	SIM_PATH_BLOCKED,	/* every access faults */
	SIM_PATH_TABLE,		/* translated through @table */
};

struct sim_hw_path {
	enum sim_hw_path_kind kind;
	phys_addr_t table;	/* the first-level table (BYPASS: the one a set bit would use) */
	unsigned int levels;	/* the table's levels; 0 where the format fixes them */
	u32 tag;		/* what the IOTLB tags this path's entries with */
	/*
	 * The node of a device that rewrites the registers behind a BYPASS
	 * verdict when it resumes (a larb): while that device is suspended
	 * and the master's DMA would resume it first, the verdict says
	 * nothing.  NULL otherwise.
	 */
	const struct device_node *gate;
	char why[96];		/* BYPASS, BLOCKED: the register or entry that says so */
};

#define SIM_HW_PERM_READ	BIT(0)
#define SIM_HW_PERM_WRITE	BIT(1)

/* One translation a model's TLB holds. */
struct sim_hw_tlb_entry {
	u64 iova;		/* first IOVA it maps */
	u64 size;
	u64 pa;			/* what @iova maps to, as the model's output */
	bool tagged;		/* belongs to the paths whose tag is @tag ... */
	u32 tag;		/* ... else to the model's one table */
	int perm;		/* SIM_HW_PERM_* it allows; -1: the format has none */
	char flush[96];		/* the invalidation that would remove it */
};

/*
 * A bus master as the hardware sees it.  Its "iommus" entries are its
 * ports; a PCI function has one, and its host bridge's "iommu-map" routes
 * its requester ID.
 */
struct sim_bus_master {
	struct sim *sim;
	const char *name;		/* what the traces call it: its device's name */
	const struct device_node *np;	/* NULL: wired straight to memory */
	bool pci;			/* a function under a PCI host bridge */
	u16 rid;			/* PCI only: bus << 8 | devfn, from its "reg" */
	unsigned int nr_ports;		/* its "iommus" entries, at least 1 */
};

/* One access by a master, as the IOMMU sees it. */
struct sim_dma_req {
	const struct sim_bus_master *master;
	const struct of_phandle_args *spec;	/* the master's IOMMU specifier */
	u64 addr;
	bool write;
};

struct sim_hw_type {
	const char *compatible;
	/* Makes the model for @np; hw->priv is the model's. Returns 0 or -errno. */
	int (*create)(struct sim_hw *hw);
	void (*destroy)(struct sim_hw *hw);
	/* IOMMUs only: where @req lands.  Returns 0 or -errno. */
	int (*translate)(struct sim_hw *hw, const struct sim_dma_req *req,
			 struct sim_dma_xlate *out);
	/*
	 * Masters with a DMA engine of their own (edu): carries out `dma
	 * read|write` by programming the engine through its registers and
	 * running the clock until it is done.  Same results as
	 * sim_dma_access(); NULL for masters the console drives directly.
	 */
	int (*dma_engine)(struct sim_hw *hw, u64 addr, void *buf, size_t len,
			  bool write, void (*observe)(void *ctx, u64 addr,
						      const struct sim_dma_xlate *x),
			  void *ctx);

	/*
	 * IOMMUs only, and read-only: nothing cached, counted or latched
	 * changes.  The checker (sim/check/) compares what they say with
	 * the IOMMU core's state.
	 *
	 * peek_path: the path of accesses that carry @spec; @spec NULL asks
	 * for the path every master shares, -EINVAL if there is none.
	 * Returns 0 or -errno.
	 */
	int (*peek_path)(struct sim_hw *hw, const struct of_phandle_args *spec,
			 struct sim_hw_path *path);
	/* TLB entry @i: 1 if valid, 0 for an empty slot, -ENOENT past the end. */
	int (*peek_tlb)(struct sim_hw *hw, unsigned int i, struct sim_hw_tlb_entry *e);
	/*
	 * Cached path @i (a context cache): 1 with its source @id, the path
	 * the cache holds and the one the entry in memory gives now; 0 for
	 * an empty slot, -ENOENT past the end.  NULL for models that cache
	 * no paths.
	 */
	int (*peek_cached_path)(struct sim_hw *hw, unsigned int i, u32 *id,
				struct sim_hw_path *cached, struct sim_hw_path *now);
	/*
	 * The model's walk of @iova through @path's table; *@perm gets what
	 * the walk allows (SIM_HW_PERM_*), -1 for a format without
	 * permissions.
	 */
	void (*walk)(struct sim_hw *hw, const struct sim_hw_path *path, u64 iova,
		     struct sim_pgtable_walk *walk, int *perm);
};

struct sim_hw {
	struct list_head node;		/* sim->hw, in tree order */
	const struct sim_hw_type *type;
	struct sim *sim;
	struct device_node *np;
	const char *name;		/* the node's label, else its name */
	/*
	 * The name of the device the kernel made for the node, while it
	 * exists: a PCI function masters the bus once it is enumerated.
	 * The machine keeps it (sim_hw_set_master()); NULL: none.
	 */
	const char *master_name;
	void *priv;
};

/* Every model type the simulator has, and their count. */
extern const struct sim_hw_type *const sim_hw_types[];
extern const size_t sim_hw_type_count;

/*
 * Makes the models of every node of the loaded board.  Returns 0, or
 * -errno with the node whose model failed in *@failed (-EBUSY: its
 * registers overlap another model's).
 */
int sim_hw_create_all(struct sim *sim, struct device_node **failed);
/* Makes the model of one node added later (dev add); 0 if it needs none. */
int sim_hw_create_node(struct sim *sim, struct device_node *np);
/* Destroys the model of @np, if it has one (dev del). */
void sim_hw_destroy_node(struct sim *sim, struct device_node *np);
/* Destroys every model, newest first. */
void sim_hw_destroy_all(struct sim *sim);

struct sim_hw *sim_hw_find(struct sim *sim, const struct device_node *np);
/* The model named @name (a label), or NULL. */
struct sim_hw *sim_hw_find_by_name(struct sim *sim, const char *name);
/* The first model of @type, or NULL. */
struct sim_hw *sim_hw_first(struct sim *sim, const struct sim_hw_type *type);

/*
 * Tells the model of @np, if it has one, that the device the kernel made
 * for it is called @name (NULL: it is gone).
 */
void sim_hw_set_master(struct sim *sim, const struct device_node *np,
		       const char *name);

/*
 * Fills @m for the master wired from @np (NULL: none, straight to
 * memory), which the traces call @name: a PCI function's requester ID
 * from its "reg", its ports from its "iommus".
 */
void sim_bus_master_init(struct sim_bus_master *m, struct sim *sim,
			 const struct device_node *np, const char *name);

/*
 * The IOMMU specifier of @m's DMA port @port (its "iommus" entry, or for
 * a PCI function its requester ID mapped through the bridge).  Returns 0,
 * 1 when the master is wired straight to memory, -ENOENT when it has no
 * such port, -EINVAL for a specifier that leads nowhere.
 */
int sim_hw_dma_route(const struct sim_bus_master *m, unsigned int port,
		     struct of_phandle_args *spec);

/* Called for each piece of an access, after memory was read or written. */
typedef void (*sim_dma_observer)(void *ctx, u64 addr, const struct sim_dma_xlate *x);

/*
 * @m's access: @len bytes at bus address @addr through port @port,
 * read into or written from @buf.  Faulting pieces the IOMMU redirects
 * land where it says; aborted ones read as all ones and write nothing.
 * Returns 0 when every piece reached memory untroubled, 1 when some
 * faulted or aborted, -ENOENT/-EINVAL from the route, -ERANGE when the
 * access wraps the address space.
 */
int sim_dma_access(const struct sim_bus_master *m, unsigned int port, u64 addr,
		   void *buf, size_t len, bool write, sim_dma_observer observe, void *ctx);

#endif
