/*
 * The IOMMU core's commands: groups and domains, attaching and detaching,
 * and mapping by hand through the IOMMU API.  attach, detach, map, unmap
 * and iova2phys print the simulated kernel's result as output
 * ("attach dom0 ovl0 -> -EINVAL"); a name that does not exist is an error
 * line and changes nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <sim/errno.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"

static const char *domain_name(const struct iommu_domain *domain)
{
	return domain ? domain->name : "none";
}

static const char *domain_type(const struct iommu_domain *domain)
{
	return domain ? iommu_domain_type_str(domain->type) : "none";
}

/*
 * The width of the terminal the console writes to, or 0 when it writes to
 * no terminal (a file, a pipe, the TUI's pane): batch lines stay whole.
 */
static unsigned int out_columns(struct con *con)
{
	struct winsize ws;
	int fd = fileno(con->out);

	if (fd < 0 || !isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) || !ws.ws_col)
		return 0;
	return ws.ws_col;
}

/* Length of @group's `group list` line, without its newline. */
static size_t group_line_len(struct iommu_group *group)
{
	struct group_device *gdev;
	size_t len = snprintf(NULL, 0, GRAM_FMT_GROUP GRAM_FMT_GROUP_DOMAIN, group->id,
			      domain_type(group->domain), domain_name(group->domain)) - 1;
	bool first = true;

	list_for_each_entry(gdev, &group->devices, list) {
		len += strlen(dev_name(gdev->dev)) + !first;
		first = false;
	}
	return len + first;
}

/*
 * One line a group (CONSOLE.md's shape).  On a terminal narrower than a
 * group's line, the members are a count instead, and group show N lists
 * them; a file or pipe always gets the whole line.
 */
static int cmd_group_list(struct con *con, int argc, char **argv)
{
	unsigned int cols = out_columns(con);
	struct iommu_group *group;

	list_for_each_entry(group, &con->sim->groups, sim_node) {
		struct group_device *gdev;
		bool first = true;
		size_t n = 0;

		if (cols && group_line_len(group) > cols) {
			list_for_each_entry(gdev, &group->devices, list)
				n++;
			fprintf(con->out, "group %d devices=%zu (group show %d lists them) "
				"type=%s domain=%s\n", group->id, n, group->id, domain_type(group->domain),
				domain_name(group->domain));
			continue;
		}
		fprintf(con->out, GRAM_FMT_GROUP, group->id);
		list_for_each_entry(gdev, &group->devices, list) {
			fprintf(con->out, "%s%s", first ? "" : ",", dev_name(gdev->dev));
			first = false;
		}
		if (first)
			fputc('-', con->out);
		fprintf(con->out, GRAM_FMT_GROUP_DOMAIN, domain_type(group->domain),
			domain_name(group->domain));
	}
	return 0;
}

/*
 * The group number in "group0", "group 0"'s one-word typo, or NULL: what
 * the error line suggests as "group:0".
 */
static const char *group_typo(const char *arg)
{
	if (strncmp(arg, "group", 5) || !arg[5])
		return NULL;
	arg += 5 + (arg[5] == '-' || arg[5] == '_' || arg[5] == '=');
	return *arg && strspn(arg, "0123456789") == strlen(arg) ? arg : NULL;
}

/* Every command naming a group takes group:N; all but attach/detach also N. */
int con_parse_group_id(struct con *con, const char *arg, u64 *id)
{
	const char *num = strncmp(arg, "group:", 6) ? arg : arg + 6;
	struct gram_err e;

	if (gram_parse_u64(num, id, &e)) {
		if (group_typo(arg))
			con_err(con, 0, "bad group '%s'; did you mean 'group:%s'?", arg,
				group_typo(arg));
		else
			con_err(con, 0, "bad group '%s' (use a number or group:<n>)", arg);
		return -1;
	}
	return 0;
}

struct iommu_group *con_find_group(struct con *con, const char *arg)
{
	const char *num = strncmp(arg, "group:", 6) ? arg : arg + 6;
	struct iommu_group *group;
	u64 id;

