#!/bin/sh
# Kernel builds are deterministic and the signature means "same binary":
# on the short demo history, with the kernel builder in one persistent O=
# directory (as in a bisection):
#   - a clean build of a commit (the first build, from an empty O=) gives the
#     signature of its incremental build later, after other commits were built
#     in the same O= (the clean build comes first: a fresh machine needs one
#     full build anyway, so the check costs no second one);
#   - a comment-only commit that moves no line keeps its parent's signature;
#   - a code change (the injected mm_access() bug) changes it;
#   - the build break is BUILD_FAILED naming kernel/sys.c and the error.
# Shares the test cache (demo base, ccache) with the other kernel tests.
set -u
[ -f /usr/src/linux-source-6.1.tar.xz ] || { echo "SKIP: linux-source-6.1 not installed"; exit 77; }
command -v git >/dev/null || { echo "SKIP: git not installed"; exit 77; }
cache=${CULPRIT_TEST_CACHE:?}
export CULPRIT_CACHE="$cache"
tool=$CULPRIT_BUILD/tests/tools/build/kbuild-tool
fail() { echo "FAIL: $*"; exit 1; }

info=$("$CULPRIT" demo --generate-only --commits 24 --cache "$cache") || fail "demo generation"
val() { echo "$info" | sed -n "s/^$1 //p" | cut -d' ' -f1; }
repo=$(val repo) config=$(val config) culprit=$(val culprit) brk=$(val break)
echo "$info"

work=$cache/t0400
tree=$work/tree
mkdir -p "$work"
if [ ! -d "$tree/.git" ]; then
	rm -rf "$tree"
	git clone -q --shared -n "$repo" "$tree" || fail "clone"
fi
git -C "$tree" fetch -q "$repo" '+refs/heads/*:refs/remotes/origin/*' || fail "fetch"

# build COMMIT [--clean]: checks it out (unchanged files keep their mtimes)
# and prints the builder's "key value" lines
build() {
	c=$1
	shift
	git -C "$tree" checkout -q -f "$c" || fail "checkout $c"
	start=$(date +%s)
	out=$("$tool" --workdir "$work" --config "$config" --tree "$tree" --commit "$c" "$@") ||
		fail "kbuild-tool $c"
	echo "$out" | sed "s/^/  [$c $*] /" >&2
	echo "SCORE build $(echo "$out" | sed -n 's/^seconds //p')s $(git -C "$tree" log -1 --format=%s "$c") $*" >&2
	echo "$out"
}
field() { echo "$1" | sed -n "s/^$2 //p"; }

culprit_clean=$(build "$culprit" --clean)
[ "$(field "$culprit_clean" status)" = ok ] || fail "clean build of the culprit: $culprit_clean"

# a comment-only commit on a built file, and its parent
comment=$(git -C "$tree" log --format='%H %s' origin/master | grep ': clarify a comment$' | head -1 | cut -d' ' -f1)
[ -n "$comment" ] || fail "no comment-only commit in the history"
files=$(git -C "$tree" diff --numstat "$comment~1" "$comment")
echo "comment-only commit $comment: $files"
echo "$files" | awk '{ if ($1 != $2) exit 1 }' || fail "the comment commit moves lines"

r=$(build "$comment~1")
[ "$(field "$r" status)" = ok ] || fail "parent of the comment commit does not build: $r"
sig_parent=$(field "$r" signature)
r=$(build "$comment")
[ "$(field "$r" status)" = ok ] || fail "comment commit does not build"
[ "$(field "$r" signature)" = "$sig_parent" ] || fail "comment-only change moved the signature"
echo "comment-only change: same signature $sig_parent"

r=$(build "$culprit~1")
sig_before=$(field "$r" signature)
r=$(build "$culprit")
[ "$(field "$r" status)" = ok ] || fail "culprit does not build"
sig_culprit=$(field "$r" signature)
[ "$sig_culprit" != "$sig_before" ] || fail "code change kept the signature"
echo "code change: $sig_before -> $sig_culprit"
art=$(field "$r" artifacts)
for f in bzImage vmlinux .config; do
	[ -s "$art/$f" ] || fail "artifact $f missing in $art"
done
strings "$art/bzImage" | grep -q '6\.1\.[0-9]* (culprit@culprit)' ||
	fail "bzImage version string is not the deterministic one"
strings "$art/bzImage" | grep '6\.1\.[0-9]* (culprit@culprit)' | grep -q '+ ' &&
	fail "setlocalversion added a '+'"

r=$(build "$brk")
[ "$(field "$r" status)" = failed ] || fail "the build break built: $r"
case "$(field "$r" reason)" in
"kernel/sys.c: expected ';' before '}' token") ;;
*) fail "build break reason: $(field "$r" reason)" ;;
esac

# determinism: the clean build of the culprit gave its incremental signature
[ "$(field "$culprit_clean" signature)" = "$sig_culprit" ] ||
	fail "clean build differs: $(field "$culprit_clean" signature) != incremental $sig_culprit"
echo "clean build: same signature $sig_culprit as the incremental one"
echo "PASS"
