/* SPDX-License-Identifier: MIT */
/* How many terminal columns UTF-8 text takes, without asking the locale: East Asian wide and
 * fullwidth characters (CJK, Hangul, fullwidth forms, most emoji) take two, everything else
 * one.  The canvas, the word wrap and the explorer's text all count with it, so that a
 * Chinese or Japanese label lines up on the screen and in `bonx plot`. */
#ifndef BONX_U8WIDTH_H
#define BONX_U8WIDTH_H

#include <stddef.h>

/* Columns (1 or 2) of the code point at s, which must not be at its NUL; *bytes gets its
 * length (1 for a malformed byte, which counts one column). */
int bonx_u8_cp_width(const char *s, size_t *bytes);

/* Columns of the whole string. */
int bonx_utf8_width(const char *s);

/* Bytes of the longest prefix of s that fits in max columns; *cols (when not NULL) gets the
 * columns it takes.  A wide character that would straddle the limit is left out. */
size_t bonx_u8_fit(const char *s, int max, int *cols);

#endif