	if (con_parse_group_id(con, arg, &id))
		return NULL;
	group = id <= INT32_MAX ? sim_iommu_group_by_id(con->sim, id) : NULL;
	if (!group)
		con_err(con, -ENODEV, "no iommu group %s", num);
	return group;
}

struct iommu_domain *con_find_domain(struct con *con, const char *name)
{
	struct iommu_domain *domain = sim_iommu_domain_by_name(con->sim, name);
	struct iommu_domain *freed;

	if (domain)
		return domain;
	/* A freed domain something still holds: say so, and who freed it. */
	list_for_each_entry(freed, &con->sim->domain_quarantine, sim_node)
		if (!strcmp(freed->name, name)) {
			con_err(con, -ENOENT, "domain '%s' was freed by %s (domain list: "
				"freed=1, still held)", name, freed->freed_by);
			return NULL;
		}
	con_err(con, -ENOENT, "no domain '%s'", name);
	return NULL;
}

static void show_resv_regions(struct con *con, struct iommu_group *group)
{
	struct iommu_resv_region *region;
	static const char *const names[] = {
		[IOMMU_RESV_DIRECT] = "direct",
		[IOMMU_RESV_DIRECT_RELAXABLE] = "direct-relaxable",
		[IOMMU_RESV_RESERVED] = "reserved",
		[IOMMU_RESV_MSI] = "msi",
		[IOMMU_RESV_SW_MSI] = "sw-msi",
	};
	LIST_HEAD(regions);

	iommu_get_group_resv_regions(group, &regions);
	/* As sysfs reserved_regions: "start end type". */
	list_for_each_entry(region, &regions, list)
		fprintf(con->out, "reserved: 0x%016llx 0x%016llx %s\n",
			(unsigned long long)region->start,
			(unsigned long long)(region->start + region->length - 1),
			names[region->type]);
	iommu_put_resv_regions(NULL, &regions);
}

static int cmd_group_show(struct con *con, int argc, char **argv)
{
	struct iommu_group *group = con_find_group(con, argv[0]);
	struct group_device *gdev;

	if (!group)
		return -1;
	fprintf(con->out, "group %d\n", group->id);
	list_for_each_entry(gdev, &group->devices, list) {
		struct dev_iommu *param = gdev->dev->iommu;

		fprintf(con->out, "device: %s translating=%s%s\n", dev_name(gdev->dev),
			domain_name(param ? param->hw_domain : NULL),
			param && param->attach_deferred ? " attach_deferred=1" : "");
	}
	fprintf(con->out, "domain: %s type=%s\n", domain_name(group->domain),
		domain_type(group->domain));
	fprintf(con->out, "default_domain: %s type=%s\n",
		domain_name(group->default_domain), domain_type(group->default_domain));
	if (group->blocking_domain)
		fprintf(con->out, "blocking_domain: %s\n", group->blocking_domain->name);
	fprintf(con->out, "owner: %s\n", group->owner ? "vfio" : "kernel");
	show_resv_regions(con, group);
	return 0;
}

/* The groups whose current domain is @domain, as "0,3" or "-". */
static void print_domain_groups(struct con *con, struct iommu_domain *domain)
{
	struct iommu_group *group;
	bool first = true;

	list_for_each_entry(group, &con->sim->groups, sim_node) {
		if (group->domain != domain)
			continue;
		fprintf(con->out, "%s%d", first ? "" : ",", group->id);
		first = false;
	}
	if (first)
		fputc('-', con->out);
}

static int cmd_domain_list(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain;

	list_for_each_entry(domain, &con->sim->domains, sim_node) {
		fprintf(con->out, "%s type=%s iommu=%s groups=", domain->name,
			iommu_domain_type_str(domain->type), domain->iommu_ops->name);
		print_domain_groups(con, domain);
		if (domain->fake_default)
			fputs(" fake_default=1", con->out);
		fputc('\n', con->out);
	}
	list_for_each_entry(domain, &con->sim->domain_quarantine, sim_node)
		fprintf(con->out, "%s type=%s iommu=%s freed=1\n", domain->name,
			iommu_domain_type_str(domain->type), domain->iommu_ops->name);
	return 0;
}

