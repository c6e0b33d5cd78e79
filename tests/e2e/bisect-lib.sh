# Helpers for the bisect end-to-end tests (sourced, not run: the runner
# only picks up t[0-9]*.sh). They build small git repositories of a C
# program in which one commit introduces a heap use-after-free that
# -fsanitize=address reports.
#
#	. "$CULPRIT_TOP/tests/e2e/bisect-lib.sh"
#	bl_setup                      # $T: a scratch dir, removed on exit
#	bl_repo "$T/repo"             # init + the first (good) commit
#	bl_commit "$T/repo" 5         # five ordinary commits
#	bl_bug "$T/repo"              # the culprit
#	bl_bisect "$T/repo" --bad HEAD ...  # culprit bisect with the common flags
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}"

bl_skip() { echo "SKIP: $*"; exit 77; }

bl_setup() {
	command -v git >/dev/null || bl_skip "git is not installed"
	command -v cc >/dev/null || bl_skip "no C compiler"
	T=$(mktemp -d) || exit 1
	trap 'rm -rf "$T"' EXIT INT TERM
	export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
	export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
	export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
	export CULPRIT_CACHE="$T/cache"
	# the sanitizer must report, not be silenced by the test environment
	unset ASAN_OPTIONS UBSAN_OPTIONS
	echo 'int main(void) { return 0; }' >"$T/probe.c"
	cc -fsanitize=address -o "$T/probe" "$T/probe.c" 2>/dev/null && "$T/probe" ||
		bl_skip "cc -fsanitize=address does not work here"
}

# the program: prints its version; with bug.h defining BUG it frees a
# buffer and reads it (with FLAKY, only in some runs)
bl_repo() {
	mkdir -p "$1" && git -C "$1" init -q -b master || exit 1
	cat >"$1/prog.c" <<'PROG'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "version.h"
#include "bug.h"

int main(void)
{
	char *buf = malloc(32);
	int crash = 1;

	strcpy(buf, VERSION);
#ifdef FLAKY
	srand((unsigned)time(NULL) ^ (unsigned)getpid() * 2654435761u);
	crash = rand() % 1000 < FLAKY;
#endif
#ifdef BUG
	if (crash)
		free(buf);
#endif
	printf("%s %c\n", VERSION, buf[0]);
#ifdef BUG
	if (crash)
		return 0;
#endif
	free(buf);
	return 0;
}
PROG
	echo '#define VERSION "v0"' >"$1/version.h"
	echo '/* no bug here */' >"$1/bug.h"
	printf 'build/\n' >"$1/.gitignore"
	git -C "$1" add -A && git -C "$1" commit -q -m "prog: first version" || exit 1
	BL_N=0
}

# bl_commit DIR COUNT: ordinary commits (each changes the binary)
bl_commit() {
	i=0
	while [ $i -lt "$2" ]; do
		BL_N=$((BL_N + 1))
		echo "#define VERSION \"v$BL_N\"" >"$1/version.h"
		git -C "$1" commit -q -a -m "version: bump to v$BL_N" || exit 1
		i=$((i + 1))
	done
}

# bl_bug DIR [FLAKY per mille]: the culprit; prints its hash
bl_bug() {
	if [ $# -gt 1 ]; then
		printf '#define BUG 1\n#define FLAKY %s\n' "$2" >"$1/bug.h"
	else
		printf '#define BUG 1\n' >"$1/bug.h"
	fi
	git -C "$1" commit -q -a -m "prog: release the buffer early" || exit 1
	git -C "$1" rev-parse HEAD
}

# bl_fix DIR: undo the bug; prints its hash
bl_fix() {
	echo '/* fixed */' >"$1/bug.h"
	git -C "$1" commit -q -a -m "prog: keep the buffer until the end" || exit 1
	git -C "$1" rev-parse HEAD
}

# bl_broken DIR COUNT: commits that do not compile
bl_broken() {
	i=0
	while [ $i -lt "$2" ]; do
		BL_N=$((BL_N + 1))
		echo "#define VERSION \"v$BL_N\" this does not compile" >"$1/version.h"
		git -C "$1" commit -q -a -m "version: broken v$BL_N" || exit 1
		i=$((i + 1))
	done
}

# bl_bisect DIR [flags...]: culprit bisect with the common flags (the build
# and test commands, a work directory in $T); returns culprit's exit code
bl_bisect() {
	bl_r=$1
	shift
	"$CULPRIT" bisect --repo "$bl_r" --workdir "$T/work" --no-progress \
		--build "mkdir -p build && cc -fsanitize=address -g -O0 -o build/prog prog.c" \
		--artifact build/prog --test ./build/prog --timeout 60 --build-timeout 120 "$@"
}

# checksum of every file of a repository (work tree and .git)
bl_tree_sum() {
	(cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
}

# field of the result JSON (first match; strings unquoted)
bl_json() {
	sed -n "s/^ *\"$2\": \"*\([^\",]*\)\"*,*$/\1/p" "$1" | head -n 1
}

bl_fail() { echo "FAIL: $*"; exit 1; }
