/* SPDX-License-Identifier: MIT */
/* CSV fields as RFC 4180 writes them: the one quoting rule of every CSV bonx prints (tables
 * and figure data alike). */
#ifndef BONX_CSV_H
#define BONX_CSV_H

#include <stdio.h>

/* Write s as one field: as it is, or quoted (quotes doubled) when it holds a comma, a quote
 * or a line break. */
void bonx_csv_field(FILE *out, const char *s);

#endif
