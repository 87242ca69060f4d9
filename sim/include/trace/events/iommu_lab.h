/*
 * The project's trace events, declared once: for each, the helper's name,
 * the event name recorded, the helper's typed arguments and the format of
 * the recorded "key=value ..." text with the expressions that fill it, as
 * include/trace/events/iommu.h declares the kernel's IOMMU events.  Callers
 * use the typed helpers, trace_NAME(args...), never a format string.
 *
 * Two kinds of entry:
 *   DEV_EVENT(name, "event", (args), dev, "format", values...)
 *	the machine is found from the device @dev names among the
 *	arguments: what a driver calls, with only a struct device.
 *   SIM_EVENT(name, "event", (args), "format", values...)
 *	the simulator's own events: the helper takes the machine first,
 *	trace_NAME(sim, args...).  They name devices by string, so that the
 *	lowest layer can emit them.
 * Several helpers may record the same event name ("WARN", "probe_device"
 * with and without an error): one helper per format.  The values use only
 * the arguments, dev_name() and TRACE_ERRNAME(err) (an errno's name,
 * "-EINVAL", or "0").
 *
 * The simulator defines the helpers in sim/base/trace-events.c (SIM_EVENT)
 * and sim/core/trace-events.c (DEV_EVENT); the -Wformat check of those
 * definitions is what keeps each format in agreement with its arguments.
 * Built into a kernel module (__KERNEL__, kernel-lab), this header defines
 * every helper itself, inline, handing the same name and text to
 * lab_trace_event(), which each module provides; there the SIM_EVENT
 * helpers take no machine.
 */
/*
 * The table alone (the two macros below), with nothing it needs, for a
 * file that defines IOMMU_LAB_TRACE_TABLE_ONLY before including this:
 * the console's grammar, which checks trace show's event names and keys
 * in both worlds.  The helpers come with any later include without it.
 */
#ifndef TRACE_EVENTS_IOMMU_LAB_TABLE
#define TRACE_EVENTS_IOMMU_LAB_TABLE

#define IOMMU_LAB_TRACE_EVENTS(DEV_EVENT, SIM_EVENT)				\
/* sim/base: interrupts, fault injection, guest register errors */		\
SIM_EVENT(irq, "irq", (unsigned int irq, const char *name),			\
	  "irq=%u name=%s", irq, name)						\
SIM_EVENT(irq_disabled, "irq_disabled", (unsigned int irq),			\
	  "irq=%u", irq)							\
SIM_EVENT(bug_warn_on, "BUG", (const char *site),				\
	  "warn=WARN_ON site=%s", site)						\
SIM_EVENT(bug_bad_iomem, "BUG", (const char *site, unsigned long long addr),	\
	  "oops=paging-request site=%s addr=0x%llx", site, addr)		\
SIM_EVENT(fault_inject, "fault_inject", (const char *name, const char *caller),	\
	  "name=%s caller=%s", name, caller)					\
SIM_EVENT(fail_function_dev, "fault_inject",					\
	  (const char *callback, const char *dev, int err),			\
	  "name=fail_function callback=%s dev=%s ret=%s", callback, dev,	\
	  TRACE_ERRNAME(err))							\
SIM_EVENT(fail_function, "fault_inject", (const char *callback, int err),	\
	  "name=fail_function callback=%s ret=%s", callback, TRACE_ERRNAME(err))	\
SIM_EVENT(fail_function_null, "fault_inject", (const char *callback),		\
	  "name=fail_function callback=%s ret=NULL", callback)			\
SIM_EVENT(guest_error, "guest_error", (const char *dev, const char *msg),	\
	  "dev=%s msg=\"%s\"", dev, msg)					\
										\
/* sim/hw: the M4U, SMI larb, edu and VT-d models */				\
SIM_EVENT(m4u_invalidate_none, "m4u_invalidate", (const char *dev, unsigned int cmd), \
	  "dev=%s cmd=0x%x selected=none", dev, cmd)				\
