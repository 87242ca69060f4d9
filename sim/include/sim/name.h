/*
 * The one grammar of the names users give things: devices made by hand,
 * domains, VFIO containers and DMA mappings.  Such a name is a console
 * word, a value in trace lines (dev=, domain=) and a Graphviz node, so it
 * is plain ASCII that reads the same in all three: 1 to SIM_NAME_MAX
 * letters, digits, '_', '.' and '-', the first a letter, a digit or '_'
 * (not an option's '-').  No space, quote, ';', '#', ':', '=', control
 * character or byte above 0x7f.
 */
#ifndef SIM_NAME_H
#define SIM_NAME_H

#include <stdbool.h>

#define SIM_NAME_MAX	31

/* The grammar in words, for error lines. */
extern const char sim_name_rule[];

/* True when @name follows the grammar. */
bool sim_name_valid(const char *name);

#endif
