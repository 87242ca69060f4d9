/* The peer shim stands in for <linux/iommu.h>: peer-kernel.h. */
#include <peer-kernel.h>
