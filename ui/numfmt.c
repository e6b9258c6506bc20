/* SPDX-License-Identifier: MIT */
/* The explorer's number format (see numfmt.h). */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "5.369e+08" -> "5.369e8", "2.5e-07" -> "2.5e-7". */
static void compact_exponent(char *buf, size_t len)
{
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    long ev = strtol(e + 1, NULL, 10);
    snprintf(e, len - (size_t)(e - buf), "e%ld", ev);
}

char *bonx_num_format(char *buf, size_t len, double v, int sig, int width)
{
    /* (!buf also keeps gcc -O3 with the sanitizers from seeing a path to snprintf(NULL)) */
    if (!buf || len == 0)
        return buf;
    if (isnan(v)) {
        snprintf(buf, len, "-");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, len, v > 0 ? "inf" : "-inf");
        return buf;
    }
    if (v == 0)
        v = 0.0;   /* -0 reads as a sign error */
    if (sig < 1)
        sig = 1;
    if (sig > 17)
        sig = 17;
    /* whole numbers (n, draws, counts) up to 9 digits in full while they fit */
    if (v == floor(v) && fabs(v) < 1e9) {
        snprintf(buf, len, "%.0f", v);
        if (width <= 0 || (int)strlen(buf) <= width)
            return buf;
    }
    for (int prec = sig; prec >= 1; prec--) {
        snprintf(buf, len, "%.*g", prec, v);
        compact_exponent(buf, len);
        if (width <= 0 || (int)strlen(buf) <= width)
            return buf;
    }
    return buf;
}
