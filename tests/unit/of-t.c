/*
 * Unit tests of sim/of/of.c: loading a blob into a node tree, the lookups,
 * phandle arguments, run-time nodes, and surviving broken blobs.  Expected
 * values are read by hand from tests/fixtures/of-test.dts and of-small.dts
 * (the comment beside each check says where from), or follow Linux 6.1's
 * drivers/of where a comment says so.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/errno.h>
#include <sim/of.h>

#include "unit.h"

#ifndef TEST_FIXTURES
#error "TEST_FIXTURES must be the directory of the compiled fixtures"
#endif

#define BAD_BLOB "bad device tree blob: "

static void *read_fixture(const char *name, size_t *size)
{
	char path[1024];
	void *blob;

	snprintf(path, sizeof(path), "%s/%s.dtb", TEST_FIXTURES, name);
	blob = unit_read_file(path, size);
	if (!blob)
		fail_msg("cannot read %s", path);
	return blob;
}

static struct of_tree *load_fixture(const char *name)
{
	char err[256] = "";
	struct of_tree *tree;
	size_t size;
	void *blob;

	blob = read_fixture(name, &size);
	tree = of_tree_from_fdt(blob, size, err, sizeof(err));
	/* freed before any lookup: the tree must not point into the blob */
	memset(blob, 0, size);
	free(blob);
	if (!tree)
		fail_msg("%s: %s", name, err);
	return tree;
}

static int setup_of_test(void **state)
{
	*state = load_fixture("of-test");
	return 0;
}

static int teardown_tree(void **state)
{
	of_tree_free(*state);
	return 0;
}

static struct device_node *node(const struct of_tree *tree, const char *path)
{
	struct device_node *np = of_find_node_by_path(tree, path);

	if (!np)
		fail_msg("no node '%s'", path);
	return np;
}

/* Loads a blob, expecting failure with exactly @reason (or just the prefix). */
static void expect_bad_blob(const void *blob, size_t size, const char *reason)
{
	char err[256] = "";
	struct of_tree *tree;

	tree = of_tree_from_fdt(blob, size, err, sizeof(err));
	if (tree) {
		of_tree_free(tree);
		fail_msg("blob of %zu bytes loaded, expected '%s'", size,
			 reason ? reason : BAD_BLOB "...");
	}
	if (strncmp(err, BAD_BLOB, strlen(BAD_BLOB)))
		fail_msg("reason '%s' for a blob of %zu bytes", err, size);
	if (reason)
		assert_string_equal(err, reason);
}

static void test_load_nodes(void **state)
{
	static const char *const soc_children[] = {
		"larb@14021000", "master@14022000", "mixed@14023000",
		"holes@14024000", "short@14025000", "late-short@14026000",
		"nocells-ref@14027000", "unknown-ref@14028000",
		"ragged@14029000", "via-legacy@1402a000", "serial@1100c000",
		"props",
	};
	struct of_tree *tree = *state;
	struct device_node *soc, *np;
	size_t i;

	/*
	 * of-test.dts: root, aliases, iommu, smmu, nocells, legacy, soc, the
	 * 12 children of soc, and the __symbols__ dtc -@ adds: 20 nodes.
	 */
	assert_int_equal(tree->count, 20);
	assert_ptr_equal(tree->root, tree->nodes[0]);
	assert_string_equal(tree->root->path, "/");
	assert_string_equal(tree->root->full_name, "");
	assert_null(tree->root->parent);
	/* blob order is source order, depth first */
	assert_string_equal(tree->nodes[1]->path, "/aliases");
	assert_string_equal(tree->nodes[2]->path, "/iommu@10205000");
	assert_string_equal(tree->nodes[6]->path, "/soc");
	assert_string_equal(tree->nodes[7]->path, "/soc/larb@14021000");
	assert_string_equal(tree->nodes[18]->path, "/soc/props");
	assert_string_equal(tree->nodes[19]->path, "/__symbols__");

	/* soc's children in source order, each pointing back at soc */
	soc = tree->nodes[6];
	np = soc->child;
	for (i = 0; i < ARRAY_SIZE(soc_children); i++, np = np->sibling) {
		assert_non_null(np);
		assert_string_equal(np->full_name, soc_children[i]);
		assert_ptr_equal(np->parent, soc);
	}
	assert_null(np);

	/* "larb@14021000": name without the unit address */
	np = tree->nodes[7];
	assert_string_equal(np->name, "larb");
	assert_string_equal(np->full_name, "larb@14021000");
	assert_null(np->dev);
	/* "props" has no unit address */
	assert_string_equal(tree->nodes[18]->name, "props");
}

static void test_find_by_path(void **state)
{
	struct of_tree *tree = *state;

	assert_ptr_equal(of_find_node_by_path(tree, "/"), tree->root);
	assert_ptr_equal(of_find_node_by_path(tree, "/soc/larb@14021000"), tree->nodes[7]);
	/* the kernel matches whole names: no "larb" without its address */
	assert_null(of_find_node_by_path(tree, "/soc/larb"));
	/* nor a trailing slash, nor a doubled one (__of_find_node_by_path) */
	assert_null(of_find_node_by_path(tree, "/soc/"));
	assert_null(of_find_node_by_path(tree, "//soc"));
	assert_null(of_find_node_by_path(tree, "/nope"));
	assert_null(of_find_node_by_path(tree, ""));
	assert_null(of_find_node_by_path(tree, NULL));
	assert_null(of_find_node_by_path(NULL, "/"));
	/* options after ':' are not part of the path */
	assert_ptr_equal(of_find_node_by_path(tree, "/soc:opts"), tree->nodes[6]);

	/* aliases { serial0 = &uart0; soc = "/soc"; broken = "not-a-path"; } */
	assert_string_equal(node(tree, "serial0")->path, "/soc/serial@1100c000");
	assert_string_equal(node(tree, "serial0:115200n8")->path, "/soc/serial@1100c000");
	assert_ptr_equal(of_find_node_by_path(tree, "soc"), tree->nodes[6]);
	assert_ptr_equal(of_find_node_by_path(tree, "soc/larb@14021000"), tree->nodes[7]);
	assert_null(of_find_node_by_path(tree, "broken"));
	assert_null(of_find_node_by_path(tree, "serial1"));
}