SIM_EVENT(m4u_invalidate_all, "m4u_invalidate", (const char *dev),		\
	  "dev=%s all=1", dev)							\
SIM_EVENT(m4u_invalidate_range, "m4u_invalidate",				\
	  (const char *dev, unsigned int start, unsigned int end),		\
	  "dev=%s start=0x%x end=0x%x", dev, start, end)			\
SIM_EVENT(m4u_invalidate_lost, "m4u_invalidate",				\
	  (const char *dev, unsigned int start, unsigned int end),		\
	  "dev=%s start=0x%x end=0x%x lost=1", dev, start, end)			\
SIM_EVENT(m4u_pt_base_write, "m4u_pt_base_write", (const char *dev, unsigned int value), \
	  "dev=%s value=0x%x", dev, value)					\
SIM_EVENT(m4u_fault, "m4u_fault",						\
	  (const char *master, unsigned int iova, unsigned int larb,		\
	   unsigned int port, int layer, int write),				\
	  "dev=%s iova=0x%x larb=%u port=%u layer=%d %s", master, iova, larb,	\
	  port, layer, write ? "write" : "read")				\
SIM_EVENT(m4u_tlb_hit, "tlb_hit",						\
	  (const char *master, unsigned int iova, unsigned long long pa),	\
	  "dev=%s iova=0x%x pa=0x%llx", master, iova, pa)			\
SIM_EVENT(m4u_tlb_miss, "tlb_miss",						\
	  (const char *master, unsigned int iova, unsigned long long pa),	\
	  "dev=%s iova=0x%x pa=0x%llx", master, iova, pa)			\
SIM_EVENT(m4u_tlb_miss_fault, "tlb_miss", (const char *master, unsigned int iova), \
	  "dev=%s iova=0x%x walk=fault", master, iova)				\
SIM_EVENT(larb_mmu_en, "larb_mmu_en", (const char *larb, unsigned int value),	\
	  "larb=%s value=0x%x", larb, value)					\
SIM_EVENT(edu_dma, "edu_dma",							\
	  (const char *dev, int to_ram, unsigned long long ram,			\
	   unsigned long long buf, unsigned long long len),			\
	  "dev=%s %s ram=0x%llx buf=0x%llx len=0x%llx", dev,			\
	  to_ram ? "to_ram" : "from_ram", ram, buf, len)			\
SIM_EVENT(vtd_root, "vtd_root", (const char *dev, unsigned long long root),	\
	  "dev=%s root=0x%llx", dev, root)					\
SIM_EVENT(vtd_translation, "vtd_translation", (const char *dev, int enabled),	\
	  "dev=%s enabled=%d", dev, enabled)					\
SIM_EVENT(vtd_cc_inval, "vtd_cc_inval",						\
	  (const char *dev, const char *gran, unsigned int did, unsigned int sid), \
	  "dev=%s gran=%s did=%u sid=0x%x", dev, gran, did, sid)		\
SIM_EVENT(vtd_iotlb_inval_global, "vtd_iotlb_inval", (const char *dev),		\
	  "dev=%s gran=global", dev)						\
SIM_EVENT(vtd_iotlb_inval_domain, "vtd_iotlb_inval", (const char *dev, unsigned int did), \
	  "dev=%s gran=domain did=%u", dev, did)				\
SIM_EVENT(vtd_iotlb_inval_page, "vtd_iotlb_inval",				\
	  (const char *dev, unsigned int did, unsigned long long addr,		\
	   unsigned int am),							\
	  "dev=%s gran=page did=%u addr=0x%llx am=%u", dev, did, addr, am)	\
SIM_EVENT(vtd_tlb_hit, "tlb_hit",						\
	  (const char *master, unsigned long long iova, unsigned long long pa),	\
	  "dev=%s iova=0x%llx pa=0x%llx", master, iova, pa)			\
