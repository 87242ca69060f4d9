// SPDX-License-Identifier: GPL-2.0
/*
 * The console's grammar, compiled into the module from its one source,
 * grammar/grammar.c, which the console is built from too: words, numbers,
 * argument specs, the argument parsers, the error line and the strings
 * both print.  kernel-lab.mk copies it into the build directory's
 * include/grammar/; built in place, it is found beside kernel-lab/.
 */
#include <grammar/grammar.c>
