# SPDX-License-Identifier: MIT
# fish completion for bonx (installed as share/fish/vendor_completions.d/bonx.fish).
# Commands, options, and their values: preset names (from `bonx presets`), chart names,
# formats, colour modes, policies, adaptors, benchmark names (from `bonx bench --list`).

set -l commands bon klrl rr pmf tradeoff presets bench plot blockwise asym simulate corpora
set -l sourced bon klrl rr pmf tradeoff plot blockwise asym simulate corpora
set -l charted plot asym simulate corpora

function __bonx_presets
    bonx presets --format csv 2>/dev/null | tail -n +2 | cut -d, -f1
end

complete -c bonx -f
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a bon -d 'best-of-n: KL, win rate, reward'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a klrl -d 'KL-regularised RL'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a rr -d 'rewind-and-repeat'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a pmf -d 'probability of every outcome under a policy'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a tradeoff -d 'KL / win rate / reward curves'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a presets -d 'the shipped presets'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a bench -d 'time the hot paths'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a plot -d 'draw a chart as text'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a asym -d 'memoryless asymptotics'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a blockwise -d 'blockwise best-of-n and Thm B.1'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a simulate -d 'Monte Carlo check'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -a corpora -d 'corpora from sampling adaptors'
# the explorer
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -F -a '(__fish_complete_suffix .bonx)'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -l ascii -d 'no Braille'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -l lecture -r -F -d 'play a lecture (.bonxl, or a shipped one)'
complete -c bonx -n "not __fish_seen_subcommand_from $commands" -l version -d 'the version'

# shared
complete -c bonx -l help -s h -d 'usage'
complete -c bonx -l preset -x -a '(__bonx_presets)' -d 'a shipped preset'
complete -c bonx -n "__fish_seen_subcommand_from $sourced" -l dist -x -d 'weight:reward pairs'
complete -c bonx -n "__fish_seen_subcommand_from $sourced" -l file -r -F -d 'a preset file (- for stdin)'
complete -c bonx -n "__fish_seen_subcommand_from $sourced presets; and not __fish_seen_subcommand_from plot" -l format -x -a 'table csv json' -d 'output format'
complete -c bonx -n "__fish_seen_subcommand_from plot" -l format -x -a 'table svg csv gnuplot' -d 'output format'
complete -c bonx -n "__fish_seen_subcommand_from $charted; or not __fish_seen_subcommand_from $commands" -l color -x -a 'auto always never' -d 'colour'
complete -c bonx -n "__fish_seen_subcommand_from $charted" -l width -x -d 'width in cells'
complete -c bonx -n "__fish_seen_subcommand_from $charted" -l height -x -d 'height in cells'
complete -c bonx -n "__fish_seen_subcommand_from $charted" -l ascii -d 'no Braille or box drawing'

# per command
complete -c bonx -n "__fish_seen_subcommand_from bon blockwise" -l n -x -d 'LIST of n'
complete -c bonx -n "__fish_seen_subcommand_from bon tradeoff plot" -l bounds -d "the paper's bounds"
complete -c bonx -n "__fish_seen_subcommand_from blockwise" -l length -x -d 'length law LENGTH:PROB,...'
complete -c bonx -n "__fish_seen_subcommand_from blockwise" -l block -x -d 'LIST of block lengths'
complete -c bonx -n "__fish_seen_subcommand_from bon plot simulate" -l t -x -d 'tilt spread'
complete -c bonx -n "__fish_seen_subcommand_from klrl plot corpora" -l beta -x -d 'beta'
complete -c bonx -n "__fish_seen_subcommand_from klrl" -l kl -x -d 'LIST of KL targets'
complete -c bonx -n "__fish_seen_subcommand_from klrl" -l calibrated -d 'tilt by the calibrated reward'
complete -c bonx -n "__fish_seen_subcommand_from rr plot" -l tau -x -d 'threshold'
complete -c bonx -n "__fish_seen_subcommand_from pmf" -l policy -x -a 'bon: klrl: klrl_calibrated: rr:' -d 'policy'
complete -c bonx -n "__fish_seen_subcommand_from pmf" -l implied -x -d 'implied reward at beta'
complete -c bonx -n "__fish_seen_subcommand_from simulate" -l policy -x -a 'bon: rr: klrl:' -d 'policy'
complete -c bonx -n "__fish_seen_subcommand_from tradeoff" -l points -x -d 'points per curve'
complete -c bonx -n "__fish_seen_subcommand_from bench" -l only -x -a '(bonx bench --list 2>/dev/null | string replace -r "\s.*" "")' -d 'one benchmark'
complete -c bonx -n "__fish_seen_subcommand_from bench" -l list -d 'list the benchmarks'
complete -c bonx -n "__fish_seen_subcommand_from plot" -l n -x -d 'n'
complete -c bonx -n "__fish_seen_subcommand_from plot; or not __fish_seen_subcommand_from $commands" -l n-range -x -d 'n axis LO:HI'
complete -c bonx -n "__fish_seen_subcommand_from plot; and not __fish_seen_subcommand_from kl winrate tradeoff reward pmf cost simplex" -a 'kl winrate tradeoff reward pmf cost simplex' -d 'chart'
complete -c bonx -n "__fish_seen_subcommand_from asym corpora" -l m -x -d 'sequence length(s)'
complete -c bonx -n "__fish_seen_subcommand_from asym" -l delta -x -d 'LIST of per-token KL'
complete -c bonx -n "__fish_seen_subcommand_from asym corpora" -l plot -d 'draw instead'
complete -c bonx -n "__fish_seen_subcommand_from simulate" -l plot -x -a 'hist running' -d 'draw instead'
complete -c bonx -n "__fish_seen_subcommand_from simulate" -l samples -x -d 'samples'
complete -c bonx -n "__fish_seen_subcommand_from simulate corpora" -l seed -x -d 'seed'
complete -c bonx -n "__fish_seen_subcommand_from simulate" -l method -x -a 'literal exact' -d 'sampling method'
complete -c bonx -n "__fish_seen_subcommand_from simulate" -l hist -x -d 'histogram bins'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l corpus-size -x -d 'strings per corpus'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l corpora -x -d 'corpora per adaptor'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l adaptor -x -a 'ancestral temperature: top-k: top-p: eta: typical:' -d 'sampling adaptor'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l summary -d 'one row per adaptor'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l bands -x -d 'band-selected corpora'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l eps -x -d 'typical set half-width'
complete -c bonx -n "__fish_seen_subcommand_from corpora" -l live -d 'full-screen, adjustable'
