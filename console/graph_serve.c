/*
 * The browser view of the graph: the page that shows the SVG (written by
 * `graph live FILE.html`, served by `graph serve`), and the small HTTP
 * server behind `graph serve` on 127.0.0.1.
 *
 * The server pushes with Server-Sent Events: GET / is the page with the
 * picture of now; the page's script opens GET /events, a text/event-stream
 * that carries the whole SVG as one event each time the picture changes
 * (the first at once), and EventSource reconnects by itself after a drop.
 * GET /graph.svg is the picture alone.  Nothing here blocks: every socket
 * is non-blocking, and the console calls graph_server_poll() while it
 * waits for input (readline's event hook, the full-screen interface's
 * key timeout, the batch loop before each line it reads).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "graph.h"
#include "graph_serve.h"

#define SERVE_CLIENTS	32		/* browsers and requests at once */
#define SERVE_REQUEST	4096		/* a request's head, at most */
#define SERVE_BACKLOG	(64u << 20)	/* unsent bytes before a browser is dropped */

enum client_state { CLIENT_FREE, CLIENT_READING, CLIENT_ANSWERING, CLIENT_STREAMING };

struct serve_client {
	enum client_state state;
	int fd;
	char request[SERVE_REQUEST];
	size_t request_len;
	char *out;			/* bytes still to send */
	size_t out_off, out_len;
};

struct graph_server {
	int fd;				/* the listening socket */
	unsigned int port;
	char *svg;			/* the picture now */
	size_t svg_len;
	unsigned long version;		/* 1 for the first picture, +1 each change */
	struct serve_client clients[SERVE_CLIENTS];
};

/*
 * The page.  Served (http:), it replaces the picture with each event's;
 * as a file it can only look again, so it reloads itself every second.
 * Its one script is the page's own: nothing is fetched from elsewhere.
 */
static const char page_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<title>iommu-lab graph</title>\n"
	"<style>\n"
	"body { margin: 0; background: #fff; }\n"
	"#graph svg { display: block; max-width: 100vw; max-height: 100vh; width: auto; height: auto; margin: auto; }\n"
	"</style>\n"
	"</head>\n"
	"<body>\n";

static const char page_tail[] =
	"</div>\n"
	"<script>\n"
	"(function () {\n"
	"\tvar graph = document.getElementById('graph');\n"
	"\tif (location.protocol === 'file:') {\n"
	"\t\tsetTimeout(function () { location.reload(); }, 1000);\n"
	"\t\treturn;\n"
	"\t}\n"
	"\tvar events = new EventSource('/events');\n"
	"\tevents.onmessage = function (e) {\n"
	"\t\tif (e.lastEventId === graph.dataset.version)\n"
	"\t\t\treturn;\n"
	"\t\tgraph.innerHTML = e.data;\n"
	"\t\tgraph.dataset.version = e.lastEventId;\n"
	"\t};\n"
	"})();\n"
	"</script>\n"
	"</body>\n"
	"</html>\n";

/* The <svg> element itself: Graphviz's XML declaration and DOCTYPE have no place in HTML. */
static const char *svg_element(const char *svg, size_t len, size_t *elen)
{
	const char *start = svg;

	for (size_t i = 0; i + 4 <= len; i++)
		if (!memcmp(svg + i, "<svg", 4)) {
			start = svg + i;
			break;
		}
	*elen = len - (size_t)(start - svg);
	return start;
}

void con_graph_page(FILE *f, const char *svg, size_t len, unsigned long version)
{
	size_t elen;
	const char *el = svg_element(svg, len, &elen);

	fputs(page_head, f);
	fprintf(f, "<div id=\"graph\" data-version=\"%lu\">\n", version);
	fwrite(el, 1, elen, f);
	fputs(page_tail, f);
}

