/* SPDX-License-Identifier: MIT */
/* Axes: mapping, nice ranges, nice ticks and compact tick labels. */
#include "axis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elementary.h"

static double scale_of(const bonx_axis *a, double v)
{
    return a->log ? bonx_log10(v) : v;
}

void bonx_axis_init(bonx_axis *a, double lo, double hi, int log, double d0, double d1)
{
    a->log = log != 0;
    if (a->log) {
        if (!(lo > 0.0) || !isfinite(lo))
            lo = hi > 0.0 && isfinite(hi) ? hi / 10.0 : 1.0;
        if (!(hi > 0.0) || !isfinite(hi))
            hi = lo * 10.0;
        if (hi < lo) { double t = lo; lo = hi; hi = t; }
        if (!(hi > lo * (1.0 + 1e-9))) { lo /= 2.0; hi = lo * 4.0; }
        if (!isfinite(hi) || !(lo > 0.0)) { lo = 1.0; hi = 10.0; }
    } else {
        if (!isfinite(lo) && !isfinite(hi)) { lo = 0.0; hi = 1.0; }
        else if (!isfinite(lo)) lo = hi - 1.0;
        else if (!isfinite(hi)) hi = lo + 1.0;
        if (hi < lo) { double t = lo; lo = hi; hi = t; }
        double span = hi - lo, mag = fmax(fabs(lo), fabs(hi));
        if (!isfinite(span)) { lo /= 2.0; hi /= 2.0; }
        if (!(hi - lo > mag * 1e-12)) {
            double pad = mag > 0.0 ? mag * 0.5 : 0.5;
            lo -= pad;
            hi += pad;
        }
    }
    a->lo = lo;
    a->hi = hi;
    a->d0 = d0;
    a->d1 = d1;
    a->s0 = scale_of(a, lo);
    a->s1 = scale_of(a, hi);
}

double bonx_axis_map(const bonx_axis *a, double v)
{
    if (!isfinite(v) || (a->log && !(v > 0.0)))
        return NAN;
    double f = (scale_of(a, v) - a->s0) / (a->s1 - a->s0);
    double d = a->d0 + f * (a->d1 - a->d0);
    return isfinite(d) ? d : NAN;
}

