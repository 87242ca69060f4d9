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

static void print_dma(struct con *con, const char *what, struct device *dev,
		      u64 addr, u64 len, int ret, const struct dma_log *log,
		      const u8 *data)
{
	char line[GRAM_DATA_LINE];

	fprintf(con->out, GRAM_FMT_DMA, what, dev_name(dev),
		(unsigned long long)addr, (unsigned long long)len, ret ? "fault" : "0");
	for (size_t i = 0; i < log->count; i++) {
		const struct dma_piece *p = &log->piece[i];
		u64 end = i + 1 < log->count ? log->piece[i + 1].addr : addr + len;

		if (p->x.kind == SIM_XLATE_ABORT)
			fprintf(con->out, GRAM_FMT_DMA_ABORT,
				(unsigned long long)p->addr, (unsigned long long)(end - p->addr));
		else
			fprintf(con->out, GRAM_FMT_DMA_PIECE " %s\n",
				(unsigned long long)p->addr, (unsigned long long)p->x.pa,
				(unsigned long long)(end - p->addr),
				sim_xlate_kind_name(p->x.kind));
	}
	if (!data)
		return;
	gram_data_line(line, data, len);
	fputs(line, con->out);
}

static int dma_rw(struct con *con, int argc, char **argv, bool write)
{
	struct device *dev = con_find_dev(con, argv[0]);
	struct dma_log log = { 0 };
	struct of_phandle_args spec;
	struct gram_dma_args a;
	struct gram_err e;
	struct sim_hw *hw;
	unsigned int port;
	u64 addr, len;
	u8 *buf;
	int ret;

	if (!dev)
		return -1;
	if (gram_parse_dma_args(argc, argv, write, &a, &e))
		return con_gram_err(con, &e);
	addr = a.iova;
	len = a.len;
	port = a.port;
	if (port >= sim_hw_dma_ports(dev))
		return con_err(con, -ENOENT, GRAM_E_DMA_PORT, argv[0], port);
	ret = sim_hw_dma_route(dev, port, &spec);
	if (ret < 0)
		return con_err(con, ret, "device '%s': its IOMMU specifier leads nowhere",
			       argv[0]);
	buf = malloc(len);
	if (!buf)
		return con_err(con, -ENOMEM, "no memory for 0x%llx bytes",
			       (unsigned long long)len);
	memset(buf, write ? a.byte : 0, len);

	pm_runtime_get_sync(dev);
	hw = dev->of_node ? sim_hw_find(con->sim, dev->of_node) : NULL;
	if (hw && hw->type->dma_engine)
		ret = hw->type->dma_engine(hw, addr, buf, len, write, dma_observe, &log);
	else
		ret = sim_dma_access(dev, port, addr, buf, len, write, dma_observe, &log);
	pm_runtime_put(dev);

	if (ret < 0 && hw && hw->type->dma_engine)
		con_err(con, ret, GRAM_E_DMA_REFUSED,
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
	{ "dma read", GRAM_SPEC_DMA_READ, cmd_dma_read,
	  "the device's hardware reads memory through its IOMMU path", con_gen_dev },
	{ "dma write", GRAM_SPEC_DMA_WRITE, cmd_dma_write,
	  "the device's hardware writes bytes (default 0x5a) through its IOMMU path",
	  con_gen_dev },
	{ .name = NULL }
};