static void client_close(struct serve_client *c)
{
	if (c->state == CLIENT_FREE)
		return;
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* Queues @len bytes for @c; a browser that has stopped reading is dropped. */
static void client_send(struct serve_client *c, const char *data, size_t len)
{
	char *grown;

	if (c->state == CLIENT_FREE)
		return;
	if (c->out_off) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	if (c->out_len + len > SERVE_BACKLOG) {
		client_close(c);
		return;
	}
	grown = realloc(c->out, c->out_len + len + 1);
	if (!grown) {
		client_close(c);
		return;
	}
	c->out = grown;
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
}

static void client_sendf(struct serve_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void client_sendf(struct serve_client *c, const char *fmt, ...)
{
	char *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		client_close(c);
		return;
	}
	client_send(c, text, n);
	free(text);
}

/* One event: the picture, each of its lines a "data:" line. */
static void client_send_event(struct graph_server *s, struct serve_client *c)
{
	size_t elen, at = 0;
	const char *el = svg_element(s->svg, s->svg_len, &elen);

	client_sendf(c, "id: %lu\n", s->version);
	while (at < elen && c->state != CLIENT_FREE) {
		const char *nl = memchr(el + at, '\n', elen - at);
		size_t line = nl ? (size_t)(nl - el - at) : elen - at;

		if (line && el[at + line - 1] == '\r')
			line--;
		client_send(c, "data: ", 6);
		client_send(c, el + at, line);
		client_send(c, "\n", 1);
		at += line + 1;
		if (nl && el[at - 1] == '\r')
			at++;
	}
	client_send(c, "\n", 1);
}

static void client_answer(struct serve_client *c, const char *status,
			  const char *type, const char *body, size_t len)
{
	client_sendf(c, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		     "Cache-Control: no-store\r\nConnection: close\r\n\r\n", status, type, len);
	client_send(c, body, len);
	c->state = CLIENT_ANSWERING;
}

static void client_answer_text(struct serve_client *c, const char *status)
{
	char body[64];
	int n = snprintf(body, sizeof(body), "%s\n", status);

	client_answer(c, status, "text/plain; charset=utf-8", body, n);
}

/* A whole request head has come: answer it. */
static void client_request(struct graph_server *s, struct serve_client *c)
{
	char *sp, *path = c->request;
	size_t plen;

	if (strncmp(c->request, "GET ", 4)) {
		client_answer_text(c, "405 Method Not Allowed");
		return;
	}
	path += 4;
	sp = strpbrk(path, " \r\n");
	plen = sp ? (size_t)(sp - path) : strlen(path);
	if (memchr(path, '?', plen))
		plen = (size_t)((char *)memchr(path, '?', plen) - path);
#define PATH_IS(p) (plen == strlen(p) && !memcmp(path, p, plen))
	if (PATH_IS("/") || PATH_IS("/index.html")) {
		char *page = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&page, &len);

		if (!f) {
			client_close(c);
			return;
		}
		con_graph_page(f, s->svg, s->svg_len, s->version);
		if (fclose(f)) {
			free(page);
			client_close(c);
			return;
		}
		client_answer(c, "200 OK", "text/html; charset=utf-8", page, len);
		free(page);
	} else if (PATH_IS("/graph.svg")) {
		client_answer(c, "200 OK", "image/svg+xml", s->svg, s->svg_len);
	} else if (PATH_IS("/events")) {
		client_sendf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
			     "Cache-Control: no-store\r\n\r\nretry: 1000\n\n");
		c->state = CLIENT_STREAMING;
		client_send_event(s, c);
	} else {
		client_answer_text(c, "404 Not Found");
	}
#undef PATH_IS
}

static void client_read(struct graph_server *s, struct serve_client *c)
{
	ssize_t n;

	if (c->state != CLIENT_READING) {
		char sink[512];

		/* a browser says nothing more; end of file is its leaving */
		n = recv(c->fd, sink, sizeof(sink), 0);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			client_close(c);
		return;
	}
	n = recv(c->fd, c->request + c->request_len,
		 sizeof(c->request) - 1 - c->request_len, 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		client_close(c);
		return;
	}
	if (n < 0)
		return;
	c->request_len += n;
	c->request[c->request_len] = '\0';
	if (strstr(c->request, "\r\n\r\n") || strstr(c->request, "\n\n"))
		client_request(s, c);
	else if (c->request_len == sizeof(c->request) - 1)
		client_answer_text(c, "431 Request Header Fields Too Large");
}

