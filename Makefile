# SPDX-License-Identifier: MIT
# bonx — build, test, bench, install.
#
#   make            build ./bonx (optimised)
#   make test       build everything with AddressSanitizer + UBSan and run every test suite
#   make tsan       the suites that use threads, under ThreadSanitizer
#   make cross-test ARCH=armhf   the unit suites cross-built, under qemu-user (tests/cross.sh)
#   make warnsweep  bonx and every test binary with gcc and clang at -O0..-O3 and -Os, Debian's
#                   hardening flags and -D_FORTIFY_SOURCE=3: no warning (tests/warnsweep.sh;
#                   ten full builds, about seven minutes on two quiet cores: not in CI)
#   make bench      build ./bonx and run `bonx bench`
#   make run        build and open the explorer on the default preset
#   make install PREFIX=/usr/local [DESTDIR=...]   (binary, man page, presets, completions,
#                   README, MATH.md)
#   make dist       bonx-VERSION.tar.gz of the committed tree
#
# CC, CFLAGS, CPPFLAGS and LDFLAGS come from the environment or the command line; FAST=1
# allows fused multiply-adds (faster, but the last digits then depend on the CPU).
#
# Sources are found by wildcard: core/*.c is the math library, ui/*.c the charts and views,
# src/*.c the program (src/main.c holds main()), tests/test_*.c one cmocka suite each.

VERSION  = 0.3.0

# The usual variables, from the environment or the command line (e.g. Debian's
# `dpkg-buildflags`): CC, CFLAGS (optimisation, hardening), CPPFLAGS, LDFLAGS.
CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
DESTDIR ?=
PKG_CONFIG ?= pkg-config

# Warnings are errors where they must stop the build: `make test` and CI (WERROR=-Werror),
# not a plain `make` with some other compiler.
WARN    = -Wall -Wextra -Wshadow -Wno-unused-parameter $(WERROR)
# What the code needs, after $(CFLAGS) so that it holds: C11, and no fused multiply-adds.
# Fusing makes the AVX2 copies of the hot loops round differently from the portable ones,
# so results would depend on the CPU (core/isa.h); off, every machine prints the same bits.
# FAST=1 lets the compiler fuse them (a few % faster on AVX2, last digits vary by machine).
FP_CONTRACT = $(if $(FAST),-ffp-contract=fast,-ffp-contract=off)
# 32-bit x86 computes in the x87 unit's 80-bit registers by default (FLT_EVAL_METHOD 2): each
# result rounded twice, so other bits than elsewhere, inexact two-sums in core/dd.c, and the
# vector constants of core/numeric.h would not even compile.  SSE2 arithmetic instead: Debian
# 13's i386 port runs only on x86-64 processors (its release notes), all of which have it.
X86_32 := $(shell $(CC) -dM -E -x c /dev/null 2>/dev/null | grep -q '__i386__' && echo 1)
FP_X87  = $(if $(X86_32),-msse2 -mfpmath=sse)
STD     = -std=c11 $(FP_CONTRACT) $(FP_X87)
# 64-bit file offsets, inode numbers and time on 32-bit machines (no-ops on 64-bit ones), as
# Debian builds its 32-bit ports: without them glibc's readdir and stat fail with EOVERFLOW
# for an inode number or a directory cookie past 2^31 (ext4's hashed cookies reach that under
# qemu-user on a 64-bit kernel, and large XFS/btrfs inodes on real hardware).
LFS_DEFS = -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64
DEFS    = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED $(LFS_DEFS)
INC     = -Icore -Iui -Isrc
CURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)

ALL_CPPFLAGS = $(DEFS) $(INC) $(CURSES_CFLAGS) $(CPPFLAGS)
OPT_CFLAGS = $(WARN) $(CFLAGS) $(STD)
SAN_FLAGS ?= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The tests are built with the same flags and optimisation, so they check the arithmetic that
# ships, plus the sanitizers.
SAN_CFLAGS = $(OPT_CFLAGS) $(SAN_FLAGS)
LIBS       = $(CURSES_LIBS) -lm -lpthread
# The tests' high-precision references (tests/quad.h) use MPFR where the machine has no
# binary128 type (armel, armhf); QUAD_MPFR=1 makes them use it everywhere.
QUAD_LIBS  = -lmpfr -lgmp
TEST_LIBS  = -lcmocka $(QUAD_LIBS) $(LIBS)