SIM_EVENT(vtd_tlb_miss, "tlb_miss",						\
	  (const char *master, unsigned long long iova, unsigned long long pa),	\
	  "dev=%s iova=0x%llx pa=0x%llx", master, iova, pa)			\
SIM_EVENT(vtd_fault, "vtd_fault",						\
	  (const char *master, const char *iommu, unsigned int sid,		\
	   unsigned long long iova, unsigned int reason, int write),		\
	  "dev=%s iommu=%s sid=0x%x iova=0x%llx reason=0x%x %s", master, iommu,	\
	  sid, iova, reason, write ? "write" : "read")				\
										\
/* sim/core: the driver core, DMA mapping, runtime PM, board boot */		\
SIM_EVENT(boot, "boot", (const char *board),					\
	  "board=%s", board)							\
SIM_EVENT(device_add, "device_add", (const char *dev, const char *bus),		\
	  "dev=%s bus=%s", dev, bus)						\
SIM_EVENT(device_del, "device_del", (const char *dev),				\
	  "dev=%s", dev)							\
DEV_EVENT(bug_put_device_freed, "BUG", (struct device *dev), dev,		\
	  "kasan=use-after-free site=put_device dev=%s", dev_name(dev))		\
SIM_EVENT(driver_register, "driver_register", (const char *drv),		\
	  "drv=%s", drv)							\
SIM_EVENT(driver_unregister, "driver_unregister", (const char *drv),		\
	  "drv=%s", drv)							\
DEV_EVENT(bind, "bind", (struct device *dev, const char *drv), dev,		\
	  "dev=%s drv=%s", dev_name(dev), drv)					\
DEV_EVENT(unbind, "unbind", (struct device *dev, const char *drv), dev,		\
	  "dev=%s drv=%s", dev_name(dev), drv)					\
DEV_EVENT(probe_fail, "probe_fail", (struct device *dev, const char *drv, int err), dev, \
	  "dev=%s drv=%s ret=%s", dev_name(dev), drv, TRACE_ERRNAME(err))	\
DEV_EVENT(probe_defer, "probe_defer",						\
	  (struct device *dev, const char *drv, const char *reason), dev,	\
	  "dev=%s drv=%s reason=\"%s\"", dev_name(dev), drv, reason)		\
DEV_EVENT(probe_timeout, "probe_timeout", (struct device *dev), dev,		\
	  "dev=%s", dev_name(dev))						\
DEV_EVENT(probe_pending, "probe_pending", (struct device *dev), dev,		\
	  "dev=%s", dev_name(dev))						\
SIM_EVENT(deferred_probe_timeout, "deferred_probe_timeout", (size_t pending),	\
	  "pending=%zu", pending)						\
DEV_EVENT(device_link_add, "device_link_add",					\
	  (struct device *consumer, struct device *supplier, int managed),	\
	  consumer, "consumer=%s supplier=%s managed=%d", dev_name(consumer),	\
	  dev_name(supplier), managed)						\
DEV_EVENT(device_link_del, "device_link_del",					\
	  (struct device *consumer, struct device *supplier), consumer,		\
	  "consumer=%s supplier=%s", dev_name(consumer), dev_name(supplier))	\
DEV_EVENT(rpm_resume, "rpm_resume", (struct device *dev), dev,			\
	  "dev=%s", dev_name(dev))						\
DEV_EVENT(rpm_suspend, "rpm_suspend", (struct device *dev), dev,		\
	  "dev=%s", dev_name(dev))						\
DEV_EVENT(dma_configure, "dma_configure", (struct device *dev, int iommu), dev,	\
	  "dev=%s ops=%s", dev_name(dev), iommu ? "iommu" : "direct")		\
DEV_EVENT(dma_map_page, "dma_map_page",						\
	  (struct device *dev, unsigned long long pa, size_t size,		\
	   unsigned long long dma), dev,					\
	  "dev=%s pa=0x%llx size=0x%zx dma=0x%llx", dev_name(dev), pa, size, dma) \