static void client_write(struct serve_client *c)
{
	ssize_t n;

	while (c->out_off < c->out_len) {
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			client_close(c);
			return;
		}
		c->out_off += n;
	}
	c->out_off = c->out_len = 0;
	if (c->state == CLIENT_ANSWERING)
		client_close(c);
}

static void server_accept(struct graph_server *s)
{
	for (;;) {
		int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct serve_client *c = NULL;

		if (fd < 0)
			return;
		for (size_t i = 0; i < SERVE_CLIENTS && !c; i++)
			if (s->clients[i].state == CLIENT_FREE)
				c = &s->clients[i];
		if (!c) {
			close(fd);
			continue;
		}
		c->state = CLIENT_READING;
		c->fd = fd;
	}
}

int graph_server_start(struct graph_server **out, unsigned int port,
		       char *err, size_t errlen)
{
	struct sockaddr_in addr = { .sin_family = AF_INET,
				    .sin_port = htons(port),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(addr);
	struct graph_server *s;
	int one = 1, fd;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open a socket: %s", strerror(errno));
		free(s);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 16) ||
	    getsockname(fd, (struct sockaddr *)&addr, &alen)) {
		if (errno == EADDRINUSE)
			snprintf(err, errlen, "port %u on 127.0.0.1 is busy", port);
		else
			snprintf(err, errlen, "cannot listen on 127.0.0.1 port %u: %s",
				 port, strerror(errno));
		close(fd);
		free(s);
		return -1;
	}
	s->fd = fd;
	s->port = ntohs(addr.sin_port);
	for (size_t i = 0; i < SERVE_CLIENTS; i++)
		s->clients[i].fd = -1;
	*out = s;
	return 0;
}

void graph_server_stop(struct graph_server *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < SERVE_CLIENTS; i++)
		client_close(&s->clients[i]);
	close(s->fd);
	free(s->svg);
	free(s);
}

unsigned int graph_server_port(const struct graph_server *s)
{
	return s->port;
}

unsigned int graph_server_browsers(const struct graph_server *s)
{
	unsigned int n = 0;

	for (size_t i = 0; i < SERVE_CLIENTS; i++)
		n += s->clients[i].state == CLIENT_STREAMING;
	return n;
}

void graph_server_publish(struct graph_server *s, char *svg, size_t len)
{
	free(s->svg);
	s->svg = svg;
	s->svg_len = len;
	s->version++;
	for (size_t i = 0; i < SERVE_CLIENTS; i++)
		if (s->clients[i].state == CLIENT_STREAMING)
			client_send_event(s, &s->clients[i]);
	graph_server_poll(s, -1, 0);
}

int graph_server_poll(struct graph_server *s, int fd, int timeout_ms)
{
	struct pollfd fds[SERVE_CLIENTS + 2];
	struct serve_client *who[SERVE_CLIENTS + 2];
	nfds_t n = 0;
	int ready;

	fds[n] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
	who[n++] = NULL;
	for (size_t i = 0; i < SERVE_CLIENTS; i++) {
		struct serve_client *c = &s->clients[i];

		if (c->state == CLIENT_FREE)
			continue;
		fds[n] = (struct pollfd){ .fd = c->fd, .events = POLLIN |
					  (c->out_len > c->out_off ? POLLOUT : 0) };
		who[n++] = c;
	}
	if (fd >= 0) {
		fds[n] = (struct pollfd){ .fd = fd, .events = POLLIN };
		who[n++] = NULL;
	}
	ready = poll(fds, n, timeout_ms);
	if (ready <= 0)
		return 0;
	for (nfds_t i = 0; i < n; i++) {
		if (!fds[i].revents)
			continue;
		if (fds[i].fd == s->fd && !who[i]) {
			server_accept(s);
		} else if (who[i]) {
			if (fds[i].revents & POLLOUT)
				client_write(who[i]);
			if (who[i]->state != CLIENT_FREE &&
			    fds[i].revents & (POLLIN | POLLHUP | POLLERR))
				client_read(s, who[i]);
			if (who[i]->state != CLIENT_FREE && who[i]->out_len > who[i]->out_off)
				client_write(who[i]);
		}
	}
	return fd >= 0 && fds[n - 1].revents ? 1 : 0;
}
