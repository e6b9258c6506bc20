/* SPDX-License-Identifier: MIT */
#include <math.h>
#include "numeric.h"
#include "elementary.h"

double bonx_log1mexp(double x)
{
    if (x > -M_LN2)
        return bonx_log(-bonx_expm1(x));
    return bonx_log1p(-bonx_exp(x));
}

double bonx_digamma(double x)
{
    double acc = 0.0;
    /* psi(x) = psi(x + 1) - 1/x moves x into the range where the series converges fast */
    while (x < 10.0) {
        acc -= 1.0 / x;
        x += 1.0;
    }
    double x2 = 1.0 / (x * x);
    /* psi(x) ~ log x - 1/(2x) - sum B_2k / (2k x^2k) */
    double series = x2 * (1.0 / 12 - x2 * (1.0 / 120 - x2 * (1.0 / 252 - x2 * (1.0 / 240
                    - x2 * (1.0 / 132 - x2 * (691.0 / 32760 - x2 * (1.0 / 12.0)))))));
    return acc + bonx_log(x) - 0.5 / x - series;
}

double bonx_kl_tilde(double n)
{
    double u = n - 1.0;
    if (fabs(u) < 0.02) {
        /* log(1+u) - u/(1+u) = sum_{k>=2} (-1)^k (k-1)/k u^k; 14 terms reach 1e-17 relative */
        double sum = 0.0, pw = u * u;
        for (int k = 2; k <= 16; k++) {
            double term = (double)(k - 1) / k * pw;
            sum += (k % 2 == 0) ? term : -term;
            pw *= u;
        }
        return sum;
    }
    return bonx_log(n) - u / n;
}
