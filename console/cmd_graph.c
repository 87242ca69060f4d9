/*
 * The graph commands: `graph FILE` writes the picture of the machine once,
 * `graph live FILE` writes it again after every command that changes it,
 * `graph serve [PORT]` shows it to browsers on 127.0.0.1 and pushes each
 * change (graph_serve.c), `graph off` stops both.  The picture is built by
 * graph.c; a change is seen by comparing the DOT text with the last one
 * written or pushed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "cmdtab.h"
#include "console.h"
#include "graph.h"
#include "graph_serve.h"

struct con_graph {
	GVC_t *gvc;			/* made at the first layout (con_graph_gvc()) */
	char *live_path;		/* NULL when not live */
	char *live_dot;			/* the DOT text last written there */
	size_t live_len;
	struct graph_server *server;	/* NULL when not serving */
	char *served_dot;		/* the DOT text of the picture it serves */
	size_t served_len;
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

static void serve_stop(struct con_graph *cg)
{
	graph_server_stop(cg->server);
	free(cg->served_dot);
	cg->server = NULL;
	cg->served_dot = NULL;
	cg->served_len = 0;
}

void con_graph_release(struct con *con)
{
	struct con_graph *cg = con->graph;

	if (!cg)
		return;
	live_forget(cg);
	serve_stop(cg);
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
	return con_err(con, 0, "'%s' names no picture format (use .svg, .png, .dot or .html)",
		       path);	/* .html too, but that is no picture */
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

/*
 * Pushes the picture to the browsers when its DOT text differs from the
 * one served.  Returns 0, or -1 after an error line.
 */
static int serve_update(struct con *con, struct con_graph *cg)
{
	char err[512], *dot, *svg;
	size_t len, svg_len;
	Agraph_t *g;

	g = con_graph_build(con->sim);
	if (!g || con_graph_dot(g, &dot, &len)) {
		con_graph_free(g);
		return con_err(con, 0, "out of memory");
	}
	if (cg->served_dot && len == cg->served_len && !memcmp(dot, cg->served_dot, len)) {
		free(dot);
		con_graph_free(g);
		return 0;
	}
	if (!con_graph_gvc(con) || con_graph_svg(cg->gvc, g, &svg, &svg_len, err, sizeof(err))) {
		free(dot);
		con_graph_free(g);
		return con_err(con, 0, "%s", cg->gvc ? err : "cannot start graphviz");
	}
	con_graph_free(g);
	free(cg->served_dot);
	cg->served_dot = dot;
	cg->served_len = len;
	graph_server_publish(cg->server, svg, svg_len);
	return 0;
}

static void serve_say(struct con *con, struct con_graph *cg)
{
	unsigned int n = graph_server_browsers(cg->server);

	fprintf(con->out, "serving the graph at http://127.0.0.1:%u/ (%u browser%s following)\n",
		graph_server_port(cg->server), n, n == 1 ? "" : "s");
}

static int cmd_graph_serve(struct con *con, int argc, char **argv)
{
	struct con_graph *cg = con_graph(con);
	unsigned long port = GRAPH_SERVE_PORT;
	struct graph_server *s;
	char err[256], *end;

	if (!cg)
		return con_err(con, 0, "out of memory");
	if (argc == 1) {
		errno = 0;
		port = strtoul(argv[0], &end, 10);
		if (!*argv[0] || *end || errno || port > 65535 || argv[0][0] == '-')
			return con_err(con, 0, "'%s' is not a port (0 to 65535, 0: any free one)",
				       argv[0]);
	}
	/* serving already, on that port or with no port asked for: say where */
	if (cg->server && (argc == 0 || port == graph_server_port(cg->server))) {
		serve_say(con, cg);
		return 0;
	}
	if (graph_server_start(&s, port, err, sizeof(err)))
		return con_err(con, 0, "%s", err);
	serve_stop(cg);
	cg->server = s;
	if (serve_update(con, cg)) {
		serve_stop(cg);
		return -1;
	}
	serve_say(con, cg);
	return 0;
}

static int cmd_graph_off(struct con *con, int argc, char **argv)
{
	if (con->graph) {
		live_forget(con->graph);
		serve_stop(con->graph);
	}
	return 0;
}

bool con_graph_serving(struct con *con)
{
	return con->graph && con->graph->server;
}

int con_graph_serve_wait(struct con *con, int fd, int timeout_ms)
{
	if (!con_graph_serving(con))
		return 1;
	return graph_server_poll(con->graph->server, fd, timeout_ms);
}

int con_graph_live_update(struct con *con)
{
	struct con_graph *cg = con->graph;
	const char *saved = con->cmd;
	char *dot;
	size_t len;
	int ret;

	if (cg && cg->server) {
		con->cmd = "graph serve";
		ret = serve_update(con, cg);
		con->cmd = saved;
		if (ret) {
			serve_stop(cg);	/* one error line, not one per command */
			return -1;
		}
	}
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
	if (len && (!strncmp("live", text, len) || !strncmp("off", text, len) ||
		    !strncmp("serve", text, len)))
		return NULL;
	return CON_COMPLETE_FILES;
}

static const char *gen_files(struct con *con, int argi, const char *text, size_t idx)
{
	return argi == 0 && idx == 0 ? CON_COMPLETE_FILES : NULL;
}

const struct con_cmd con_graph_cmds[] = {
	{ "graph", "<file>", cmd_graph,
	  "write the picture of iommus, groups and domains to FILE.svg, FILE.png or FILE.dot (FILE.html: a page showing the SVG)",
	  gen_graph },
	{ "graph live", "<file>", cmd_graph_live,
	  "write the picture now and again after every command that changes it (.html: a page that reloads itself; .dot: for xdot)",
	  gen_files },
	{ "graph serve", "[port]", cmd_graph_serve,
	  "show the picture to browsers at http://127.0.0.1:PORT/ (default 8018; 0: any free port) and push each change",
	  NULL },
	{ "graph off", "", cmd_graph_off, "stop graph live and graph serve", NULL },
	{ .name = NULL }
};