static int cmd_domain_show(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	struct device *dev;

	if (!domain)
		return -1;
	fprintf(con->out, "domain %s\n", domain->name);
	fprintf(con->out, "type: %s\n", iommu_domain_type_str(domain->type));
	fprintf(con->out, "iommu: %s\n", domain->iommu_ops->name);
	fprintf(con->out, "pgsize_bitmap: 0x%lx\n", domain->pgsize_bitmap);
	if (domain->geometry.force_aperture)
		fprintf(con->out, "aperture: 0x%llx-0x%llx\n",
			(unsigned long long)domain->geometry.aperture_start,
			(unsigned long long)domain->geometry.aperture_end);
	fputs("groups: ", con->out);
	print_domain_groups(con, domain);
	fputc('\n', con->out);
	fputs("translating:", con->out);
	list_for_each_entry(dev, &con->sim->devices, sim_node)
		if (dev->iommu && dev->iommu->hw_domain == domain)
			fprintf(con->out, " %s", dev_name(dev));
	fputc('\n', con->out);
	return 0;
}

static const struct {
	const char *name;
	unsigned int type;
} domain_types[] = {
	{ "dma", IOMMU_DOMAIN_DMA },
	{ "dma-fq", IOMMU_DOMAIN_DMA_FQ },
	{ "identity", IOMMU_DOMAIN_IDENTITY },
	{ "unmanaged", IOMMU_DOMAIN_UNMANAGED },
	{ "blocked", IOMMU_DOMAIN_BLOCKED },
};

/* iommu=NAME: that instance's ops; without it the machine's. */
static const struct iommu_ops *alloc_ops(struct con *con, int argc, char **argv)
{
	struct device *dev;
	struct iommu_device *iommu;

	if (argc < 3) {
		if (!con->sim->iommu_ops)
			con_err(con, -ENODEV, "no iommu is registered");
		return con->sim->iommu_ops;
	}
	if (strncmp(argv[2], "iommu=", 6)) {
		con_err(con, 0, "unknown argument '%s' (use iommu=<iommu>)", argv[2]);
		return NULL;
	}
	dev = sim_find_device(con->sim, argv[2] + 6);
	iommu = dev && dev->of_node ?
		iommu_device_from_fwnode(con->sim, dev->of_node) : NULL;
	if (!iommu) {
		con_err(con, -ENODEV, "'%s' is not a registered iommu", argv[2] + 6);
		return NULL;
	}
	return iommu->ops;
}

static int cmd_domain_alloc(struct con *con, int argc, char **argv)
{
	const struct iommu_ops *ops;
	struct iommu_domain *domain;
	size_t t;

	if (con_check_name(con, "domain", argv[0]))
		return -1;
	if (sim_iommu_domain_by_name(con->sim, argv[0]))
		return con_err(con, -EEXIST, "domain '%s' exists", argv[0]);
	for (t = 0; t < ARRAY_SIZE(domain_types); t++)
		if (!strcmp(domain_types[t].name, argv[1]))
			break;
	if (t == ARRAY_SIZE(domain_types))
		return con_err(con, 0, "unknown domain type '%s' (use dma, dma-fq, identity, unmanaged or blocked)",
			       argv[1]);
	ops = alloc_ops(con, argc, argv);
	if (!ops)
		return -1;
	domain = iommu_domain_alloc_type(con->sim, ops, domain_types[t].type, argv[0]);
	if (!domain)
		return con_err(con, -ENOMEM, "driver '%s' cannot allocate domains of type '%s'",
			       ops->name, argv[1]);
	fprintf(con->out, "domain %s type=%s\n", domain->name,
		iommu_domain_type_str(domain->type));
	return 0;
}

/*
 * Which group still uses @domain, for the -EBUSY line; NULL if none.  A
 * device that only still translates through it does not stop the free:
 * that is the kernel bug the quarantine catches.
 */
