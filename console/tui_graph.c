/*
 * The graph pane: the picture `graph FILE.svg` draws (graph.c), laid out
 * by Graphviz's dot and drawn with characters at dot's own coordinates
 * (docs/graph.md, "In the terminal").
 *
 * The graph is built again at every redraw, which is cheap; only when its
 * DOT text differs from the one laid out last is it laid out again, which
 * is not (and loses Graphviz some memory each time).
 *
 * From points to cells: dot's y grows upwards, the pane's rows go down,
 * and a cell is about twice as tall as it is wide.  Columns per point are
 * set so that the widest label fits its node's box, then stretched up to
 * GRAPH_GROW times that to fill a wide pane or shrunk down to
 * GRAPH_SHRINK times to fit a narrow one.  Rows per point keep the
 * picture's shape when it fits, are squeezed when it does not, but never
 * so far that two nodes one above the other land on the same row.  What
 * is still bigger than the pane scrolls; the view starts in the middle.
 *
 * A node is a one-row box, "[label]" or "(label)" for an ellipse, its
 * label's lines joined by ": " ("(dom0: DMA)") or only the first when
 * that is too long, unless the node is tall enough for a box drawn with
 * line characters; a label too long for its box may spill into the free
 * cells beside it, and is cut short beyond.  Nodes joined by an almost
 * level edge share a row.  Edges follow dot's splines cell by cell, with
 * an arrowhead where dot draws one; clusters are boxes with their label
 * on the top line, made big enough to hold their nodes and clusters.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* not <gvc.h>: its "box" and curses' box() cannot meet */
#include "console.h"
#include "graph.h"
#include "tui.h"

/* The height of a cell over its width, near enough for most terminal fonts. */
#define GRAPH_CELL_ASPECT	2.0
#define GRAPH_GROW		1.5
#define GRAPH_SHRINK		0.6
/* A pane holds a few dozen nodes legibly; beyond this, use `graph FILE.svg`. */
#define GRAPH_MAX_NODES		400
/* The longest label drawn on one row */
#define GRAPH_LABEL_MAX		128
/* Cells per side of the canvas, whatever the scale (the view scrolls over it). */
#define GRAPH_MAX_CELLS		4000
/*
 * On a terminal narrower than this the pane shows the graph as text
 * (con_graph_text()): at 100 columns the picture's labels run into each
 * other ("[group 3]efault(dom3: DMA-FQ)").
 */
#define GRAPH_TEXT_BELOW_COLS	160

/* A node in cells: its box, and the columns its label may use on row y0. */
struct gnode {
	int x0, x1, y0, y1;
	int lx0, lx1;
	bool boxed;		/* drawn with line characters, label inside */
	double shift;		/* rows from dot's centre to the middle of the node's */
};

struct gbox {
	int x0, x1, y0, y1;
};

struct tui_graph {
	char *dot;			/* the DOT text laid out last */
	size_t dot_len;
	bool laid_out;			/* lay holds its layout */
	struct con_graph_layout lay;
	char msg[256];			/* shown instead of a picture */

	/* the layout in cells, for a pane of for_w x for_h; for_w < 0: not yet */
	int for_w, for_h;
	double sx, sy;			/* columns and rows per point */
	double ox, oy;			/* the cell of dot's top-left corner */
	int w, h;			/* the canvas */
	struct gnode *nodes;
	struct gbox *clusters;

	int view_x, view_y;		/* the canvas cell at the pane's top left */
	bool panned;			/* moved by hand since it was centred */
	int text_top;			/* the text form's first row in view */
};

int tui_graph_init(struct tui *t)
{
	t->graph = calloc(1, sizeof(*t->graph));
	if (!t->graph)
		return -1;
	t->graph->for_w = -1;
	return 0;
}

static void cells_drop(struct tui_graph *tg)
{
	free(tg->nodes);
	free(tg->clusters);
	tg->nodes = NULL;
	tg->clusters = NULL;
	tg->for_w = -1;
}

static void layout_drop(struct tui_graph *tg)
{
	cells_drop(tg);
	if (tg->laid_out)
		con_graph_layout_free(&tg->lay);
	tg->laid_out = false;
	tg->msg[0] = '\0';
}

void tui_graph_release(struct tui *t)
{
	struct tui_graph *tg = t->graph;

	if (!tg)
		return;
	layout_drop(tg);
	free(tg->dot);
	free(tg);
	t->graph = NULL;
}

/* Lays the machine's graph out again if its DOT text has changed. */
static void graph_update(struct tui *t)
{
	struct tui_graph *tg = t->graph;
	struct con *con = t->con;
	Agraph_t *g = con_graph_build(con->sim);
	char err[sizeof(tg->msg)], *dot;
	size_t len;
	GVC_t *gvc;
	int n;

	if (!g || con_graph_dot(g, &dot, &len)) {
		con_graph_free(g);
		free(tg->dot);
		tg->dot = NULL;
		layout_drop(tg);
		snprintf(tg->msg, sizeof(tg->msg), "out of memory");
		return;
	}
	if (tg->dot && len == tg->dot_len && !memcmp(dot, tg->dot, len)) {
		free(dot);
		con_graph_free(g);
		return;
	}
	free(tg->dot);
	tg->dot = dot;
	tg->dot_len = len;
	layout_drop(tg);

	n = con_graph_nnodes(g);
	if (!n) {
		snprintf(tg->msg, sizeof(tg->msg), "no devices");
	} else if (n > GRAPH_MAX_NODES) {
		snprintf(tg->msg, sizeof(tg->msg),
			 "%d nodes, too many for this pane; 'graph FILE.svg' draws them", n);
	} else if (!(gvc = con_graph_gvc(con))) {
		snprintf(tg->msg, sizeof(tg->msg), "cannot start graphviz");
	} else if (con_graph_layout(gvc, g, &tg->lay, err, sizeof(err))) {
		snprintf(tg->msg, sizeof(tg->msg), "%s", err);
	} else {
		tg->laid_out = true;
	}
	con_graph_free(g);
}

