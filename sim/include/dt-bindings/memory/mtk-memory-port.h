/*
 * M4U port IDs (include/dt-bindings/memory/mtk-memory-port.h): a master's
 * "iommus" cell packs its larb and its port on that larb.
 */
#ifndef _DT_BINDINGS_MEMORY_MTK_MEMORY_PORT_H
#define _DT_BINDINGS_MEMORY_MTK_MEMORY_PORT_H

#define MTK_LARB_NR_MAX			32

#define MTK_M4U_ID(larb, port)		(((larb) << 5) | (port))
#define MTK_M4U_TO_LARB(id)		(((id) >> 5) & 0x1f)
#define MTK_M4U_TO_PORT(id)		((id) & 0x1f)

#endif