static const char *domain_busy(struct con *con, struct iommu_domain *domain,
			       char *buf, size_t len)
{
	struct iommu_group *group;

	list_for_each_entry(group, &con->sim->groups, sim_node) {
		if (group->domain == domain)
			snprintf(buf, len, "group %d is attached to it", group->id);
		else if (group->default_domain == domain || group->blocking_domain == domain)
			snprintf(buf, len, "it belongs to group %d", group->id);
		else
			continue;
		return buf;
	}
	return NULL;
}

/*
 * A domain user's fault handler, as iommu_set_fault_handler() installs
 * one: "take" answers 0, the fault handled, so the IOMMU driver prints
 * nothing (6.1's msm GPU handler does this); "pass" answers -ENOSYS, seen
 * but left for the driver to report too (remoteproc's does this).
 */
static int fault_handler_take(struct iommu_domain *domain, struct device *dev,
			      unsigned long iova, int flags, void *token)
{
	return 0;
}

static int fault_handler_pass(struct iommu_domain *domain, struct device *dev,
			      unsigned long iova, int flags, void *token)
{
	return -ENOSYS;
}

static const struct {
	const char *name;
	iommu_fault_handler_t handler;
} fault_handlers[] = {
	{ "take", fault_handler_take },
	{ "pass", fault_handler_pass },
	{ "none", NULL },
};

static int cmd_domain_fault_handler(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	size_t h;

	if (!domain)
		return -1;
	for (h = 0; h < ARRAY_SIZE(fault_handlers); h++)
		if (!strcmp(fault_handlers[h].name, argv[1]))
			break;
	if (h == ARRAY_SIZE(fault_handlers))
		return con_err(con, 0, "unknown fault handler '%s' (use take, pass or none)",
			       argv[1]);
	iommu_set_fault_handler(domain, fault_handlers[h].handler, NULL);
	fprintf(con->out, "domain %s fault_handler=%s\n", domain->name,
		fault_handlers[h].name);
	return 0;
}

static int cmd_domain_free(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	char why[96];

	if (!domain)
		return -1;
	if (domain_busy(con, domain, why, sizeof(why)))
		return con_err(con, -EBUSY, "cannot free domain '%s': %s", argv[0], why);
	iommu_domain_free(domain);
	return 0;
}

/*
 * "DEV" or "group:ID".  Exactly one of *@dev and *@group is set on
 * success; -1 after an error line.
 */
static int find_target(struct con *con, const char *arg, struct device **dev,
		       struct iommu_group **group)
{
	*dev = NULL;
	*group = NULL;
	if (!strncmp(arg, "group:", 6)) {
		*group = con_find_group(con, arg);
		return *group ? 0 : -1;
	}
	*dev = sim_find_device(con->sim, arg);
	if (*dev)
		return 0;
	if (group_typo(arg))
		return con_err(con, -ENODEV, "no device '%s'; did you mean 'group:%s'?", arg,
			       group_typo(arg));
	if (arg[0] && strspn(arg, "0123456789") == strlen(arg))
		return con_err(con, -ENODEV, "no device '%s'; a group is 'group:%s' here", arg,
			       arg);
	return con_err(con, -ENODEV, "no device '%s'", arg);
}

static int cmd_attach(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	struct iommu_group *group;
	struct device *dev;
	int ret;

	if (!domain || find_target(con, argv[1], &dev, &group))
		return -1;
	ret = dev ? iommu_attach_device(domain, dev) : iommu_attach_group(domain, group);
	fprintf(con->out, "attach %s %s -> %s\n", argv[0], argv[1], sim_errname(ret));
	return 0;
}

/*
 * iommu_detach_device() and iommu_detach_group() return nothing, so the
 * result line says what the call did: -> 0 the group went back to its
 * core-owned domain (default, blocking, or none for a driver without
 * default domains) or already was there; -> -EINVAL the call did
 * nothing: iommu_detach_device() of a domain the group is not on, or of
 * a device that shares its group, where 6.1 WARNs (dmesg shows it, the
 * trace has a BUG event) and returns; -> -ENODEV the device is in no
 * group.  iommu_detach_group() ignores its domain: always -> 0.
 */
