/*
 * Notifier chains (kernel/notifier.c), for one thread: a list sorted by
 * priority, called in order until a block says stop.
 */
#include <stddef.h>

#include <sim/errno.h>
#include <sim/notifier.h>

int blocking_notifier_chain_register(struct blocking_notifier_head *nh,
				     struct notifier_block *nb)
{
	struct notifier_block **nl = &nh->head;

	for (; *nl; nl = &(*nl)->next) {
		if (*nl == nb)
			return -EEXIST;
		if (nb->priority > (*nl)->priority)
			break;
	}
	nb->next = *nl;
	*nl = nb;
	return 0;
}

int blocking_notifier_chain_unregister(struct blocking_notifier_head *nh,
				       struct notifier_block *nb)
{
	for (struct notifier_block **nl = &nh->head; *nl; nl = &(*nl)->next) {
		if (*nl == nb) {
			*nl = nb->next;
			return 0;
		}
	}
	return -ENOENT;
}

int blocking_notifier_call_chain(struct blocking_notifier_head *nh,
				 unsigned long action, void *data)
{
	struct notifier_block *nb = nh->head;
	int ret = NOTIFY_DONE;

	while (nb) {
		/* A block may take itself off the chain. */
		struct notifier_block *next = nb->next;

		ret = nb->notifier_call(nb, action, data);
		if (ret & NOTIFY_STOP_MASK)
			break;
		nb = next;
	}
	return ret;
}