/* Labels */

/* The @k-th line of @label, @len its length; NULL past the last. */
static const char *label_line(const char *label, int k, int *len)
{
	const char *p = label;

	for (; k > 0; k--) {
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
	*len = strcspn(p, "\n");
	return p;
}

static int label_width(const char *label)
{
	int width = 0, len;

	for (int k = 0; label_line(label, k, &len); k++)
		if (len > width)
			width = len;
	return width;
}

static int label_nlines(const char *label)
{
	int k = 0, len;

	while (label_line(label, k, &len))
		k++;
	return k;
}

/* @label on one row, its lines joined by ": " ("dom0: DMA"); returns its length. */
static int label_joined(const char *label, char *buf, size_t size)
{
	size_t n = 0;
	const char *p;
	int len;

	buf[0] = '\0';
	for (int k = 0; n < size && (p = label_line(label, k, &len)); k++)
		n += snprintf(buf + n, size - n, "%s%.*s", k ? ": " : "", len, p);
	return n < size ? (int)n : (int)size - 1;
}

/* Scaling */

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Columns per point at which every label fits its box with a cell each side. */
static double text_scale(const struct con_graph_layout *lay)
{
	double s = 1.0 / 6;

	for (size_t i = 0; i < lay->nnodes; i++) {
		const struct con_graph_lnode *n = &lay->nodes[i];

		if (n->width > 0 && (label_width(n->label) + 2) / n->width > s)
			s = (label_width(n->label) + 2) / n->width;
	}
	return clampd(s, 1.0 / 12, 1.0 / 3);
}

/* True when nodes @a and @b are one above the other: they must not share a row. */
static bool stacked(const struct con_graph_lnode *a, const struct con_graph_lnode *b)
{
	return fabs(a->pos.x - b->pos.x) < (a->width + b->width) / 2;
}

/* Rows per point below which two nodes one above the other would share a row. */
static double rows_min(const struct con_graph_layout *lay)
{
	double dmin = 0;

	for (size_t i = 0; i < lay->nnodes; i++) {
		const struct con_graph_lnode *a = &lay->nodes[i];

		for (size_t j = i + 1; j < lay->nnodes; j++) {
			const struct con_graph_lnode *b = &lay->nodes[j];
			double dy = fabs(a->pos.y - b->pos.y);

			if (!stacked(a, b) || dy < 1)
				continue;
			if (!dmin || dy < dmin)
				dmin = dy;
		}
	}
	return dmin ? 1 / dmin : 0;
}

static double cell_x(const struct tui_graph *tg, double x)
{
	return (x - tg->lay.ll.x) * tg->sx + tg->ox;
}

static double cell_y(const struct tui_graph *tg, double y)
{
	return (tg->lay.ur.y - y) * tg->sy + tg->oy;
}

/*
 * The rows of the one-row nodes.  dot puts the ends of a level edge a
 * few points apart, which can be a row apart here: nodes joined by an
 * edge less than half a row from level share the row of their mean, as
 * long as no two stacked nodes come to share one (then each node keeps
 * its own row, which rows_min() keeps apart).
 */
static void node_rows(struct tui_graph *tg)
{
	const struct con_graph_layout *lay = &tg->lay;
	size_t n = lay->nnodes;
	int *comp = malloc((n ? n : 1) * sizeof(*comp));
	double *sum = calloc(n ? n : 1, sizeof(*sum));
	int *count = calloc(n ? n : 1, sizeof(*count));
	bool ok = comp && sum && count;

	for (size_t i = 0; ok && i < n; i++)
		comp[i] = i;
	for (size_t k = 0; ok && k < lay->nedges; k++) {
		int a = lay->edges[k].tail, b = lay->edges[k].head, ca, cb;
		bool apart = false;

		if (tg->nodes[a].boxed || tg->nodes[b].boxed || comp[a] == comp[b] ||
		    fabs(cell_y(tg, lay->nodes[a].pos.y) - cell_y(tg, lay->nodes[b].pos.y)) >= 0.5)
			continue;
		ca = comp[a];
		cb = comp[b];
		for (size_t i = 0; i < n && !apart; i++)
			for (size_t j = 0; j < n && !apart && comp[i] == ca; j++)
				apart = comp[j] == cb && stacked(&lay->nodes[i], &lay->nodes[j]);
		for (size_t i = 0; i < n && !apart; i++)
			if (comp[i] == cb)
				comp[i] = ca;
	}
	for (size_t i = 0; ok && i < n; i++) {
		sum[comp[i]] += cell_y(tg, lay->nodes[i].pos.y);
		count[comp[i]]++;
	}
	for (size_t i = 0; i < n; i++) {
		struct gnode *gn = &tg->nodes[i];

		if (!gn->boxed)
			gn->y0 = gn->y1 = (int)floor(ok ? sum[comp[i]] / count[comp[i]] :
						     cell_y(tg, lay->nodes[i].pos.y));
	}
	for (size_t i = 0; ok && i < n; i++)
		for (size_t j = i + 1; ok && j < n; j++)
			ok = tg->nodes[i].y0 != tg->nodes[j].y0 || tg->nodes[i].boxed ||
			     tg->nodes[j].boxed || !stacked(&lay->nodes[i], &lay->nodes[j]);
	for (size_t i = 0; i < n; i++) {
		struct gnode *gn = &tg->nodes[i];
		double cy = cell_y(tg, lay->nodes[i].pos.y);

		if (gn->boxed)
			continue;
		if (!ok)
			gn->y0 = gn->y1 = (int)floor(cy);
		gn->shift = gn->y0 + 0.5 - cy;
	}
	free(comp);
	free(sum);
	free(count);
}

/*
 * The row of a point of edge @e: dot's, moved as its ends' nodes were
 * moved, in proportion to how far along it is, so that it leaves and
 * reaches them on their rows.
 */
static double edge_y(const struct tui_graph *tg, const struct con_graph_ledge *e,
		     double x, double y)
{
	double xt = tg->lay.nodes[e->tail].pos.x, xh = tg->lay.nodes[e->head].pos.x;
	double f = fabs(xh - xt) > 1e-6 ? clampd((x - xt) / (xh - xt), 0, 1) : 0.5;

	return cell_y(tg, y) + tg->nodes[e->tail].shift * (1 - f) + tg->nodes[e->head].shift * f;
}

static bool rows_meet(const struct gnode *a, const struct gnode *b)
{
	return a->y0 <= b->y1 && b->y0 <= a->y1;
}

static bool in_cluster(const struct con_graph_lcluster *lc, struct con_graph_point p)
{
	return p.x >= lc->ll.x && p.x <= lc->ur.x && p.y >= lc->ll.y && p.y <= lc->ur.y;
}

/*
 * The columns from @lx0 to @lx1 that node @i's label may use to have
 * @want: its box, widened into the free cells beside it on its row, each
 * gap less one cell (which stays for the edge crossing it) shared with
 * the node across it, the odd cell to the node on its right; and inside
 * the box dot drew for the innermost cluster around it.
 */
static void span_for(const struct tui_graph *tg, size_t i, int want, int *lx0, int *lx1)
{
	const struct gnode *gn = &tg->nodes[i];
	int left = 0, right = tg->w - 1;

	*lx0 = gn->x0;
	*lx1 = gn->x1;
	if (gn->x1 - gn->x0 + 1 >= want)
		return;
	/* clusters come before those inside them: the last around it is the innermost */
	for (size_t c = tg->lay.nclusters; c-- > 0;) {
		const struct con_graph_lcluster *lc = &tg->lay.clusters[c];

		if (in_cluster(lc, tg->lay.nodes[i].pos)) {
			left = (int)floor(cell_x(tg, lc->ll.x)) + 1;
			right = (int)ceil(cell_x(tg, lc->ur.x)) - 2;
			break;
		}
	}
	left = left < gn->x0 ? left : gn->x0;
	right = right > gn->x1 ? right : gn->x1;
	for (size_t j = 0; j < tg->lay.nnodes; j++) {
		const struct gnode *o = &tg->nodes[j];
		int usable;

		if (j == i || !rows_meet(gn, o))
			continue;
		if (o->x1 < gn->x0) {
			usable = gn->x0 - o->x1 - 2;
			if (gn->x0 - (usable > 0 ? (usable + 1) / 2 : 0) > left)
				left = gn->x0 - (usable > 0 ? (usable + 1) / 2 : 0);
		} else if (o->x0 > gn->x1) {
			usable = o->x0 - gn->x1 - 2;
			if (gn->x1 + (usable > 0 ? usable / 2 : 0) < right)
				right = gn->x1 + (usable > 0 ? usable / 2 : 0);
		}
	}
	*lx0 = gn->x0 - (want - (gn->x1 - gn->x0 + 1) + 1) / 2;
	if (*lx0 < left)
		*lx0 = left;
	*lx1 = *lx0 + want - 1;
	if (*lx1 > right)
		*lx1 = right;
	if (*lx1 - *lx0 + 1 < want)
		*lx0 = *lx1 - want + 1 < left ? left : *lx1 - want + 1;
}

/*
 * The columns a one-row node's label uses: room for all its lines joined
 * if there is that much, else for its first line, with brackets if they fit.
 */
static void label_span(struct tui_graph *tg, size_t i)
{
	struct gnode *gn = &tg->nodes[i];
	const char *label = tg->lay.nodes[i].label;
	char joined[GRAPH_LABEL_MAX];
	int first, all = label_joined(label, joined, sizeof(joined));

	gn->lx0 = gn->x0;
	gn->lx1 = gn->x1;
	if (gn->boxed)
		return;
	label_line(label, 0, &first);
	if (all > first) {
		span_for(tg, i, all + 2, &gn->lx0, &gn->lx1);
		if (gn->lx1 - gn->lx0 + 1 >= all)
			return;
	}
	span_for(tg, i, first + 2, &gn->lx0, &gn->lx1);
}

/* @b grown to hold @x0-@x1 x @y0-@y1 inside its lines. */
static void box_hold(struct gbox *b, int x0, int x1, int y0, int y1)
{
	if (b->x0 > x0 - 1)
		b->x0 = x0 - 1;
	if (b->x1 < x1 + 1)
		b->x1 = x1 + 1;
	if (b->y0 > y0 - 1)
		b->y0 = y0 - 1;
	if (b->y1 < y1 + 1)
		b->y1 = y1 + 1;
}

/* True when a node that is not in cluster @c has a cell on @b's line at row or column @at. */
static bool line_hits(const struct tui_graph *tg, size_t c, const struct gbox *b,
		      bool row, int at)
{
	for (size_t i = 0; i < tg->lay.nnodes; i++) {
		const struct gnode *gn = &tg->nodes[i];

		if (in_cluster(&tg->lay.clusters[c], tg->lay.nodes[i].pos))
			continue;
		if (row && gn->y0 <= at && at <= gn->y1 && gn->lx0 <= b->x1 && b->x0 <= gn->lx1)
			return true;
		if (!row && gn->lx0 <= at && at <= gn->lx1 && gn->y0 <= b->y1 && b->y0 <= gn->y1)
			return true;
	}
	return false;
}

/*
 * Cluster @c's box: dot's, grown to hold its nodes and the boxes of the
 * clusters in it, then each side moved in, as far as those allow, off any
 * other node (squeezed rows put a neighbour's node on dot's line).  The
 * clusters inside must have their boxes already.
 */
static void cluster_box(struct tui_graph *tg, size_t c)
{
	const struct con_graph_lcluster *lc = &tg->lay.clusters[c];
	struct gbox *b = &tg->clusters[c];
	struct gbox need = { .x0 = INT_MAX, .x1 = INT_MIN, .y0 = INT_MAX, .y1 = INT_MIN };

	b->x0 = (int)floor(cell_x(tg, lc->ll.x));
	b->x1 = (int)ceil(cell_x(tg, lc->ur.x)) - 1;
	b->y0 = (int)floor(cell_y(tg, lc->ur.y));
	b->y1 = (int)ceil(cell_y(tg, lc->ll.y)) - 1;
	for (size_t i = 0; i < tg->lay.nnodes; i++) {
		const struct gnode *gn = &tg->nodes[i];

		if (in_cluster(lc, tg->lay.nodes[i].pos))
			box_hold(&need, gn->lx0, gn->lx1, gn->y0, gn->y1);
	}
	for (size_t k = c + 1; k < tg->lay.nclusters && tg->lay.clusters[k].depth > lc->depth; k++) {
		const struct gbox *in = &tg->clusters[k];

		if (tg->lay.clusters[k].depth == lc->depth + 1)
			box_hold(&need, in->x0, in->x1, in->y0, in->y1);
	}
	if (need.x0 > need.x1)
		return;		/* nothing in it */
	box_hold(b, need.x0 + 1, need.x1 - 1, need.y0 + 1, need.y1 - 1);
	while (b->y0 < need.y0 && line_hits(tg, c, b, true, b->y0))
		b->y0++;
	while (b->y1 > need.y1 && line_hits(tg, c, b, true, b->y1))
		b->y1--;
	while (b->x0 < need.x0 && line_hits(tg, c, b, false, b->x0))
		b->x0++;
	while (b->x1 > need.x1 && line_hits(tg, c, b, false, b->x1))
		b->x1--;
}

/* Everything moved by @dx, @dy cells. */
static void cells_shift(struct tui_graph *tg, int dx, int dy)
{
	for (size_t i = 0; i < tg->lay.nnodes; i++) {
		struct gnode *gn = &tg->nodes[i];

		gn->x0 += dx, gn->x1 += dx, gn->lx0 += dx, gn->lx1 += dx;
		gn->y0 += dy, gn->y1 += dy;
	}
	for (size_t c = 0; c < tg->lay.nclusters; c++) {
		struct gbox *b = &tg->clusters[c];

		b->x0 += dx, b->x1 += dx, b->y0 += dy, b->y1 += dy;
	}
	tg->ox += dx;
	tg->oy += dy;
}

static void view_centre(struct tui_graph *tg, int iw, int ih)
{
	tg->view_x = tg->w > iw ? (tg->w - iw) / 2 : 0;
	tg->view_y = tg->h > ih ? (tg->h - ih) / 2 : 0;
	tg->panned = false;
}

static void view_clamp(struct tui_graph *tg, int iw, int ih)
{
	tg->view_x = tg->view_x > tg->w - iw ? tg->w - iw : tg->view_x;
	tg->view_y = tg->view_y > tg->h - ih ? tg->h - ih : tg->view_y;
	if (tg->view_x < 0)
		tg->view_x = 0;
	if (tg->view_y < 0)
		tg->view_y = 0;
}

/* Puts the layout into cells at the scale set in @tg. */
static void cells_build(struct tui_graph *tg)
{
	const struct con_graph_layout *lay = &tg->lay;
	double W = lay->ur.x - lay->ll.x, H = lay->ur.y - lay->ll.y;
	int minx = 0, miny = 0, maxx = 0, maxy = 0;

	tg->ox = tg->oy = 0;
	tg->w = (int)ceil(W * tg->sx) + 1;
	tg->h = (int)ceil(H * tg->sy) + 1;
	for (size_t i = 0; i < lay->nnodes; i++) {
		const struct con_graph_lnode *n = &lay->nodes[i];
		struct gnode *gn = &tg->nodes[i];
		double cx = cell_x(tg, n->pos.x), cy = cell_y(tg, n->pos.y);
		double half = n->width * tg->sx / 2, rows = n->height * tg->sy;

		gn->x0 = (int)floor(cx - half);
		gn->x1 = (int)ceil(cx + half) - 1;
		if (gn->x1 < gn->x0)
			gn->x1 = gn->x0;
		/* a box needs a row for each label line between its top and bottom */
		gn->boxed = rows >= label_nlines(n->label) + 2 && gn->x1 - gn->x0 >= 3;
		if (gn->boxed) {
			gn->y0 = (int)floor(cy - rows / 2);
			gn->y1 = (int)ceil(cy + rows / 2) - 1;
			gn->shift = (gn->y0 + gn->y1 + 1) / 2.0 - cy;
		}
	}
	node_rows(tg);
	for (size_t i = 0; i < lay->nnodes; i++)
		label_span(tg, i);
	/* inner clusters (after theirs in the list) first */
	for (size_t c = lay->nclusters; c-- > 0;)
		cluster_box(tg, c);

	/* the canvas: everything, from cell 0, 0 */
	for (size_t i = 0; i < lay->nnodes; i++) {
		const struct gnode *gn = &tg->nodes[i];

		minx = gn->lx0 < minx ? gn->lx0 : minx;
		maxx = gn->lx1 > maxx ? gn->lx1 : maxx;
		miny = gn->y0 < miny ? gn->y0 : miny;
		maxy = gn->y1 > maxy ? gn->y1 : maxy;
	}
	for (size_t c = 0; c < lay->nclusters; c++) {
		const struct gbox *b = &tg->clusters[c];

		minx = b->x0 < minx ? b->x0 : minx;
		maxx = b->x1 > maxx ? b->x1 : maxx;
		miny = b->y0 < miny ? b->y0 : miny;
		maxy = b->y1 > maxy ? b->y1 : maxy;
	}
	cells_shift(tg, -minx, -miny);
	if (tg->w < maxx - minx + 1)
		tg->w = maxx - minx + 1;
	if (tg->h < maxy - miny + 1)
		tg->h = maxy - miny + 1;
}

/*
 * Puts the layout into cells for a pane @iw x @ih inside its border.
 * Boxes, labels and rounding make the canvas a little bigger than the
 * scale says, so a canvas just too big is tried again a little smaller.
 */
static int graph_scale(struct tui_graph *tg, int iw, int ih)
{
	const struct con_graph_layout *lay = &tg->lay;
	double W = lay->ur.x - lay->ll.x, H = lay->ur.y - lay->ll.y;
	double text, sx_min, sy_min;

	cells_drop(tg);
	tg->nodes = calloc(lay->nnodes ? lay->nnodes : 1, sizeof(*tg->nodes));
	tg->clusters = calloc(lay->nclusters ? lay->nclusters : 1, sizeof(*tg->clusters));
	if (!tg->nodes || !tg->clusters) {
		cells_drop(tg);
		return -1;
	}
	W = W < 1 ? 1 : W;
	H = H < 1 ? 1 : H;
	text = text_scale(lay);
	sx_min = fmin(text * GRAPH_SHRINK, GRAPH_MAX_CELLS / W);
	sy_min = fmin(rows_min(lay), GRAPH_MAX_CELLS / H);
	tg->sx = clampd((iw - 1) / W, sx_min, text * GRAPH_GROW);
	tg->sy = fmax(fmin(tg->sx / GRAPH_CELL_ASPECT, (ih - 1) / H), sy_min);

	for (int tries = 0;; tries++) {
		bool again = false;

		cells_build(tg);
		if (tries == 3)
			break;
		if (tg->w > iw && tg->sx > sx_min) {
			tg->sx = fmax(sx_min, tg->sx * (iw - 0.5) / tg->w);
			again = true;
		}
		if (tg->h > ih && tg->sy > sy_min) {
			tg->sy = fmax(sy_min, tg->sy * (ih - 0.5) / tg->h);
			again = true;
		}
		if (!again)
			break;
	}
	tg->for_w = iw;
	tg->for_h = ih;
	return 0;
}

/* Drawing */

/* The pane's window and the part of the canvas in view. */
struct gdraw {
	struct tui *t;
	WINDOW *win;
	int iw, ih, vx, vy;
};

static void put(const struct gdraw *d, int x, int y, chtype ch)
{
	x -= d->vx;
	y -= d->vy;
	if (x >= 0 && x < d->iw && y >= 0 && y < d->ih)
		mvwaddch(d->win, y + 1, x + 1, ch);
}

/* @len bytes of @s from cell @x, printable ASCII only. */
static void put_text(const struct gdraw *d, int x, int y, const char *s, int len, attr_t attr)
{
	for (int i = 0; i < len; i++) {
		unsigned char c = s[i];

		put(d, x + i, y, (c >= 0x20 && c < 0x7f ? c : '?') | attr);
	}
}

static void draw_cluster(const struct gdraw *d, const struct gbox *b)
{
	attr_t a = d->t->cluster_attr;

	if (b->x1 - b->x0 < 2 || b->y1 - b->y0 < 2)
		return;
	for (int x = b->x0 + 1; x < b->x1; x++) {
		put(d, x, b->y0, ACS_HLINE | a);
		put(d, x, b->y1, ACS_HLINE | a);
	}
	for (int y = b->y0 + 1; y < b->y1; y++) {
		put(d, b->x0, y, ACS_VLINE | a);
		put(d, b->x1, y, ACS_VLINE | a);
	}
	put(d, b->x0, b->y0, ACS_ULCORNER | a);
	put(d, b->x1, b->y0, ACS_URCORNER | a);
	put(d, b->x0, b->y1, ACS_LLCORNER | a);
	put(d, b->x1, b->y1, ACS_LRCORNER | a);
}

/* " label " on the top line, in the middle as dot puts it. */
static void draw_cluster_label(const struct gdraw *d, const struct gbox *b,
			       const char *label)
{
	attr_t a = d->t->cluster_attr;
	int len, room = b->x1 - b->x0 - 3;
	const char *text = label_line(label, 0, &len);

	if (b->x1 - b->x0 < 2 || b->y1 - b->y0 < 2 || !text || !len || room < 1)
		return;
	if (len > room)
		len = room;
	put_text(d, b->x0 + 1 + (room - len) / 2, b->y0, " ", 1, a);
	put_text(d, b->x0 + 2 + (room - len) / 2, b->y0, text, len, a | A_BOLD);
	put_text(d, b->x0 + 2 + (room - len) / 2 + len, b->y0, " ", 1, a);
}

static bool in_node(const struct gnode *gn, int x, int y)
{
	return y >= gn->y0 && y <= gn->y1 && x >= gn->lx0 && x <= gn->lx1;
}

/* One edge's cells as it is drawn: where it goes, how, and what is left to do. */
struct gline {
	const struct gdraw *d;
	const struct gnode *tail, *head;
	attr_t attr;
	bool dotted, dashed;
	bool arrow_only;		/* the line already drawn: only its arrowhead */
	int x, y;			/* the cell reached */
	bool started;
	int count;			/* cells drawn, for dashes */
	int lastx, lasty;		/* the last cell drawn outside the nodes */
	bool drawn;
};

/* The line character for a step of @dx, @dy cells (y down). */
static chtype step_char(int dx, int dy, bool dotted)
{
	if (dotted)
		return '.';
	if (!dy)
		return ACS_HLINE;
	if (!dx)
		return ACS_VLINE;
	return dx == dy ? '\\' : '/';
}

static void line_cell(struct gline *l, int x, int y, int dx, int dy)
{
	if (in_node(l->tail, x, y) || in_node(l->head, x, y))
		return;
	if (!l->arrow_only && (!l->dashed || l->count % 3 != 2))
		put(l->d, x, y, step_char(dx, dy, l->dotted) | l->attr);
	l->count++;
	l->lastx = x;
	l->lasty = y;
	l->drawn = true;
}

/* Continues the line to cell @x, @y one step at a time (Bresenham). */
static void line_to(struct gline *l, int x, int y)
{
	int dx = abs(x - l->x), dy = abs(y - l->y);
	int sx = x > l->x ? 1 : -1, sy = y > l->y ? 1 : -1, err = dx - dy;

	if (!l->started) {
		l->x = x;
		l->y = y;
		l->started = true;
		return;
	}
	while (l->x != x || l->y != y) {
		int e2 = 2 * err, mx = 0, my = 0;

		if (e2 > -dy) {
			err -= dy;
			mx = sx;
		}
		if (e2 < dx) {
			err += dx;
			my = sy;
		}
		/* the first cell takes the direction of the first step */
		if (!l->count && !l->drawn)
			line_cell(l, l->x, l->y, mx, my);
		l->x += mx;
		l->y += my;
		line_cell(l, l->x, l->y, mx, my);
	}
}

static void line_to_point(struct gline *l, double x, double y)
{
	line_to(l, (int)floor(x), (int)floor(y));
}

/*
 * Draws edge @e, or with @arrow_only only its arrowhead: they are drawn
 * after all the lines, so that no other edge runs over one.
 */
static void draw_edge(const struct gdraw *d, const struct tui_graph *tg,
		      const struct con_graph_ledge *e, bool arrow_only)
{
	struct tui *t = d->t;
	struct gline l = {
		.d = d,
		.tail = &tg->nodes[e->tail],
		.head = &tg->nodes[e->head],
		.arrow_only = arrow_only,
		.attr = t->line_attr,
		.dotted = strstr(e->style, "dotted") != NULL,
		.dashed = strstr(e->style, "dashed") != NULL,
	};
	double px[4], py[4], tipx, tipy, vx, vy;

	if (e->npts < 4)
		return;
	if (!strcmp(e->kind, "hw") || !strcmp(e->kind, "parent"))
		l.attr = t->faint_attr;
	else if (!strcmp(e->kind, "domain"))
		l.attr |= A_BOLD;

	if (e->tail_arrow)
		line_to_point(&l, cell_x(tg, e->tail_tip.x),
			      edge_y(tg, e, e->tail_tip.x, e->tail_tip.y));
	for (size_t k = 0; k + 3 < e->npts; k += 3) {
		double len = 0;
		int steps;

		for (int j = 0; j < 4; j++) {
			px[j] = cell_x(tg, e->pts[k + j].x);
			py[j] = edge_y(tg, e, e->pts[k + j].x, e->pts[k + j].y);
			if (j)
				len += fmax(fabs(px[j] - px[j - 1]), fabs(py[j] - py[j - 1]));
		}
		steps = (int)clampd(ceil(len), 1, 400);
		for (int s = k ? 1 : 0; s <= steps; s++) {
			double u = (double)s / steps, v = 1 - u;
			double x = v * v * v * px[0] + 3 * v * v * u * px[1] +
				   3 * v * u * u * px[2] + u * u * u * px[3];
			double y = v * v * v * py[0] + 3 * v * v * u * py[1] +
				   3 * v * u * u * py[2] + u * u * u * py[3];

			line_to_point(&l, x, y);
		}
	}
	if (!e->head_arrow)
		return;
	tipx = cell_x(tg, e->head_tip.x);
	tipy = edge_y(tg, e, e->head_tip.x, e->head_tip.y);
	line_to_point(&l, tipx, tipy);
	if (!arrow_only || !l.drawn)
		return;
	/* the arrowhead on the last cell before the head, pointing at the tip */
	vx = tipx - (l.lastx + 0.5);
	vy = (tipy - (l.lasty + 0.5)) * GRAPH_CELL_ASPECT;
	if (fabs(vx) >= fabs(vy))
		put(d, l.lastx, l.lasty, (vx >= 0 ? '>' : '<') | (l.attr & ~A_DIM));
	else
		put(d, l.lastx, l.lasty, (vy >= 0 ? 'v' : '^') | (l.attr & ~A_DIM));
}

static void draw_edge_label(const struct gdraw *d, const struct tui_graph *tg,
			    const struct con_graph_ledge *e)
{
	int len;
	const char *text = label_line(e->label, 0, &len);

	if (!text || !len)
		return;
	put_text(d, (int)floor(cell_x(tg, e->label_pos.x) - len / 2.0),
		 (int)floor(edge_y(tg, e, e->label_pos.x, e->label_pos.y)), text, len,
		 d->t->faint_attr);
}

/* The nearest of curses' eight colours to a "#rrggbb" fill: greys are white. */
static int fill_colour(const char *fill)
{
	unsigned int r, g, b, max, min;
	double hue;

	if (sscanf(fill, "#%2x%2x%2x", &r, &g, &b) != 3)
		return COLOR_WHITE;
	max = r > g ? (r > b ? r : b) : (g > b ? g : b);
	min = r < g ? (r < b ? r : b) : (g < b ? g : b);
	if (max - min < 0x20)
		return COLOR_WHITE;
	if (max == r)
		hue = 60.0 * ((double)g - b) / (max - min);
	else if (max == g)
		hue = 120 + 60.0 * ((double)b - r) / (max - min);
	else
		hue = 240 + 60.0 * ((double)r - g) / (max - min);
	if (hue < 0)
		hue += 360;
	if (hue < 20 || hue >= 330)
		return COLOR_RED;
	if (hue < 75)
		return COLOR_YELLOW;
	if (hue < 165)
		return COLOR_GREEN;
	if (hue < 230)
		return COLOR_CYAN;
	if (hue < 260)
		return COLOR_BLUE;
	return COLOR_MAGENTA;
}

static void draw_node(const struct gdraw *d, const struct tui_graph *tg, size_t i)
{
	const struct con_graph_lnode *n = &tg->lay.nodes[i];
	const struct gnode *gn = &tg->nodes[i];
	bool filled = strstr(n->style, "filled") != NULL;
	attr_t a = filled ? d->t->fill_attr[fill_colour(n->fill)] : d->t->line_attr;
	int len, width;
	const char *text;

	if (!gn->boxed) {
		bool round = !strcmp(n->shape, "ellipse");
		char joined[GRAPH_LABEL_MAX];

		/* all the lines if they fit, else the first */
		width = gn->lx1 - gn->lx0 + 1;
		len = label_joined(n->label, joined, sizeof(joined));
		text = joined;
		if (len > width)
			text = label_line(n->label, 0, &len);
		for (int x = gn->lx0; x <= gn->lx1; x++)
			put(d, x, gn->y0, ' ' | a);
		if (width >= len + 2) {
			put(d, gn->lx0, gn->y0, (round ? '(' : '[') | a);
			put(d, gn->lx1, gn->y0, (round ? ')' : ']') | a);
			put_text(d, gn->lx0 + 1 + (width - 2 - len) / 2, gn->y0, text, len, a);
		} else {
			/* no room for the brackets: as much of the label as fits */
			put_text(d, gn->lx0 + (width > len ? (width - len) / 2 : 0), gn->y0,
				 text, width < len ? width : len, a);
		}
		return;
	}

	for (int y = gn->y0; y <= gn->y1; y++)
		for (int x = gn->x0; x <= gn->x1; x++)
			put(d, x, y, ' ' | a);
	for (int x = gn->x0 + 1; x < gn->x1; x++) {
		put(d, x, gn->y0, ACS_HLINE | a);
		put(d, x, gn->y1, ACS_HLINE | a);
	}
	for (int y = gn->y0 + 1; y < gn->y1; y++) {
		put(d, gn->x0, y, ACS_VLINE | a);
		put(d, gn->x1, y, ACS_VLINE | a);
	}
	put(d, gn->x0, gn->y0, ACS_ULCORNER | a);
	put(d, gn->x1, gn->y0, ACS_URCORNER | a);
	put(d, gn->x0, gn->y1, ACS_LLCORNER | a);
	put(d, gn->x1, gn->y1, ACS_LRCORNER | a);

	/* the lines in the middle rows, each cut to the inside */
	width = gn->x1 - gn->x0 - 1;
	{
		int nl = label_nlines(n->label), inside = gn->y1 - gn->y0 - 1;
		int y = gn->y0 + 1 + (inside > nl ? (inside - nl) / 2 : 0);

		for (int k = 0; k < nl && y < gn->y1; k++, y++) {
			text = label_line(n->label, k, &len);
			if (len > width)
				len = width;
			put_text(d, gn->x0 + 1 + (width - len) / 2, y, text, len, a);
		}
	}
}

/* " N more left " and " N more right " on the bottom line, left of " more below ". */
static void draw_sideways(struct tui *t, WINDOW *w, int left, int right, bool below)
{
	char text[64];
	int n;

	if (!left && !right)
		return;
	if (left && right)
		n = snprintf(text, sizeof(text), " %d more left, %d right ", left, right);
	else if (left)
		n = snprintf(text, sizeof(text), " %d more left ", left);
	else
		n = snprintf(text, sizeof(text), " %d more right ", right);
	/* " N more below " takes up to about 20 columns on the right */
	if (n + 2 + (below ? 22 : 0) < getmaxx(w)) {
		wattrset(w, t->border_attr);
		mvwaddstr(w, getmaxy(w) - 1, 2, text);
		wattrset(w, A_NORMAL);
	}
}

/*
 * The text form's lines wrapped at @width, a continued line indented four
 * more than its first: draws rows @top to @top + @rows - 1 at the pane's
 * rows 1..., and returns how many rows the whole text takes.
 */
static int text_rows(const struct gdraw *d, const char *text, int width, int top, int rows)
{
	int row = 0;

	while (*text) {
		const char *end = strchr(text, '\n');
		int len = end ? end - text : (int)strlen(text);
		int indent = strspn(text, " "), x = 0, cont = indent + 4;
		const char *p = text;

		if (cont > width / 2)
			cont = 0;
		while (p < text + len || !x) {
			int room = width - (x ? cont : 0), n = text + len - p;

			if (n > room) {
				/* break at the last space that fits, if there is one */
				int k = room;

				while (k > 0 && p[k] != ' ')
					k--;
				n = k > 0 ? k : room;
			}
			if (row >= top && row < top + rows)
				put_text(d, x ? cont : 0, row - top, p, n, A_NORMAL);
			row++;
			x = 1;
			p += n;
			while (p < text + len && *p == ' ' && p > text + indent)
				p++;
			if (!n)
				break;
		}
		text += len + (end != NULL);
	}
	return row;
}

/* The graph as text, for a terminal too narrow for the picture. */
static void draw_text_form(struct tui *t, struct gdraw *d)
{
	struct tui_graph *tg = t->graph;
	struct tui_pane *p = &t->pane[TUI_GRAPH];
	Agraph_t *g = con_graph_build(t->con->sim);
	char *text = NULL;
	size_t len;
	int total, below;

	werase(p->win);
	if (!g || con_graph_text(g, &text, &len)) {
		mvwaddnstr(p->win, 1, 1, "out of memory", d->iw);
		tui_draw_frame(t, TUI_GRAPH, 0, 0);
		con_graph_free(g);
		wnoutrefresh(p->win);
		return;
	}
	con_graph_free(g);
	total = text_rows(d, text, d->iw, 0, 0);
	if (tg->text_top > total - d->ih)
		tg->text_top = total - d->ih;
	if (tg->text_top < 0)
		tg->text_top = 0;
	text_rows(d, text, d->iw, tg->text_top, d->ih);
	free(text);
	below = total - tg->text_top - d->ih;
	tui_draw_frame(t, TUI_GRAPH, tg->text_top, below > 0 ? below : 0);
	wnoutrefresh(p->win);
}

static bool text_form(void)
{
	return COLS < GRAPH_TEXT_BELOW_COLS;
}

void tui_graph_draw(struct tui *t)
{
	struct tui_graph *tg = t->graph;
	struct tui_pane *p = &t->pane[TUI_GRAPH];
	struct gdraw d = { .t = t, .win = p->win };
	int above, below;

	if (!p->win || !tg)
		return;
	d.iw = tui_pane_width(t, TUI_GRAPH);
	d.ih = tui_pane_height(t, TUI_GRAPH);
	if (text_form()) {
		draw_text_form(t, &d);
		return;
	}
	graph_update(t);
	werase(p->win);
	if (tg->laid_out && (tg->for_w != d.iw || tg->for_h != d.ih)) {
		if (graph_scale(tg, d.iw, d.ih))
			snprintf(tg->msg, sizeof(tg->msg), "out of memory");
		else if (!tg->panned)
			view_centre(tg, d.iw, d.ih);
	}
	if (!tg->laid_out || tg->for_w < 0) {
		mvwaddnstr(p->win, 1, 1, tg->msg, d.iw);
		tui_draw_frame(t, TUI_GRAPH, 0, 0);
		wnoutrefresh(p->win);
		return;
	}
	view_clamp(tg, d.iw, d.ih);
	/* a picture smaller than the pane sits in its middle */
	d.vx = tg->view_x - (tg->w < d.iw ? (d.iw - tg->w) / 2 : 0);
	d.vy = tg->view_y - (tg->h < d.ih ? (d.ih - tg->h) / 2 : 0);

	/* lines that two clusters share must not wipe out a label */
	for (size_t c = 0; c < tg->lay.nclusters; c++)
		draw_cluster(&d, &tg->clusters[c]);
	for (size_t c = 0; c < tg->lay.nclusters; c++)
		draw_cluster_label(&d, &tg->clusters[c], tg->lay.clusters[c].label);
	for (size_t i = 0; i < tg->lay.nedges; i++)
		draw_edge(&d, tg, &tg->lay.edges[i], false);
	for (size_t i = 0; i < tg->lay.nedges; i++)
		draw_edge(&d, tg, &tg->lay.edges[i], true);
	for (size_t i = 0; i < tg->lay.nedges; i++)
		draw_edge_label(&d, tg, &tg->lay.edges[i]);
	for (size_t i = 0; i < tg->lay.nnodes; i++)
		draw_node(&d, tg, i);
	wattrset(p->win, A_NORMAL);

	above = tg->view_y;
	below = tg->h - tg->view_y - d.ih > 0 ? tg->h - tg->view_y - d.ih : 0;
	tui_draw_frame(t, TUI_GRAPH, above, below);
	draw_sideways(t, p->win, tg->view_x,
		      tg->w - tg->view_x - d.iw > 0 ? tg->w - tg->view_x - d.iw : 0, below);
	wnoutrefresh(p->win);
}

void tui_graph_pan(struct tui *t, int cols, int rows)
{
	struct tui_graph *tg = t->graph;

	if (!tg || !t->pane[TUI_GRAPH].win)
		return;
	if (text_form()) {
		tg->text_top += rows;	/* draw_text_form() keeps it in range */
		return;
	}
	tg->view_x += cols;
	tg->view_y += rows;
	view_clamp(tg, tui_pane_width(t, TUI_GRAPH), tui_pane_height(t, TUI_GRAPH));
	tg->panned = true;
}

void tui_graph_home(struct tui *t)
{
	struct tui_graph *tg = t->graph;

	if (!tg || !t->pane[TUI_GRAPH].win)
		return;
	tg->text_top = 0;
	view_centre(tg, tui_pane_width(t, TUI_GRAPH), tui_pane_height(t, TUI_GRAPH));
}
