/* Doubly linked lists (include/linux/list.h); defined in sim/list.h. */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <sim/list.h>

#endif
