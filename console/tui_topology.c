/*
 * The topology pane's text, rebuilt from the machine at every redraw: each
 * IOMMU instance, the groups behind it with their current domain (and the
 * default domain when the group is not in it), each group's devices, and
 * last the devices waiting for a deferred probe.  The group line uses the
 * words `group list` prints: "group 0 type=DMA domain=dom0", and while
 * VFIO owns the group "vfio=CONTAINER" ("vfio=none" outside any).
 */
#include <stdio.h>
#include <string.h>

#include <sim/device.h>
#include <sim/iommu.h>
#include <sim/iommu-group.h>
#include <sim/sim.h>
#include <sim/vfio.h>

#include "console.h"
#include "tui.h"

static enum tui_kind domain_kind(const struct iommu_domain *domain)
{
	if (!domain)
		return TUI_K_TEXT;
	switch (domain->type) {
	case IOMMU_DOMAIN_DMA:
	case IOMMU_DOMAIN_DMA_FQ:
		return TUI_K_DOM_DMA;
	case IOMMU_DOMAIN_IDENTITY:
		return TUI_K_DOM_IDENTITY;
	case IOMMU_DOMAIN_UNMANAGED:
		return TUI_K_DOM_UNMANAGED;
	case IOMMU_DOMAIN_BLOCKED:
		return TUI_K_DOM_BLOCKED;
	default:
		return TUI_K_TEXT;
	}
}

/* The IOMMU instance a group's devices are behind, or NULL. */
static struct iommu_device *group_iommu(struct iommu_group *group)
{
	struct group_device *gdev;

	list_for_each_entry(gdev, &group->devices, list)
		if (gdev->dev->iommu && gdev->dev->iommu->iommu_dev)
			return gdev->dev->iommu->iommu_dev;
	return NULL;
}

/*
 * Words laid out as lines of at most @width columns (a longer word is
 * left to the pane to break): the first line after @indent, the others
 * after @cont.
 */
struct wrap {
	struct tui *t;
	enum tui_kind kind;
	const char *indent, *cont;
	size_t width, len, start;
	char line[512];
};

static void wrap_begin(struct wrap *w, struct tui *t, enum tui_kind kind, int width,
		       const char *indent, const char *cont)
{
	w->t = t;
	w->kind = kind;
	w->indent = indent;
	w->cont = cont;
	w->width = width > 0 ? width : 1;
	w->len = w->start = 0;
}

static void wrap_flush(struct wrap *w)
{
	if (!w->len)
		return;
	w->line[w->len] = '\0';
	tui_lines_add(&w->t->topology, w->kind, w->line);
	w->len = 0;
	w->indent = w->cont;
}

static void wrap_word(struct wrap *w, const char *word)
{
	size_t n = strlen(word);

	if (w->len > w->start && w->len + 1 + n > w->width)
		wrap_flush(w);
	if (!w->len) {
		w->len = snprintf(w->line, sizeof(w->line), "%s", w->indent);
		w->start = w->len;
	} else if (w->len + 1 < sizeof(w->line)) {
		w->line[w->len++] = ' ';
	}
	if (n > sizeof(w->line) - 1 - w->len)
		n = sizeof(w->line) - 1 - w->len;
	memcpy(w->line + w->len, word, n);
	w->len += n;
}

static void add_group(struct tui *t, struct iommu_group *group, int width)
{
	struct iommu_domain *domain = group->domain, *def = group->default_domain;
	struct vfio_container *container;
	struct group_device *gdev;
	struct wrap w;
	char word[96];

	/* the words `group list` uses, and the default domain when not in it */
	wrap_begin(&w, t, domain_kind(domain), width, "  ", "      ");
	snprintf(word, sizeof(word), "group %d", group->id);
	wrap_word(&w, word);
	snprintf(word, sizeof(word), "type=%s",
		 domain ? iommu_domain_type_str(domain->type) : "none");
	wrap_word(&w, word);
	snprintf(word, sizeof(word), "domain=%s", domain ? domain->name : "none");
	wrap_word(&w, word);
	if (def && def != domain) {
		snprintf(word, sizeof(word), "default=%s", def->name);
		wrap_word(&w, word);
	}
	/* VFIO's ownership: the container it is in, or none yet */
	container = vfio_group_container(t->con->sim, group, NULL);
	if (container) {
		snprintf(word, sizeof(word), "vfio=%s", container->name);
		wrap_word(&w, word);
	} else if (group->owner) {
		wrap_word(&w, "vfio=none");
	}
	wrap_flush(&w);

	wrap_begin(&w, t, TUI_K_DEV, width, "    ", "    ");
	list_for_each_entry(gdev, &group->devices, list)
		wrap_word(&w, dev_name(gdev->dev));
	wrap_flush(&w);
}

static void add_deferred(struct tui *t)
{
	struct device *dev;
	bool first = true;

	list_for_each_entry(dev, &t->con->sim->dd.pending, deferred_probe) {
		const char *reason = dev->deferred_probe_reason;
		size_t len = reason ? strlen(reason) : 0;

		if (first)
			tui_lines_add(&t->topology, TUI_K_EV_DEFER, "deferred");
		first = false;
		if (len && reason[len - 1] == '\n')
			len--;
		tui_lines_addf(&t->topology, TUI_K_DEV, "  %s%s%.*s", dev_name(dev),
			       len ? ": " : "", (int)len, reason ? reason : "");
	}
}

void tui_topology_build(struct tui *t, int width)
{
	struct sim *sim = t->con->sim;
	struct iommu_device *iommu;
	struct iommu_group *group;
	bool orphans = false;

	tui_lines_clear(&t->topology);
	if (list_empty(&sim->iommus))
		tui_lines_add(&t->topology, TUI_K_NOTE, "no IOMMU registered");
	list_for_each_entry(iommu, &sim->iommus, list) {
		bool any = false;

		tui_lines_addf(&t->topology, TUI_K_IOMMU, "%s (%s)",
			       iommu->dev ? dev_name(iommu->dev) : "?",
			       iommu->ops && iommu->ops->name ? iommu->ops->name : "?");
		list_for_each_entry(group, &sim->groups, sim_node) {
			if (group_iommu(group) != iommu)
				continue;
			add_group(t, group, width);
			any = true;
		}
		if (!any)
			tui_lines_add(&t->topology, TUI_K_NOTE, "  no groups");
	}
	list_for_each_entry(group, &sim->groups, sim_node) {
		if (group_iommu(group))
			continue;
		if (!orphans)
			tui_lines_add(&t->topology, TUI_K_IOMMU, "groups behind no IOMMU");
		orphans = true;
		add_group(t, group, width);
	}
	add_deferred(t);
}
