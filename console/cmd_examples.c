/*
 * One worked example per command, shown by `help COMMAND` under the
 * usage line.  Each runs as written on the board named beside it (the
 * default mt8173-evb unless it says q35-vtd); t0004 checks that every
 * command in the table has one.
 */
#include <string.h>

#include "cmdtab.h"

static const struct con_example {
	const char *name;
	const char *example;
} con_examples[] = {
	{ "help", "help dma map_sg" },
	{ "quit", "quit" },
	{ "exit", "exit" },
	{ "source", "source my-lab.cmds" },
	{ "tui", "tui" },
	{ "complete", "complete 'dma unmap edu '" },
	{ "reset", "set iommu.strict 1; reset" },
	{ "era list", "era list" },
	{ "era", "era v6.2" },
	{ "set", "set iommu.passthrough 1; set check off" },
	{ "show settings", "show settings" },
	{ "probe", "drv load mtk-iommu; probe" },
	{ "deferred", "board load mt8173-evb --no-drivers; drv load mediatek-disp-ovl; deferred" },
	{ "tick", "tick 10ms" },
	{ "board list", "board list" },
	{ "board load", "board load q35-vtd" },
	{ "board show", "board show" },
	{ "dev list", "dev list" },
	{ "dev show", "dev show ovl0" },
	{ "dev add", "dev add cam1 compatible=iommu-lab,dma-master iommus=iommu:0x40 larb=larb2" },
	{ "dev set", "dev set edu dma-mask 32   (q35-vtd)" },
	{ "dev unbind", "dev unbind edu   (q35-vtd)" },
	{ "dev bind", "dev set edu driver_override vfio-pci; dev bind edu vfio-pci   (q35-vtd, after dev unbind edu)" },
	{ "dev del", "dev del ovl1" },
	{ "drv list", "drv list" },
	{ "drv load", "drv load mtk-iommu" },
	{ "drv unload", "drv unload mediatek-disp-ovl" },
	{ "group list", "group list" },
	{ "group show", "group show 0" },
	{ "domain list", "domain list" },
	{ "domain show", "domain show dom0" },
	{ "domain alloc", "domain alloc d1 unmanaged" },
	{ "domain free", "domain free d1" },
	{ "domain fault_handler", "domain fault_handler dom0 take" },
	{ "attach", "domain alloc d1 unmanaged; attach d1 group:0" },
	{ "detach", "detach d1 group:0" },
	{ "map", "map dom0 0x100000 0x40100000 0x1000 rw" },
	{ "unmap", "unmap dom0 0x100000 0x1000 nosync" },
	{ "iova2phys", "iova2phys dom0 0x100000" },
	{ "pgtable", "pgtable dom0 0x100000" },
	{ "flush", "flush dom0" },
	{ "iova show", "dma map edu buf 0x3000; iova show edu   (q35-vtd)" },
	{ "dma map", "dma map edu buf 0x100@0x40 to   (q35-vtd)" },
	{ "dma map_sg", "dma map_sg edu sg 0x2000@0x800 0x800 bidi   (q35-vtd)" },
	{ "dma unmap", "dma unmap edu sg   (q35-vtd)" },
	{ "dma alloc", "dma alloc ovl0 fb 0x123000" },
	{ "dma free", "dma free ovl0 fb" },
	{ "dma read", "dma read ovl0 0x100000 0x10" },
	{ "dma write", "dma write cam_isp 0x400000 0x10 port=2 byte=0x11" },
	{ "vfio attach", "vfio attach group:3   (q35-vtd, edu bound to vfio-pci)" },
	{ "vfio detach", "vfio detach group:0" },
	{ "vfio show", "vfio show" },
	{ "vfio map", "vfio map 0x100000 0x1000" },
	{ "vfio unmap", "vfio unmap 0x100000 0x1000" },
	{ "m4u regs", "m4u regs" },
	{ "m4u tlb", "m4u tlb" },
	{ "m4u faults", "dma read ovl0 0x300000 0x10; m4u faults" },
	{ "vtd regs", "vtd regs dmar0   (q35-vtd)" },
	{ "vtd iotlb", "vtd iotlb   (q35-vtd)" },
	{ "faults", "faults" },
	{ "dmesg", "dmesg" },
	{ "mmio read", "mmio read 0x10205000" },
	{ "mmio write", "mmio write 0x14021f00 0x0" },
	{ "pm get", "pm get ovl0" },
	{ "pm put", "pm put ovl0" },
	{ "trace on", "trace on" },
	{ "trace off", "trace off" },
	{ "trace show", "trace show attach_device_to_domain dev=ovl0" },
	{ "trace clear", "trace clear" },
	{ "trace diff", "trace diff v4.12 v6.1 demo.cmds   (a script of dev list; probe)" },
	{ "inject list", "inject list" },
	{ "inject clear", "inject clear" },
	{ "inject", "inject attach_dev -ENOMEM dev=ovl1; reset" },
	{ "graph", "graph mt8173-evb.svg" },
	{ "graph live", "graph live /tmp/iommu-lab.svg" },
	{ "graph serve", "graph serve 8018" },
	{ "graph off", "graph off" },
};

const char *con_cmd_example(const struct con_cmd *cmd)
{
	for (size_t i = 0; i < sizeof(con_examples) / sizeof(con_examples[0]); i++)
		if (!strcmp(con_examples[i].name, cmd->name))
			return con_examples[i].example;
	return NULL;
}