DEV_EVENT(dma_unmap_page, "dma_unmap_page",					\
	  (struct device *dev, unsigned long long dma, size_t size), dev,	\
	  "dev=%s dma=0x%llx size=0x%zx", dev_name(dev), dma, size)		\
DEV_EVENT(dma_map_sg, "dma_map_sg", (struct device *dev, int nents, int ret), dev, \
	  "dev=%s nents=%d ret=%d", dev_name(dev), nents, ret)			\
DEV_EVENT(dma_unmap_sg, "dma_unmap_sg", (struct device *dev, int nents), dev,	\
	  "dev=%s nents=%d", dev_name(dev), nents)				\
DEV_EVENT(dma_alloc, "dma_alloc",						\
	  (struct device *dev, size_t size, unsigned long long dma), dev,	\
	  "dev=%s size=0x%zx dma=0x%llx", dev_name(dev), size, dma)		\
DEV_EVENT(dma_free, "dma_free", (struct device *dev, unsigned long long dma), dev, \
	  "dev=%s dma=0x%llx", dev_name(dev), dma)				\
DEV_EVENT(warn_dma_direct_overflow, "WARN",					\
	  (struct device *dev, unsigned long long phys, size_t size,		\
	   unsigned long long mask, unsigned long long bus_limit), dev,		\
	  "dev=%s site=dma_direct_map_page msg=\"DMA addr 0x%llx+%zu overflow "	\
	  "(mask %llx, bus limit %llx)\"", dev_name(dev), phys, size, mask,	\
	  bus_limit)								\
										\
/* sim/iommu: the IOMMU core, its DMA layer, page tables and VFIO */		\
SIM_EVENT(iommu_register, "iommu_register", (const char *dev, const char *ops),	\
	  "dev=%s ops=%s", dev, ops)						\
SIM_EVENT(iommu_unregister, "iommu_unregister", (const char *dev),		\
	  "dev=%s", dev)							\
DEV_EVENT(probe_device, "probe_device", (struct device *dev, const char *iommu), dev, \
	  "dev=%s iommu=%s ret=0", dev_name(dev), iommu)			\
DEV_EVENT(probe_device_fail, "probe_device", (struct device *dev, int err), dev,	\
	  "dev=%s ret=%s", dev_name(dev), TRACE_ERRNAME(err))			\
DEV_EVENT(device_group, "device_group", (struct device *dev, int group_id), dev,	\
	  "dev=%s group=%d", dev_name(dev), group_id)				\
DEV_EVENT(device_group_fail, "device_group", (struct device *dev, int err), dev,	\
	  "dev=%s ret=%s", dev_name(dev), TRACE_ERRNAME(err))			\
DEV_EVENT(arch_setup_dma_ops_fake, "arch_setup_dma_ops",			\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s fake_default=1", dev_name(dev), domain)		\
SIM_EVENT(group_alloc, "group_alloc", (int group_id),				\
	  "group=%d", group_id)							\
SIM_EVENT(group_release, "group_release", (int group_id),			\
	  "group=%d", group_id)							\
DEV_EVENT(add_device_to_group, "add_device_to_group",				\
	  (int group_id, struct device *dev), dev,				\
	  "group=%d dev=%s", group_id, dev_name(dev))				\
DEV_EVENT(add_device_to_group_fail, "add_device_to_group",			\
	  (int group_id, struct device *dev, int err), dev,			\
	  "group=%d dev=%s ret=%s", group_id, dev_name(dev), TRACE_ERRNAME(err))	\
DEV_EVENT(remove_device_from_group, "remove_device_from_group",		\
	  (int group_id, struct device *dev), dev,				\
	  "group=%d dev=%s", group_id, dev_name(dev))				\
DEV_EVENT(def_domain_conflict, "def_domain_conflict",				\
	  (int group_id, struct device *dev, struct device *other), dev,	\
	  "group=%d dev=%s other=%s", group_id, dev_name(dev), dev_name(other))	\
SIM_EVENT(default_domain, "default_domain",					\
	  (int group_id, const char *domain, const char *type),			\
	  "group=%d domain=%s type=%s", group_id, domain, type)			\
SIM_EVENT(default_domain_nomem, "default_domain", (int group_id),		\
	  "group=%d ret=-ENOMEM", group_id)					\
SIM_EVENT(default_domain_fallback, "default_domain_fallback",			\
	  (int group_id, const char *type),					\
	  "group=%d type=%s", group_id, type)					\
SIM_EVENT(warn_group, "WARN", (int group_id, const char *msg),			\
	  "group=%d msg=\"%s\"", group_id, msg)					\
