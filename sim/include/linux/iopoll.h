/*
 * Polling a register until a condition holds (include/linux/iopoll.h).
 *
 * The simulated CPU's busy-wait takes no virtual time: the poll reads the
 * register once for every @delay_us of @timeout_us, and once more, then
 * gives up with -ETIMEDOUT.  A model that finishes an operation at once is
 * seen finished at the first read, as by a CPU fast enough.
 */
#ifndef _LINUX_IOPOLL_H
#define _LINUX_IOPOLL_H

#include <linux/errno.h>
#include <linux/io.h>

#define read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us,	\
				 delay_before_read, args...)		\
({									\
	unsigned long long __polls = (delay_us) ?			\
		(unsigned long long)(timeout_us) / (delay_us) : (timeout_us); \
	for (;;) {							\
		(val) = op(args);					\
		if ((cond) || !__polls--)				\
			break;						\
	}								\
	(cond) ? 0 : -ETIMEDOUT;					\
})

#define read_poll_timeout(op, val, cond, sleep_us, timeout_us,		\
			  sleep_before_read, args...)			\
	read_poll_timeout_atomic(op, val, cond, sleep_us, timeout_us,	\
				 sleep_before_read, args)

#define readx_poll_timeout_atomic(op, addr, val, cond, delay_us, timeout_us) \
	read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us, false, addr)

#define readl_poll_timeout_atomic(addr, val, cond, delay_us, timeout_us) \
	readx_poll_timeout_atomic(readl, addr, val, cond, delay_us, timeout_us)

#define readl_poll_timeout(addr, val, cond, sleep_us, timeout_us)	\
	read_poll_timeout(readl, val, cond, sleep_us, timeout_us, false, addr)

#endif