static void test_labels(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *serial = node(tree, "/soc/serial@1100c000");

	/* m4u: iommu@10205000, larb0: larb@14021000 */
	assert_ptr_equal(of_find_node_by_label(tree, "m4u"), node(tree, "/iommu@10205000"));
	assert_ptr_equal(of_find_node_by_label(tree, "larb0"), tree->nodes[7]);
	assert_string_equal(tree->nodes[7]->label, "larb0");
	/* "uart0: first: serial@1100c000": the first label written is its label */
	assert_string_equal(serial->label, "uart0");
	assert_ptr_equal(of_find_node_by_label(tree, "uart0"), serial);
	assert_ptr_equal(of_find_node_by_label(tree, "first"), serial);
	/* mixed@14023000 and the root have none */
	assert_null(node(tree, "/soc/mixed@14023000")->label);
	assert_null(tree->root->label);
	assert_null(of_find_node_by_label(tree, "nope"));
	assert_null(of_find_node_by_label(tree, NULL));
}

static void test_phandles(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *larb = tree->nodes[7];

	/* explicit in of-test.dts: phandle = <0x10>, <0x20>, <0x30> */
	assert_int_equal(node(tree, "/iommu@10205000")->phandle, 0x10);
	assert_int_equal(node(tree, "/smmu@12000000")->phandle, 0x20);
	assert_int_equal(node(tree, "/nocells@13000000")->phandle, 0x30);
	/* legacy@13100000 has only linux,phandle = <0x40> */
	assert_int_equal(node(tree, "/legacy@13100000")->phandle, 0x40);
	assert_ptr_equal(of_find_node_by_phandle(tree, 0x40), node(tree, "/legacy@13100000"));
	assert_ptr_equal(of_find_node_by_phandle(tree, 0x20), node(tree, "/smmu@12000000"));
	/* 0 is no phandle; nothing has 0xdead */
	assert_null(of_find_node_by_phandle(tree, 0));
	assert_null(of_find_node_by_phandle(tree, 0xdead));
	/* dtc -@ gives every labelled node a phandle of its own choosing */
	assert_int_not_equal(larb->phandle, 0);
	assert_ptr_equal(of_find_node_by_phandle(tree, larb->phandle), larb);
	/* mixed@14023000 has no label and nothing points at it */
	assert_int_equal(node(tree, "/soc/mixed@14023000")->phandle, 0);
}

/* Parses entry @index of "iommus" on @path, expecting @ret. */
static struct of_phandle_args iommus(const struct of_tree *tree, const char *path,
				     int index, int ret)
{
	struct of_phandle_args args;

	memset(&args, 0xa5, sizeof(args));
	assert_int_equal(of_parse_phandle_with_args(node(tree, path), "iommus",
						    "#iommu-cells", index, &args), ret);
	return args;
}

static void test_phandle_args_one_cell(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *m4u = node(tree, "/iommu@10205000");
	struct of_phandle_args args;

	/* larb0: iommus = <&m4u 5>, m4u has #iommu-cells = <1> */
	args = iommus(tree, "/soc/larb@14021000", 0, 0);
	assert_ptr_equal(args.np, m4u);
	assert_int_equal(args.args_count, 1);
	assert_int_equal(args.args[0], 5);
	iommus(tree, "/soc/larb@14021000", 1, -ENOENT);
	iommus(tree, "/soc/larb@14021000", -1, -EINVAL);
	assert_int_equal(of_count_phandle_with_args(tree->nodes[7], "iommus",
						    "#iommu-cells"), 1);
	/* a missing list is -ENOENT (of_phandle_iterator_init) */
	assert_int_equal(of_parse_phandle_with_args(tree->nodes[7], "nope",
						    "#iommu-cells", 0, &args), -ENOENT);
	assert_int_equal(of_count_phandle_with_args(tree->nodes[7], "nope",
						    "#iommu-cells"), -ENOENT);
	/* out may be NULL */
	assert_int_equal(of_parse_phandle_with_args(tree->nodes[7], "iommus",
						    "#iommu-cells", 0, NULL), 0);

	/* via-legacy: iommus = <&legacy 6>, found through linux,phandle */
	args = iommus(tree, "/soc/via-legacy@1402a000", 0, 0);
	assert_ptr_equal(args.np, node(tree, "/legacy@13100000"));
	assert_int_equal(args.args_count, 1);
	assert_int_equal(args.args[0], 6);
}

static void test_phandle_args_two_cells(void **state)
{
	struct of_tree *tree = *state;
	struct of_phandle_args args;

	/* master: iommus = <&smmu 3 7>, smmu has #iommu-cells = <2> */
	args = iommus(tree, "/soc/master@14022000", 0, 0);
	assert_ptr_equal(args.np, node(tree, "/smmu@12000000"));
	assert_int_equal(args.args_count, 2);
	assert_int_equal(args.args[0], 3);
	assert_int_equal(args.args[1], 7);
	iommus(tree, "/soc/master@14022000", 1, -ENOENT);
}

static void test_phandle_args_mixed(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *m4u = node(tree, "/iommu@10205000");
	struct of_phandle_args args;

	/* mixed: iommus = <&m4u 1 &smmu 2 3 &m4u 4>: three entries */
	assert_int_equal(of_count_phandle_with_args(node(tree, "/soc/mixed@14023000"),
						    "iommus", "#iommu-cells"), 3);
	args = iommus(tree, "/soc/mixed@14023000", 0, 0);
	assert_ptr_equal(args.np, m4u);
	assert_int_equal(args.args_count, 1);
	assert_int_equal(args.args[0], 1);
	args = iommus(tree, "/soc/mixed@14023000", 1, 0);
	assert_ptr_equal(args.np, node(tree, "/smmu@12000000"));
	assert_int_equal(args.args_count, 2);
	assert_int_equal(args.args[0], 2);
	assert_int_equal(args.args[1], 3);
	args = iommus(tree, "/soc/mixed@14023000", 2, 0);
	assert_ptr_equal(args.np, m4u);
	assert_int_equal(args.args_count, 1);
	assert_int_equal(args.args[0], 4);
	iommus(tree, "/soc/mixed@14023000", 3, -ENOENT);
}

