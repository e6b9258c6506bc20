# SPDX-License-Identifier: MIT
# bash completion for bonx (installed as share/bash-completion/completions/bonx).
# Commands, options, and their values: preset names (from `bonx presets`), chart names,
# formats, colour modes, policies, adaptors, benchmark names (from `bonx bench --list`).

_bonx_presets() {
    "${1:-bonx}" presets --format csv 2>/dev/null | tail -n +2 | cut -d, -f1
}

_bonx() {
    local cur prev cmd i words_
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local bonx=${COMP_WORDS[0]}
    local commands="bon klrl rr pmf tradeoff presets bench plot blockwise asym simulate corpora"
    local charts="kl winrate tradeoff reward pmf cost simplex"
    local source="--dist --preset --file --format --help"
    local chartopts="--width --height --ascii --color"

    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            --) break ;;
            -*) ;;
            *) if [[ " $commands " == *" ${COMP_WORDS[i]} "* ]]; then cmd=${COMP_WORDS[i]}; break; fi ;;
        esac
    done

    # values of options (also --opt=VALUE)
    local opt=$prev val=$cur
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        val=${cur#*=}
    fi
    local values=
    case $opt in
        --format) if [[ $cmd == plot ]]; then values="table svg csv gnuplot"; else values="table csv json"; fi ;;
        --color) values="auto always never" ;;
        --preset) values=$(_bonx_presets "$bonx") ;;
        --method) values="literal exact" ;;
        --policy)
            if [[ $cmd == simulate ]]; then values="bon: rr: klrl:"
            else values="bon: klrl: klrl_calibrated: rr:"; fi ;;
        --adaptor) values="ancestral temperature: top-k: top-p: eta: typical:" ;;
        --only) values=$("$bonx" bench --list 2>/dev/null | awk '{print $1}') ;;
        --plot) [[ $cmd == simulate ]] && values="hist running" ;;
        --file)
            if [[ $cur == --file=* ]]; then
                COMPREPLY=($(compgen -f -- "$val"))
                COMPREPLY=("${COMPREPLY[@]/#/--file=}")
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            return ;;
        --lecture)   # a lecture file (or a shipped lecture's name, typed)
            local pre=
            [[ $cur == --lecture=* ]] && pre=--lecture=
            COMPREPLY=($(compgen -f -X '!*.bonxl' -- "$val") $(compgen -d -- "$val"))
            COMPREPLY=("${COMPREPLY[@]/#/$pre}")
            return ;;
        --dist|--n|--t|--beta|--kl|--tau|--points|--width|--height|--m|--delta|--samples|--seed|--hist|--corpus-size|--corpora|--length|--block|--implied|--bands|--eps|--n-range)
            return ;;
    esac
    if [[ -n $values ]]; then
        if [[ $cur == --*=* ]]; then
            COMPREPLY=($(compgen -P "$opt=" -W "$values" -- "$val"))
        else
            COMPREPLY=($(compgen -W "$values" -- "$cur"))
        fi
        [[ ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
        return
    fi

    local opts
    case $cmd in
        bon) opts="$source --n --t --bounds" ;;
        klrl) opts="$source --beta --kl --calibrated" ;;
        rr) opts="$source --tau" ;;
        pmf) opts="$source --policy --implied" ;;
        tradeoff) opts="$source --points --bounds" ;;
        presets) opts="--format --help" ;;
        bench) opts="--only --list --help" ;;
        plot) opts="$source $chartopts --n --beta --tau --t --n-range --bounds" ;;
        blockwise) opts="$source --n --length --block" ;;
        asym) opts="$source $chartopts --m --delta --plot" ;;
        simulate) opts="$source $chartopts --policy --samples --seed --method --t --plot --hist" ;;
        corpora) opts="$source $chartopts --beta --corpus-size --corpora --m --adaptor --bands --eps --seed --summary --plot --live" ;;
        *) opts="--preset --lecture --ascii --color --n-range --help --version" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts --" -- "$cur"))
    elif [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -f -X '!*.bonx' -- "$cur") $(compgen -f -X '!*.bonxl' -- "$cur") $(compgen -d -- "$cur"))
    elif [[ $cmd == plot ]]; then
        COMPREPLY=($(compgen -W "$charts" -- "$cur"))
    fi
}
complete -F _bonx bonx
