# Helpers for the command-line tests (sourced): small repositories of
# plain files whose "test" is a shell script, so a bisection takes seconds
# and git bisect can be run on the same history with the same script.
#
#	. "$CULPRIT_TOP/tests/e2e/cli-lib.sh"
#	cl_setup                      # $T: a scratch dir, removed on exit
#	cl_repo "$T/repo" 30 17       # 30 commits writing n to file v; commit 17 adds file bug
#	cl_bisect "$T/repo" [flags...] # culprit bisect with a quick build and the flags
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}"

cl_skip() { echo "SKIP: $*"; exit 77; }
cl_fail() { echo "FAIL: $*"; exit 1; }

cl_setup() {
	command -v git >/dev/null || cl_skip "git is not installed"
	T=$(mktemp -d) || exit 1
	trap 'rm -rf "$T"' EXIT INT TERM
	export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
	export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
	export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
	export CULPRIT_CACHE="$T/cache" XDG_CONFIG_HOME="$T/config" HOME="$T/home"
	mkdir -p "$T/home"
}

# cl_commit DIR N [FILE]: commit "n" into FILE (default v)
cl_commit() {
	echo "$2" >"$1/${3:-v}"
	git -C "$1" add -A && git -C "$1" commit -q -m "${3:-v}: $2" || exit 1
}

# cl_repo DIR COUNT BUG: COUNT commits; the BUG-th adds the file `bug`
cl_repo() {
	mkdir -p "$1" && git -C "$1" init -q -b master || exit 1
	i=1
	while [ $i -le "$2" ]; do
		[ $i -eq "$3" ] && echo bug >"$1/bug"
		cl_commit "$1" $i
		i=$((i + 1))
	done
}

# cl_bisect DIR [flags...]: culprit bisect with a trivial build (the tree
# is the artifact) and a work directory in $T
cl_bisect() {
	cl_r=$1
	shift
	"$CULPRIT" bisect --repo "$cl_r" --workdir "$T/work" --no-progress --build true \
		--timeout 30 "$@"
}

# the "first bad commit" of culprit's log on stdout in FILE
cl_culprit_of() { sed -n 's/^first bad commit: \([0-9a-f]*\).*/\1/p' "$1"; }

# git bisect in a clone: cl_git_bisect DIR CLONE START-ARGS... -- run SCRIPT...
# prints the first bad commit git found (empty if none)
cl_git_first_bad() { sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit.*/\1/p' "$1" | head -n 1; }
