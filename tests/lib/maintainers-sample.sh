# Source this; `maintainers_sample SRC N [SEED [uniform]]` prints paths of the
# kernel tree SRC (relative to it) for the MAINTAINERS peer tests and the
# benchmark: N files drawn at random with SEED (default "culprit": the
# order of MD5("SEED:path"), so any seed gives a new uniform sample and the
# same seed the same one, on any machine), then, unless "uniform" is given,
# paths that exercise each rule of get_maintainer.pl: N: regexes on names,
# K: keywords in file contents, X: exclusions, deep paths, .yaml bindings
# (addresses in files) and directories.
maintainers_sample() {
	(
	cd "$1" || exit 1
	n=$2 seed=${3:-culprit}
	all="${TMPDIR:-/tmp}/msample.$$"
	find . -type f ! -name .culprit-unpacked ! -path './.git/*' | sed 's|^\./||' |
		SEED=$seed perl -MDigest::MD5=md5_hex -ne \
			'chomp; print md5_hex("$ENV{SEED}:$_"), " $_\n"' |
		LC_ALL=C sort | cut -d' ' -f2- >"$all" || exit 1
	{
		head -n "$n" "$all"
		if [ "${4:-}" != uniform ]; then
			grep -E 'tegra|rockchip|sun50i|exynos|/imx|riscv|zstd|powernv|cros_ec|mtk|bcm|stm32|litex|axp|pseries|binfmt' "$all" | head -n 30
			grep -E '^(drivers/net/ethernet/|kernel/|net/core/|drivers/reset/|drivers/hwmon/|drivers/ptp/|security/landlock/)[^ ]*\.c$' "$all" | head -n 400 |
				xargs grep -lE 'xdp|phylink|reset_control|pwm_apply_state|landlock|pidfd|hwmon_device_register|mediatek|SGX_|clang|ptp_|bpf|dma_fence|regulator_get_optional' 2>/dev/null | head -n 30
			grep -E '^(include/uapi/|arch/arm/boot/dts/|arch/arm64/boot/dts/|drivers/char/tpm/|drivers/char/random.c|Documentation/devicetree/|security/selinux/|drivers/media/i2c/|drivers/usb/cdns3/|include/linux/srcu|kernel/rcu/srcu|drivers/net/wireless/atmel/)' "$all" | head -n 25
			awk -F/ 'NF >= 8' "$all" | head -n 15
			grep -E '^Documentation/devicetree/bindings/.*\.yaml$' "$all" | head -n 15
			printf '%s\n' drivers/net/ mm kernel/bpf arch/x86/kvm fs/ext4/ include/linux MAINTAINERS
		fi
	} | awk '!seen[$0]++'
	rm -f "$all"
	)
}
