/* SPDX-License-Identifier: MIT */
/* Parsing the n axis range "LO:HI". */
#include "n_range.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "text.h"

/* One number of the range, up to the end of s or the ':'; 0 or -1. */
static int range_number(const char *s, const char **end, double *out)
{
    char *e;
    while (*s == ' ')
        s++;
    if (!*s || *s == ':')
        return -1;
    *out = strtod(s, &e);
    if (e == s)
        return -1;
    while (*e == ' ')
        e++;
    *end = e;
    return 0;
}

int bonx_parse_n_range(const char *s, double *lo, double *hi, char *err, size_t errlen)
{
    const char *e;
    double a, b;
    if (!s || range_number(s, &e, &a) != 0 || *e != ':' || range_number(e + 1, &e, &b) != 0 ||
        *e) {
        bonx_set_err(err, errlen, "'%s' is not LO:HI (e.g. 1:1e9)", s ? s : "");
        return -1;
    }
    if (!(a >= 1.0) || !(b <= BONX_N_RANGE_MAX) || !(a < b)) {
        bonx_set_err(err, errlen, "n range %s must satisfy 1 <= LO < HI <= 1e300", s);
        return -1;
    }
    *lo = a;
    *hi = b;
    return 0;
}
