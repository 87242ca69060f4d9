/*
 * lab-vfio: runs a console script's VFIO lines on a real kernel, the way a
 * user's program does them, for kernel-lab's VFIO differential test
 * (scripts/kernel-lab-vfio-run, tests/console/t0605-kernel-lab-vfio.sh).
 *
 *   dev unbind DEV                        write DEV to its driver's unbind
 *   dev set DEV driver_override DRV|none  write the device's driver_override,
 *                                         print it as sysfs shows it
 *   dev bind DEV DRV                      write DEV to DRV's bind (the probe's result)
 *   vfio attach group:N                   open /dev/vfio/vfio once, open
 *                                         /dev/vfio/N, VFIO_GROUP_SET_CONTAINER,
 *                                         and for the container's first group
 *                                         VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU)
 *   vfio map IOVA SIZE                    VFIO_IOMMU_MAP_DMA of fresh anonymous memory
 *   vfio unmap IOVA SIZE                  VFIO_IOMMU_UNMAP_DMA
 *   vfio detach group:N                   VFIO_GROUP_UNSET_CONTAINER, close the group
 *   trace on|off                          the iommu trace events, on or off
 *
 * Each line prints what the console prints for it ("vfio map iova=0x100000
 * size=0x200000 -> 0"), the kernel's result as an errno name.  Before each
 * command it writes "@@step N" (N counts the script's commands from 1) to
 * the trace marker and to standard output, so that the trace and the
 * output can be cut into the script's steps.
 * Devices have the console's names; -d NAME=PCI gives each one's PCI name.
 * Numbers are decimal or 0x hex, with an optional K, M or G.  The container
 * is closed when the program ends.
 *
 * Built with -static: the VM's initramfs has no C library.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vfio.h>

#define TRACEFS "/sys/kernel/tracing"
#define MAX_DEVICES 8
#define MAX_GROUPS 64
#define MAX_WORDS 8

struct device_name {
	const char *name;
	const char *pci;
};

static struct device_name devices[MAX_DEVICES];
static int ndevices;
static int container_fd = -1;
static int container_groups;
static int group_fds[MAX_GROUPS];

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" },
	{ ENXIO, "ENXIO" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
	{ ENOTTY, "ENOTTY" }, { ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EMEDIUMTYPE, "EMEDIUMTYPE" },
};

/* The console's way of printing a result: "0", "-EINVAL", or "-N". */
static const char *result_name(int err)
{
	static char buf[32];

	if (!err)
		return "0";
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].err == err)
			return snprintf(buf, sizeof(buf), "-%s", errnames[i].name), buf;
	snprintf(buf, sizeof(buf), "-%d", err);
	return buf;
}

static void out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* Writes @text to the sysfs or tracefs file @path: 0 or the errno. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return errno;
	n = write(fd, text, strlen(text));
	err = n < 0 ? errno : 0;
	close(fd);
	return err;
}

/* Reads the first line of @path, without its newline: 0 or the errno. */
static int read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return errno;
	n = read(fd, buf, size - 1);
	err = n < 0 ? errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static const char *pci_name(const char *name)
{
	for (int i = 0; i < ndevices; i++)
		if (!strcmp(devices[i].name, name))
			return devices[i].pci;
	return NULL;
}

/* A number as the console reads one: decimal or 0x hex, then K, M or G. */
static int parse_number(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'K': *v <<= 10; end++; break;
	case 'M': *v <<= 20; end++; break;
	case 'G': *v <<= 30; end++; break;
	}
	return *end ? -1 : 0;
}

static int parse_group(const char *s, int *id)
{
	unsigned long long v;

	if (strncmp(s, "group:", 6) || parse_number(s + 6, &v) || v >= MAX_GROUPS)
		return -1;
	*id = (int)v;
	return 0;
}

static int cmd_dev(int argc, char **argv)
{
	const char *pci = argc >= 3 ? pci_name(argv[2]) : NULL;
	char path[256], value[256];
	int err;

	if (!pci)
		return -1;
	if (argc == 3 && !strcmp(argv[1], "unbind")) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", pci);
		err = write_file(path, pci);
		out("dev unbind %s -> %s\n", argv[2], result_name(err));
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "set") && !strcmp(argv[3], "driver_override")) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", pci);
		err = write_file(path, strcmp(argv[4], "none") ? argv[4] : "\n");
		if (!err)
			err = read_line(path, value, sizeof(value));
		if (err)
			out("error: dev set: %s\n", result_name(err));
		else
			out("%s driver_override=%s\n", argv[2], value);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "bind")) {
		snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/bind", argv[3]);
		err = write_file(path, pci);
		out("dev bind %s %s -> %s\n", argv[2], argv[3], result_name(err));
		return 0;
	}
	return -1;
}

