#!/bin/sh
# check-layers.sh [SRC_DIR]: fail (exit 1, one line per offence) when a file
# under SRC_DIR/<subsystem>/ includes a header of a subsystem, or an external
# library, that SRC_DIR/layers.txt does not allow it. SRC_DIR defaults to
# the src/ next to this script.
set -u
src=${1:-$(cd "$(dirname "$0")/../src" && pwd)}
table=$src/layers.txt
[ -f "$table" ] || { echo "check-layers: no $table" >&2; exit 2; }

# allowed SUBJECT TARGET: 0 when layers.txt lets SUBJECT include TARGET
allowed() {
	[ "$1" = "$2" ] && return 0
	awk -v s="$1" -v t="$2" '
		/^#/ || !/:/ { next }
		{ key = $1; sub(/:$/, "", key) }
		key == s { for (i = 2; i <= NF; i++) if ($i == t) ok = 1 }
		END { exit !ok }' "$table"
}

bad=0
known=$(awk '/^[a-z]+:/ { k = $1; sub(/:$/, "", k); print k }' "$table")
for f in $(cd "$src" && find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	case "$f" in
	*/*) sub=${f%%/*} ;;
	main.c) sub=main ;;
	*) continue ;;
	esac
	echo "$known" | grep -qx "$sub" || { echo "$f: subsystem '$sub' is not in layers.txt"; bad=1; continue; }
	dir=$(dirname "$f")
	# quoted includes: resolve against the including file's directory or src/
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$src/$f"); do
		case "$inc" in
		../*) path=$(cd "$src/$dir" && realpath -m --relative-to="$src" "$inc") ;;
		*/*) [ -e "$src/$dir/$inc" ] && path=$(realpath -m --relative-to="$src" "$src/$dir/$inc") || path=$inc ;;
		*) path=$dir/$inc ;;
		esac
		case "$path" in
		*/*) target=${path%%/*} ;;
		*) target=main ;;
		esac
		[ "$target" = . ] && target=$sub
		if ! allowed "$sub" "$target"; then
			echo "$f: includes \"$inc\": $sub may not use $target (src/layers.txt)"
			bad=1
		fi
	done
	# external libraries kept behind one subsystem
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$src/$f"); do
		ext=${inc%%/*}
		ext=${ext%%.h}
		grep -q "^@$ext:" "$table" || continue
		if ! awk -v e="@$ext:" -v s="$sub" '$1 == e { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 } END { exit !ok }' "$table"; then
			echo "$f: includes <$inc>: only $(grep "^@$ext:" "$table" | cut -d: -f2 | xargs) may (src/layers.txt)"
			bad=1
		fi
	done
done
exit $bad
