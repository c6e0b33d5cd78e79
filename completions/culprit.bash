# bash completion for culprit(1)
_culprit()
{
	local cur prev cmd opts
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "bisect report show sim maintainers demo run-kernel --help --version" -- "$cur"))
		return
	fi
	case "$prev" in
	-f|--job|-c|--log|--json|--git-log|--html|--mbox|--kconfig|--repro|--bzimage|--vmlinux)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-C|--repo|--workdir|--src)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--policy) COMPREPLY=($(compgen -W "bayes syzbot" -- "$cur")); return ;;
	--mode) COMPREPLY=($(compgen -W "cause fix" -- "$cur")); return ;;
	--kvm) COMPREPLY=($(compgen -W "auto on off" -- "$cur")); return ;;
	--verify) COMPREPLY=($(compgen -W "yes no" -- "$cur")); return ;;
	--build-keys) COMPREPLY=($(compgen -W "on off" -- "$cur")); return ;;
	--executor) COMPREPLY=($(compgen -W "local slurm" -- "$cur")); return ;;
	esac
	if [[ "$cur" == -* ]]; then
		# the options each command lists in its --help
		opts=$(culprit "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [ "$cmd" = bisect ] && git rev-parse --git-dir >/dev/null 2>&1; then
		COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:short)' refs/heads refs/tags 2>/dev/null)" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _culprit culprit
