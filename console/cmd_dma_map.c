/*
 * The DMA API from the console: `dma map` (dma_map_page), `dma map_sg`
 * and `dma unmap`.  Each mapping has a name; its buffers are fresh pages
 * of simulated RAM, one allocation per segment, the data starting at the
 * segment's offset into its first page.  The lines printed are the ones
 * kernel-lab prints on the real kernel.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/board.h>
#include <sim/device.h>
#include <sim/dma-mapping.h>
#include <sim/errno.h>
#include <sim/mem.h>
#include <sim/name.h>
#include <sim/scatterlist.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

struct con_dma_map {
	struct con_dma_map *next;
	char name[SIM_NAME_MAX + 1];
	struct device *dev;
	bool is_sg;
	int nents;			/* entries passed to dma_map_sg */
	enum dma_data_direction dir;
	struct scatterlist *sg;		/* one entry for dma map */
	u64 *buf_size;			/* each entry's allocation */
	struct dma_coherent_buf *coherent;	/* dma alloc's buffer */
	u64 size;			/* dma alloc's size */
	dma_addr_t handle;
};

static struct con_dma_map *find_map(struct con *con, const char *name)
{
	for (struct con_dma_map *m = con->dma_maps; m; m = m->next)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

static void map_free(struct con *con, struct con_dma_map *m)
{
	for (int i = 0; i < m->nents; i++)
		if (m->buf_size[i])
			sim_mem_release(con->sim->mem, m->sg[i].page_phys, m->buf_size[i]);
	free(m->sg);
	free(m->buf_size);
	free(m);
}

void con_dma_maps_forget(struct con *con)
{
	while (con->dma_maps) {
		struct con_dma_map *m = con->dma_maps;

		con->dma_maps = m->next;
		/* The machine went with its memory: only the host side is freed. */
		if (m->coherent) {
			free(m->coherent->chunk);
			free(m->coherent);
		}
		free(m->sg);
		free(m->buf_size);
		free(m);
	}
}

int con_removal_check(struct con *con, const struct device *victim, const struct device_driver *drv)
{
	const struct con_dma_map *hit = NULL;
	char err[256];
	int ret;

	/* The list is newest first: name the oldest, made first. */
	for (struct con_dma_map *m = con->dma_maps; m; m = m->next)
		if (sim_dev_affected(m->dev, victim, drv))
			hit = m;
	if (hit)
		return con_err(con, -EBUSY, "device '%s' has DMA mappings ('%s'); unmap them first",
			       dev_name(hit->dev), hit->name);
	ret = sim_removal_check(con->sim, victim, drv, err, sizeof(err));
	if (ret)
		return con_err(con, ret, "%s", err);
	return 0;
}

static const enum dma_data_direction con_dir[] = {
	[GRAM_DIR_BIDI] = DMA_BIDIRECTIONAL,
	[GRAM_DIR_TO] = DMA_TO_DEVICE,
	[GRAM_DIR_FROM] = DMA_FROM_DEVICE,
};

/* Parses DEV NAME SEG... [dir] into a fresh, unmapped map.  NULL after an error line. */
static struct con_dma_map *map_parse(struct con *con, int argc, char **argv, bool sg)
{
	struct device *dev = con_find_dev(con, argv[0]);
	struct con_dma_map *m;
	struct gram_err e;
	enum gram_dir dir;
	int nsegs;

