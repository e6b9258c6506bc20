#!/bin/sh
# SPDX-License-Identifier: MIT
# No printed number depends on the machine's libm (issue 12): core/elementary.c has bonx's
# own exp, expm1, exp2, log, log1p, log2, log10 and pow (IEEE basic operations only), and no
# object of core/, ui/ or src/ may call libm's.  The compiler can also produce such a call on
# its own (pow(10, x) as exp10, exp(x) as __exp_finite with -ffast-math), so this reads the
# undefined symbols of the built objects (nm -u) rather than grepping the sources.  The
# other transcendental functions are banned too (none is called: ui/svg.c's star has its
# cosines as constants, core's log c! and type counts use no lgamma); sqrt, exactly rounded
# everywhere, is allowed.
. "$(dirname "$0")/../e2e_lib.sh"

banned='^_*(exp|exp2|exp10|expm1|pow|pow10|log|log2|log10|log1p|logb|lgamma|lgamma_r|tgamma|erf|erfc|cbrt|hypot|sin|cos|tan|sincos|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh)(f|l|f32|f64|f128|f32x|f64x)?(_finite)?(@.*)?$'
checked=0
for dir in build/san build/opt; do
  for o in "$dir"/core/*.o "$dir"/ui/*.o "$dir"/src/*.o; do
    [ -f "$o" ] || continue
    checked=$((checked + 1))
    calls=$(nm -u "$o" | awk '{print $NF}' | grep -E "$banned" | tr '\n' ' ')
    if [ -n "$calls" ]; then
      bad "$o calls libm's $calls(use core/elementary.h's bonx_ functions)"
    else
      ok
    fi
  done
done
[ $checked -gt 0 ] || bad "no objects under build/san or build/opt: build first (make test does)"
# the check itself: an object that calls exp is caught
printf '#include <math.h>\ndouble f(double x) { return exp(x) + pow(10, x); }\n' >"$tmp/t.c"
if ${CC:-cc} -O2 -c -o "$tmp/t.o" "$tmp/t.c" 2>/dev/null; then
  n=$(nm -u "$tmp/t.o" | awk '{print $NF}' | grep -cE "$banned")
  [ "$n" -ge 1 ] && ok || bad "the pattern misses libm's exp in $tmp/t.o: $(nm -u "$tmp/t.o" | tr '\n' ' ')"
fi
e2e_finish
