# Used by tests/e2e/docs.sh: what zsh's completion system lists for a command line.
#   zsh -f tests/zsh_complete.zsh COMPDIR BINDIR 'bonx plot '
# starts an interactive zsh on a pseudo-terminal (zpty) with COMPDIR first in fpath and BINDIR
# first in PATH, types the line and a Tab, and prints what the terminal shows.
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='%% '; PATH=$2:\$PATH; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "setopt AUTO_LIST NO_BEEP; LISTMAX=1000; echo READY"
zpty -r z out '*READY*'
zpty -r z out '*% '
zpty -w -n z "$3"$'\t'
# read until the listing has come and nothing more arrives for 1.5 s (at most 20 s: a
# completion that runs `bonx presets` on the sanitised binary takes a while on a busy machine)
out='' quiet=0 waited=0
while (( quiet < 3 && waited < 40 )); do
  sleep 0.5
  (( waited++ ))
  got=''
  while zpty -r -t z chunk; do got+=$chunk; done
  if [[ -n $got ]]; then out+=$got; quiet=0; elif [[ $out == *$'\n'* ]]; then (( quiet++ )); fi
done
zpty -d z
print -r -- "$out"
