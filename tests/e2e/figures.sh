#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of `bonx plot --format svg|csv|gnuplot` (issue 13, figures for slides):
# every chart's SVG is well-formed XML (xmllint) and renders to a PNG (rsvg-convert); it
# carries the terminal chart's title, legend and current-point arrow; the CSV holds exactly
# the points drawn, checked against the closed form of MATH.md Example 1; golden files in
# tests/golden/figures (BONX_BLESS=1 rewrites them).  Prints "e2e: N passed, N failed".
. "$(dirname "$0")/../e2e_lib.sh"
export LC_ALL=C.UTF-8
GOLD=tests/golden/figures

for tool in xmllint rsvg-convert; do
  if ! command -v $tool >/dev/null; then echo "$tool not found"; echo "e2e: 0 passed, 1 failed"; exit 1; fi
done

# golden NAME FILE: compare with $GOLD/NAME (or write it with BONX_BLESS=1)
golden() {
  if [ -n "${BONX_BLESS:-}" ]; then cp "$2" "$GOLD/$1"; ok; return; fi
  if cmp -s "$GOLD/$1" "$2"; then ok; else bad "$1 differs from its golden file (BONX_BLESS=1 to re-bless)"; fi
}

# renders DESC FILE.svg: well-formed, no NaN/inf text, and a PNG of the right size
renders() {
  if ! xmllint --noout "$2" 2>"$tmp/xml.err"; then bad "$1: not well-formed: $(head -3 "$tmp/xml.err")"; return; fi
  if grep -qiE '[^a-z](nan|inf)[^a-z]' "$2"; then bad "$1: nan/inf in the SVG"; return; fi
  if ! rsvg-convert "$2" -o "$tmp/out.png" 2>"$tmp/rsvg.err" || [ ! -s "$tmp/out.png" ]; then
    bad "$1: rsvg-convert failed: $(head -3 "$tmp/rsvg.err")"; return
  fi
  # PNG header: width and height, big-endian at bytes 16..23
  size=$(od -An -tu1 -j16 -N8 "$tmp/out.png" | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }')
  if [ "$size" = "${3:-1200x720}" ]; then ok; else bad "$1: PNG is $size, want ${3:-1200x720}"; fi
}

for chart in kl winrate tradeoff reward pmf cost simplex; do
  for preset in ternary ties; do
    [ "$chart" = simplex ] && [ "$preset" = ties ] && continue
    run plot "$chart" --preset "$preset" --format svg
    if [ $rc -ne 0 ] || [ -s "$tmp/err" ]; then bad "svg $chart $preset: rc=$rc $(head -c 200 "$tmp/err")"; continue; fi
    cp "$tmp/out" "$tmp/$chart.svg"
    renders "svg $chart $preset" "$tmp/$chart.svg"
    run plot "$chart" --preset "$preset" --format csv
    if [ $rc -eq 0 ] && [ "$(head -n 1 "$tmp/out")" = "series,x,y" ] && [ "$(wc -l <"$tmp/out")" -gt 3 ] &&
       ! grep -qiE 'nan|inf' "$tmp/out"; then ok; else bad "csv $chart $preset"; fi
    run plot "$chart" --preset "$preset" --format gnuplot
    if [ $rc -eq 0 ] && grep -q '^plot ' "$tmp/out" && grep -q '^\$d0 << EOD' "$tmp/out" &&
       [ "$(grep -c '^EOD$' "$tmp/out")" -eq "$(grep -c ' << EOD$' "$tmp/out")" ]; then ok; else bad "gnuplot $chart $preset"; fi
    # gnuplot itself accepts the script (quietly) and draws something
    if command -v gnuplot >/dev/null; then
      if gnuplot -e "set terminal dumb size 100,30" "$tmp/out" >"$tmp/gp.out" 2>"$tmp/gp.err" &&
         [ ! -s "$tmp/gp.err" ] && [ "$(wc -l <"$tmp/gp.out")" -ge 25 ]; then ok
      else bad "gnuplot rejects $chart $preset: $(head -3 "$tmp/gp.err")"; fi
    fi
  done
