/*
 * VT-d second-level page tables in pages of RAM: 4 KiB
 * tables of 512 64-bit entries, 3 levels for a 39-bit domain, 4 for 48
 * and 5 for 57, leaves of 4 KiB, 2 MiB and 1 GiB.  The layout is drawn in
 * vtd.h.  The driver's map and unmap callbacks and the lab's hardware
 * walker both go through here; nothing here traces or knows about domains.
 */
#include <linux/errno.h>
#include <linux/mm.h>

#include "vtd.h"

static unsigned int vtd_pte_index(u64 iova, unsigned int level)
{
	return (iova >> (VTD_PAGE_SHIFT + VTD_LEVEL_STRIDE * (level - 1))) &
	       (VTD_PTES_PER_TABLE - 1);
}

static phys_addr_t vtd_pte_addr(phys_addr_t table, unsigned int index)
{
	return table + (phys_addr_t)index * sizeof(u64);
}

static bool vtd_pte_present(u64 pte)
{
	return pte & (VTD_PTE_R | VTD_PTE_W);
}

static bool vtd_pte_is_leaf(u64 pte, unsigned int level)
{
	return level == 1 || (pte & VTD_PTE_PS);
}

static int table_alloc(struct vtd_pgtable *pgt, phys_addr_t *pa)
{
	return vtd_table_alloc(pa);
}

static void table_release(struct vtd_pgtable *pgt, phys_addr_t pa)
{
	vtd_table_free(pa);
}

/* Frees the table at @table of @level and every table below it. */
static void free_subtree(struct vtd_pgtable *pgt, phys_addr_t table,
			 unsigned int level)
{
	if (level > 1) {
		for (unsigned int i = 0; i < VTD_PTES_PER_TABLE; i++) {
			u64 pte = vtd_read64(vtd_pte_addr(table, i));

			if (vtd_pte_present(pte) && !vtd_pte_is_leaf(pte, level))
				free_subtree(pgt, pte & VTD_PTE_ADDR_MASK,
					     level - 1);
		}
	}
	table_release(pgt, table);
}

/* True if some leaf is reachable from the table at @table of @level. */
static bool subtree_has_leaf(struct vtd_pgtable *pgt, phys_addr_t table,
			     unsigned int level)
{
	for (unsigned int i = 0; i < VTD_PTES_PER_TABLE; i++) {
		u64 pte = vtd_read64(vtd_pte_addr(table, i));

		if (!vtd_pte_present(pte))
			continue;
		if (vtd_pte_is_leaf(pte, level) ||
		    subtree_has_leaf(pgt, pte & VTD_PTE_ADDR_MASK, level - 1))
			return true;
	}
	return false;
}

void vtd_pgtable_init(struct vtd_pgtable *pgt, unsigned int levels)
{
	*pgt = (struct vtd_pgtable) { .levels = levels };
}

int vtd_pgtable_alloc_root(struct vtd_pgtable *pgt)
{
	int ret;

	if (pgt->has_root)
		return 0;
	ret = table_alloc(pgt, &pgt->root);
	if (ret)
		return ret;
	pgt->has_root = true;
	return 0;
}

static int pgsize_to_level(size_t pgsize)
{
	switch (pgsize) {
	case SZ_4K:
		return 1;
	case SZ_2M:
		return 2;
	case SZ_1G:
		return 3;
	default:
		return -EINVAL;
	}
}

int vtd_pgtable_map(struct vtd_pgtable *pgt, u64 iova, phys_addr_t pa,
		    size_t pgsize, u64 attr)
{
	int target = pgsize_to_level(pgsize);
	phys_addr_t table, slot;
	u64 pte;
	int ret;

	if (target < 0 || (unsigned int)target > pgt->levels ||
	    ((iova | pa) & (pgsize - 1)) || (pa & ~VTD_PTE_ADDR_MASK) ||
	    !(attr & (VTD_PTE_R | VTD_PTE_W)) ||
	    (attr & ~(VTD_PTE_R | VTD_PTE_W | VTD_PTE_SNP)))
		return -EINVAL;
	if (iova >> vtd_levels_to_width(pgt->levels))
		return -ERANGE;
	if (!pgt->has_root)
		return -ENOMEM;

	table = pgt->root;
	for (unsigned int level = pgt->levels; level > (unsigned int)target; level--) {
		slot = vtd_pte_addr(table, vtd_pte_index(iova, level));
		pte = vtd_read64(slot);
		if (!vtd_pte_present(pte)) {
			phys_addr_t next;

			ret = table_alloc(pgt, &next);
			if (ret)
				return ret;
			pte = next | VTD_PTE_R | VTD_PTE_W;
			vtd_write64(slot, pte);
		} else if (vtd_pte_is_leaf(pte, level)) {
			return -EEXIST;		/* inside a bigger page */
		}
		table = pte & VTD_PTE_ADDR_MASK;
	}

	slot = vtd_pte_addr(table, vtd_pte_index(iova, target));
	pte = vtd_read64(slot);
	if (vtd_pte_present(pte)) {
		phys_addr_t child = pte & VTD_PTE_ADDR_MASK;

		/* 6.1's switch_to_super_page(), minus clobbering live pages */
		if (vtd_pte_is_leaf(pte, target) ||
		    subtree_has_leaf(pgt, child, target - 1))
			return -EEXIST;
		free_subtree(pgt, child, target - 1);
	}
	pte = pa | attr;
	if (target > 1)
		pte |= VTD_PTE_PS;
	vtd_write64(slot, pte);
	return 0;
}