static void test_phandle_args_empty_entries(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *holes = node(tree, "/soc/holes@14024000");
	struct of_phandle_args args;

	/*
	 * holes: iommus = <0 &m4u 9 0>.  A 0 phandle is an empty entry with no
	 * arguments: it takes an index, and asking for it is -ENOENT
	 * (__of_parse_phandle_with_args); counting includes it.
	 */
	assert_int_equal(of_count_phandle_with_args(holes, "iommus", "#iommu-cells"), 3);
	iommus(tree, "/soc/holes@14024000", 0, -ENOENT);
	args = iommus(tree, "/soc/holes@14024000", 1, 0);
	assert_ptr_equal(args.np, node(tree, "/iommu@10205000"));
	assert_int_equal(args.args_count, 1);
	assert_int_equal(args.args[0], 9);
	iommus(tree, "/soc/holes@14024000", 2, -ENOENT);
	iommus(tree, "/soc/holes@14024000", 3, -ENOENT);
}

static void test_phandle_args_malformed(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *m4u = node(tree, "/iommu@10205000");
	struct device_node *np;
	struct of_phandle_args args;

	/* short: iommus = <&smmu 1>, smmu wants 2 cells, 1 is there */
	iommus(tree, "/soc/short@14025000", 0, -EINVAL);
	assert_int_equal(of_count_phandle_with_args(node(tree, "/soc/short@14025000"),
						    "iommus", "#iommu-cells"), -EINVAL);

	/* late-short: <&m4u 1 &smmu 5>: the first entry is fine, not the second */
	args = iommus(tree, "/soc/late-short@14026000", 0, 0);
	assert_ptr_equal(args.np, m4u);
	assert_int_equal(args.args[0], 1);
	iommus(tree, "/soc/late-short@14026000", 1, -EINVAL);
	assert_int_equal(of_count_phandle_with_args(node(tree, "/soc/late-short@14026000"),
						    "iommus", "#iommu-cells"), -EINVAL);

	/* nocells-ref: <&nocells 1>, and nocells has no #iommu-cells */
	np = node(tree, "/soc/nocells-ref@14027000");
	iommus(tree, "/soc/nocells-ref@14027000", 0, -EINVAL);
	assert_int_equal(of_count_phandle_with_args(np, "iommus", "#iommu-cells"), -EINVAL);
	/* without a cells name every cell is a phandle: 2 entries */
	assert_int_equal(of_count_phandle_with_args(np, "iommus", NULL), 2);
	assert_ptr_equal(of_parse_phandle(np, "iommus", 0), node(tree, "/nocells@13000000"));

	/* unknown-ref: <0xdead 1>, no node has phandle 0xdead */
	np = node(tree, "/soc/unknown-ref@14028000");
	iommus(tree, "/soc/unknown-ref@14028000", 0, -EINVAL);
	assert_null(of_parse_phandle(np, "iommus", 0));
	assert_int_equal(of_parse_phandle_with_args(np, "iommus", NULL, 0, &args), -EINVAL);

	/*
	 * ragged: iommus = [00 00 00 10 00] is one whole cell, phandle 0x10
	 * (m4u), whose argument is missing: the kernel drops the stray byte.
	 */
	np = node(tree, "/soc/ragged@14029000");
	iommus(tree, "/soc/ragged@14029000", 0, -EINVAL);
	assert_int_equal(of_count_phandle_with_args(np, "iommus", "#iommu-cells"), -EINVAL);
	assert_int_equal(of_count_phandle_with_args(np, "iommus", NULL), 1);
	assert_ptr_equal(of_parse_phandle(np, "iommus", 0), m4u);
	assert_null(of_parse_phandle(np, "iommus", 1));
	/* iommus-two = [00 00 00 10 00 00 00 05 ff ff]: <&m4u 5> and 2 stray bytes */
	assert_int_equal(of_parse_phandle_with_args(np, "iommus-two", "#iommu-cells",
						    0, &args), 0);
	assert_ptr_equal(args.np, m4u);
	assert_int_equal(args.args_count, 1);
	assert_int_equal(args.args[0], 5);
	assert_int_equal(of_parse_phandle_with_args(np, "iommus-two", "#iommu-cells",
						    1, &args), -ENOENT);
	assert_int_equal(of_count_phandle_with_args(np, "iommus-two", "#iommu-cells"), 1);
}

/* Makes a run-time provider with phandle @ph and @cells cells, and a user. */
static struct device_node *wide_user(struct of_tree *tree, const char *name,
				     u32 ph, u32 cells)
{
	u8 ph_be[4] = { 0, 0, 0, ph }, cells_be[4] = { 0, 0, 0, cells };
	u8 list[4 * 18] = { 0 };
	struct device_node *provider, *user;
	char pname[64];

	snprintf(pname, sizeof(pname), "%s-provider", name);
	provider = of_node_new(tree, NULL, pname, NULL);
	user = of_node_new(tree, NULL, name, NULL);
	assert_non_null(provider);
	assert_non_null(user);
	assert_int_equal(of_node_set_property(provider, "phandle", ph_be, 4), 0);
	assert_int_equal(of_node_set_property(provider, "#iommu-cells", cells_be, 4), 0);
	/* iommus = <ph 1 2 ... cells> */
	list[3] = ph;
	for (u32 i = 1; i <= cells; i++)
		list[4 * i + 3] = i;
	assert_int_equal(of_node_set_property(user, "iommus", list, 4 * (cells + 1)), 0);
	return user;
}

