/* SPDX-License-Identifier: MIT */
/* Small string helpers shared by the command line and the preset parser. */
#ifndef BONX_TEXT_H
#define BONX_TEXT_H

#include <stdarg.h>
#include <stddef.h>

/* printf into err[0..errlen) (nothing when err is NULL or errlen is 0). */
void bonx_set_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* "FILE:LINE: message" into err[0..errlen), the message printf'd from fmt and ap: how the
 * preset and lecture parsers name the place of a problem.  The message is cut at 400 bytes. */
void bonx_set_err_at(char *err, size_t errlen, const char *file, size_t line, const char *fmt,
                     va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 0)))
#endif
    ;

/* malloc'd copy of s[0..n), NUL-terminated; NULL when out of memory. */
char *bonx_strndup(const char *s, size_t n);

/* Offset of the first byte of s that is not well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF, no truncated sequence), or -1 when s is valid. */
long bonx_utf8_invalid(const char *s);

/* Columns s takes on a terminal: wcwidth of each character in the current LC_CTYPE (2 for
 * CJK, 0 for combining marks).  Where the locale cannot decode it (e.g. the C locale) a
 * UTF-8 sequence counts one column, and a character wcwidth does not know counts one. */
size_t bonx_display_width(const char *s);

/* s without its leading and trailing blanks (the trailing ones cut in place). */
char *bonx_trim(char *s);

/* Cut a trailing "# comment": a '#' at the start of a whitespace-separated word. */
void bonx_cut_comment(char *s);

/* Append a line to the malloc'd *text (NULL: none yet), joined with a newline; 0 or -1. */
int bonx_append_line(char **text, const char *add);

#endif
