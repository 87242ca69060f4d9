/*
 * QEMU's edu PCI device (hw/misc/edu.c, docs/specs/edu.rst) as a model:
 * BAR0 is 1 MiB of 32-bit MMIO with these registers (offsets from BAR0):
 *
 *   0x00 ID          R   0x010000ed: version 1.0, "ed"
 *   0x04 LIVENESS    RW  reads back the complement of what was written
 *   0x08 FACTORIAL   RW  write n, read n! (32-bit, wraps)
 *   0x20 STATUS      RW  bit 0 computing (R), bit 7 raise 0x1 after a factorial
 *   0x24 IRQ_STATUS  R   what raised the interrupt: 0x1 factorial, 0x100 DMA
 *   0x60 IRQ_RAISE   W   ORs the value into IRQ_STATUS
 *   0x64 IRQ_ACK     W   clears those bits of IRQ_STATUS
 *   0x80 DMA_SRC     RW  64-bit
 *   0x88 DMA_DST     RW  64-bit
 *   0x90 DMA_CNT     RW  64-bit
 *   0x98 DMA_CMD     RW  bit 0 run (cleared when done), bit 1 direction
 *                        (1: device buffer to RAM), bit 2 raise 0x100 when done
 *
 * Registers below 0x80 take 32-bit accesses, the DMA ones 32 or 64.  The
 * DMA buffer is 4 KiB at device address 0x40000; RAM-side addresses are
 * cut to the device's 28 address bits.  A DMA completes 100 ms of
 * virtual time after it is started.
 */
#ifndef SIM_EDU_HW_H
#define SIM_EDU_HW_H

#include <sim/clock.h>
#include <sim/hw.h>
#include <sim/types.h>

#define EDU_REG_ID		0x00
#define EDU_REG_LIVENESS	0x04
#define EDU_REG_FACTORIAL	0x08
#define EDU_REG_STATUS		0x20
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_RAISE	0x60
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_CNT		0x90
#define EDU_REG_DMA_CMD		0x98

#define EDU_ID			0x010000edU
#define EDU_F_STATUS_IRQFACT	BIT(7)
#define EDU_IRQ_FACTORIAL	0x1
#define EDU_IRQ_DMA		0x100
#define EDU_F_DMA_RUN		BIT(0)
#define EDU_F_DMA_TO_RAM	BIT(1)
#define EDU_F_DMA_IRQ		BIT(2)

#define EDU_BAR0_SIZE		SZ_1M
#define EDU_DMA_START		0x40000
#define EDU_DMA_SIZE		4096
#define EDU_DMA_MASK		DMA_BIT_MASK(28)
#define EDU_DMA_DELAY		(100 * NSEC_PER_MSEC)

extern const struct sim_hw_type sim_edu_hw_type;

/* Where the model at @hw (of sim_edu_hw_type) put its BAR0. */
phys_addr_t sim_edu_bar0(struct sim_hw *hw);

#endif