SIM_EVENT(domain_alloc, "domain_alloc",						\
	  (const char *domain, const char *type, const char *why),		\
	  "domain=%s type=%s for=%s", domain, type, why)			\
SIM_EVENT(domain_alloc_none, "domain_alloc", (const char *type, const char *why), \
	  "type=%s for=%s ret=none", type, why)					\
SIM_EVENT(domain_alloc_nomem, "domain_alloc", (const char *type, const char *why), \
	  "type=%s for=%s ret=-ENOMEM", type, why)				\
SIM_EVENT(domain_free, "domain_free", (const char *domain),			\
	  "domain=%s", domain)							\
SIM_EVENT(domain_free_in_use, "domain_free", (const char *domain, const char *user), \
	  "domain=%s in_use=%s", domain, user)					\
SIM_EVENT(domain_free_driver_gone, "domain_free", (const char *domain),		\
	  "domain=%s reason=driver_gone", domain)				\
SIM_EVENT(bug_domain_freed, "BUG",						\
	  (const char *domain, const char *site, const char *dev),		\
	  "kasan=use-after-free domain=%s site=%s%s%s", domain, site,		\
	  dev ? " dev=" : "", dev ? dev : "")					\
DEV_EVENT(attach_device_to_domain, "attach_device_to_domain",			\
	  (struct device *dev, const char *domain, int err), dev,		\
	  "dev=%s domain=%s ret=%s", dev_name(dev), domain, TRACE_ERRNAME(err))	\
DEV_EVENT(attach_deferred, "attach_deferred",					\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s", dev_name(dev), domain)				\
DEV_EVENT(detach_device_from_domain, "detach_device_from_domain",		\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s", dev_name(dev), domain)				\
DEV_EVENT(detach_skipped, "detach_skipped",					\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s reason=attach_deferred", dev_name(dev), domain)	\
DEV_EVENT(set_platform_dma_ops, "set_platform_dma_ops", (struct device *dev), dev, \
	  "dev=%s", dev_name(dev))						\
SIM_EVENT(map, "map",								\
	  (const char *domain, unsigned long iova, unsigned long long paddr,	\
	   size_t size, int err),						\
	  "domain=%s iova=0x%lx pa=0x%llx size=0x%zx ret=%s", domain, iova,	\
	  paddr, size, TRACE_ERRNAME(err))					\
SIM_EVENT(unmap, "unmap",							\
	  (const char *domain, unsigned long iova, size_t size, size_t unmapped), \
	  "domain=%s iova=0x%lx size=0x%zx unmapped=0x%zx", domain, iova, size,	\
	  unmapped)								\
SIM_EVENT(warn_unmap_not_mapped, "WARN",					\
	  (const char *domain, unsigned long iova, size_t size),		\
	  "domain=%s msg=\"unmap of what was not mapped\" iova=0x%lx size=0x%zx",	\
	  domain, iova, size)							\
SIM_EVENT(io_page_fault, "io_page_fault",					\
	  (const char *dev, const char *domain, unsigned long iova, int flags),	\
	  "dev=%s domain=%s iova=0x%lx flags=0x%x", dev, domain, iova, flags)	\
