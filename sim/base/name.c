/*
 * The grammar of user-given names (sim/include/sim/name.h), in one place.
 */
#include <string.h>

#include <sim/name.h>

#define STR(x)	#x
#define XSTR(x)	STR(x)

const char sim_name_rule[] =
	"a name is 1 to " XSTR(SIM_NAME_MAX) " letters, digits, '_', '.' or '-', "
	"starting with a letter, a digit or '_'";

/* ASCII only: isalnum() would follow the locale. */
static bool name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || (!first && (c == '.' || c == '-'));
}

bool sim_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len > SIM_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!name_char(name[i], i == 0))
			return false;
	return true;
}