static void test_phandle_args_many_cells(void **state)
{
	struct of_tree *tree = *state;
	struct of_phandle_args args;
	struct device_node *np;

	/* 16 arguments, MAX_PHANDLE_ARGS, all come back */
	np = wide_user(tree, "sixteen", 0x70, 16);
	assert_int_equal(of_parse_phandle_with_args(np, "iommus", "#iommu-cells", 0, &args), 0);
	assert_int_equal(args.args_count, 16);
	assert_int_equal(args.args[0], 1);
	assert_int_equal(args.args[15], 16);
	/* 17 are cut to 16, as __of_parse_phandle_with_args() does */
	np = wide_user(tree, "seventeen", 0x71, 17);
	assert_int_equal(of_parse_phandle_with_args(np, "iommus", "#iommu-cells", 0, &args), 0);
	assert_int_equal(args.args_count, MAX_PHANDLE_ARGS);
	assert_int_equal(args.args[15], 16);
	assert_int_equal(of_count_phandle_with_args(np, "iommus", "#iommu-cells"), 1);
}

/*
 * of_for_each_phandle walks mixed@14023000's <&m4u 1 &smmu 2 3 &m4u 4>
 * entry by entry: m4u (#iommu-cells 1) with 1, smmu (2 cells) with 2 3,
 * m4u with 4, then -ENOENT; holes@14024000's <0 &m4u 9 0> gives an empty
 * entry (-ENOENT from the args), m4u with 9, an empty entry.
 */
static void test_phandle_iterator(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *m4u = node(tree, "/iommu@10205000");
	struct device_node *smmu = node(tree, "/smmu@12000000");
	struct of_phandle_iterator it;
	struct of_phandle_args args;
	int ret, i = 0;

	of_for_each_phandle(&it, ret, node(tree, "/soc/mixed@14023000"), "iommus",
			    "#iommu-cells", 0) {
		assert_int_equal(of_phandle_iterator_args(&it, &args), 0);
		switch (i++) {
		case 0:
			assert_ptr_equal(args.np, m4u);
			assert_int_equal(args.args_count, 1);
			assert_int_equal(args.args[0], 1);
			break;
		case 1:
			assert_ptr_equal(args.np, smmu);
			assert_int_equal(args.args_count, 2);
			assert_int_equal(args.args[0], 2);
			assert_int_equal(args.args[1], 3);
			break;
		case 2:
			assert_ptr_equal(args.np, m4u);
			assert_int_equal(args.args_count, 1);
			assert_int_equal(args.args[0], 4);
			break;
		}
	}
	assert_int_equal(ret, -ENOENT);
	assert_int_equal(i, 3);

	i = 0;
	of_for_each_phandle(&it, ret, node(tree, "/soc/holes@14024000"), "iommus",
			    "#iommu-cells", 0) {
		if (i++ == 1) {
			assert_int_equal(of_phandle_iterator_args(&it, &args), 0);
			assert_ptr_equal(args.np, m4u);
			assert_int_equal(args.args[0], 9);
		} else {
			assert_int_equal(of_phandle_iterator_args(&it, NULL), -ENOENT);
		}
	}
	assert_int_equal(ret, -ENOENT);
	assert_int_equal(i, 3);
	/* no such property: nothing to walk */
	of_for_each_phandle(&it, ret, m4u, "iommus", "#iommu-cells", 0)
		fail();
	assert_int_equal(ret, -ENOENT);
}

/*
 * The phandle cache has 128 slots, hash_32(phandle, 7) =
 * (phandle * 0x61c88647 mod 2^32) >> 25, worked by hand:
 *   0x1000 * 0x61c88647 = 0x61c88647000, mod 2^32 0x88647000, >> 25 = 68;
 *   0x1090 * 0x61c88647 = 0x653892ff7f0, mod 2^32 0x892ff7f0, >> 25 = 68.
 * Two nodes with those phandles share a slot: each must still be found by
 * its own phandle, asked for in turn.
 */
static void test_phandle_cache_slots(void **state)
{
	struct of_tree *tree = *state;
	u8 a_be[4] = { 0x00, 0x00, 0x10, 0x00 }, b_be[4] = { 0x00, 0x00, 0x10, 0x90 };
	struct device_node *a = of_node_new(tree, NULL, "cache-a", NULL);
	struct device_node *b = of_node_new(tree, NULL, "cache-b", NULL);

	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(of_node_set_property(a, "phandle", a_be, 4), 0);
	assert_int_equal(of_node_set_property(b, "phandle", b_be, 4), 0);
	for (int i = 0; i < 3; i++) {
		assert_ptr_equal(of_find_node_by_phandle(tree, 0x1000), a);
		assert_ptr_equal(of_find_node_by_phandle(tree, 0x1090), b);
	}
	/* a phandle that changes is not found under the old one */
	b_be[3] = 0x91;
	assert_int_equal(of_node_set_property(b, "phandle", b_be, 4), 0);
	assert_null(of_find_node_by_phandle(tree, 0x1090));
	assert_ptr_equal(of_find_node_by_phandle(tree, 0x1091), b);
	of_node_remove(tree, a);
	assert_null(of_find_node_by_phandle(tree, 0x1000));
}

/* A label /__symbols__ gains at run time is found (its index is made again). */
static void test_symbols_change(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *symbols = node(tree, "/__symbols__");
	static const char path[] = "/soc/holes@14024000";

	assert_null(of_find_node_by_label(tree, "late"));
	assert_int_equal(of_node_set_property(symbols, "late", path, sizeof(path)), 0);
	assert_ptr_equal(of_find_node_by_label(tree, "late"), node(tree, path));
}

static void test_parse_phandle(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *holes = node(tree, "/soc/holes@14024000");

	/* holes: <0 &m4u 9 0> read as lone phandles: 0, 0x10, 9, 0 */
	assert_null(of_parse_phandle(holes, "iommus", 0));
	assert_ptr_equal(of_parse_phandle(holes, "iommus", 1), node(tree, "/iommu@10205000"));
	assert_null(of_parse_phandle(holes, "iommus", 3));
	assert_null(of_parse_phandle(holes, "iommus", 4));
	assert_null(of_parse_phandle(holes, "iommus", -1));
	assert_int_equal(of_count_phandle_with_args(holes, "iommus", NULL), 4);
}

