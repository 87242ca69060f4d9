/*
 * Managed resources (drivers/base/devres.c): what a driver takes with a
 * devm_*() call is recorded on its device and given back, newest first,
 * when the driver is unbound or its probe fails (devres_release_all()
 * from device_unbind_cleanup()).
 *
 * devm_kmalloc() is one allocation, record and block together, counted by
 * fail-nth like kmalloc().  The records kept for what is not memory (a
 * mapping, an interrupt, an action) are the simulator's bookkeeping and
 * are not counted: the kernel allocates them too, but counting them would
 * make every fail-nth number differ from the simulator's before devres.
 */
#include <stdalign.h>
#include <stdlib.h>

#include <sim/device.h>
#include <sim/err.h>
#include <sim/errno.h>
#include <sim/io.h>
#include <sim/irq.h>
#include <sim/printk.h>
#include <sim/slab.h>

#include <linux/ioport.h>

struct devres {
	struct list_head entry;			/* dev->devres_head */
	void (*action)(void *data);		/* NULL for a memory block */
	void *data;				/* its argument */
	alignas(max_align_t) unsigned char block[];	/* devm_kmalloc()'s */
};

static void devres_add(struct device *dev, struct devres *dr)
{
	list_add_tail(&dr->entry, &dev->devres_head);
}

void *__devm_kmalloc(struct device *dev, size_t size, gfp_t gfp, bool zero,
		     const char *caller)
{
	struct devres *dr = __kmalloc(sizeof(*dr) + size, gfp, zero, caller);

	if (!dr)
		return NULL;
	dr->action = NULL;
	dr->data = dr->block;
	devres_add(dev, dr);
	return dr->block;
}

/* An uncounted record that runs @action on a block of @size bytes, or @data. */
static struct devres *devres_new(void (*action)(void *), void *data, size_t size)
{
	struct devres *dr = calloc(1, sizeof(*dr) + size);

	if (!dr)
		return NULL;
	dr->action = action;
	dr->data = size ? dr->block : data;
	return dr;
}

int devm_add_action(struct device *dev, void (*action)(void *), void *data)
{
	struct devres *dr = devres_new(action, data, 0);

	if (!dr)
		return -ENOMEM;
	devres_add(dev, dr);
	return 0;
}

int devm_add_action_or_reset(struct device *dev, void (*action)(void *), void *data)
{
	int ret = devm_add_action(dev, action, data);

	if (ret)
		action(data);
	return ret;
}

void devres_release_all(struct device *dev)
{
	while (!list_empty(&dev->devres_head)) {
		struct devres *dr = list_last_entry(&dev->devres_head,
						    struct devres, entry);

		list_del(&dr->entry);
		if (dr->action)
			dr->action(dr->data);
		free(dr);
	}
}

/* A line devm_request_irq() attached. */
struct devres_irq {
	struct sim *sim;
	unsigned int irq;
	void *dev_id;
};

static void devm_irq_release(void *data)
{
	struct devres_irq *r = data;

	sim_irq_detach(r->sim, r->irq, r->dev_id);
}

int devm_request_irq(struct device *dev, unsigned int irq, irq_handler_t handler,
		     unsigned long flags, const char *name, void *dev_id)
{
	struct devres *dr = devres_new(devm_irq_release, NULL, sizeof(struct devres_irq));
	struct devres_irq *r;
	int ret;

	(void)flags;
	if (!dr)
		return -ENOMEM;
	r = dr->data;
	*r = (struct devres_irq) { .sim = dev->sim, .irq = irq, .dev_id = dev_id };
	ret = sim_irq_attach(dev->sim, irq, handler, name, dev_id);
	if (ret) {
		free(dr);
		return ret;
	}
	devres_add(dev, dr);
	return 0;
}

void devm_free_irq(struct device *dev, unsigned int irq, void *dev_id)
{
	struct devres *dr;

	list_for_each_entry(dr, &dev->devres_head, entry) {
		struct devres_irq *r = dr->data;

		if (dr->action == devm_irq_release && r->irq == irq &&
		    r->dev_id == dev_id) {
			list_del(&dr->entry);
			devm_irq_release(r);
			free(dr);
			return;
		}
	}
}

static void devm_iounmap(void *addr)
{
	iounmap(addr);
}

void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res)
{
	void __iomem *base;

	if (!res || !(res->flags & IORESOURCE_MEM)) {
		dev_err(dev, "invalid resource");
		return ERR_PTR(-EINVAL);
	}
	base = sim_ioremap(dev->sim, res->start, resource_size(res));
	if (!base) {
		dev_err(dev, "ioremap failed for resource %pR", res);
		return ERR_PTR(-ENOMEM);
	}
	if (devm_add_action_or_reset(dev, devm_iounmap, base))
		return ERR_PTR(-ENOMEM);
	return base;
}