/*
 * Clears [@start, @last] below the table at @table of @level, whose first
 * entry maps @base.
 */
static void clear_level(struct vtd_pgtable *pgt, phys_addr_t table,
			unsigned int level, u64 base, u64 start, u64 last)
{
	u64 span = vtd_level_size(level);
	unsigned int first = start > base ? vtd_pte_index(start, level) : 0;

	for (unsigned int i = first; i < VTD_PTES_PER_TABLE; i++) {
		u64 lo = base + i * span, hi = lo + span - 1;
		phys_addr_t slot = vtd_pte_addr(table, i);
		u64 pte = vtd_read64(slot);

		if (lo > last)
			break;
		if (!vtd_pte_present(pte))
			continue;
		if (vtd_pte_is_leaf(pte, level) || (start <= lo && last >= hi)) {
			if (!vtd_pte_is_leaf(pte, level))
				free_subtree(pgt, pte & VTD_PTE_ADDR_MASK,
					     level - 1);
			vtd_write64(slot, 0);
		} else {
			clear_level(pgt, pte & VTD_PTE_ADDR_MASK, level - 1,
				    lo, start, last);
		}
	}
}

size_t vtd_pgtable_unmap(struct vtd_pgtable *pgt, u64 iova, size_t size)
{
	unsigned int level;
	u64 leaf_size;

	if (!size || !vtd_pgtable_lookup(pgt, iova, &level))
		return 0;
	leaf_size = vtd_level_size(level);
	if (size < leaf_size) {
		size = leaf_size;
		iova &= ~(leaf_size - 1);
	}
	clear_level(pgt, pgt->root, pgt->levels, 0, iova, iova + size - 1);
	return size;
}

void vtd_pgtable_clear(struct vtd_pgtable *pgt, u64 iova, u64 size)
{
	if (pgt->has_root && size)
		clear_level(pgt, pgt->root, pgt->levels, 0, iova, iova + size - 1);
}

unsigned int vtd_pgtable_stop_level(const struct vtd_pgtable *pgt, u64 iova,
				    bool *leaf)
{
	phys_addr_t table = pgt->root;
	unsigned int l;

	*leaf = false;
	if (iova >> vtd_levels_to_width(pgt->levels))
		return 0;
	if (!pgt->has_root)	/* 6.1's empty pgd: the top entry is not present */
		return pgt->levels;
	for (l = pgt->levels; l > 1; l--) {
		u64 pte = vtd_read64(vtd_pte_addr(table, vtd_pte_index(iova, l)));

		if (!vtd_pte_present(pte))
			return l;
		if (vtd_pte_is_leaf(pte, l)) {
			*leaf = true;
			return l;
		}
		table = pte & VTD_PTE_ADDR_MASK;
	}
	*leaf = vtd_pte_present(vtd_read64(vtd_pte_addr(table, vtd_pte_index(iova, 1))));
	return 1;
}

u64 vtd_pgtable_lookup(const struct vtd_pgtable *pgt, u64 iova,
		       unsigned int *level)
{
	phys_addr_t table = pgt->root;

	if (!pgt->has_root || (iova >> vtd_levels_to_width(pgt->levels)))
		return 0;
	for (unsigned int l = pgt->levels; l >= 1; l--) {
		u64 pte = vtd_read64(vtd_pte_addr(table, vtd_pte_index(iova, l)));

		if (!vtd_pte_present(pte))
			return 0;
		if (vtd_pte_is_leaf(pte, l)) {
			if (level)
				*level = l;
			return pte;
		}
		table = pte & VTD_PTE_ADDR_MASK;
	}
	return 0;
}

phys_addr_t vtd_pgtable_iova_to_phys(const struct vtd_pgtable *pgt, u64 iova)
{
	unsigned int level;
	u64 pte = vtd_pgtable_lookup(pgt, iova, &level);

	if (!pte)
		return 0;
	return (pte & VTD_PTE_ADDR_MASK) + (iova & (vtd_level_size(level) - 1));
}

void vtd_pgtable_drop_level(struct vtd_pgtable *pgt)
{
	phys_addr_t old = pgt->root, next = 0;
	bool has_next = false;

	if (pgt->levels <= VTD_MIN_LEVELS)
		return;
	if (pgt->has_root) {
		for (unsigned int i = 0; i < VTD_PTES_PER_TABLE; i++) {
			phys_addr_t slot = vtd_pte_addr(old, i);
			u64 pte = vtd_read64(slot);

			if (!vtd_pte_present(pte))
				continue;
			if (i == 0 && !vtd_pte_is_leaf(pte, pgt->levels)) {
				next = pte & VTD_PTE_ADDR_MASK;
				has_next = true;
			} else if (!vtd_pte_is_leaf(pte, pgt->levels)) {
				free_subtree(pgt, pte & VTD_PTE_ADDR_MASK,
					     pgt->levels - 1);
			}
			vtd_write64(slot, 0);
		}
		/* An empty old root serves as the new, lower one. */
		if (has_next) {
			table_release(pgt, old);
			pgt->root = next;
		}
	}
	pgt->levels--;
}

void vtd_pgtable_free(struct vtd_pgtable *pgt)
{
	if (pgt->has_root)
		free_subtree(pgt, pgt->root, pgt->levels);
	pgt->has_root = false;
}
