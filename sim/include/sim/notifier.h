/*
 * Notifier chains (include/linux/notifier.h): how a lower layer tells a
 * higher one that something happened without calling it by name.  The
 * driver core's bus notifiers are the simulator's use: the IOMMU core
 * hears through one that a device was added or removed.
 */
#ifndef SIM_NOTIFIER_H
#define SIM_NOTIFIER_H

#define NOTIFY_DONE		0x0000		/* don't care */
#define NOTIFY_OK		0x0001		/* suits me */
#define NOTIFY_STOP_MASK	0x8000		/* don't call further */

struct notifier_block;

typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action,
			     void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;
	int priority;			/* higher is called first */
};

struct blocking_notifier_head {
	struct notifier_block *head;
};

/*
 * Adds @nb to @nh, after every block of its priority or higher.  Returns
 * 0, or -EEXIST if it is on the chain already.
 */
int blocking_notifier_chain_register(struct blocking_notifier_head *nh,
				     struct notifier_block *nb);
/* Takes @nb off @nh; -ENOENT if it was not on it. */
int blocking_notifier_chain_unregister(struct blocking_notifier_head *nh,
				       struct notifier_block *nb);
/*
 * Calls each block of @nh in turn with @action and @data, until one
 * returns a value with NOTIFY_STOP_MASK.  Returns the last value a block
 * returned, NOTIFY_DONE when the chain is empty.
 */
int blocking_notifier_call_chain(struct blocking_notifier_head *nh,
				 unsigned long action, void *data);

#endif