static int cmd_detach(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	struct iommu_group *group;
	struct device *dev;
	int ret = 0;

	if (!domain || find_target(con, argv[1], &dev, &group))
		return -1;
	if (dev) {
		group = dev->iommu_group;
		if (!group)
			ret = -ENODEV;
		else if (group->domain != domain || iommu_group_device_count(group) != 1)
			ret = -EINVAL;
		iommu_detach_device(domain, dev);
	} else {
		iommu_detach_group(domain, group);
	}
	fprintf(con->out, "detach %s %s -> %s\n", argv[0], argv[1], sim_errname(ret));
	return 0;
}

int con_parse_addr(struct con *con, const char *what, const char *s, u64 *out)
{
	struct gram_err e;

	if (gram_parse_addr(what, s, out, &e))
		return con_gram_err(con, &e);
	return 0;
}

static int cmd_map(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	int prot = IOMMU_READ | IOMMU_WRITE;
	u64 iova, pa, size;
	int ret;

	if (!domain || con_parse_addr(con, "iova", argv[1], &iova) ||
	    con_parse_addr(con, "pa", argv[2], &pa) || con_parse_addr(con, "size", argv[3], &size))
		return -1;
	if (argc == 5) {
		if (!strcmp(argv[4], "r"))
			prot = IOMMU_READ;
		else if (!strcmp(argv[4], "w"))
			prot = IOMMU_WRITE;
		else if (strcmp(argv[4], "rw"))
			return con_err(con, 0, "bad access '%s' (use r, w or rw)", argv[4]);
	}
	if (iova + size < iova)
		return con_err(con, 0, "iova range 0x%llx+0x%llx does not fit",
			       (unsigned long long)iova, (unsigned long long)size);
	ret = iommu_map(domain, iova, pa, size, prot);
	fprintf(con->out, "map %s iova=0x%llx pa=0x%llx size=0x%llx -> %s\n",
		domain->name, (unsigned long long)iova, (unsigned long long)pa,
		(unsigned long long)size, sim_errname(ret));
	return 0;
}

static int cmd_unmap(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	struct iommu_iotlb_gather gather;
	u64 iova, size;
	size_t unmapped;

	if (!domain || con_parse_addr(con, "iova", argv[1], &iova) ||
	    con_parse_addr(con, "size", argv[2], &size))
		return -1;
	if (argc > 3 && strcmp(argv[3], "nosync"))
		return con_err(con, 0, "unknown option '%s' (nosync is the one there is)",
			       argv[3]);
	if (iova + size < iova)
		return con_err(con, 0, "iova range 0x%llx+0x%llx does not fit",
			       (unsigned long long)iova, (unsigned long long)size);
	if (argc > 3) {
		/* iommu_unmap_fast() and never iommu_iotlb_sync(): the TLB keeps it. */
		iommu_iotlb_gather_init(&gather);
		unmapped = iommu_unmap_fast(domain, iova, size, &gather);
	} else {
		unmapped = iommu_unmap(domain, iova, size);
	}
	fprintf(con->out, "unmap %s iova=0x%llx size=0x%llx -> 0x%zx\n",
		domain->name, (unsigned long long)iova, (unsigned long long)size,
		unmapped);
	return 0;
}

static int cmd_iova2phys(struct con *con, int argc, char **argv)
{
	struct iommu_domain *domain = con_find_domain(con, argv[0]);
	u64 iova;

	if (!domain || con_parse_addr(con, "iova", argv[1], &iova))
		return -1;
	fprintf(con->out, "iova2phys %s iova=0x%llx -> 0x%llx\n", domain->name,
		(unsigned long long)iova,
		(unsigned long long)iommu_iova_to_phys(domain, iova));
	return 0;
}

/* Completion */