done

# ---- the SVG says what the terminal chart says: title, legend, ceiling, current point
run plot kl --preset binary --format svg
for text in "KL(best-of-n || p) vs n" "exact KL" "log n - (n-1)/n" "ceiling log(1/g_top) = 0.6931" "n = 4"; do
  if grep -qF -- ">$text<" "$tmp/out"; then ok; else bad "kl svg lacks '$text'"; fi
done
cp "$tmp/out" "$tmp/kl.svg"
golden kl-binary.svg "$tmp/kl.svg"
run plot kl --preset binary --format svg --width 80 --height 30
renders "svg 80x30" "$tmp/out" 800x600
# a current n beyond the axis: the arrow is in the figure too
run plot kl --preset binary --n-range 1:1e6 --n 5.4e8 --format svg
if grep -qF "→ n=5.4e8" "$tmp/out"; then ok; else bad "svg: no arrow for n beyond the axis"; fi

# ---- CSV: exactly the points drawn; Example 1's exact KL is log 2 - h(2^-n) at every x
run plot kl --preset binary --format csv
cp "$tmp/out" "$tmp/kl.csv"
golden kl-binary.csv "$tmp/kl.csv"
bad_rows=$(awk -F, 'NR > 1 && $1 == "exact KL" { n = $2; e = exp(-n * log(2));
  h = (e > 0 && e < 1) ? -(e * log(e) + (1 - e) * log(1 - e)) : 0; want = log(2) - h;
  d = $3 - want; if (d < 0) d = -d; if (d > 1e-12) print NR": "$0" want "want; rows++ }
  END { if (rows != 256) print "rows " rows }' "$tmp/kl.csv")
if [ -z "$bad_rows" ]; then ok; else bad "csv exact KL: $bad_rows"; fi
# the ceiling as its two ends, at log 2, spanning the axis 1..20
if grep -q "^ceiling log(1/g_top) = 0.6931,1,0.69314718055994" "$tmp/kl.csv" &&
   grep -q "^ceiling log(1/g_top) = 0.6931,20,0.69314718055994" "$tmp/kl.csv"; then ok; else bad "csv ceiling rows"; fi
# names with commas are quoted; every row has 3 fields
if awk -F'"' '{ line = $0; if (NF == 3) line = $3; n = split(line, f, ","); if ((NF == 3 && n != 3) || (NF == 1 && n != 3)) exit 1 }' "$tmp/kl.csv"
then ok; else bad "csv fields"; fi
run plot tradeoff --preset binary --n 8 --beta 0.25 --tau 1 --format csv
if grep -q '^"n = 8' "$tmp/out" || grep -q '^n = 8' "$tmp/out"; then ok; else bad "csv current point rows"; fi

# ---- gnuplot: a self-contained script (run it when gnuplot is here)
run plot kl --preset binary --format gnuplot
cp "$tmp/out" "$tmp/kl.gp"
golden kl-binary.gp "$tmp/kl.gp"
if command -v gnuplot >/dev/null; then
  if gnuplot -e "set terminal dumb" "$tmp/kl.gp" >/dev/null 2>"$tmp/gp.err" && [ ! -s "$tmp/gp.err" ]; then ok
  else bad "gnuplot rejects the script: $(head -3 "$tmp/gp.err")"; fi
fi

# ---- errors
expect_err "unknown format" plot "unknown format 'pdf' (expected table, svg, csv or gnuplot)" plot kl --preset binary --format pdf
expect_err "svg simplex K=2" plot "needs K = 3" plot simplex --preset binary --format svg
run plot kl --preset binary --format table --width 60 --height 20
if [ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 20 ]; then ok; else bad "--format table is the text chart"; fi

e2e_finish
