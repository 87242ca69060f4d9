# The iommu-lab program: readline console, full-screen interface, batch
# modes, command table, and the grammar it shares with kernel-lab's module.

CONSOLE_OBJS += console/boardfile.o
CONSOLE_OBJS += console/cmd_board.o
CONSOLE_OBJS += console/cmd_demo.o
CONSOLE_OBJS += console/cmd_dev.o
CONSOLE_OBJS += console/cmd_dma.o
CONSOLE_OBJS += console/cmd_dma_map.o
CONSOLE_OBJS += console/cmd_drv.o
CONSOLE_OBJS += console/cmd_examples.o
CONSOLE_OBJS += console/cmd_graph.o
CONSOLE_OBJS += console/cmd_graph_style.o
CONSOLE_OBJS += console/cmd_hw.o
CONSOLE_OBJS += console/cmd_inject.o
CONSOLE_OBJS += console/cmd_iommu.o
CONSOLE_OBJS += console/cmd_misc.o
CONSOLE_OBJS += console/cmd_pgtable.o
CONSOLE_OBJS += console/cmd_iova.o
CONSOLE_OBJS += console/cmd_trace_diff.o
CONSOLE_OBJS += console/cmd_trace.o
CONSOLE_OBJS += console/cmd_vfio.o
CONSOLE_OBJS += console/cmdtab.o
CONSOLE_OBJS += console/complete.o
CONSOLE_OBJS += console/con.o
CONSOLE_OBJS += console/graph.o
CONSOLE_OBJS += console/graph_serve.o
CONSOLE_OBJS += console/main.o
CONSOLE_OBJS += console/repl.o
CONSOLE_OBJS += console/run.o
CONSOLE_OBJS += console/sandbox.o
CONSOLE_OBJS += console/tui.o
CONSOLE_OBJS += console/tui_graph.o
CONSOLE_OBJS += console/tui_panes.o
CONSOLE_OBJS += console/tui_readline.o
CONSOLE_OBJS += console/tui_topology.o
CONSOLE_OBJS += grammar/grammar.o

# tui_graph.c scales Graphviz's coordinates (floor, ceil, fabs).
CONSOLE_LIBS += -lm
