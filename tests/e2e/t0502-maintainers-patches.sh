#!/bin/sh
# Patch files: `culprit maintainers X.patch` against the kernel's own
# `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats X.patch`
# (no -f: the script reads the patch), both run at the top of Debian's
# linux-source-6.1 tree.
#
# The patches are real `git format-patch` output: a scratch repository holds
# copies of kernel files (chosen with a seed, plus a few that K: keywords
# and .yaml addresses concern) at their paths in the tree, and commits
# change them in every way the script reads: edits of one or several files,
# new and deleted files (/dev/null), renames, mode changes, keywords in the
# subject, the body, the diffstat, added and removed lines and context lines
# (which must not count), Fixes: tags, several patches in one call.
# Every patch must give the same lines in the same order (ties of equally
# deep sections come in Perl's randomised hash order: see t0500).
# Prints "SCORE maintainers patches match N/M". MAINTAINERS_SEEDS=N: how many
# PERL_HASH_SEED values to try on a difference (default 64).
set -u
: "${CULPRIT:?}" "${CULPRIT_TOP:?}" "${CULPRIT_TEST_CACHE:?}"
. "$CULPRIT_TOP/tests/lib/kernel-src.sh"
src=$(kernel_src_dir) || exit $?
command -v perl >/dev/null || { echo "SKIP: perl not installed"; exit 77; }
command -v git >/dev/null || { echo "SKIP: git not installed"; exit 77; }
. "$CULPRIT_TOP/tests/lib/maintainers-sample.sh"
seed=${MAINTAINERS_PATCH_SEED:-1}
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 30 files of the tree (seeded), and files for keywords and yaml addresses
maintainers_sample "$src" 30 "patch-$seed" uniform >"$tmp/files" || exit 1
for f in kernel/bpf/verifier.c drivers/dma-buf/dma-fence.c \
	Documentation/devicetree/bindings/net/qcom,ipa.yaml include/linux/pid.h \
	drivers/hwmon/lm75.c arch/x86/kernel/cpu/sgx/main.c; do
	[ -f "$src/$f" ] && echo "$f"
done >>"$tmp/files"
mkdir "$tmp/repo" && cd "$tmp/repo" || exit 1
git init -q . && git config user.name "Pat Cher" && git config user.email pat@example.org ||
	exit 1
while IFS= read -r f; do
	mkdir -p "$(dirname "$f")" && cp "$src/$f" "$f" || exit 1
done <"$tmp/files"
git add -A && git commit -qm "base" && git tag base || exit 1

n=0
file() { sed -n "$1p" "$tmp/files"; }
commit() { git add -A && git commit -q -F - || fail "commit $n"; }
edit() { printf '%s\n' "$2" >>"$1"; }
total=$(wc -l <"$tmp/files")
# one file each: 20 commits, some with keywords in the subject or the lines
i=1
while [ $i -le 20 ]; do
	f=$(file $i)
	case $((i % 5)) in
	0) edit "$f" "/* culprit $i: calls dma_fence_signal() */"
	   printf 'x: edit %s\n\nAdd a line.\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$f" | commit ;;
	1) edit "$f" "/* culprit $i */"
	   printf 'bpf: edit %s\n\nThe subject names bpf.\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$f" | commit ;;
	2) edit "$f" "/* culprit $i */"
	   printf 'x: edit %s\n\nBuilt with clang. Fixes a pidfd leak.\n\nFixes: 0123456789ab ("old")\nCc: Some One <one@example.org>\nSigned-off-by: Pat Cher <pat@example.org>\n' "$f" | commit ;;
	3) sed -i '1d' "$f"
	   printf 'x: drop the first line of %s\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$f" | commit ;;
	*) edit "$f" "/* culprit $i */"
	   printf 'x: edit %s\n\n--- a note that looks like a diff header\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$f" | commit ;;
	esac
	i=$((i + 1))
done
# several files in one commit
edit "$(file 21)" "/* culprit 21 */"; edit "$(file 22)" "/* culprit 22 */"; edit "$(file 23)" "/* culprit 23 */"
printf 'x: three files\n\nSigned-off-by: Pat Cher <pat@example.org>\n' | commit
# a new file next to a sampled one, and a deleted one
d=$(dirname "$(file 24)")
printf '// SPDX-License-Identifier: GPL-2.0\nint culprit_new;\n' >"$d/culprit-new.c"
printf 'x: add a file in %s\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$d" | commit
git rm -q "$(file 25)"
printf 'x: remove %s\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$(file 25)" | commit
# a rename and a mode change
f=$(file 26)
git mv "$f" "$(dirname "$f")/culprit-renamed-$(basename "$f")"
printf 'x: rename %s\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$f" | commit
chmod +x "$(file 27)"
printf 'x: make %s executable\n\nSigned-off-by: Pat Cher <pat@example.org>\n' "$(file 27)" | commit
# keywords only on a context line (must not count) and on a removed line
f=kernel/bpf/verifier.c
if [ -f "$f" ]; then
	sed -i '3a\
/* culprit: a line next to bpf context */' "$f"
	printf 'x: context\n\nSigned-off-by: Pat Cher <pat@example.org>\n' | commit
fi
# every file of the sample that is left: the keyword and yaml ones
i=$((total - 5))
while [ $i -le "$total" ]; do
	f=$(file $i)
	[ -f "$f" ] && edit "$f" "# culprit $i"
	i=$((i + 1))
done
printf 'x: the keyword and binding files\n\nSigned-off-by: Pat Cher <pat@example.org>\n' | commit

git format-patch -q -M -o "$tmp/patches" base..HEAD || fail "format-patch"
ls "$tmp/patches"/*.patch >"$tmp/list"
npatches=$(wc -l <"$tmp/list")
[ "$npatches" -ge 20 ] || fail "only $npatches patches"
# several patches in one call, as the script takes them
sed -n '1p;5p;21p' "$tmp/list" | tr '\n' ' ' >>"$tmp/list"
echo >>"$tmp/list"

cd "$src" || exit 1
# HOME: a ~/.get_maintainer.conf would add options to the script
gm() { HOME=$tmp timeout 60 perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats "$@"; }
match=0 total=0
while IFS= read -r line; do
	total=$((total + 1))
	# shellcheck disable=SC2086
	gm $line >"$tmp/want" 2>/dev/null
	# shellcheck disable=SC2086
	"$CULPRIT" maintainers $line >"$tmp/got" 2>"$tmp/got.err" ||
		fail "culprit exit $? on $line: $(cat "$tmp/got.err")"
	[ -s "$tmp/want" ] || fail "get_maintainer.pl printed nothing for $line"
	if cmp -s "$tmp/want" "$tmp/got"; then
		match=$((match + 1))
		continue
	fi
	same=
	for s in $(seq 1 ${MAINTAINERS_SEEDS:-64}); do
		# shellcheck disable=SC2086
		PERL_HASH_SEED=$s gm $line >"$tmp/want2" 2>/dev/null
		cmp -s "$tmp/want2" "$tmp/got" && { same=$s; break; }
	done
	if [ -n "$same" ]; then
		match=$((match + 1))
		echo "tie order of PERL_HASH_SEED=$same: $(basename "$line")"
		continue
	fi
	echo "MISMATCH: $line"
	diff "$tmp/want" "$tmp/got" | sed 's/^/    /'
done <"$tmp/list"
echo "SCORE maintainers patches match $match/$total"
[ "$match" -eq "$total" ]
