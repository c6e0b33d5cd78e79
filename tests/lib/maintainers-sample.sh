# Source this; `maintainers_sample SRC N` prints paths of the kernel tree SRC
# (relative to it) for the MAINTAINERS peer test and benchmark: N paths
# chosen uniformly with a fixed seed, then paths that exercise each rule of
# get_maintainer.pl: N: regexes on names, K: keywords in file contents, X:
# exclusions, deep paths, .yaml bindings (addresses in files), directories.
# Deterministic: a fixed string hash orders the files, not a random source.
maintainers_sample() {
	(
	cd "$1" || exit 1
	n=$2
	find . -type f ! -name .culprit-unpacked ! -path './.git/*' | sed 's|^\./||' |
		LC_ALL=C awk 'BEGIN { for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
		{ x = 20251125; for (i = 1; i <= length($0); i++) x = (x * 31 + ord[substr($0, i, 1)]) % 2147483647
		  printf "%010d %s\n", x, $0 }' | LC_ALL=C sort | cut -d' ' -f2- >"${TMPDIR:-/tmp}/msample.$$"
	all="${TMPDIR:-/tmp}/msample.$$"
	{
		head -n "$n" "$all"
		grep -E 'tegra|rockchip|sun50i|exynos|/imx|riscv|zstd|powernv|cros_ec|mtk|bcm|stm32|litex|axp|pseries|binfmt' "$all" | head -n 30
		grep -E '^(drivers/net/ethernet/|kernel/|net/core/|drivers/reset/|drivers/hwmon/|drivers/ptp/|security/landlock/)[^ ]*\.c$' "$all" | head -n 400 |
			xargs grep -lE 'xdp|phylink|reset_control|pwm_apply_state|landlock|pidfd|hwmon_device_register|mediatek|SGX_|clang|ptp_|bpf|dma_fence|regulator_get_optional' 2>/dev/null | head -n 30
		grep -E '^(include/uapi/|arch/arm/boot/dts/|arch/arm64/boot/dts/|drivers/char/tpm/|drivers/char/random.c|Documentation/devicetree/|security/selinux/|drivers/media/i2c/|drivers/usb/cdns3/|include/linux/srcu|kernel/rcu/srcu|drivers/net/wireless/atmel/)' "$all" | head -n 25
		awk -F/ 'NF >= 8' "$all" | head -n 15
		grep -E '^Documentation/devicetree/bindings/.*\.yaml$' "$all" | head -n 15
		printf '%s\n' drivers/net/ mm kernel/bpf arch/x86/kvm fs/ext4/ include/linux MAINTAINERS
	} | awk '!seen[$0]++'
	rm -f "$all"
	)
}
