# The iommu-lab program: readline console, batch modes, command table.

CONSOLE_OBJS += console/main.o