SIM_EVENT(fq_flush, "fq_flush", (const char *domain),				\
	  "domain=%s", domain)							\
DEV_EVENT(dma_iommu_warn, "dma_iommu_warn", (struct device *dev, const char *msg), dev, \
	  "dev=%s msg=\"%s\"", dev_name(dev), msg)				\
DEV_EVENT(dma_domain_init, "dma_domain_init",					\
	  (struct device *dev, const char *domain, unsigned long granule,	\
	   unsigned long start_pfn, int fq), dev,				\
	  "dev=%s domain=%s granule=0x%lx start_pfn=0x%lx fq=%d", dev_name(dev),	\
	  domain, granule, start_pfn, fq)					\
DEV_EVENT(bug_init_iova_domain, "BUG",						\
	  (struct device *dev, const char *domain, unsigned long granule), dev,	\
	  "site=init_iova_domain dev=%s domain=%s granule=0x%lx", dev_name(dev),	\
	  domain, granule)							\
DEV_EVENT(warn_iommu_dma_unmap, "WARN",						\
	  (struct device *dev, unsigned long long iova, size_t size,		\
	   size_t unmapped), dev,						\
	  "dev=%s site=__iommu_dma_unmap iova=0x%llx size=0x%zx unmapped=0x%zx",	\
	  dev_name(dev), iova, size, unmapped)					\
DEV_EVENT(warn_iommu_dma_unmap_page, "WARN",					\
	  (struct device *dev, unsigned long long iova), dev,			\
	  "dev=%s site=iommu_dma_unmap_page iova=0x%llx msg=\"not mapped\"",	\
	  dev_name(dev), iova)							\
SIM_EVENT(v7s_warn, "pgtable_warn", (unsigned long iova, const char *msg),	\
	  "fmt=arm-v7s iova=0x%lx msg=\"%s\"", iova, msg)			\
SIM_EVENT(v7s_table_too_high, "pgtable_error", (unsigned long long pa),		\
	  "fmt=arm-v7s pa=0x%llx msg=\"page table does not fit in pte\"", pa)	\
SIM_EVENT(v7s_free_unallocated, "pgtable_warn", (unsigned long long pa),		\
	  "fmt=arm-v7s pa=0x%llx msg=\"freeing a table that was never "		\
	  "allocated\"", pa)							\
DEV_EVENT(iommu_missing, "iommu_missing",					\
	  (struct device *dev, const char *iommu, const char *era), dev,	\
	  "dev=%s iommu=%s era=%s deferral=none", dev_name(dev), iommu, era)	\
DEV_EVENT(iommu_configure_fail, "iommu_configure_fail", (struct device *dev, int err), \
	  dev, "dev=%s ret=%s", dev_name(dev), TRACE_ERRNAME(err))		\
SIM_EVENT(vfio_try_domain, "vfio_try_domain",					\
	  (int group_id, const char *domain, int err),				\
	  "group=%d domain=%s ret=%s", group_id, domain, TRACE_ERRNAME(err))	\
										\
/* sim/core: what the drivers' compat header reports where 6.1 goes wrong */	\
DEV_EVENT(bug_null_deref, "BUG", (struct device *dev, const char *site), dev,	\
	  "oops=null-pointer-dereference site=%s dev=%s", site, dev_name(dev))	\
DEV_EVENT(bug_use_after_free, "BUG", (struct device *dev, const char *site), dev, \
	  "kasan=use-after-free site=%s dev=%s", site, dev_name(dev))		\
										\
/* sim/drivers: the M4U driver */						\
DEV_EVENT(mtk_iommu_of_xlate, "of_xlate", (struct device *dev, unsigned int id), dev, \
	  "dev=%s id=0x%x", dev_name(dev), id)					\
