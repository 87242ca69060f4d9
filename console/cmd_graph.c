/*
 * The graph commands: `graph FILE` writes the picture of the machine once,
 * `graph live FILE` writes it again after every command that changes it,
 * `graph off` stops that.  The picture is built by graph.c; a change is
 * seen by comparing the DOT text with the last one written.
 */
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "cmdtab.h"
#include "console.h"
#include "graph.h"

struct con_graph {
	GVC_t *gvc;			/* made at the first layout (con_graph_gvc()) */
	char *live_path;		/* NULL when not live */
	char *live_dot;			/* the DOT text last written there */
	size_t live_len;
};

static struct con_graph *con_graph(struct con *con)
{
	if (!con->graph)
		con->graph = calloc(1, sizeof(*con->graph));
	return con->graph;
}

static void live_forget(struct con_graph *cg)
{
	free(cg->live_path);
	free(cg->live_dot);
	cg->live_path = NULL;
	cg->live_dot = NULL;
	cg->live_len = 0;
}

void con_graph_release(struct con *con)
{
	struct con_graph *cg = con->graph;

	if (!cg)
		return;
	live_forget(cg);
	if (cg->gvc)
		gvFreeContext(cg->gvc);
	free(cg);
	con->graph = NULL;
}

struct GVC_s *con_graph_gvc(struct con *con)
{
	struct con_graph *cg = con_graph(con);

	if (cg && !cg->gvc)
		cg->gvc = gvContext();
	return cg ? cg->gvc : NULL;
}

/*
 * Builds the picture and writes it to @path unless its DOT text equals
 * @old (@old NULL: always).  On success stores the new text in *@dot
 * (NULL when nothing was written) and returns 0; otherwise returns -1
 * after an error line.
 */
static int graph_write(struct con *con, const char *path, const char *old,
		       size_t old_len, char **dot, size_t *len)
{
	struct con_graph *cg = con_graph(con);
	char err[512];
	Agraph_t *g;
	int ret = -1;

	*dot = NULL;
	if (!cg)
		return con_err(con, 0, "out of memory");
	g = con_graph_build(con->sim);
	if (!g || con_graph_dot(g, dot, len)) {
		con_graph_free(g);
		return con_err(con, 0, "out of memory");
	}
	if (old && *len == old_len && !memcmp(*dot, old, old_len)) {
		free(*dot);
		*dot = NULL;
		ret = 0;
		goto out_free;
	}
	if (strcmp(con_graph_format(path), "dot") && !con_graph_gvc(con)) {
		con_err(con, 0, "cannot start graphviz");
		goto out_dot;
	}
	if (con_graph_write_file(cg->gvc, g, path, err, sizeof(err))) {
		con_err(con, 0, "%s", err);
		goto out_dot;
	}
	ret = 0;
	goto out_free;

out_dot:
	free(*dot);
	*dot = NULL;
out_free:
	con_graph_free(g);
	return ret;
}

static int check_format(struct con *con, const char *path)
{
	if (con_graph_format(path))
		return 0;
	return con_err(con, 0, "'%s' names no picture format (use .svg, .png or .dot)",
		       path);
}

static int cmd_graph(struct con *con, int argc, char **argv)
{
	char *dot;
	size_t len;

	if (check_format(con, argv[0]) ||
	    graph_write(con, argv[0], NULL, 0, &dot, &len))
		return -1;
	free(dot);
	return 0;
}

static int cmd_graph_live(struct con *con, int argc, char **argv)
{
	struct con_graph *cg;
	char *path, *dot;
	size_t len;

	if (check_format(con, argv[0]))
		return -1;
	cg = con_graph(con);
	path = strdup(argv[0]);
	if (!cg || !path) {
		free(path);
		return con_err(con, 0, "out of memory");
	}
	if (graph_write(con, path, NULL, 0, &dot, &len)) {
		free(path);
		return -1;
	}
	live_forget(cg);
	cg->live_path = path;
	cg->live_dot = dot;
	cg->live_len = len;
	return 0;
}

static int cmd_graph_off(struct con *con, int argc, char **argv)
{
	if (con->graph)
		live_forget(con->graph);
	return 0;
}

int con_graph_live_update(struct con *con)
{
	struct con_graph *cg = con->graph;
	const char *saved = con->cmd;
	char *dot;
	size_t len;
	int ret;

	if (!cg || !cg->live_path)
		return 0;
	con->cmd = "graph live";
	ret = graph_write(con, cg->live_path, cg->live_dot, cg->live_len, &dot, &len);
	con->cmd = saved;
	if (ret) {
		live_forget(cg);	/* one error line, not one per command */
		return -1;
	}
	if (dot) {
		free(cg->live_dot);
		cg->live_dot = dot;
		cg->live_len = len;
	}
	return 0;
}

/* File names, except where "live" or "off" is being typed after "graph". */
static const char *gen_graph(struct con *con, int argi, const char *text, size_t idx)
{
	size_t len = strlen(text);

	if (argi != 0 || idx > 0)
		return NULL;
	if (len && (!strncmp("live", text, len) || !strncmp("off", text, len)))
		return NULL;
	return CON_COMPLETE_FILES;
}

static const char *gen_files(struct con *con, int argi, const char *text, size_t idx)
{
	return argi == 0 && idx == 0 ? CON_COMPLETE_FILES : NULL;
}

const struct con_cmd con_graph_cmds[] = {
	{ "graph", "<file>", cmd_graph,
	  "write the picture of iommus, groups and domains to FILE.svg, FILE.png or FILE.dot",
	  gen_graph },
	{ "graph live", "<file>", cmd_graph_live,
	  "write the picture now and again after every command that changes it", gen_files },
	{ "graph off", "", cmd_graph_off, "stop graph live", NULL },
	{ .name = NULL }
};
