/*
 * The picture settings: `set graph.layout portrait|landscape` and `set
 * graph.dpi N|0`, for a projector.  They change how every later picture
 * is laid out (graph.h, con_graph_set_style()), at once: `graph`, `graph
 * live` and the full-screen graph pane all follow them.
 */
#include <string.h>

#include "console.h"
#include "graph.h"

#define GRAPH_LAYOUT_SETTING	"graph.layout"
#define GRAPH_DPI_SETTING	"graph.dpi"

static const char *const graph_layouts[] = {
	[CON_GRAPH_PORTRAIT] = "portrait",
	[CON_GRAPH_LANDSCAPE] = "landscape",
};

static const char *const graph_settings[] = {
	GRAPH_LAYOUT_SETTING,
	GRAPH_DPI_SETTING,
};

const char *con_graph_setting_name(size_t idx)
{
	return idx < ARRAY_SIZE(graph_settings) ? graph_settings[idx] : NULL;
}

bool con_graph_is_setting(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(graph_settings); i++)
		if (!strcmp(name, graph_settings[i]))
			return true;
	return false;
}

const char *con_graph_setting_value(const char *name, size_t idx)
{
	if (strcmp(name, GRAPH_LAYOUT_SETTING))
		return NULL;
	return idx < ARRAY_SIZE(graph_layouts) ? graph_layouts[idx] : NULL;
}

static void print_layout(struct con *con, enum con_graph_layout_dir layout)
{
	fprintf(con->out, "%s=%s", GRAPH_LAYOUT_SETTING, graph_layouts[layout]);
}

static void print_dpi(struct con *con, int dpi)
{
	fprintf(con->out, "%s=%d", GRAPH_DPI_SETTING, dpi);
}

int con_graph_set(struct con *con, const char *name, const char *value)
{
	struct con_graph_style style = *con_graph_style();

	if (!strcmp(name, GRAPH_LAYOUT_SETTING)) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(graph_layouts); i++)
			if (!strcmp(value, graph_layouts[i]))
				break;
		if (i == ARRAY_SIZE(graph_layouts))
			return con_err(con, 0, "bad value '%s' for '%s' (use portrait or landscape)",
				       value, name);
		style.layout = i;
		con_graph_set_style(&style);
		print_layout(con, style.layout);
		fprintf(con->out, ": %s, from the next picture\n",
			style.layout == CON_GRAPH_LANDSCAPE ?
			"ranks top to bottom, IOMMUs side by side" :
			"ranks left to right, IOMMUs one below the other");
		return 0;
	} else {
		struct gram_err e;
		s64 v;

		if (gram_parse_s64(value, &v, &e) ||
		    (v && (v < CON_GRAPH_DPI_MIN || v > CON_GRAPH_DPI_MAX)))
			return con_err(con, 0, "bad value '%s' for '%s' (use 0 for 96, or %d to %d dots an inch)",
				       value, name, CON_GRAPH_DPI_MIN, CON_GRAPH_DPI_MAX);
		style.dpi = v;
		con_graph_set_style(&style);
		print_dpi(con, style.dpi);
		if (v)
			fprintf(con->out, ": PNG pictures at %d dots an inch, from the next picture\n",
				style.dpi);
		else
			fprintf(con->out, ": PNG pictures at Graphviz's 96 dots an inch, from the next picture\n");
		return 0;
	}
}

/* Only those set away from their defaults, so that the list stays as it was. */
void con_graph_show_settings(struct con *con)
{
	const struct con_graph_style *style = con_graph_style();

	if (style->layout != CON_GRAPH_PORTRAIT) {
		print_layout(con, style->layout);
		fputc('\n', con->out);
	}
	if (style->dpi) {
		print_dpi(con, style->dpi);
		fputc('\n', con->out);
	}
}