/* Opens the container and checks it speaks type1v2: 0 or the errno. */
static int container_open(void)
{
	if (container_fd >= 0)
		return 0;
	container_fd = open("/dev/vfio/vfio", O_RDWR);
	if (container_fd < 0)
		return errno;
	if (ioctl(container_fd, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(container_fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0) {
		close(container_fd);
		container_fd = -1;
		return ENOSYS;
	}
	return 0;
}

static int vfio_attach(int id)
{
	char path[64];
	int fd, err;

	if (group_fds[id] >= 0)
		return EINVAL;
	err = container_open();
	if (err)
		return err;
	snprintf(path, sizeof(path), "/dev/vfio/%d", id);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return errno;
	if (ioctl(fd, VFIO_GROUP_SET_CONTAINER, &container_fd)) {
		err = errno;
		close(fd);
		return err;
	}
	if (!container_groups && ioctl(container_fd, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		err = errno;
		ioctl(fd, VFIO_GROUP_UNSET_CONTAINER);
		close(fd);
		return err;
	}
	group_fds[id] = fd;
	container_groups++;
	return 0;
}

static int vfio_detach(int id)
{
	int err = 0;

	if (group_fds[id] < 0)
		return EINVAL;
	if (ioctl(group_fds[id], VFIO_GROUP_UNSET_CONTAINER))
		err = errno;
	close(group_fds[id]);
	group_fds[id] = -1;
	container_groups--;
	return err;
}

static int vfio_map(unsigned long long iova, unsigned long long size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.iova = iova,
		.size = size,
	};
	void *mem;
	int err;

	if (container_fd < 0)
		return ENODEV;
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return errno;
	map.vaddr = (uintptr_t)mem;
	if (!ioctl(container_fd, VFIO_IOMMU_MAP_DMA, &map))
		return 0;
	err = errno;
	munmap(mem, size);
	return err;
}

static int vfio_unmap(unsigned long long iova, unsigned long long size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (container_fd < 0)
		return ENODEV;
	return ioctl(container_fd, VFIO_IOMMU_UNMAP_DMA, &unmap) ? errno : 0;
}

static int cmd_vfio(int argc, char **argv)
{
	unsigned long long iova, size;
	int id, err;

	if (argc == 3 && (!strcmp(argv[1], "attach") || !strcmp(argv[1], "detach"))) {
		if (parse_group(argv[2], &id))
			return -1;
		err = argv[1][0] == 'a' ? vfio_attach(id) : vfio_detach(id);
		out("vfio %s group:%d -> %s\n", argv[1], id, result_name(err));
		return 0;
	}
	if (argc == 4 && (!strcmp(argv[1], "map") || !strcmp(argv[1], "unmap"))) {
		if (parse_number(argv[2], &iova) || parse_number(argv[3], &size))
			return -1;
		err = argv[1][0] == 'm' ? vfio_map(iova, size) : vfio_unmap(iova, size);
		out("vfio %s iova=0x%llx size=0x%llx -> %s\n", argv[1], iova, size,
		    result_name(err));
		return 0;
	}
	return -1;
}

static int cmd_trace(int argc, char **argv)
{
	int err;

	if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off")))
		return -1;
	err = write_file(TRACEFS "/events/iommu/enable", argv[1][1] == 'n' ? "1" : "0");
	if (err)
		out("error: trace %s: %s\n", argv[1], result_name(err));
	return 0;
}

/* Runs one line: 0, or -1 when the line is not one this program knows. */
static int run_line(char *line, int step)
{
	char *argv[MAX_WORDS + 1], *save, *w;
	char marker[32];
	int argc = 0, err;

	for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (argc == MAX_WORDS)
			return -1;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	snprintf(marker, sizeof(marker), "@@step %d\n", step);
	out("%s", marker);
	err = write_file(TRACEFS "/trace_marker", marker);
	if (err) {
		out("error: trace marker: %s\n", result_name(err));
		return 0;
	}
	if (!strcmp(argv[0], "dev"))
		return cmd_dev(argc, argv);
	if (!strcmp(argv[0], "vfio"))
		return cmd_vfio(argc, argv);
	if (!strcmp(argv[0], "trace"))
		return cmd_trace(argc, argv);
	return -1;
}

int main(int argc, char **argv)
{
	char line[512];
	FILE *script;
	int opt, step = 0, lineno = 0;

	while ((opt = getopt(argc, argv, "d:")) != -1) {
		char *eq = opt == 'd' ? strchr(optarg, '=') : NULL;

		if (!eq || ndevices == MAX_DEVICES) {
			fprintf(stderr, "usage: lab-vfio [-d NAME=PCI]... SCRIPT\n");
			return 2;
		}
		*eq = '\0';
		devices[ndevices].name = optarg;
		devices[ndevices++].pci = eq + 1;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: lab-vfio [-d NAME=PCI]... SCRIPT\n");
		return 2;
	}
	script = fopen(argv[optind], "r");
	if (!script) {
		perror(argv[optind]);
		return 2;
	}
	for (int i = 0; i < MAX_GROUPS; i++)
		group_fds[i] = -1;
	while (fgets(line, sizeof(line), script)) {
		char *hash = strchr(line, '#'), *p = line;

		lineno++;
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\n")] = '\0';
		p += strspn(p, " \t");
		if (!*p)
			continue;
		if (run_line(p, ++step)) {
			out("error: lab-vfio: line %d: not a line this program runs\n", lineno);
			return 1;
		}
	}
	if (container_fd >= 0)
		close(container_fd);
	return 0;
}
