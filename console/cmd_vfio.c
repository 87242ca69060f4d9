/*
 * VFIO type1 containers at the console: attach and detach groups, map and
 * unmap fresh memory, and show what each container holds.  Results are the
 * simulated kernel's, printed as output: "vfio attach group:1 -> 0", with
 * the existing domains that refused the group, if any, and where it went.
 */
#include <string.h>

#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include "cmdtab.h"
#include "console.h"

#define VFIO_DEFAULT_CONTAINER "vfio0"

/* The container=NAME argument at @argv[@i], if any; else the default. */
static const char *container_arg(struct con *con, int argc, char **argv, int i)
{
	if (argc <= i)
		return VFIO_DEFAULT_CONTAINER;
	if (strncmp(argv[i], "container=", 10) || !argv[i][10]) {
		con_err(con, 0, "unknown argument '%s' (use container=<name>)", argv[i]);
		return NULL;
	}
	if (con_check_name(con, "container", argv[i] + 10))
		return NULL;
	return argv[i] + 10;
}

/*
 * After a result of 0, when existing domains refused the group on the way:
 * " (dom3 refused: -EMEDIUMTYPE; new domain dom5)", or "joined dom4" when
 * a later domain of the container took it.
 */
static void print_attach_note(struct con *con, const struct vfio_attach_note *note)
{
	unsigned int i, named = note->nrefused;

	if (!note->nrefused)
		return;
	if (named > VFIO_ATTACH_REFUSALS_NAMED)
		named = VFIO_ATTACH_REFUSALS_NAMED;
	fputs(" (", con->out);
	for (i = 0; i < named; i++)
		fprintf(con->out, "%s refused: %s; ", note->refused[i].domain,
			sim_errname(note->refused[i].err));
	if (note->nrefused > named)
		fprintf(con->out, "%u more refused; ", note->nrefused - named);
	fprintf(con->out, "%s %s)", note->new_domain ? "new domain" : "joined",
		note->domain);
}

static int cmd_vfio_attach(struct con *con, int argc, char **argv)
{
	struct iommu_group *group = con_find_group(con, argv[0]);
	struct vfio_attach_note note;
	const char *name;
	int ret;

	if (!group)
		return -1;
	name = container_arg(con, argc, argv, 1);
	if (!name)
		return -1;
	ret = vfio_attach_group(con->sim, name, group, &note);
	fprintf(con->out, "vfio attach group:%d -> %s", group->id, sim_errname(ret));
	if (!ret)
		print_attach_note(con, &note);
	fputc('\n', con->out);
	return 0;
}

/*
 * VFIO_GROUP_UNSET_CONTAINER on the group file `vfio attach` opened, then
 * its close.  A file whose group left its container with its last VFIO
 * device (unbind, or dev del, which may free the iommu group too) is still
 * open: 6.1's vfio_group_ioctl_unset_container() finds no container and
 * says -EINVAL.  After that close there is no file: an error line.
 */
static int cmd_vfio_detach(struct con *con, int argc, char **argv)
{
	struct iommu_group *group;
	u64 id;

	(void)argc;
	if (con_parse_group_id(con, argv[0], &id))
		return -1;
	group = id <= INT32_MAX ? sim_iommu_group_by_id(con->sim, id) : NULL;
	if (group && vfio_group_container(con->sim, group, NULL)) {
		vfio_detach_group(con->sim, group);
		fprintf(con->out, "vfio detach group:%d -> 0\n", (int)id);
		return 0;
	}
	if (id <= INT32_MAX && vfio_close_stale_file(con->sim, (int)id)) {
		fprintf(con->out, "vfio detach group:%d -> %s\n", (int)id, sim_errname(-EINVAL));
		return 0;
	}
	if (!group)
		return con_find_group(con, argv[0]) ? 0 : -1;
	return con_err(con, -ENOENT, "group %d is in no container", (int)id);
}

static int parse_range(struct con *con, char **argv, u64 *iova, u64 *size)
{
	if (con_parse_addr(con, "iova", argv[0], iova) ||
	    con_parse_addr(con, "size", argv[1], size))
		return -1;
	return 0;
}

/* vfio map and vfio unmap: the same arguments, the same output line. */
static int vfio_dma_cmd(struct con *con, int argc, char **argv, bool map)
{
	const char *name = container_arg(con, argc, argv, 2);
	u64 iova, size;
	int ret;

	if (!name || parse_range(con, argv, &iova, &size))
		return -1;
	if (!vfio_container_find(con->sim, name))
		return con_err(con, -ENOENT, "no container '%s'", name);
	ret = map ? vfio_dma_map(con->sim, name, iova, size) :
		    vfio_dma_unmap(con->sim, name, iova, size);
	fprintf(con->out, "vfio %s iova=0x%llx size=0x%llx -> %s\n",
		map ? "map" : "unmap", (unsigned long long)iova,
		(unsigned long long)size, sim_errname(ret));
	return 0;
}

static int cmd_vfio_map(struct con *con, int argc, char **argv)
{
	return vfio_dma_cmd(con, argc, argv, true);
}

static int cmd_vfio_unmap(struct con *con, int argc, char **argv)
{
	return vfio_dma_cmd(con, argc, argv, false);
}

/* One block per container: its domains, their groups, its mappings. */
static int cmd_vfio_show(struct con *con, int argc, char **argv)
{
	struct vfio_container *c;

	list_for_each_entry(c, &con->sim->vfio_containers, sim_node) {
		struct vfio_domain *vd;
		struct vfio_dma *dma;

		fprintf(con->out, "container %s\n", c->name);
		list_for_each_entry(vd, &c->domains, next) {
			struct vfio_group *vg;

			fprintf(con->out, " domain %s coherent=%d groups=",
				vd->domain->name, vd->enforce_cache_coherency);
			list_for_each_entry(vg, &vd->groups, next)
				fprintf(con->out, "%s%d", &vg->next == vd->groups.next ? "" : ",",
					vg->iommu_group->id);
			fputc('\n', con->out);
		}
		list_for_each_entry(dma, &c->dmas, next)
			fprintf(con->out, " dma iova=0x%llx size=0x%zx pa=0x%llx\n",
				(unsigned long long)dma->iova, dma->size,
				(unsigned long long)dma->pa);
	}
	return 0;
}

static const char *gen_vfio_group(struct con *con, int argi, const char *text,
				  size_t idx)
{
	struct iommu_group *group;

	if (argi == 1)
		return idx == 0 ? "container=" : NULL;
	if (argi != 0)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		list_for_each_entry(group, &con->sim->groups, sim_node)
			con_scratch_add(con, "group:%d", group->id);
	}
	return con_scratch_get(con, idx);
}

const struct con_cmd con_vfio_cmds[] = {
	{ "vfio attach", "<group> [container=<name>]", cmd_vfio_attach,
	  "put a group in a VFIO type1 container (default vfio0)", gen_vfio_group },
	{ "vfio detach", "<group>", cmd_vfio_detach,
	  "take a group out of its container", gen_vfio_group },
	{ "vfio show", "", cmd_vfio_show,
	  "the containers, their domains, groups and mappings", NULL },
	{ "vfio map", "<iova> <size> [container=<name>]", cmd_vfio_map,
	  "VFIO_IOMMU_MAP_DMA of fresh memory into every domain of the container", NULL },
	{ "vfio unmap", "<iova> <size> [container=<name>]", cmd_vfio_unmap,
	  "VFIO_IOMMU_UNMAP_DMA of one earlier mapping", NULL },
	{ .name = NULL }
};