	if (!dev || con_check_name(con, "mapping", argv[1]))
		return NULL;
	if (find_map(con, argv[1])) {
		con_err(con, -EEXIST, GRAM_E_MAP_EXISTS, argv[1]);
		return NULL;
	}
	if (gram_parse_map_args(argc, argv, sg, &nsegs, &dir, &e)) {
		con_gram_err(con, &e);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (m) {
		m->sg = calloc(nsegs, sizeof(*m->sg));
		m->buf_size = calloc(nsegs, sizeof(*m->buf_size));
	}
	if (!m || !m->sg || !m->buf_size) {
		if (m) {
			free(m->sg);
			free(m->buf_size);
		}
		free(m);
		con_err(con, -ENOMEM, GRAM_E_NOMEM);
		return NULL;
	}
	snprintf(m->name, sizeof(m->name), "%s", argv[1]);
	m->dev = dev;
	m->is_sg = sg;
	m->dir = con_dir[dir];
	for (int i = 0; i < nsegs; i++) {
		u64 len, off;
		int ret;

		if (gram_parse_seg(argv[2 + i], &len, &off, &e)) {
			con_gram_err(con, &e);
			goto out_free;
		}
		m->buf_size[i] = (off + len + SZ_4K - 1) & ~(u64)(SZ_4K - 1);
		ret = sim_mem_alloc(con->sim->mem, m->buf_size[i], SZ_4K, &m->sg[i].page_phys);
		if (ret) {
			m->buf_size[i] = 0;
			con_err(con, ret, GRAM_E_NO_RAM_SEG, argv[2 + i]);
			goto out_free;
		}
		m->sg[i].offset = off;
		m->sg[i].length = len;
		m->nents = i + 1;
	}
	return m;

out_free:
	map_free(con, m);
	return NULL;
}

static int cmd_dma_map(struct con *con, int argc, char **argv)
{
	struct con_dma_map *m = map_parse(con, argc, argv, false);
	dma_addr_t addr;

	if (!m)
		return -1;
	addr = dma_map_page(m->dev, m->sg[0].page_phys, m->sg[0].offset,
			    m->sg[0].length, m->dir);
	if (dma_mapping_error(m->dev, addr)) {
		map_free(con, m);
		return con_err(con, -ENOMEM, GRAM_E_MAP_PAGE, argv[1]);
	}
	m->sg[0].dma_address = addr;
	m->sg[0].dma_length = m->sg[0].length;
	m->next = con->dma_maps;
	con->dma_maps = m;
	fprintf(con->out, GRAM_FMT_MAP, m->name,
		(unsigned long long)addr, m->sg[0].length);
	return 0;
}

static int cmd_dma_map_sg(struct con *con, int argc, char **argv)
{
	struct con_dma_map *m = map_parse(con, argc, argv, true);
	int count;

	if (!m)
		return -1;
	count = dma_map_sg(m->dev, m->sg, m->nents, m->dir);
	fprintf(con->out, GRAM_FMT_MAP_SG, m->name, m->nents, count);
	if (!count) {
		map_free(con, m);
		return con_err(con, -ENOMEM, GRAM_E_MAP_SG, argv[1]);
	}
	for (int i = 0; i < count && i < m->nents; i++)
		fprintf(con->out, GRAM_FMT_MAP_SEG, i,
			(unsigned long long)sg_dma_address(&m->sg[i]), sg_dma_len(&m->sg[i]));
	m->next = con->dma_maps;
	con->dma_maps = m;
	/*
	 * More segments than entries: a broken map_sg (a lab's __finalise_sg(),
	 * say).  There is nothing past the list to print; the mapping stays
	 * for dma unmap, which walks the list's own entries.
	 */
	if (count > m->nents)
		return con_err(con, -EINVAL, "dma_map_sg returned %d segments for a list of %d",
			       count, m->nents);
	return 0;
}

/* The named mapping of @dev, or NULL after an error line. */
static struct con_dma_map *find_dev_map(struct con *con, const char *devname,
					const char *name)
{
	struct device *dev = con_find_dev(con, devname);
	struct con_dma_map *m;

	if (!dev)
		return NULL;
	m = find_map(con, name);
	if (!m)
		con_err(con, -ENOENT, GRAM_E_NO_MAPPING, name);
	else if (m->dev != dev)
		con_err(con, -EINVAL, GRAM_E_MAP_OWNER, name, dev_name(m->dev));
	return m && m->dev == dev ? m : NULL;
}

static void map_unlink(struct con *con, struct con_dma_map *m)
{
	struct con_dma_map **pp;

	for (pp = &con->dma_maps; *pp != m; pp = &(*pp)->next)
		;
	*pp = m->next;
}

static int cmd_dma_free(struct con *con, int argc, char **argv)
{
	struct con_dma_map *m = find_dev_map(con, argv[0], argv[1]);

	if (!m)
		return -1;
	if (!m->coherent)
		return con_err(con, -EINVAL, "'%s' is a mapping: use dma unmap", argv[1]);
	dma_free_coherent(m->dev, m->size, m->coherent, m->handle);
	map_unlink(con, m);
	free(m);
	fprintf(con->out, "free %s\n", argv[1]);
	return 0;
}

static int cmd_dma_unmap(struct con *con, int argc, char **argv)
{
	struct con_dma_map *m = find_dev_map(con, argv[0], argv[1]);

	if (!m)
		return -1;
	if (m->coherent)
		return con_err(con, -EINVAL, "'%s' came from dma alloc: use dma free", argv[1]);
	if (m->is_sg)
		dma_unmap_sg(m->dev, m->sg, m->nents, m->dir);
	else
		dma_unmap_page(m->dev, m->sg[0].dma_address, m->sg[0].length, m->dir);
	map_unlink(con, m);
	map_free(con, m);
	fprintf(con->out, GRAM_FMT_UNMAP, argv[1]);
	return 0;
}

static int cmd_dma_alloc(struct con *con, int argc, char **argv)
{
	struct device *dev = con_find_dev(con, argv[0]);
	struct con_dma_map *m;
	u64 size;

	if (!dev || con_check_name(con, "mapping", argv[1]) ||
	    con_parse_addr(con, "size", argv[2], &size))
		return -1;
	if (find_map(con, argv[1]))
		return con_err(con, -EEXIST, GRAM_E_MAP_EXISTS, argv[1]);
	if (!size || size > SZ_1G)
		return con_err(con, -EINVAL, "size 0x%llx is not 1..1G", (unsigned long long)size);
	m = calloc(1, sizeof(*m));
	if (!m)
		return con_err(con, -ENOMEM, "out of memory");
	m->coherent = dma_alloc_coherent(dev, size, &m->handle);
	if (!m->coherent) {
		free(m);
		return con_err(con, -ENOMEM, "dma_alloc_coherent of 0x%llx bytes failed",
			       (unsigned long long)size);
	}
	snprintf(m->name, sizeof(m->name), "%s", argv[1]);
	m->dev = dev;
	m->size = size;
	m->next = con->dma_maps;
	con->dma_maps = m;
	fprintf(con->out, "alloc %s dma=0x%llx len=0x%llx\n", m->name,
		(unsigned long long)m->handle, (unsigned long long)size);
	for (unsigned int i = 0; i < m->coherent->nr_chunks; i++)
		fprintf(con->out, " chunk pa=0x%llx order=%u\n",
			(unsigned long long)m->coherent->chunk[i].pa, m->coherent->chunk[i].order);
	return 0;
}

/* The device, then the names of the mappings that device holds. */
static const char *gen_dev_mapping(struct con *con, int argi, const char *text, size_t idx)
{
	const struct con_dma_map *m;

	if (argi == 0)
		return con_gen_dev(con, argi, text, idx);
	if (argi != 1)
		return NULL;
	for (m = con->dma_maps; m; m = m->next)
		if (idx-- == 0)
			return m->name;
	return NULL;
}

const struct con_cmd con_dma_map_cmds[] = {
	{ "dma map", GRAM_SPEC_DMA_MAP, cmd_dma_map,
	  "dma_map_page of a fresh buffer, data at the offset into its first page", con_gen_dev },
	{ "dma map_sg", GRAM_SPEC_DMA_MAP_SG, cmd_dma_map_sg,
	  "dma_map_sg of a list, each segment its own fresh pages", con_gen_dev },
	{ "dma unmap", "<dev> <name>", cmd_dma_unmap,
	  "dma_unmap_page or dma_unmap_sg of a named mapping", gen_dev_mapping },
	{ "dma alloc", "<dev> <name> <size>", cmd_dma_alloc,
	  "dma_alloc_coherent: a buffer of page blocks, mapped at one DMA address", con_gen_dev },
	{ "dma free", "<dev> <name>", cmd_dma_free,
	  "dma_free_coherent of a buffer dma alloc made", gen_dev_mapping },
	{ .name = NULL }
};
