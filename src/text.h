/* Small string helpers shared by the command line and the preset parser. */
#ifndef BONX_TEXT_H
#define BONX_TEXT_H

#include <stddef.h>

/* printf into err[0..errlen) (nothing when err is NULL or errlen is 0). */
void bonx_set_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* malloc'd copy of s[0..n), NUL-terminated; NULL when out of memory. */
char *bonx_strndup(const char *s, size_t n);

#endif
