# SPDX-License-Identifier: MIT
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
# the line first, and the Tab once zle has echoed it (a Tab typed ahead can be lost)
zpty -w -n z "$3"
zpty -r z out "*${3%% #}*"
zpty -w -n z $'\t'
# read until the line has been drawn again under the listing (at most 20 s)
setopt extendedglob
line=${3%% #}
out='' waited=0
while (( waited < 80 )); do
  sleep 0.25
  (( waited++ ))
  while zpty -r -t z chunk; do out+=$chunk; done
  plain=${out//$'\e'\[[0-9;?]#[a-zA-Z]/}
  plain=${plain//$'\r'/}
  [[ $plain == *$line* ]] && break
done
zpty -d z
print -r -- "$out"
