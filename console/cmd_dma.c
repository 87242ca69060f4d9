/*
 * DMA master transactions: `dma read` and `dma write` make a device's
 * hardware read or write memory through whatever sits on its path (a
 * larb port and the M4U, a VT-d unit, or nothing), with the device held
 * runtime-active meanwhile, as a driver does around a job.
 */
#include <stdlib.h>
#include <string.h>

#include <sim/device.h>
#include <sim/errno.h>
#include <sim/hw.h>
#include <sim/pm_runtime.h>
#include <sim/sim.h>

#include "cmdtab.h"
#include "console.h"
#include "parse.h"

#define DMA_MAX_LEN		SZ_16M
#define DMA_DATA_SHOWN		16
#define DMA_WRITE_BYTE		0x5a

struct dma_piece {
	u64 addr;
	struct sim_dma_xlate x;
};

struct dma_log {
	struct dma_piece *piece;
	size_t count, cap;
	bool oom;
};

static void dma_observe(void *ctx, u64 addr, const struct sim_dma_xlate *x)
{
	struct dma_log *log = ctx;

	if (log->count == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 16;
		struct dma_piece *p = realloc(log->piece, cap * sizeof(*p));

		if (!p) {
			log->oom = true;
			return;
		}
		log->piece = p;
		log->cap = cap;
	}
	log->piece[log->count++] = (struct dma_piece){ .addr = addr, .x = *x };
}

/* port=N and, for writes, byte=V; anything else is an error. */
static int parse_dma_options(struct con *con, int argc, char **argv, bool write,
			     unsigned int *port, u8 *byte)
{
	char err[160];

	for (int i = 3; i < argc; i++) {
		u64 v;

		if (!strncmp(argv[i], "port=", 5)) {
			if (con_parse_u64(argv[i] + 5, &v, err, sizeof(err)) || v > 31)
				return con_err(con, 0, "bad port '%s'", argv[i] + 5);
			*port = v;
		} else if (write && !strncmp(argv[i], "byte=", 5)) {
			if (con_parse_u64(argv[i] + 5, &v, err, sizeof(err)) || v > 0xff)
				return con_err(con, 0, "bad byte '%s'", argv[i] + 5);
			*byte = v;
		} else {
			return con_err(con, 0, "unknown option '%s'", argv[i]);
		}
	}
	return 0;
}

static void print_dma(struct con *con, const char *what, struct device *dev,
		      u64 addr, u64 len, int ret, const struct dma_log *log,
		      const u8 *data)
{
	fprintf(con->out, "dma %s %s iova=0x%llx len=0x%llx -> %s\n", what, dev_name(dev),
		(unsigned long long)addr, (unsigned long long)len, ret ? "fault" : "0");
	for (size_t i = 0; i < log->count; i++) {
		const struct dma_piece *p = &log->piece[i];
		u64 end = i + 1 < log->count ? log->piece[i + 1].addr : addr + len;

		if (p->x.kind == SIM_XLATE_ABORT)
			fprintf(con->out, " iova=0x%llx pa=- len=0x%llx abort\n",
				(unsigned long long)p->addr, (unsigned long long)(end - p->addr));
		else
			fprintf(con->out, " iova=0x%llx pa=0x%llx len=0x%llx %s\n",
				(unsigned long long)p->addr, (unsigned long long)p->x.pa,
				(unsigned long long)(end - p->addr),
				sim_xlate_kind_name(p->x.kind));
	}
	if (!data)
		return;
	fprintf(con->out, " data");
	for (u64 i = 0; i < len && i < DMA_DATA_SHOWN; i++)
		fprintf(con->out, " %02x", data[i]);
	fprintf(con->out, "%s\n", len > DMA_DATA_SHOWN ? " ..." : "");
}

static int dma_rw(struct con *con, int argc, char **argv, bool write)
{
	struct device *dev = con_find_dev(con, argv[0]);
	struct dma_log log = { 0 };
	unsigned int port = 0;
	u8 byte = DMA_WRITE_BYTE;
	struct of_phandle_args spec;
	struct sim_hw *hw;
	u64 addr, len;
	u8 *buf;
	int ret;

	if (!dev || con_parse_addr(con, "iova", argv[1], &addr) ||
	    con_parse_addr(con, "length", argv[2], &len) ||
	    parse_dma_options(con, argc, argv, write, &port, &byte))
		return -1;
	if (!len || len > DMA_MAX_LEN)
		return con_err(con, -EINVAL, "length 0x%llx is not 1..0x%lx",
			       (unsigned long long)len, DMA_MAX_LEN);
	if (addr + len - 1 < addr)
		return con_err(con, -ERANGE, "iova range 0x%llx+0x%llx does not fit",
			       (unsigned long long)addr, (unsigned long long)len);
	if (port >= sim_hw_dma_ports(dev))
		return con_err(con, -ENOENT, "device '%s' has no DMA port %u",
			       argv[0], port);
	ret = sim_hw_dma_route(dev, port, &spec);
	if (ret < 0)
		return con_err(con, ret, "device '%s': its IOMMU specifier leads nowhere",
			       argv[0]);
	buf = malloc(len);
	if (!buf)
		return con_err(con, -ENOMEM, "no memory for 0x%llx bytes",
			       (unsigned long long)len);
	memset(buf, write ? byte : 0, len);

	pm_runtime_get_sync(dev);
	hw = dev->of_node ? sim_hw_find(con->sim, dev->of_node) : NULL;
	if (hw && hw->type->dma_engine)
		ret = hw->type->dma_engine(hw, addr, buf, len, write, dma_observe, &log);
	else
		ret = sim_dma_access(dev, port, addr, buf, len, write, dma_observe, &log);
	pm_runtime_put(dev);

	if (ret < 0 && hw && hw->type->dma_engine)
		con_err(con, ret, "device '%s' refused a 0x%llx-byte transfer at iova 0x%llx",
			argv[0], (unsigned long long)len, (unsigned long long)addr);
	else if (ret < 0)
		con_err(con, ret, "device '%s' cannot reach iova 0x%llx", argv[0],
			(unsigned long long)addr);
	else if (log.oom)
		con_err(con, -ENOMEM, "out of memory recording the access");
	else
		print_dma(con, write ? "write" : "read", dev, addr, len, ret, &log,
			  write ? NULL : buf);
	free(log.piece);
	free(buf);
	return ret < 0 || log.oom ? -1 : 0;
}

static int cmd_dma_read(struct con *con, int argc, char **argv)
{
	return dma_rw(con, argc, argv, false);
}

static int cmd_dma_write(struct con *con, int argc, char **argv)
{
	return dma_rw(con, argc, argv, true);
}

const struct con_cmd con_dma_cmds[] = {
	{ "dma read", "<dev> <iova> <len> [port=<n>]", cmd_dma_read,
	  "the device's hardware reads memory through its IOMMU path", con_gen_dev },
	{ "dma write", "<dev> <iova> <len> [port=<n>] [byte=<v>]", cmd_dma_write,
	  "the device's hardware writes bytes (default 0x5a) through its IOMMU path",
	  con_gen_dev },
	{ .name = NULL }
};