static const char *gen_group(struct con *con, int argi, const char *text, size_t idx)
{
	struct iommu_group *group;

	if (argi != 0)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		list_for_each_entry(group, &con->sim->groups, sim_node)
			con_scratch_add(con, "%d", group->id);
	}
	return con_scratch_get(con, idx);
}

static const char *nth_domain(struct con *con, size_t idx)
{
	struct iommu_domain *domain;

	list_for_each_entry(domain, &con->sim->domains, sim_node)
		if (idx-- == 0)
			return domain->name;
	return NULL;
}

const char *con_gen_domain(struct con *con, int argi, const char *text, size_t idx)
{
	return argi == 0 ? nth_domain(con, idx) : NULL;
}

/* DOM, then a device or a group:ID. */
static const char *gen_attach(struct con *con, int argi, const char *text, size_t idx)
{
	struct iommu_group *group;
	struct device *dev;

	if (argi == 0)
		return nth_domain(con, idx);
	if (argi != 1)
		return NULL;
	if (idx == 0) {
		con_scratch_reset(con);
		list_for_each_entry(group, &con->sim->groups, sim_node)
			con_scratch_add(con, "group:%d", group->id);
		list_for_each_entry(dev, &con->sim->devices, sim_node)
			if (dev->iommu_group)
				con_scratch_add(con, "%s", dev_name(dev));
	}
	return con_scratch_get(con, idx);
}

static const char *gen_fault_handler(struct con *con, int argi, const char *text,
				     size_t idx)
{
	if (argi == 0)
		return con_gen_domain(con, argi, text, idx);
	if (argi == 1)
		return idx < ARRAY_SIZE(fault_handlers) ? fault_handlers[idx].name : NULL;
	return NULL;
}

static const char *gen_domain_alloc(struct con *con, int argi, const char *text,
				    size_t idx)
{
	if (argi == 1)
		return idx < ARRAY_SIZE(domain_types) ? domain_types[idx].name : NULL;
	if (argi == 2 && idx == 0)
		return "iommu=";
	return NULL;
}

const struct con_cmd con_iommu_cmds[] = {
	{ "group list", "", cmd_group_list,
	  "list the iommu groups with their devices and current domain", NULL },
	{ "group show", "<group>", cmd_group_show,
	  "show a group: members, domains, owner, reserved regions", gen_group },
	{ "domain list", "", cmd_domain_list,
	  "list the domains, freed ones still in use included", NULL },
	{ "domain show", "<domain>", cmd_domain_show,
	  "show a domain: type, page sizes, aperture, who uses it", con_gen_domain },
	{ "domain alloc", "<name> <type> [iommu=<iommu>]", cmd_domain_alloc,
	  "allocate a domain: dma, dma-fq, identity, unmanaged or blocked", gen_domain_alloc },
	{ "domain free", "<domain>", cmd_domain_free,
	  "free a domain nothing is attached to", con_gen_domain },
	{ "domain fault_handler", "<domain> take|pass|none", cmd_domain_fault_handler,
	  "iommu_set_fault_handler: take answers 0 (handled), pass -ENOSYS; none removes it",
	  gen_fault_handler },
	{ "attach", "<domain> <dev>|group:<id>", cmd_attach,
	  "iommu_attach_device or iommu_attach_group, and its result", gen_attach },
	{ "detach", "<domain> <dev>|group:<id>", cmd_detach,
	  "iommu_detach_device or iommu_detach_group: back to the default domain", gen_attach },
	{ "map", "<domain> <iova> <pa> <size> [r|w|rw]", cmd_map,
	  "iommu_map a range, and its result", con_gen_domain },
	{ "unmap", "<domain> <iova> <size> [nosync]", cmd_unmap,
	  "iommu_unmap a range (nosync: iommu_unmap_fast, no TLB flush); prints how much went", con_gen_domain },
	{ "iova2phys", "<domain> <iova>", cmd_iova2phys,
	  "iommu_iova_to_phys: the physical address an iova translates to", con_gen_domain },
	{ .name = NULL }
};
