/*
 * The one grammar of the names users give things: devices made by hand,
 * domains, VFIO containers and DMA mappings.  Such a name is a console
 * word, a value in trace lines (dev=, domain=) and a Graphviz node, so it
 * is plain ASCII that reads the same in all three: 1 to SIM_NAME_MAX
 * letters, digits, '_', '.' and '-', the first a letter, a digit or '_'
 * (not an option's '-').  No space, quote, ';', '#', ':', '=', control
 * character or byte above 0x7f.
 *
 * Header only, and free of the C library, so that kernel-lab's module
 * (kernel-lab/Kbuild) checks names with this very code.
 */
#ifndef SIM_NAME_H
#define SIM_NAME_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

#define SIM_NAME_MAX	31

#define SIM_NAME_STR_(x)	#x
#define SIM_NAME_STR(x)		SIM_NAME_STR_(x)

/* The grammar in words, for error lines ("bad domain name 'x y': RULE"). */
#define SIM_NAME_RULE	"a name is 1 to " SIM_NAME_STR(SIM_NAME_MAX) \
	" letters, digits, '_', '.' or '-', starting with a letter, a digit or '_'"

/* ASCII ranges: isalnum() would follow the locale. */
static inline bool sim_name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || (!first && (c == '.' || c == '-'));
}

/* True when @name follows the grammar. */
static inline bool sim_name_valid(const char *name)
{
	size_t len;

	for (len = 0; name[len]; len++)
		if (len == SIM_NAME_MAX || !sim_name_char(name[len], len == 0))
			return false;
	return len > 0;
}

#endif
