# Thin wrapper around Meson/Ninja. The two set-up commands on a fresh Debian 12:
#   make demo    install what is missing, build, bisect the embedded demo kernel
#   make check   install what is missing, build, run every test
BUILD ?= build
ASAN ?= build-asan
CLANG ?= build-clang
MESON ?= meson
NINJA ?= ninja

.PHONY: all deps demo check check-slow bench asan clang clean fuzz

all: $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=debugoptimized

$(ASAN)/build.ninja:
	$(MESON) setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

asan: $(ASAN)/build.ninja
	$(NINJA) -C $(ASAN)

# the same tree with clang (-Wpedantic -Werror too): both compilers stay clean
$(CLANG)/build.ninja:
	CC=clang $(MESON) setup $(CLANG) --buildtype=debugoptimized

clang: $(CLANG)/build.ninja
	$(NINJA) -C $(CLANG)

deps:
	@scripts/install-deps.sh

demo: deps
	$(MAKE) all
	./$(BUILD)/culprit demo

check: deps
	$(MAKE) all asan clang
	tests/run.sh

# the tests that build many kernels too (config minimisation, build keys)
check-slow: deps
	$(MAKE) all asan clang
	CULPRIT_SLOW_TESTS=1 tests/run.sh

bench: deps
	$(MAKE) all
	bench/run.sh

# libFuzzer target for the whole `culprit report` pipeline (clang); FUZZ_SECONDS=1200 by default
fuzz: deps
	bench/fuzz.sh

clean:
	rm -rf $(BUILD) $(ASAN) $(CLANG)