DEV_EVENT(mtk_iommu_of_xlate_cells, "of_xlate", (struct device *dev, int cells), dev, \
	  "dev=%s ret=-EINVAL cells=%d", dev_name(dev), cells)			\
DEV_EVENT(mtk_iommu_larb_mismatch, "mtk_iommu_error",				\
	  (struct device *dev, unsigned int larbid, unsigned int other), dev,	\
	  "dev=%s msg=\"can only use one larb, fail@larb%u-%u\"", dev_name(dev),	\
	  larbid, other)							\
DEV_EVENT(mtk_iommu_pgtable_fail, "mtk_iommu_error", (struct device *iommu), iommu, \
	  "msg=\"failed to alloc io pgtable\"")					\
DEV_EVENT(mtk_iommu_larb_config, "larb_config",					\
	  (struct device *dev, unsigned int larb, const char *ports, int mmu), dev, \
	  "dev=%s larb=%u ports=%s mmu=%d", dev_name(dev), larb, ports, mmu)	\
DEV_EVENT(mtk_iommu_pt_base, "m4u_pt_base",					\
	  (struct device *iommu, const char *domain, unsigned int ttbr), iommu,	\
	  "dev=%s domain=%s ttbr=0x%x", dev_name(iommu), domain, ttbr)		\
DEV_EVENT(mtk_iommu_tlb_flush_all, "iotlb_flush", (struct device *iommu), iommu, \
	  "dev=%s all=1", dev_name(iommu))					\
DEV_EVENT(mtk_iommu_tlb_flush_range, "iotlb_flush",				\
	  (struct device *iommu, unsigned long iova, size_t size), iommu,	\
	  "dev=%s iova=0x%lx size=0x%zx", dev_name(iommu), iova, size)		\
										\
/* sim/drivers: the VT-d driver */						\
DEV_EVENT(vtd_of_xlate, "of_xlate", (struct device *dev, unsigned int id), dev,	\
	  "dev=%s id=0x%x", dev_name(dev), id)					\
DEV_EVENT(vtd_of_xlate_cells, "of_xlate", (struct device *dev, int cells), dev,	\
	  "dev=%s ret=-EINVAL cells=%d", dev_name(dev), cells)			\
DEV_EVENT(vtd_iotlb_flush_all, "iotlb_flush",					\
	  (struct device *iommu, const char *domain, unsigned int did), iommu,	\
	  "iommu=%s domain=%s did=%u all", dev_name(iommu), domain, did)	\
DEV_EVENT(vtd_iotlb_flush_range, "iotlb_flush",					\
	  (struct device *iommu, const char *domain, unsigned int did,		\
	   unsigned long long iova, unsigned long long size), iommu,		\
	  "iommu=%s domain=%s did=%u iova=0x%llx size=0x%llx", dev_name(iommu),	\
	  domain, did, iova, size)						\
DEV_EVENT(vtd_incompatible_snoop, "vtd_incompatible",				\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s reason=snoop_control", dev_name(dev), domain)	\
DEV_EVENT(vtd_incompatible_width, "vtd_incompatible",				\
	  (struct device *dev, const char *domain, unsigned int width,		\
	   unsigned long long max_addr), dev,					\
	  "dev=%s domain=%s reason=address_width width=%u max_addr=0x%llx",	\
	  dev_name(dev), domain, width, max_addr)				\
DEV_EVENT(vtd_context, "vtd_context",						\
	  (struct device *dev, const char *domain, unsigned int did), dev,	\
	  "dev=%s domain=%s did=%u", dev_name(dev), domain, did)		\
DEV_EVENT(vtd_context_clear, "vtd_context", (struct device *dev), dev,		\
	  "dev=%s domain=none", dev_name(dev))					\
DEV_EVENT(vtd_copy_tables, "vtd_copy_tables", (struct device *iommu), iommu,	\
	  "dev=%s", dev_name(iommu))						\
DEV_EVENT(warn_vtd_detach_no_domain, "WARN",					\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s msg=\"detach_dev with no domain in the context "	\
	  "(6.1 dereferences NULL)\"", dev_name(dev), domain)			\
