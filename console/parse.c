/*
 * Parsing numbers, sizes and durations typed at the console.  A word is
 * taken whole: trailing junk, a bare "0x" and overflow are all errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sim/clock.h>
#include <sim/errno.h>

#include "parse.h"

static int digit_value(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return (unsigned int)d < base ? d : -1;
}

/*
 * Reads a decimal or 0x-hex number at the start of @s and stores where it
 * ends in @end.  Returns 0, -EINVAL when there are no digits, or -ERANGE
 * when the value does not fit in 64 bits.
 */
static int parse_number(const char *s, u64 *out, const char **end)
{
	unsigned int base = 10;
	const char *p = s;
	bool any = false, overflow = false;
	u64 v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		any = true;
		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		else
			v = v * base + d;
	}
	if (!any)
		return -EINVAL;
	*out = v;
	*end = p;
	return overflow ? -ERANGE : 0;
}

static int not_a_number(const char *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "'%s' is not a number", s);
	return -1;
}

static int too_large(const char *s, char *err, size_t errlen)
{
	snprintf(err, errlen, "'%s' is too large", s);
	return -1;
}

int con_parse_u64(const char *s, u64 *out, char *err, size_t errlen)
{
	const char *end;
	int ret = parse_number(s, out, &end);

	if (ret == -EINVAL || *end)
		return not_a_number(s, err, errlen);
	if (ret == -ERANGE)
		return too_large(s, err, errlen);
	return 0;
}

int con_parse_s64(const char *s, s64 *out, char *err, size_t errlen)
{
	bool neg = *s == '-';
	const char *end;
	u64 v;
	int ret = parse_number(s + neg, &v, &end);

	if (ret == -EINVAL || *end)
		return not_a_number(s, err, errlen);
	if (ret == -ERANGE || v > (u64)INT64_MAX + neg) {
		snprintf(err, errlen, "'%s' is out of range", s);
		return -1;
	}
	*out = neg ? (s64)(0 - v) : (s64)v;
	return 0;
}

int con_parse_size(const char *s, u64 *out, char *err, size_t errlen)
{
	static const char units[] = "KMG";
	const char *end, *unit;
	unsigned int shift = 0;
	u64 v;
	int ret = parse_number(s, &v, &end);

	if (ret == -EINVAL)
		return not_a_number(s, err, errlen);
	if (*end) {
		char c = *end >= 'a' && *end <= 'z' ? *end - 'a' + 'A' : *end;

		unit = strchr(units, c);
		if (!unit || end[1]) {
			snprintf(err, errlen, "unknown suffix in '%s' (use K, M or G)", s);
			return -1;
		}
		shift = 10 * (unit - units + 1);
	}
	if (ret == -ERANGE || v > UINT64_MAX >> shift)
		return too_large(s, err, errlen);
	*out = v << shift;
	return 0;
}

int con_parse_duration(const char *s, u64 *ns, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		u64 mult;
	} units[] = {
		{ "ns", 1 },
		{ "us", NSEC_PER_USEC },
		{ "ms", NSEC_PER_MSEC },
		{ "s", NSEC_PER_SEC },
	};
	u64 mult = NSEC_PER_MSEC, v;
	const char *end;
	int ret = parse_number(s, &v, &end);

	if (ret == -EINVAL)
		return not_a_number(s, err, errlen);
	if (*end) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(units); i++)
			if (!strcmp(end, units[i].name))
				break;
		if (i == ARRAY_SIZE(units)) {
			snprintf(err, errlen, "unknown unit in '%s' (use ns, us, ms or s)", s);
			return -1;
		}
		mult = units[i].mult;
	}
	if (ret == -ERANGE || v > UINT64_MAX / mult)
		return too_large(s, err, errlen);
	*ns = v * mult;
	return 0;
}
