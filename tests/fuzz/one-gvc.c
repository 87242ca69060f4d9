/*
 * One Graphviz context for the process, for programs that run many
 * consoles one after another (the libFuzzer targets, the random-sessions
 * benchmark).  The console makes a context per run and frees it at the
 * end, but Graphviz 2.42's pango plugin keeps a pointer to the last font
 * name it measured, which the context owns, in a static: once the first
 * context is freed, the next layout compares against freed memory (later
 * Graphviz keeps a copy).  Such programs are
 * linked with --wrap=gvContext,--wrap=gvFreeContext, so that every console
 * gets the process's context and it lives to the end, as in a single run.
 */
#include <gvc.h>

GVC_t *__real_gvContext(void);
GVC_t *__wrap_gvContext(void);
int __wrap_gvFreeContext(GVC_t *gvc);

static GVC_t *gvc;

GVC_t *__wrap_gvContext(void)
{
	if (!gvc)
		gvc = __real_gvContext();
	return gvc;
}

int __wrap_gvFreeContext(GVC_t *ctx)
{
	return 0;
}
