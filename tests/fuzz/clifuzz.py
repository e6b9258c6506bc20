#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Random command-line fuzzer for bonx (exploratory: `make clifuzz`, not part of `make test`).

Builds N random invocations of every headless command with extreme values (rewards and
weights from 4.9e-324 to 1.8e308, n up to 1e308, KL targets down to 1e-300, subnormal
betas, nan, inf, -0) and checks what the command-line contract promises:
  - exit status 0, or 2 with exactly one line on stderr, `bonx CMD: problem`;
  - no "internal error", no sanitizer report, no timeout;
  - no nan or inf printed (null in JSON, which must parse strictly) outside the columns
    man bonx documents as possibly non-finite (FORMAT).
Same seed, same invocations.  Usage: clifuzz.py BONX N SEED [--keep-going]
Prints one block per problem and a last line `clifuzz: N runs, B problems`; exit 1 on any.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

# Columns documented to be non-finite (man bonx, FORMAT): anything else is a defect.
CORRELATIONS = {'string_pearson', 'string_spearman', 'corpus_pearson', 'corpus_spearman'}


def may_be_nonfinite(args, column, row):
    """Whether man bonx allows COLUMN of ROW (a dict) to be inf/nan (null in json)."""
    cmd = args[0]
    if cmd == 'klrl':
        return column == 'beta' and '--kl' in args  # a KL target of 0: the reference
    if cmd == 'pmf':
        return column == 'implied_reward'
    if cmd == 'simulate':
        return column == 'exact' and '--hist' in args
    if cmd == 'corpora' and '--summary' in args:
        kind = row.get('adaptor')
        if column in CORRELATIONS or kind == 'over-table':
            return True
        if kind == 'under-p':
            return not column.startswith('centre')
        return kind == 'pooled' and column in ('entropy', 'kl_to_q', 'varentropy')
    return False


NONFINITE = re.compile(r'(?<![A-Za-z_])[-+]?(nan|inf|infinity)(?![A-Za-z_])', re.I)
PRESETS = ['binary', 'ternary', 'many-rare', 'ties', 'needle', 'simpson', 'staircase',
           'uniform-10', 'uniform-1000']
TIMEOUT = 180  # literal simulate may take up to 1e10 draws (its documented limit)


class Gen:
    """Random arguments, biased towards the edges of the double range."""

    EDGES = ['0', '-0', '1', '-1', '0.5', '2', '1e-12', '1e-300', '-1e-300', '4.9e-324',
             '-4.9e-324', '2.2250738585072014e-308', '2.225073858507201e-308', '1e15',
             '1e16', '1e308', '-1e308', '1.7976931348623157e308', '-1.7976931348623157e308',
             '0x1p-1074', 'nan', 'inf', '-inf']

    def __init__(self, seed):
        self.r = random.Random(seed)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    def real(self):
        """Any double, often extreme."""
        c = self.r.random()
        if c < 0.15:
            return self.pick(self.EDGES)
        if c < 0.5:
            return '%.17g' % (10 ** self.r.uniform(-323, 308) * self.pick([1, -1]))
        if c < 0.8:
            return '%.6g' % self.r.uniform(-10, 10)
        return str(self.r.randint(-5, 50))

    def positive(self, lo_exp=-3, hi_exp=15):
        if self.chance(0.2):
            return self.pick(['1', '1.0000001', '2', '1.5', '100', '1e15', '1e300', '1e308',
                              '1e-300', '4.9e-324', '2.2250738585072014e-308'])
        return '%.6g' % (10 ** self.r.uniform(lo_exp, hi_exp))

    def weight(self):
        w = self.pick([self.real, self.positive, lambda: '%.3g' % self.r.random()])()
        return w[1:] if w.startswith('-') and self.chance(0.8) else w

    def dist(self):
        k = self.pick([1, 2, 2, 3, 3, 4, 5, 7, 12])
        return ','.join('%s:%s' % (self.weight(), self.real()) for _ in range(k))

    def listof(self, f, n=3):
        items = [f() for _ in range(self.r.randint(1, n))]
        if self.chance(0.1):  # a range START:STOP:COUNT[log]
            a, b = sorted([self.r.uniform(0, 6), self.r.uniform(0, 6)])
            items = ['%.3g:%.3g:%d%s' % (10 ** a, 10 ** b, self.r.randint(1, 6),
                                         'log' if self.chance(0.5) else '')]
        return ','.join(items)

    def integer(self, lo, hi):
        return str(self.r.randint(lo, hi))


