/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include "err.h"

int bonx_fail(bonx_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}
