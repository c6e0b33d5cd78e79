#!/bin/sh
# Install the Debian packages culprit needs to build, test and run real kernels,
# to run its Slurm tests (scripts/slurm-local.sh: munge, slurmctld, slurmd), and
# to check its HTML report in a real browser (headless chromium; python3 reads
# the mail and the screenshot).
# Idempotent: when every package is present it only checks and returns (well under a second).
# Runs as root on Debian 12 (apt-get update first, then apt-get install -y).
set -eu

PKGS="
gcc make pkg-config meson ninja-build
libgit2-dev libpcre2-dev libelf-dev libdw-dev libjansson-dev libssl-dev libcmocka-dev
clang libclang-rt-14-dev
git perl python3
qemu-system-x86 busybox-static cpio
linux-source-6.1 xz-utils flex bison bc ccache
munge slurmctld slurmd slurm-client iproute2 procps
tmux scdoc man-db jq
chromium fonts-dejavu-core
"

# one dpkg-query for all (a package dpkg never heard of prints nothing)
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
	sed -n 's/^\([^ :]*\)\(:[^ ]*\)\{0,1\} install ok installed$/\1/p' | tr '\n' ' ')
missing=""
for p in $PKGS; do
	case " $installed " in
	*" $p "*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "install-deps: need root to install:$missing" >&2
		exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done" >&2