class Runner:
    def __init__(self, bonx, gen, tmpdir):
        self.bonx, self.g, self.tmp = bonx, gen, tmpdir
        self.files = 0

    def source(self):
        c = self.g.r.random()
        if c < 0.8:
            return ['--dist', self.g.dist()]
        if c < 0.9:
            return ['--preset', self.g.pick(PRESETS)]
        return ['--file', self.preset_file()]

    def preset_file(self):
        """A small preset file: outcomes with labels, and sometimes a note or n/beta."""
        self.files += 1
        path = os.path.join(self.tmp, 'p%d.bonx' % self.files)
        lines = ['title: fuzz %d' % self.files]
        if self.g.chance(0.3):
            lines.append('n: %s' % self.g.positive())
        if self.g.chance(0.3):
            lines.append('beta: %s' % self.g.positive(-300, 300))
        if self.g.chance(0.2):
            lines.append('tau: %s' % self.g.real())
        if self.g.chance(0.2):
            lines.append('rewards: log-q')
        for i in range(self.g.r.randint(1, 6)):
            lines.append('o%d %s %s' % (i, self.g.weight(), self.g.real()))
        with open(path, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        return path

    def fmt(self):
        return ['--format', self.g.pick(['table', 'csv', 'json'])]

    def invocation(self):
        """A command line, sometimes bent the way users bend them (--opt=value, an option
        given twice, a stray word, an empty value, a long range)."""
        a = self.command()
        g = self.g
        if g.chance(0.1):
            opts = [i for i, x in enumerate(a) if x.startswith('--') and i + 1 < len(a)
                    and not a[i + 1].startswith('--')]
            if opts:
                i = g.pick(opts)
                a[i:i + 2] = ['%s=%s' % (a[i], a[i + 1])]
        if g.chance(0.03):
            a.append(g.pick(['--', 'stray', '', '--format', '--n', '--dist=', '-x']))
        if g.chance(0.03) and '--n' in a[:-1]:
            a[a.index('--n') + 1] = g.pick(['1:1e15:20000log', '', ',', '1,,2', '1e400',
                                            '0x1p-1074', '2:1:3', '1:1e300:500log'])
        return a

    def command(self):
        g = self.g
        c = g.pick(['bon', 'klrl', 'klrl_kl', 'rr', 'pmf', 'tradeoff', 'simulate', 'plot',
                    'asym', 'blockwise', 'corpora', 'presets'])
        if c == 'presets':
            return ['presets'] + self.fmt()
        s = self.source()
        if c == 'bon':
            a = ['bon'] + s + ['--n', g.listof(lambda: g.positive(0, 308))]
            a += ['--t', g.positive(-3, 3)] if g.chance(0.4) else []
            a += ['--bounds'] if g.chance(0.3) else []
        elif c == 'klrl':
            a = ['klrl'] + s + ['--beta', g.listof(lambda: g.positive(-320, 308))]
            a += ['--calibrated'] if g.chance(0.3) else []
        elif c == 'klrl_kl':
            a = ['klrl'] + s + ['--kl', g.listof(lambda: '%.6g' % (10 ** g.r.uniform(-310, 3)))]
            a += ['--calibrated'] if g.chance(0.3) else []
        elif c == 'rr':
            a = ['rr'] + s + (['--tau', g.listof(g.real)] if g.chance(0.5) else [])
        elif c == 'pmf':
            p = g.pick(['bon:' + g.positive(0, 308), 'klrl:' + g.positive(-320, 308),
                        'klrl_calibrated:' + g.positive(-320, 308), 'rr:' + g.real()])
            a = ['pmf'] + s + ['--policy', p]
            a += ['--implied', g.positive(-300, 300)] if g.chance(0.3) else []
        elif c == 'tradeoff':
            a = ['tradeoff'] + s + ['--points', g.integer(2, 80)]
            a += ['--bounds'] if g.chance(0.3) else []
        elif c == 'simulate':
            p = g.pick(['bon:' + g.integer(1, 50), 'bon:' + g.positive(0, 15),
                        'klrl:' + g.positive(-300, 300), 'rr:' + g.real()])
            a = ['simulate'] + s + ['--policy', p, '--samples', g.integer(1, 3000),
                                    '--seed', g.integer(0, 2 ** 64 - 1)]
            a += ['--method', g.pick(['literal', 'exact'])] if g.chance(0.5) else []
            a += ['--t', g.positive(-3, 3)] if g.chance(0.2) else []
            if g.chance(0.15):
                a += ['--hist', g.integer(1, 40)]
            elif g.chance(0.15):
                return a + self.plot_opts('--plot', g.pick(['hist', 'running']))
        elif c == 'plot':
            a = ['plot', g.pick(['kl', 'winrate', 'tradeoff', 'reward', 'pmf', 'cost',
                                 'simplex'])] + s
            a += ['--n', g.positive(0, 308)] if g.chance(0.7) else []
            a += ['--beta', g.positive(-300, 300)] if g.chance(0.5) else []
            a += ['--tau', g.real()] if g.chance(0.3) else []
            a += ['--t', g.positive(-3, 3)] if g.chance(0.3) else []
            a += ['--n-range', '1:' + g.positive(0, 300)] if g.chance(0.3) else []
            a += ['--bounds'] if g.chance(0.3) else []
            a += ['--format', g.pick(['table', 'svg', 'csv', 'gnuplot'])] if g.chance(0.4) else []
            return a + self.plot_opts()
        elif c == 'asym':
            a = ['asym'] + s + ['--m', g.listof(lambda: g.integer(1, 300)),
                                '--delta', g.listof(lambda: '%.4g' % (10 ** g.r.uniform(-8, 1)))]
            if g.chance(0.15):
                return a + self.plot_opts('--plot')
        elif c == 'blockwise':
            a = ['blockwise'] + s + ['--n', g.listof(lambda: g.positive(0, 308)),
                                     '--length', '1:0.5,%d:0.5' % g.r.randint(1, 9)]
            a += ['--block', g.listof(lambda: g.integer(1, 6))] if g.chance(0.5) else []
        else:  # corpora
            a = ['corpora'] + s + ['--beta', g.positive(-300, 300),
                                   '--corpus-size', g.integer(1, 30),
                                   '--corpora', g.integer(1, 5), '--seed', g.integer(0, 99)]
            a += ['--m', g.integer(1, 4)] if g.chance(0.2) else []
            a += ['--eps', g.positive(-3, 3)] if g.chance(0.2) else []
            if g.chance(0.5):
                for _ in range(g.r.randint(1, 3)):
                    a += ['--adaptor', self.adaptor()]
            elif g.chance(0.5):
                a += ['--bands', g.integer(1, 5)]
            a += ['--summary'] if g.chance(0.4) else []
            if g.chance(0.1):
                return a + self.plot_opts('--plot')
        return a + self.fmt()

    def adaptor(self):
        g = self.g
        one = lambda: g.pick(['ancestral', 'temperature:' + g.positive(-320, 308),
                              'top-k:' + g.integer(1, 6), 'top-p:%.3g' % g.r.random(),
                              'eta:%.3g' % g.r.random(), 'typical:%.3g' % g.r.random()])
        return '+'.join(one() for _ in range(g.r.randint(1, 2)))

    def plot_opts(self, *head):
        g = self.g
        a = list(head) + ['--width', g.integer(1, 120), '--height', g.integer(1, 40)]
        a += ['--ascii'] if g.chance(0.3) else []
        a += ['--color', g.pick(['always', 'never', 'auto'])] if g.chance(0.3) else []
        return a


def nonfinite_problem(args, out):
    """A nan/inf (json: null) outside the documented columns, or JSON that does not parse
    strictly.  Tables are checked crudely (csv and json by column)."""
    fmt = args[args.index('--format') + 1] if '--format' in args else 'table'
    if args[0] == 'plot' or '--plot' in args or fmt in ('svg', 'gnuplot'):
        return None  # drawn numbers: the same numbers are checked in csv and json
    if fmt == 'json':
        def reject(c):
            raise ValueError('non-finite %s' % c)
        try:
            rows = json.loads(out, parse_constant=reject)
        except ValueError as e:
            return 'invalid JSON (%s)' % e
        for row in rows if isinstance(rows, list) else []:
            for col, v in row.items():
                if v is None and not may_be_nonfinite(args, col, row):
                    return 'null in column %s (row %s)' % (col, row)
        return None
    if fmt == 'csv':
        lines = [ln for ln in out.splitlines() if ln]
        head = lines[0].split(',') if lines else []
        for ln in lines[1:]:
            row = dict(zip(head, ln.split(',')))
            for col, v in row.items():
                if NONFINITE.fullmatch(v.strip()) and not may_be_nonfinite(args, col, row):
                    return 'non-finite %s in column %s (row %s)' % (v, col, ln[:80])
        return None
    # table: the notes may say that a correlation is undefined
    text = re.sub(r'pearson nan, spearman nan', '', out)
    m = NONFINITE.search(text)
    if m and not any(a in args for a in ('--kl', '--implied', '--hist', '--summary')):
        return 'non-finite %r in output' % m.group(0)
    return None


def check(args, r):
    err = r.stderr
    if r.returncode not in (0, 2):
        return 'exit status %d' % r.returncode
    if 'internal error' in err:
        return 'internal error'
    if 'runtime error' in err or 'Sanitizer' in err or 'LeakSanitizer' in err:
        return 'sanitizer report'
    if r.returncode == 2:
        if err.count('\n') != 1 or not err.startswith('bonx'):
            return 'error not one line `bonx CMD: problem`'
        return None
    return nonfinite_problem(args, r.stdout) or value_problem(args, r.stdout)


def csv_rows(args, out):
    """The rows of a csv output as dicts of floats (text left as is), or [] for other formats."""
    fmt = args[args.index('--format') + 1] if '--format' in args else 'table'
    lines = [ln for ln in out.splitlines() if ln]
    if fmt != 'csv' or args[0] == 'plot' or '--plot' in args or not lines:
        return []
    head, rows = lines[0].split(','), []
    for ln in lines[1:]:
        row = {}
        for col, v in zip(head, ln.split(',')):
            try:
                row[col] = float(v)
            except ValueError:
                row[col] = v
        rows.append(row)
    return rows


def value_problem(args, out):
    """A few invariants of the numbers themselves (csv only): probabilities in [0, 1], KL >= 0,
    pmf columns summing to 1, and klrl --kl reaching each plain target."""
    rows = csv_rows(args, out)
    for row in rows:
        for col in ('win_rate', 'accept_prob', 'p', 'pi'):
            v = row.get(col)
            if isinstance(v, float) and not 0 <= v <= 1:
                return '%s = %r outside [0, 1]' % (col, v)
        v = row.get('kl')
        if isinstance(v, float) and not v >= 0:
            return 'kl = %r < 0' % v
    if args[0] == 'pmf' and rows:
        for col in ('p', 'pi'):
            total = sum(r[col] for r in rows if isinstance(r.get(col), float))
            if abs(total - 1) > 1e-9:
                return 'pmf: %s sums to %.17g' % (col, total)
    if args[0] == 'klrl' and '--kl' in args and rows:
        spec = args[args.index('--kl') + 1]
        try:
            targets = [float(t) for t in spec.split(',')]
        except ValueError:
            return None   # a range, or refused
        for t, row in zip(targets, rows):
            kl = row.get('kl')
            if t >= 1e-300 and isinstance(kl, float) and abs(kl - t) > 1e-9 * t:
                return 'klrl --kl %r reached kl %r' % (t, kl)
    return None


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    bonx, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=1', LC_ALL='C.UTF-8')
    # the sanitised build has no preset directory of its own: the source tree's
    env.setdefault('BONX_PRESETS', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                '..', '..', 'presets'))
    env.pop('NO_COLOR', None)
    problems, status = 0, {}
    with tempfile.TemporaryDirectory(prefix='clifuzz') as tmp:
        run = Runner(bonx, Gen(seed), tmp)
        for i in range(n):
            args = run.invocation()
            try:
                r = subprocess.run([bonx] + args, capture_output=True, text=True, env=env,
                                   timeout=TIMEOUT, errors='replace', stdin=subprocess.DEVNULL)
                prob = check(args, r)
                key = (args[0], r.returncode)
                status[key] = status.get(key, 0) + 1
                detail = (r.stderr or r.stdout)[:400].replace('\n', ' | ')
            except subprocess.TimeoutExpired:
                prob, detail = 'timeout (%d s)' % TIMEOUT, ''
            if prob:
                problems += 1
                print('#%d %s: bonx %s' % (i, prob, ' '.join("'%s'" % x for x in args)))
                print('    ' + detail, flush=True)
    for cmd in sorted({c for c, _ in status}):
        print('  %-10s exit 0: %4d   exit 2: %4d' % (cmd, status.get((cmd, 0), 0),
                                                    status.get((cmd, 2), 0)))
    print('clifuzz: %d runs, %d problems' % (n, problems))
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