DEV_EVENT(warn_vtd_detach_other, "WARN",					\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s msg=\"detach_dev of a domain the context does not "	\
	  "point at\"", dev_name(dev), domain)					\
DEV_EVENT(warn_vtd_domain_free_context, "WARN",					\
	  (struct device *dev, const char *domain), dev,			\
	  "dev=%s domain=%s msg=\"domain freed with the device's context still "	\
	  "on it\"", dev_name(dev), domain)					\
										\
/* sim/check: the invariant checks */						\
SIM_EVENT(warn_check, "WARN",							\
	  (const char *check, const char *subject, const char *msg),		\
	  "check=%s %s msg=\"%s\"", check, subject, msg)

/*
 * The keys a WARN's subject may hold (the "%s" after check=: "group=0",
 * "dev=ovl0 domain=dom1"), which its format cannot name: those the
 * callers of check_report() in sim/check/ use.  With the formats' own,
 * they are every key an event can have (`trace show KEY=VALUE`).
 */
#define IOMMU_LAB_TRACE_WARN_SUBJECT_KEYS					\
	"container", "dev", "domain", "group", "iommu", "link"

#endif /* TRACE_EVENTS_IOMMU_LAB_TABLE */

#if !defined(IOMMU_LAB_TRACE_TABLE_ONLY) && !defined(TRACE_EVENTS_IOMMU_LAB_H)
#define TRACE_EVENTS_IOMMU_LAB_H

/* "(a, b)" without its parentheses, to put the machine in front */
#define __TRACE_ARGS(...) __VA_ARGS__

#ifdef __KERNEL__
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>

/* Records one event; each module that includes this header defines it. */
__printf(2, 3) void lab_trace_event(const char *event, const char *fmt, ...);

/* @err's name as the simulator writes it: "0", or "-EINVAL" by %pe. */
static inline const char *__trace_errname(char *buf, size_t size, int err)
{
	if (!err)
		return "0";
	scnprintf(buf, size, "%pe", ERR_PTR(err));
	return buf;
}

#define TRACE_ERRNAME(err) __trace_errname(__trace_err, sizeof(__trace_err), err)

#define __TRACE_KERNEL_DEV(name, event, args, dev, fmt, ...)			\
static inline void trace_##name args						\
{										\
	char __trace_err[24] __maybe_unused;					\
										\
	lab_trace_event(event, fmt, ##__VA_ARGS__);				\
}
#define __TRACE_KERNEL_SIM(name, event, args, fmt, ...)				\
	__TRACE_KERNEL_DEV(name, event, args, , fmt, ##__VA_ARGS__)

IOMMU_LAB_TRACE_EVENTS(__TRACE_KERNEL_DEV, __TRACE_KERNEL_SIM)

#else /* the simulator */
#include <stddef.h>

struct device;
struct sim;

/*
 * A file that defines TRACE_DEV_EVENTS_INLINE before its first include
 * gives itself the DEV_EVENT helpers as static inline copies instead
 * (TRACE_DEFINE_DEV_EVENT_INLINE in sim/trace.h): sim/core/dd.c, whose
 * every probe retry traces probe_defer.
 */
#ifdef TRACE_DEV_EVENTS_INLINE
#define __TRACE_DECLARE_DEV(name, event, args, dev, fmt, ...)
#else
#define __TRACE_DECLARE_DEV(name, event, args, dev, fmt, ...)			\
	void trace_##name args;
#endif
#define __TRACE_DECLARE_SIM(name, event, args, fmt, ...)			\
	void trace_##name(struct sim *sim, __TRACE_ARGS args);

IOMMU_LAB_TRACE_EVENTS(__TRACE_DECLARE_DEV, __TRACE_DECLARE_SIM)

#endif /* __KERNEL__ */

#endif