CORE_SRC = $(sort $(wildcard core/*.c))
UI_SRC   = $(sort $(wildcard ui/*.c))
APP_SRC  = $(filter-out src/main.c,$(sort $(wildcard src/*.c)))
LIB_SRC  = $(CORE_SRC) $(UI_SRC) $(APP_SRC)
TEST_SRC = $(sort $(wildcard tests/test_*.c))

OPT_OBJ  = $(LIB_SRC:%.c=build/opt/%.o)
SAN_OBJ  = $(LIB_SRC:%.c=build/san/%.o)
TEST_BIN = $(TEST_SRC:tests/%.c=build/san/tests/%)

.PHONY: all test unit e2e tsan cross-test warnsweep bench run install uninstall dist clean
# Keep the test objects: without this make deletes them as intermediates and relinks every run.
.SECONDARY:
all: bonx build/opt/bonx

# Two links of the same objects.  ./bonx, for the source tree, also reads the tree's presets/
# (its copy of src/preset.c knows the tree's path, and uses it only while it runs as
# $(CURDIR)/bonx); build/opt/bonx, the one `make install` installs, knows no build path (a
# reproducible binary that never looks into a build tree).
bonx: build/opt/src/main.o $(filter-out build/opt/src/preset.o,$(OPT_OBJ)) build/tree/src/preset.o
	$(CC) $(OPT_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/opt/bonx: build/opt/src/main.o $(OPT_OBJ)
	$(CC) $(OPT_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/tree/src/preset.o: src/preset.c $(wildcard core/*.h ui/*.h src/*.h) Makefile build/datadir
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -DBONX_DATADIR='"$(DATADIR)/bonx"' -DBONX_SOURCE_TREE='"$(CURDIR)"' \
	    $(OPT_CFLAGS) -MMD -c -o $@ $<

# The sanitised binary is what the end-to-end tests drive.
build/san/bonx: build/san/src/main.o $(SAN_OBJ)
	$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/opt/%.o: %.c $(wildcard core/*.h ui/*.h src/*.h tests/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(OPT_CFLAGS) -MMD -c -o $@ $<

build/san/%.o: %.c $(wildcard core/*.h ui/*.h src/*.h tests/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(SAN_CFLAGS) -MMD -c -o $@ $<

# the tests' binary128 references: glibc's _Float128 functions where <math.h> has them
build/san/tests/%.o: DEFS += -D__STDC_WANT_IEC_60559_TYPES_EXT__ $(if $(QUAD_MPFR),-DBONX_QUAD_MPFR)

build/san/tests/%: build/san/tests/%.o $(SAN_OBJ)
	$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

# The version and the installed presets' directory are compiled into these two objects;
# build/datadir holds the directory last compiled in, so that a new PREFIX rebuilds them.
build/opt/src/main.o build/san/src/main.o: DEFS += -DBONX_VERSION='"$(VERSION)"'
build/opt/src/preset.o build/san/src/preset.o: DEFS += -DBONX_DATADIR='"$(DATADIR)/bonx"'
build/opt/src/preset.o build/san/src/preset.o: build/datadir
build/datadir: FORCE
	@mkdir -p build
	@echo '$(DATADIR)/bonx' | cmp -s - $@ || echo '$(DATADIR)/bonx' >$@
.PHONY: FORCE

-include $(shell find build -name '*.d' 2>/dev/null)

# Every cmocka suite (the numeric ones twice: again on the portable path, BONX_ISA=plain,
# which is what a CPU without AVX2 runs), then every end-to-end script; tests/run prints the
# totals.  Among them tests/e2e/libm_free.sh: no object of core/, ui/ or src/ may call libm's
# exp, expm1, exp2, exp10, log, log1p, log2, log10 or pow (nm -u on build/san and build/opt,
# so that a call the compiler makes up, such as exp10 for pow(10, x), is caught too): their
# last bits differ between machines (glibc's FMA variants on x86-64), so bonx uses its own,
# core/elementary.h.
ISA_TESTS = $(filter %/test_bon %/test_tilt %/test_curves %/test_asym %/test_isa,$(TEST_BIN))
test unit e2e tsan: WERROR = -Werror
test: $(TEST_BIN) build/san/bonx bonx
	@sh tests/run $(TEST_BIN) --plain $(ISA_TESTS)

unit: $(TEST_BIN)
	@sh tests/run --no-e2e $(TEST_BIN) --plain $(ISA_TESTS)

e2e: build/san/bonx
	@sh tests/run --only-e2e

# The suites that exercise threads (the recompute's helper thread, the logs of a large
# distribution), under ThreadSanitizer.
TSAN_TESTS = tests/test_worker.c tests/test_curves.c tests/test_dist.c
tsan: $(TSAN_TESTS) $(CORE_SRC)
	@mkdir -p build/tsan
	@for t in $(TSAN_TESTS); do \
	  b=build/tsan/$$(basename $$t .c); \
	  $(CC) $(DEFS) -Icore $(CPPFLAGS) $(WARN) $(CFLAGS) $(STD) -O1 -g -fsanitize=thread \
	    $(LDFLAGS) -o $$b $$t $(CORE_SRC) -lcmocka -lm -lpthread && \
	  TSAN_OPTIONS=halt_on_error=1 $$b || exit 1; \
	done

# The unit suites cross-built for another Debian architecture and run under qemu-user
# (tests/cross.sh says what it needs), e.g. make cross-test ARCH=armhf [SUITES="test_bon"].
ARCH ?= armhf
cross-test:
	@sh tests/cross.sh $(ARCH) $(SUITES)

# The warning sweep (tests/warnsweep.sh), e.g. make warnsweep [BUILDS="gcc:-O3 clang:-Os"].
warnsweep:
	@BUILDS="$(BUILDS)" sh tests/warnsweep.sh

bench: bonx
	./bonx bench

# From the source tree: ./bonx reads the tree's presets, not the installed ones.
run: bonx
	./bonx

# Shell completions go where bash-completion, zsh (Debian's vendor directory) and fish look.
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  = $(DATADIR)/zsh/vendor-completions
FISHCOMPDIR = $(DATADIR)/fish/vendor_completions.d
DOCDIR      = $(DATADIR)/doc/bonx

install: build/opt/bonx
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR)/bonx/presets $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 build/opt/bonx $(DESTDIR)$(BINDIR)/bonx
	install -m 644 man/bonx.1 $(DESTDIR)$(MANDIR)/man1/bonx.1
	install -m 644 presets/*.bonx presets/*.bonxl $(DESTDIR)$(DATADIR)/bonx/presets/
	install -m 644 completions/bonx.bash $(DESTDIR)$(BASHCOMPDIR)/bonx
	install -m 644 completions/_bonx $(DESTDIR)$(ZSHCOMPDIR)/_bonx
	install -m 644 completions/bonx.fish $(DESTDIR)$(FISHCOMPDIR)/bonx.fish
	install -m 644 README.md doc/MATH.md doc/BOUNDS.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bonx $(DESTDIR)$(MANDIR)/man1/bonx.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/bonx $(DESTDIR)$(ZSHCOMPDIR)/_bonx \
	    $(DESTDIR)$(FISHCOMPDIR)/bonx.fish
	rm -rf $(DESTDIR)$(DATADIR)/bonx $(DESTDIR)$(DOCDIR)

# bonx-VERSION.tar.gz (in DIST_DIR): the committed tree (DIST_REF) under bonx-VERSION/.
DIST_DIR ?= .
DIST_REF ?= HEAD
dist:
	git archive --format=tar.gz --prefix=bonx-$(VERSION)/ -o $(DIST_DIR)/bonx-$(VERSION).tar.gz $(DIST_REF)

clean:
	rm -rf build bonx bonx-*.tar.gz

# ---- fuzzing (issue 11) ------------------------------------------------------------------
# tests/fuzz/fuzz_NAME.c are libFuzzer harnesses, one per parser and core entry point, with a
# checked-in corpus in tests/fuzz/corpus/NAME/.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_ONLY=NAME]   clang libFuzzer + ASan + UBSan, each
#                                                  harness for FUZZ_SECONDS; new inputs go to
#                                                  build/fuzz/corpus/NAME (merge by hand)
#   make clifuzz [CLIFUZZ_RUNS=2000 CLIFUZZ_SEED=1]  random command lines with extreme values
#                                                  through build/san/bonx (tests/fuzz/clifuzz.py;
#                                                  exploratory, not part of `make test`)
#   make fuzz-replay                               the corpus through every harness, built with
#                                                  $(CC) + ASan + UBSan (no libFuzzer needed);
#                                                  part of `make test` (tests/e2e/fuzz_replay.sh)
FUZZ_SRC     = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   = $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_REPLAY  = $(FUZZ_NAMES:%=build/san/fuzz/%)
FUZZ_BIN     = $(FUZZ_NAMES:%=build/fuzz/%)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_ONLY    ?= $(FUZZ_NAMES)
# extra libFuzzer flags, e.g. FUZZ_FLAGS=-seed=1 (CI: the same inputs on every run)
FUZZ_FLAGS   ?=
# clang warns where gcc does not (in code the gcc build keeps -Werror-clean): no -Werror here
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = $(filter-out -Werror,$(WARN)) $(ALL_CPPFLAGS) $(STD) -O1 -g $(FUZZ_SAN)
FUZZ_OBJ     = $(LIB_SRC:%.c=build/fuzz/obj/%.o)

.PHONY: fuzz fuzz-build fuzz-replay clifuzz
test e2e: $(FUZZ_REPLAY)

build/san/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_util.h $(SAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay_main.c $(SAN_OBJ) $(LIBS)

# fuzz_elementary checks core/elementary.c against MPFR, as tests/test_elementary.c does
build/san/fuzz/fuzz_elementary build/fuzz/fuzz_elementary: LIBS += $(QUAD_LIBS)

fuzz-replay: $(FUZZ_REPLAY)
	@sh tests/e2e/fuzz_replay.sh

build/fuzz/obj/%.o: %.c $(wildcard core/*.h ui/*.h src/*.h) Makefile
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LIBS)

fuzz-build: $(FUZZ_BIN)

# Each harness starts from its checked-in corpus (read-only) and writes what it finds to
# build/fuzz/corpus/NAME; a crash stops `make fuzz` with the reproducer in build/fuzz/.
# The line "fuzz NAME: N executions" is the executions libFuzzer reports.
fuzz: $(FUZZ_BIN)
	@for n in $(FUZZ_ONLY); do \
	  mkdir -p build/fuzz/corpus/$$n build/fuzz/artifacts; \
	  build/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -dict=tests/fuzz/bonx.dict -artifact_prefix=build/fuzz/artifacts/$$n- -print_final_stats=1 $(FUZZ_FLAGS) \
	    build/fuzz/corpus/$$n tests/fuzz/corpus/$$n >build/fuzz/$$n.log 2>&1; rc=$$?; \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$n.log); \
	  echo "fuzz $$n: $${execs:-?} executions in $(FUZZ_SECONDS) s$$([ $$rc = 0 ] || echo ', FAILED (see build/fuzz/'$$n'.log)')"; \
	  [ $$rc = 0 ] || { tail -n 40 build/fuzz/$$n.log; exit 1; }; \
	done
CLIFUZZ_RUNS ?= 2000
CLIFUZZ_SEED ?= 1
clifuzz: build/san/bonx
	python3 tests/fuzz/clifuzz.py build/san/bonx $(CLIFUZZ_RUNS) $(CLIFUZZ_SEED)

# ---- end of fuzzing -----------------------------------------------------------------------
