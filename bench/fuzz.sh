#!/bin/sh
# Fuzz the whole `culprit report` pipeline (parse, streaming windows, text,
# title and JSON output: bench/fuzz_report.c) with libFuzzer for
# $FUZZ_SECONDS (default 1200: 20 minutes) seconds, niced: build it with
# clang -fsanitize=fuzzer,address,undefined into $CULPRIT_BUILD/fuzz/, seed
# it with the crash-log corpus when ../shared is there (read only: new
# inputs go to build/fuzz/corpus).
# Fails on any crash, leak, sanitizer report, timeout or RSS over 2 GB
# (inputs in build/fuzz/). Prints runs, speed, coverage and peak RSS.
set -eu
top=${CULPRIT_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
build=${CULPRIT_BUILD:-$top/build}
shared=${CULPRIT_SHARED:-$top/../shared}
out="$build/fuzz"
if ! command -v clang >/dev/null; then
	echo "SKIP: clang is not installed (scripts/install-deps.sh installs it)"
	exit 0
fi
mkdir -p "$out/corpus"
# shellcheck disable=SC2046
clang -std=gnu17 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I"$top/src" \
	"$top/bench/fuzz_report.c" "$top"/src/report/*.c "$top/src/cli/report.c" \
	"$top/src/util/util.c" "$top/src/util/strbuf.c" "$top/src/util/strvec.c" "$top/src/util/regex.c" \
	$(pkg-config --cflags --libs libpcre2-8 jansson) -lpthread -o "$out/fuzz_report"
seeds=""
for d in linux_report all_report linux_guilty sanitizer; do
	[ -d "$shared/corpus/$d" ] && seeds="$seeds $shared/corpus/$d"
done
cd "$out"
log="$out/fuzz.log"
start=$(date +%s)
# shellcheck disable=SC2086
if nice ./fuzz_report -max_total_time="${FUZZ_SECONDS:-1200}" -timeout=10 -rss_limit_mb=2048 \
	-max_len="${FUZZ_MAX_LEN:-8192}" -dict="$top/bench/fuzz_report.dict" \
	-print_final_stats=1 corpus $seeds >"$log" 2>&1; then
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	echo "FUZZ report: ${runs:-?} inputs in $(( $(date +%s) - start )) s (${speed:-?}/s, $cov," \
		"peak RSS ${rss:-?} MB), no crash, leak or timeout ($(ls corpus | wc -l) inputs in $out/corpus)"
else
	tail -n 40 "$log"
	echo "FUZZ report: FAILED after $(( $(date +%s) - start )) s; input and log in $out"
	exit 1
fi
