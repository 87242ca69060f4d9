/*
 * `graph serve`'s HTTP server on 127.0.0.1 (graph_serve.c): the page, its
 * picture and a text/event-stream that pushes each new picture.
 */
#ifndef CONSOLE_GRAPH_SERVE_H
#define CONSOLE_GRAPH_SERVE_H

#include <stddef.h>

struct graph_server;

/* The port `graph serve` takes when none is given. */
#define GRAPH_SERVE_PORT 8018

/*
 * Listens on 127.0.0.1:@port (0: a free port the system picks).  Returns
 * 0 with the server in *@out, or -1 with a one-line reason in @err.
 */
int graph_server_start(struct graph_server **out, unsigned int port,
		       char *err, size_t errlen);
/* Closes every connection and the listening socket. */
void graph_server_stop(struct graph_server *s);
unsigned int graph_server_port(const struct graph_server *s);
/* How many browsers follow the pushes now. */
unsigned int graph_server_browsers(const struct graph_server *s);
/* Makes @svg (malloc'ed, taken over) the picture and pushes it to every browser. */
void graph_server_publish(struct graph_server *s, char *svg, size_t len);
/*
 * Answers whatever browsers have asked, waiting up to @timeout_ms (0: not
 * at all, -1: until something happens) for them or for @fd (-1: none) to
 * have input.  Returns 1 when @fd has input (or has hung up), else 0.
 */
int graph_server_poll(struct graph_server *s, int fd, int timeout_ms);

#endif
