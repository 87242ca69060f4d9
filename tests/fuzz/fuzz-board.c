/*
 * libFuzzer target: a board blob.  The input is written to board.dtb in
 * the scratch directory and booted with `board load board.dtb` on a console
 * running mt8173-evb, the path a user's board file takes; a few fixed
 * commands then walk what was made (or what a failed load left), unload
 * and load the M4U driver again, reset boots it again and a known board
 * replaces it, which tears it down.
 * Each input gets its own console and machine, released at the end.
 */
#include <stdlib.h>

#include "console.h"
#include "fuzz.h"

/*
 * Read-only looks at every kind of object, then DMA, and VFIO on group 0
 * with its first master handed to vfio-platform: after a reset into the
 * v4.12 era with the two settings that let its vfio-platform and type1
 * take an mt8173 master (6.1's refuse one), then back to v6.1.
 */
static const char *const after_boot[] = {
	"board show", "dev list", "drv list", "group list", "domain list",
	"deferred", "tick 11s", "probe", "faults", "m4u regs", "vtd regs",
	"graph board.dot", "dma alloc edu b 0x2000", "dma read ovl0 0x100000 0x10",
	"set vfio_platform.reset_required 0",
	"set vfio_iommu_type1.allow_unsafe_interrupts 1", "era v4.12", "reset",
	"dev unbind ovl0", "dev set ovl0 driver_override vfio-platform",
	"dev bind ovl0 vfio-platform",
	"vfio attach group:0", "vfio map 0x100000 0x2000", "vfio show",
	"vfio detach group:0", "era v6.1",
	"drv unload mtk-iommu", "drv load mtk-iommu",
	"reset", "dev list",
	"board load mt8173-evb",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_env_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct con con;
	FILE *f;

	fuzz_scratch_enter();
	f = fopen("board.dtb", "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	if (con_init(&con))
		abort();
	con.out = con.err = fuzz_devnull();
	con.cmd = "board load";
	if (con_board_load(&con, "mt8173-evb", 0, true))
		abort();	/* the tree's own boards always boot */
	con.cmd = NULL;
	con_run_line(&con, "board load board.dtb");
	for (size_t i = 0; i < sizeof(after_boot) / sizeof(after_boot[0]); i++)
		con_run_line(&con, after_boot[i]);
	con_release(&con);
	fuzz_scratch_leave();
	return 0;
}