/* Smallest of 1, 2, 2.5, 5, 10 times a power of ten that is >= raw. */
static double nice_step(double raw)
{
    static const double mult[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    double mag = bonx_pow(10.0, floor(bonx_log10(raw)));
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (mult[i] * mag >= raw * (1.0 - 1e-12))
            return mult[i] * mag;
    return 10.0 * mag;
}

static double linear_step(double lo, double hi, int max_ticks)
{
    if (max_ticks < 2)
        max_ticks = 2;
    double raw = (hi - lo) / (max_ticks - 1);
    if (!(raw > 0.0) || !isfinite(raw))
        return 0.0;
    return nice_step(raw);
}

void bonx_axis_nice_range(double *lo, double *hi, int log, int max_ticks)
{
    bonx_axis a;
    bonx_axis_init(&a, *lo, *hi, log, 0.0, 1.0);
    if (log) {
        double e0 = floor(bonx_log10(a.lo) + 1e-9), e1 = ceil(bonx_log10(a.hi) - 1e-9);
        double span = bonx_log10(a.hi) - bonx_log10(a.lo);
        if (e1 - e0 <= 2.0 * span + 1e-9) {
            a.lo = bonx_pow(10.0, e0);
            a.hi = bonx_pow(10.0, e1);
        }
    } else {
        double step = linear_step(a.lo, a.hi, max_ticks);
        if (step > 0.0) {
            double nlo = floor(a.lo / step + 1e-9) * step, nhi = ceil(a.hi / step - 1e-9) * step;
            if (isfinite(nlo) && isfinite(nhi) && nhi > nlo) {
                a.lo = nlo;
                a.hi = nhi;
            }
        }
    }
    *lo = a.lo;
    *hi = a.hi;
}

/* The next smaller nice step: 10 -> 5 -> 2.5 -> 2 -> 1. */
static double smaller_step(double step)
{
    double mag = bonx_pow(10.0, floor(bonx_log10(step) + 1e-9)), m = step / mag;
    return (m > 5.5 ? 5.0 : m > 2.75 ? 2.5 : m > 2.25 ? 2.0 : m > 1.5 ? 1.0 : 0.5) * mag;
}

static size_t multiples_in(const bonx_axis *a, double step, double *ticks, size_t cap)
{
    double k0 = ceil(a->lo / step - 1e-9), k1 = floor(a->hi / step + 1e-9);
    size_t n = 0;
    for (double k = k0; k <= k1 && n < cap; k += 1.0) {
        double v = k * step;
        ticks[n++] = fabs(v) < step * 1e-9 ? 0.0 : v;
    }
    return n;
}

static size_t linear_ticks(const bonx_axis *a, int max_ticks, double *ticks, size_t cap,
                           double *step_out)
{
    double step = linear_step(a->lo, a->hi, max_ticks);
    *step_out = step;
    if (step <= 0.0)
        return 0;
    size_t n = multiples_in(a, step, ticks, cap);
    /* A range that straddles no two multiples (0.3 .. 0.9 with step 1) gets a finer step:
     * an axis needs two labels to be read. */
    for (int tries = 0; n < 2 && tries < 8; tries++) {
        step = smaller_step(step);
        n = multiples_in(a, step, ticks, cap);
    }
    *step_out = step;
    return n;
}

/* Decades every `every` powers of ten, plus 2x and 5x between when `fill`. */
static size_t log_ticks(const bonx_axis *a, int max_ticks, double *ticks, size_t cap)
{
    double l0 = bonx_log10(a->lo), l1 = bonx_log10(a->hi);
    double e0 = ceil(l0 - 1e-9), e1 = floor(l1 + 1e-9);
    double decades = e1 - e0 + 1.0;
    if (max_ticks < 2)
        max_ticks = 2;
    double every = decades > max_ticks ? ceil(decades / max_ticks) : 1.0;
    int fill = decades * 3.0 <= max_ticks || decades < 2.0;
    size_t n = 0;
    for (double e = floor(l0) ; e <= e1 + 1.0 && n < cap; e += 1.0) {
        double base = bonx_pow(10.0, e);
        static const double mult[] = {1.0, 2.0, 5.0};
        for (int m = 0; m < 3 && n < cap; m++) {
            if (m > 0 && !fill)
                break;
            if (m == 0 && fmod(e - floor(l0), every) != 0.0 && !fill)
                continue;
            double v = mult[m] * base;
            if (v >= a->lo * (1.0 - 1e-9) && v <= a->hi * (1.0 + 1e-9))
                ticks[n++] = v;
        }
    }
    return n;
}

size_t bonx_axis_ticks(const bonx_axis *a, int max_ticks, double *ticks, size_t cap,
                       double *step)
{
    double s = 0.0;
    size_t n = a->log ? log_ticks(a, max_ticks, ticks, cap) : 0;
    /* A log axis spanning less than a decade may hold fewer than two of 1, 2, 5 x 10^k. */
    if (!a->log || n < 2)
        n = linear_ticks(a, max_ticks, ticks, cap, &s);
    if (step)
        *step = s;
    return n;
}

/* Drop trailing zeros of a mantissa and the '+' and leading zeros of an exponent:
 * "2.500e+03" -> "2.5e3". */
static void compact_exponent(char *buf)
{
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    long ev = strtol(e + 1, NULL, 10);
    char *m_end = e;
    if (memchr(buf, '.', (size_t)(e - buf))) {
        while (m_end > buf && m_end[-1] == '0')
            m_end--;
        if (m_end > buf && m_end[-1] == '.')
            m_end--;
    }
    char exp[24];
    snprintf(exp, sizeof exp, "e%ld", ev);
    memmove(m_end, exp, strlen(exp) + 1);
}

/* Decimal exponent of the step's last significant digit: steps are 1, 2, 2.5 or 5 times a
 * power of ten, so 2.5e-3 ends at 1e-4 and 5e-3 at 1e-3. */
static int step_last_digit(double step)
{
    int e = (int)floor(bonx_log10(step) + 1e-9);
    double m = step / bonx_pow(10.0, e);
    return fabs(m - nearbyint(m)) > 1e-6 ? e - 1 : e;
}

/* Decimals that show every multiple of step exactly (0 for whole steps). */
static int step_decimals(double step)
{
    int last = step_last_digit(step);
    return last < 0 ? -last : 0;
}

static void label_log(double v, char *buf, size_t len)
{
    double e = floor(bonx_log10(fabs(v)) + 1e-9);
    if (e >= -2.0 && e <= 2.0)
        snprintf(buf, len, "%.*f", e < 0 ? (int)-e : 0, v);
    else
        snprintf(buf, len, "%.2e", v);
    compact_exponent(buf);
}

void bonx_axis_label(double v, double step, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    if (step > 0.0 && fabs(v) < step * 1e-9)
        v = 0.0;
    if (v == 0.0 && !(step > 0.0 && step_decimals(step) <= 4)) {
        snprintf(buf, len, "0");
        return;
    }
    if (!(step > 0.0)) {
        label_log(v, buf, len);
        return;
    }
    int dec = step_decimals(step);
    double mag = fabs(v);
    if (dec > 4 || mag >= 1e6) {
        /* Significant digits: from v's leading digit down to the step's last digit. */
        int lead = (int)floor(bonx_log10(mag) + 1e-9);
        int digits = lead - step_last_digit(step) + 1;
        if (digits < 1)
            digits = 1;
        if (digits > 15)
            digits = 15;
        snprintf(buf, len, "%.*e", digits - 1, v);
        compact_exponent(buf);
    } else {
        snprintf(buf, len, "%.*f", dec, v);
    }
}