static void test_property_reads(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *larb = tree->nodes[7];
	struct device_node *props = node(tree, "/soc/props");
	const u8 *bytes;
	u32 v = 0xabcd;
	int len = -1;

	/* larb0: reg = <0x14021000 0x1000> */
	assert_int_equal(of_property_read_u32(larb, "reg", &v), 0);
	assert_int_equal(v, 0x14021000);
	assert_int_equal(of_property_read_u32_index(larb, "reg", 1, &v), 0);
	assert_int_equal(v, 0x1000);
	v = 0xabcd;
	assert_int_equal(of_property_read_u32_index(larb, "reg", 2, &v), -EOVERFLOW);
	assert_int_equal(of_property_read_u32(larb, "nope", &v), -EINVAL);
	assert_int_equal(v, 0xabcd);
	assert_int_equal(of_property_read_u32(NULL, "reg", &v), -EINVAL);

	/* props: u32s = <1 2 3>; a huge index must not wrap round */
	assert_int_equal(of_property_read_u32_index(props, "u32s", 2, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(of_property_read_u32_index(props, "u32s", 3, &v), -EOVERFLOW);
	assert_int_equal(of_property_read_u32_index(props, "u32s", 0xffffffff, &v), -EOVERFLOW);
	assert_int_equal(of_property_read_u32_index(props, "u32s", 0x40000000, &v), -EOVERFLOW);
	/* three-bytes = [01 02 03] and empty hold no whole cell */
	assert_int_equal(of_property_read_u32(props, "three-bytes", &v), -EOVERFLOW);
	assert_int_equal(of_property_read_u32(props, "empty", &v), -EOVERFLOW);

	/* empty: present, zero length, still a value */
	assert_true(of_property_read_bool(props, "empty"));
	assert_false(of_property_read_bool(props, "nope"));
	assert_non_null(of_get_property(props, "empty", &len));
	assert_int_equal(len, 0);
	bytes = of_get_property(props, "three-bytes", &len);
	assert_int_equal(len, 3);
	assert_memory_equal(bytes, "\x01\x02\x03", 3);
	len = 77;
	assert_null(of_get_property(props, "nope", &len));
	assert_int_equal(len, 77);
	assert_null(of_get_property(NULL, "empty", NULL));
	assert_int_equal(of_find_property(props, "u32s")->length, 12);
	assert_null(of_find_property(props, NULL));
}

static void test_strings(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *props = node(tree, "/soc/props");
	struct device_node *smmu = node(tree, "/smmu@12000000");

	/* strs = "a", "", "bc" */
	assert_int_equal(of_property_count_strings(props, "strs"), 3);
	assert_string_equal(of_property_read_string_index(props, "strs", 0), "a");
	assert_string_equal(of_property_read_string_index(props, "strs", 1), "");
	assert_string_equal(of_property_read_string_index(props, "strs", 2), "bc");
	assert_null(of_property_read_string_index(props, "strs", 3));
	assert_null(of_property_read_string_index(props, "strs", -1));
	/* compatible = "arm,smmu-v3", "arm,smmu" */
	assert_int_equal(of_property_count_strings(smmu, "compatible"), 2);
	assert_string_equal(of_property_read_string_index(smmu, "compatible", 1), "arm,smmu");
	/*
	 * bad-strs = [61 00 62 63]: "a", then "bc" with no terminator, which
	 * of_property_read_string_helper() calls -EILSEQ once it gets there.
	 */
	assert_int_equal(of_property_count_strings(props, "bad-strs"), -EILSEQ);
	assert_string_equal(of_property_read_string_index(props, "bad-strs", 0), "a");
	assert_null(of_property_read_string_index(props, "bad-strs", 1));
	assert_int_equal(of_property_count_strings(props, "three-bytes"), -EILSEQ);
	/* empty: -ENODATA; missing: -EINVAL */
	assert_int_equal(of_property_count_strings(props, "empty"), -ENODATA);
	assert_null(of_property_read_string_index(props, "empty", 0));
	assert_int_equal(of_property_count_strings(props, "nope"), -EINVAL);
}

static void test_compatible(void **state)
{
	struct of_tree *tree = *state;
	struct device_node *smmu = node(tree, "/smmu@12000000");
	struct device_node *serial = node(tree, "/soc/serial@1100c000");

	/* compatible = "arm,smmu-v3", "arm,smmu": any entry, whole strings */
	assert_true(of_device_is_compatible(smmu, "arm,smmu-v3"));
	assert_true(of_device_is_compatible(smmu, "arm,smmu"));
	assert_false(of_device_is_compatible(smmu, "arm,smm"));
	assert_false(of_device_is_compatible(smmu, "arm,smmu-v3x"));
	assert_false(of_device_is_compatible(smmu, ""));
	assert_false(of_device_is_compatible(smmu, NULL));
	/* "MediaTek,MT8173-UART": the kernel's of_compat_cmp is strcasecmp */
	assert_true(of_device_is_compatible(serial, "mediatek,mt8173-uart"));
	assert_true(of_device_is_compatible(serial, "ns16550a"));
	assert_false(of_device_is_compatible(node(tree, "/soc"), "ns16550a"));
	assert_false(of_device_is_compatible(NULL, "ns16550a"));
}

static void test_available(void **state)
{
	struct of_tree *tree = *state;

	assert_true(of_device_is_available(node(tree, "/iommu@10205000")));	/* no status */
	assert_true(of_device_is_available(node(tree, "/soc/larb@14021000")));	/* "okay" */
	assert_true(of_device_is_available(node(tree, "/soc/master@14022000")));	/* "ok" */
	assert_false(of_device_is_available(node(tree, "/soc/mixed@14023000")));	/* "disabled" */
	assert_false(of_device_is_available(node(tree, "/soc/holes@14024000")));	/* "fail" */
	assert_false(of_device_is_available(node(tree, "/soc/short@14025000")));	/* status; */
	assert_false(of_device_is_available(NULL));
}

static void expect_dev_name(const struct device_node *np, const char *want)
{
	char *name = of_node_dev_name(np);

	assert_non_null(name);
	assert_string_equal(name, want);
	free(name);
}

static void test_dev_names(void **state)
{
	struct of_tree *tree = *state;

	expect_dev_name(node(tree, "/soc/larb@14021000"), "larb0");	/* larb0: */
	expect_dev_name(node(tree, "/soc/serial@1100c000"), "uart0");	/* uart0: first: */
	expect_dev_name(node(tree, "/soc/mixed@14023000"), "14023000.mixed");
	expect_dev_name(node(tree, "/soc/via-legacy@1402a000"), "1402a000.via-legacy");
	expect_dev_name(node(tree, "/soc/props"), "props");
	expect_dev_name(tree->root, "");
	assert_null(of_node_dev_name(NULL));
}

static void test_runtime_nodes(void **state)
{
	static const u8 reg[] = { 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00 };
	static const u8 iommus_val[] = { 0, 0, 0, 0x10, 0, 0, 0, 7 };
	static const u8 one[] = { 0, 0, 0, 1 };
	static const u8 ph[] = { 0, 0, 0, 0x99 };
	struct of_tree *tree = *state;
	struct device_node *edu, *fn, *np;
	struct of_phandle_args args;
	u32 v;

	edu = of_node_new(tree, NULL, "edu@fe000000", "edu0");
	assert_non_null(edu);
	assert_int_equal(tree->count, 21);
	assert_ptr_equal(tree->nodes[20], edu);
	assert_string_equal(edu->path, "/edu@fe000000");
	assert_string_equal(edu->name, "edu");
	assert_string_equal(edu->label, "edu0");
	assert_ptr_equal(edu->parent, tree->root);
	/* last among the root's children, after __symbols__ */
	assert_ptr_equal(tree->nodes[19]->sibling, edu);
	assert_null(edu->sibling);
	assert_ptr_equal(of_find_node_by_path(tree, "/edu@fe000000"), edu);
	assert_ptr_equal(of_find_node_by_label(tree, "edu0"), edu);
	expect_dev_name(edu, "edu0");

	fn = of_node_new(tree, edu, "fn@1", NULL);
	assert_non_null(fn);
	assert_string_equal(fn->path, "/edu@fe000000/fn@1");
	assert_ptr_equal(edu->child, fn);
	expect_dev_name(fn, "1.fn");

	/* refused: a name taken under the same parent, a '/', an empty name */
	assert_null(of_node_new(tree, NULL, "edu@fe000000", NULL));
	assert_null(of_node_new(tree, NULL, "a/b", NULL));
	assert_null(of_node_new(tree, NULL, "", NULL));
	assert_null(of_node_new(NULL, NULL, "x", NULL));
	assert_int_equal(tree->count, 22);

	/* properties are copied, and a second set replaces the first */
	assert_int_equal(of_node_set_property(fn, "reg", reg, sizeof(reg)), 0);
	assert_int_equal(of_property_read_u32_index(fn, "reg", 1, &v), 0);
	assert_int_equal(v, 0x1000);
	assert_int_equal(of_node_set_property(fn, "reg", one, sizeof(one)), 0);
	assert_int_equal(of_property_read_u32(fn, "reg", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(of_property_read_u32_index(fn, "reg", 1, &v), -EOVERFLOW);
	assert_null(fn->properties->next);
	assert_int_equal(of_node_set_property(fn, "dma-coherent", NULL, 0), 0);
	assert_true(of_property_read_bool(fn, "dma-coherent"));
	assert_int_equal(of_node_set_property(fn, "x", one, -1), -EINVAL);
	assert_int_equal(of_node_set_property(fn, "x", NULL, 4), -EINVAL);
	assert_false(of_property_read_bool(fn, "x"));

	/* a run-time node's iommus work like the blob's: <&m4u 7> */
	assert_int_equal(of_node_set_property(fn, "iommus", iommus_val, sizeof(iommus_val)), 0);
	assert_int_equal(of_parse_phandle_with_args(fn, "iommus", "#iommu-cells", 0, &args), 0);
	assert_ptr_equal(args.np, node(tree, "/iommu@10205000"));
	assert_int_equal(args.args[0], 7);
	/* and a phandle property makes it a target */
	assert_int_equal(of_node_set_property(edu, "phandle", ph, sizeof(ph)), 0);
	assert_int_equal(edu->phandle, 0x99);
	assert_ptr_equal(of_find_node_by_phandle(tree, 0x99), edu);

	/* a node with children stays */
	of_node_remove(tree, edu);
	assert_int_equal(tree->count, 22);
	assert_ptr_equal(of_find_node_by_path(tree, "/edu@fe000000"), edu);
	of_node_remove(tree, fn);
	assert_int_equal(tree->count, 21);
	assert_null(edu->child);
	of_node_remove(tree, edu);
	assert_int_equal(tree->count, 20);
	assert_null(of_find_node_by_path(tree, "/edu@fe000000"));
	assert_null(of_find_node_by_label(tree, "edu0"));
	assert_null(of_find_node_by_phandle(tree, 0x99));
	assert_null(tree->nodes[19]->sibling);
	assert_string_equal(tree->nodes[19]->path, "/__symbols__");

	/* a childless node from the middle of a sibling list: mixed */
	np = node(tree, "/soc/mixed@14023000");
	of_node_remove(tree, np);
	assert_int_equal(tree->count, 19);
	assert_ptr_equal(node(tree, "/soc/master@14022000")->sibling,
			 node(tree, "/soc/holes@14024000"));
	assert_null(of_find_node_by_path(tree, "/soc/mixed@14023000"));
}

static void test_runtime_empty_tree(void **state)
{
	struct of_tree *tree = calloc(1, sizeof(*tree));
	struct device_node *np;

	/* a zeroed tree is empty: the first node gets a root made for it */
	assert_non_null(tree);
	np = of_node_new(tree, NULL, "pci@0", "pci0");
	assert_non_null(np);
	assert_int_equal(tree->count, 2);
	assert_non_null(tree->root);
	assert_string_equal(tree->root->path, "/");
	assert_string_equal(np->path, "/pci@0");
	assert_ptr_equal(of_find_node_by_label(tree, "pci0"), np);
	assert_ptr_equal(of_find_node_by_path(tree, "/pci@0"), np);
	of_tree_free(tree);
}

/* of-small.dts: root, iommu@1000, dev@2000, __symbols__ */
#define SMALL_NODES 4

static void test_truncated(void **state)
{
	size_t size, n;
	void *blob, *cut;

	blob = read_fixture("of-small", &size);
	/* each cut in a buffer of exactly its size, so any over-read shows */
	for (n = 0; n < size; n++) {
		cut = malloc(n ? n : 1);
		assert_non_null(cut);
		memcpy(cut, blob, n);
		expect_bad_blob(cut, n, BAD_BLOB "FDT_ERR_TRUNCATED");
		free(cut);
	}
	cut = malloc(size);
	assert_non_null(cut);
	memcpy(cut, blob, size);
	{
		struct of_tree *tree = of_tree_from_fdt(cut, size, NULL, 0);

		assert_non_null(tree);
		assert_int_equal(tree->count, SMALL_NODES);
		of_tree_free(tree);
	}
	free(cut);
	free(blob);
}

static void test_corrupt_bytes(void **state)
{
	struct corruption {
		size_t offset;
		const char *reason;
	} cases[10];
	size_t size, nc = 0, strct, strs;
	u8 *blob, *copy;
	int prop;

	blob = read_fixture("of-small", &size);
	strct = fdt_off_dt_struct(blob);
	strs = fdt_off_dt_strings(blob) + fdt_size_dt_strings(blob);
	prop = fdt_first_property_offset(blob, 0);
	assert_true(prop > 0);

	/*
	 * Each byte is flipped with ^ 0xff.  The header layout is struct
	 * fdt_header in <fdt.h>; the reasons are what libfdt's checks give.
	 */
	cases[nc++] = (struct corruption){ 0, BAD_BLOB "FDT_ERR_BADMAGIC" };	/* magic */
	cases[nc++] = (struct corruption){ 3, BAD_BLOB "FDT_ERR_BADMAGIC" };
	/* totalsize grows past the buffer */
	cases[nc++] = (struct corruption){ 4, BAD_BLOB "FDT_ERR_TRUNCATED" };
	/* off_dt_struct, size_dt_struct: the block ends past totalsize */
	cases[nc++] = (struct corruption){ 8, BAD_BLOB "FDT_ERR_TRUNCATED" };
	cases[nc++] = (struct corruption){ 36, BAD_BLOB "FDT_ERR_TRUNCATED" };
	/* last_comp_version 0x10 becomes 0xef, newer than libfdt reads */
	cases[nc++] = (struct corruption){ 27, BAD_BLOB "FDT_ERR_BADVERSION" };
	/* the root's FDT_BEGIN_NODE (1) becomes 0xfe, not a tag */
	cases[nc++] = (struct corruption){ strct + 3, BAD_BLOB "FDT_ERR_BADSTRUCTURE" };
	/* the first property's length top byte: it runs past the block */
	cases[nc++] = (struct corruption){ strct + prop + 4, BAD_BLOB "FDT_ERR_BADSTRUCTURE" };
	/* its name offset top byte: it points outside the strings block */
	cases[nc++] = (struct corruption){ strct + prop + 8, BAD_BLOB "FDT_ERR_BADOFFSET" };
	/* the NUL ending the last name in the strings block */
	cases[nc++] = (struct corruption){ strs - 1, BAD_BLOB "FDT_ERR_TRUNCATED" };

	copy = malloc(size);
	assert_non_null(copy);
	for (size_t i = 0; i < nc; i++) {
		memcpy(copy, blob, size);
		copy[cases[i].offset] ^= 0xff;
		expect_bad_blob(copy, size, cases[i].reason);
	}
	free(copy);
	free(blob);
}

/* Uses every lookup on every node of a tree that loaded. */
static void exercise_tree(struct of_tree *tree)
{
	struct of_phandle_args args;

	for (size_t i = 0; i < tree->count; i++) {
		struct device_node *np = tree->nodes[i];
		char *name = of_node_dev_name(np);

		assert_non_null(name);
		free(name);
		of_find_node_by_path(tree, np->path);
		of_find_node_by_label(tree, np->label);
		of_find_node_by_phandle(tree, np->phandle);
		of_device_is_available(np);
		of_device_is_compatible(np, "x");
		of_property_count_strings(np, "compatible");
		of_count_phandle_with_args(np, "iommus", "#iommu-cells");
		for (int k = 0; k < 3; k++) {
			of_parse_phandle_with_args(np, "iommus", "#iommu-cells", k, &args);
			of_parse_phandle(np, "iommus", k);
		}
		for (struct property *pp = np->properties; pp; pp = pp->next) {
			of_property_read_u32_index(np, pp->name, 1, NULL);
			of_property_read_string_index(np, pp->name, 1);
		}
	}
}

static void test_corrupt_every_byte(void **state)
{
	static const u8 masks[] = { 0x01, 0x80, 0xff };
	size_t size, loaded = 0, refused = 0;
	char err[256];
	u8 *blob, *copy;

	blob = read_fixture("of-small", &size);
	copy = malloc(size);
	assert_non_null(copy);
	for (size_t off = 0; off < size; off++) {
		for (size_t m = 0; m < ARRAY_SIZE(masks); m++) {
			struct of_tree *tree;

			memcpy(copy, blob, size);
			copy[off] ^= masks[m];
			err[0] = '\0';
			tree = of_tree_from_fdt(copy, size, err, sizeof(err));
			if (!tree) {
				if (strncmp(err, BAD_BLOB, strlen(BAD_BLOB)))
					fail_msg("byte %zu ^ %#x: reason '%s'", off, masks[m], err);
				refused++;
				continue;
			}
			exercise_tree(tree);
			of_tree_free(tree);
			loaded++;
		}
	}
	/* flips in the header are refused, flips in a value's bytes are not */
	assert_true(refused >= 4 * ARRAY_SIZE(masks));
	assert_true(loaded > 0);
	free(copy);
	free(blob);
}

static void test_odd_sizes_and_places(void **state)
{
	char err[256];
	struct of_tree *tree;
	size_t size;
	u8 *blob, *shifted;

	blob = read_fixture("of-small", &size);
	/* a size larger than the blob: libfdt reads only totalsize bytes */
	tree = of_tree_from_fdt(blob, SIZE_MAX, err, sizeof(err));
	assert_non_null(tree);
	assert_int_equal(tree->count, SMALL_NODES);
	of_tree_free(tree);

	/* not 8-byte aligned: libfdt refuses such a pointer, the loader copies */
	shifted = malloc(size + 1);
	assert_non_null(shifted);
	memcpy(shifted + 1, blob, size);
	tree = of_tree_from_fdt(shifted + 1, size, err, sizeof(err));
	assert_non_null(tree);
	assert_int_equal(tree->count, SMALL_NODES);
	of_tree_free(tree);
	/* and when misaligned and cut short too */
	expect_bad_blob(shifted + 1, size - 1, BAD_BLOB "FDT_ERR_TRUNCATED");
	free(shifted);

	/* a header claiming 4 GB */
	fdt_set_totalsize(blob, 0xffffffff);
	expect_bad_blob(blob, size, BAD_BLOB "FDT_ERR_TRUNCATED");
	fdt_set_totalsize(blob, 0);
	expect_bad_blob(blob, size, NULL);
	free(blob);

	/* no blob, no room for a reason */
	assert_null(of_tree_from_fdt(NULL, 100, err, sizeof(err)));
	assert_string_equal(err, "no device tree blob");
	assert_null(of_tree_from_fdt(NULL, 0, NULL, 0));
	err[0] = 'x';
	assert_null(of_tree_from_fdt("", 0, err, 1));
	assert_int_equal(err[0], '\0');
}

/*
 * Writes a blob whose root holds a chain of @depth nodes named "n", the
 * deepest with property @prop of @len bytes (if @prop), into @buf.
 */
static void make_chain(void *buf, size_t room, int depth, const char *name,
		       const char *prop, int len)
{
	static const u8 zeros[8];

	assert_int_equal(fdt_create(buf, room), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	for (int i = 0; i < depth; i++)
		assert_int_equal(fdt_begin_node(buf, name), 0);
	if (prop)
		assert_int_equal(fdt_property(buf, prop, zeros, len), 0);
	for (int i = 0; i < depth; i++)
		assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
}

static void test_depth_limit(void **state)
{
	size_t room = 1 << 20;
	void *buf = malloc(room);
	struct of_tree *tree;
	char err[256];
	char path[2 * 64 + 1];

	assert_non_null(buf);
	/* 64 levels below the root are fine: the deepest is "/n/n/.../n" */
	make_chain(buf, room, 64, "n", NULL, 0);
	tree = of_tree_from_fdt(buf, fdt_totalsize(buf), err, sizeof(err));
	if (!tree)
		fail_msg("depth 64: %s", err);
	assert_int_equal(tree->count, 65);
	for (int i = 0; i < 64; i++)
		memcpy(path + 2 * i, "/n", 2);
	path[128] = '\0';
	assert_ptr_equal(of_find_node_by_path(tree, path), tree->nodes[64]);
	of_tree_free(tree);

	/* 65 are not, nor 10000 */
	make_chain(buf, room, 65, "n", NULL, 0);
	expect_bad_blob(buf, fdt_totalsize(buf), BAD_BLOB "nodes nested deeper than 64");
	make_chain(buf, room, 10000, "n", NULL, 0);
	expect_bad_blob(buf, fdt_totalsize(buf), BAD_BLOB "nodes nested deeper than 64");
	free(buf);
}

static void test_bad_names_and_phandles(void **state)
{
	size_t room = 4096;
	void *buf = malloc(room);

	assert_non_null(buf);
	/* names libfdt lets through but no path can hold; nodes made so far are freed */
	make_chain(buf, room, 3, "a/b", NULL, 0);
	expect_bad_blob(buf, fdt_totalsize(buf),
			BAD_BLOB "node 'a/b' under '/' has a bad name");
	make_chain(buf, room, 2, "", NULL, 0);
	expect_bad_blob(buf, fdt_totalsize(buf), BAD_BLOB "node '' under '/' has a bad name");
	/* a phandle must be one cell */
	make_chain(buf, room, 2, "n", "phandle", 2);
	expect_bad_blob(buf, fdt_totalsize(buf),
			BAD_BLOB "'phandle' of node '/n/n' has 2 bytes, not 4");
	make_chain(buf, room, 1, "n", "linux,phandle", 8);
	expect_bad_blob(buf, fdt_totalsize(buf),
			BAD_BLOB "'linux,phandle' of node '/n' has 8 bytes, not 4");
	free(buf);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_nodes, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_find_by_path, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_labels, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandles, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_args_one_cell, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_args_two_cells, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_args_mixed, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_args_empty_entries, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_args_malformed, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_args_many_cells, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_iterator, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_phandle_cache_slots, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_symbols_change, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_parse_phandle, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_property_reads, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_strings, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_compatible, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_available, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_dev_names, setup_of_test, teardown_tree),
		cmocka_unit_test_setup_teardown(test_runtime_nodes, setup_of_test, teardown_tree),
		cmocka_unit_test(test_runtime_empty_tree),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt_bytes),
		cmocka_unit_test(test_corrupt_every_byte),
		cmocka_unit_test(test_odd_sizes_and_places),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_bad_names_and_phandles),
	};

	return unit_run("of", tests, ARRAY_SIZE(tests));
}
