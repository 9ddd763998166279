# bash completion for xenha (install as /usr/share/bash-completion/completions/xenha).
# Guests and nodes are read from the cluster (or CIB_file) with `xenha list --json` when jq is
# installed; without jq only subcommands and options are completed.

_xenha_names() {
    # _xenha_names guests|nodes
    command -v jq >/dev/null 2>&1 || return 0
    local filter='.guests[].id'
    [ "$1" = nodes ] && filter='.nodes[].name'
    xenha list --json 2>/dev/null | jq -r "$filter" 2>/dev/null
}

_xenha() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    fi
    local commands="list start stop restart migrate standby online clear tidy check"
    local common="--timeout --settle --wait --no-wait --verbose --help"
    local command="" i position=0
    for ((i = 1; i < cword; i++)); do
        case "${words[i]}" in
            --timeout|--settle|--config-dir|--ssh-connect-timeout) ((i++)) ;;
            -*) ;;
            *) if [ -z "$command" ]; then command=${words[i]}; else ((position++)); fi ;;
        esac
    done
    case "$prev" in
        --timeout|--settle|--ssh-connect-timeout) return 0 ;;
        --config-dir) COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
    esac
    if [ -z "$command" ]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return 0
    fi
    if [[ $cur == -* ]]; then
        local options=$common
        case "$command" in
            list) options="$options --json" ;;
            migrate) options="$options --keep-constraint" ;;
            clear|tidy) options="$options --dry-run --json" ;;
            check) options="$options --json --config-dir --xen0-ha --no-xen0-ha --ssh-connect-timeout" ;;
        esac
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return 0
    fi
    case "$command:$position" in
        start:0|stop:0|restart:0|migrate:0|clear:0) COMPREPLY=($(compgen -W "$(_xenha_names guests)" -- "$cur")) ;;
        migrate:1|standby:0|online:0) COMPREPLY=($(compgen -W "$(_xenha_names nodes)" -- "$cur")) ;;
    esac
    return 0
}
complete -F _xenha xenha
