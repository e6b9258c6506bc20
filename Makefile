# bonx — build, test, bench, install.
#
#   make            build ./bonx (optimised)
#   make test       build everything with AddressSanitizer + UBSan and run every test suite
#   make tsan       the suites that use threads, under ThreadSanitizer
#   make bench      build ./bonx and run `bonx bench`
#   make run        build and open the explorer on the default preset
#   make install PREFIX=/usr/local   (binary, man page, presets, completions, README, MATH.md)
#
# Sources are found by wildcard: core/*.c is the math library, ui/*.c the charts and views,
# src/*.c the program (src/main.c holds main()), tests/test_*.c one cmocka suite each.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
PKG_CONFIG ?= pkg-config

WARN    = -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
DEFS    = -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED \
          -DBONX_DATADIR='"$(PREFIX)/share/bonx"'
INC     = -Icore -Iui -Isrc
CURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)

# -ffp-contract=fast: a * b + c becomes one fused multiply-add where the target has it (the
# AVX2 copies of the hot loops, dispatched at run time): ~10% of a recompute.  The tests are
# built with the same flags and optimisation, so they check the arithmetic that ships.
OPT_CFLAGS = $(WARN) $(DEFS) $(INC) $(CURSES_CFLAGS) -O2 -g -ffp-contract=fast
SAN_FLAGS  = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_CFLAGS = $(WARN) $(DEFS) $(INC) $(CURSES_CFLAGS) -O2 -g -ffp-contract=fast $(SAN_FLAGS)
LIBS       = $(CURSES_LIBS) -lm -lpthread
TEST_LIBS  = -lcmocka -lquadmath $(LIBS)

CORE_SRC = $(sort $(wildcard core/*.c))
UI_SRC   = $(sort $(wildcard ui/*.c))
APP_SRC  = $(filter-out src/main.c,$(sort $(wildcard src/*.c)))
LIB_SRC  = $(CORE_SRC) $(UI_SRC) $(APP_SRC)
TEST_SRC = $(sort $(wildcard tests/test_*.c))

OPT_OBJ  = $(LIB_SRC:%.c=build/opt/%.o)
SAN_OBJ  = $(LIB_SRC:%.c=build/san/%.o)
TEST_BIN = $(TEST_SRC:tests/%.c=build/san/tests/%)

.PHONY: all test unit e2e tsan bench run install uninstall clean
# Keep the test objects: without this make deletes them as intermediates and relinks every run.
.SECONDARY:
all: bonx

bonx: build/opt/src/main.o $(OPT_OBJ)
	$(CC) $(OPT_CFLAGS) -o $@ $^ $(LIBS)

# The sanitised binary is what the end-to-end tests drive.
build/san/bonx: build/san/src/main.o $(SAN_OBJ)
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

build/opt/%.o: %.c $(wildcard core/*.h ui/*.h src/*.h tests/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(OPT_CFLAGS) -MMD -c -o $@ $<

build/san/%.o: %.c $(wildcard core/*.h ui/*.h src/*.h tests/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -MMD -c -o $@ $<

build/san/tests/%: build/san/tests/%.o $(SAN_OBJ)
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(TEST_LIBS)

-include $(shell find build -name '*.d' 2>/dev/null)

# Every cmocka suite, then every end-to-end script; tests/run prints the totals.
test: $(TEST_BIN) build/san/bonx bonx
	@sh tests/run $(TEST_BIN)

unit: $(TEST_BIN)
	@sh tests/run --no-e2e $(TEST_BIN)

e2e: build/san/bonx
	@sh tests/run --only-e2e

# The suites that exercise threads (the recompute's helper thread), under ThreadSanitizer.
TSAN_TESTS = tests/test_worker.c tests/test_curves.c
tsan: $(TSAN_TESTS) $(CORE_SRC)
	@mkdir -p build/tsan
	@for t in $(TSAN_TESTS); do \
	  b=build/tsan/$$(basename $$t .c); \
	  $(CC) $(WARN) $(DEFS) -Icore -O1 -g -fsanitize=thread -o $$b $$t $(CORE_SRC) -lcmocka -lm -lpthread && \
	  TSAN_OPTIONS=halt_on_error=1 $$b || exit 1; \
	done

bench: bonx
	./bonx bench

run: bonx
	./bonx

# Shell completions go where bash-completion, zsh (Debian's vendor directory) and fish look.
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d
DOCDIR      = $(PREFIX)/share/doc/bonx

install: bonx
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bonx/presets $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 bonx $(DESTDIR)$(PREFIX)/bin/bonx
	install -m 644 man/bonx.1 $(DESTDIR)$(PREFIX)/share/man/man1/bonx.1
	install -m 644 presets/*.bonx presets/*.bonxl $(DESTDIR)$(PREFIX)/share/bonx/presets/
	install -m 644 completions/bonx.bash $(DESTDIR)$(BASHCOMPDIR)/bonx
	install -m 644 completions/_bonx $(DESTDIR)$(ZSHCOMPDIR)/_bonx
	install -m 644 completions/bonx.fish $(DESTDIR)$(FISHCOMPDIR)/bonx.fish
	install -m 644 README.md doc/MATH.md doc/BOUNDS.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/bonx $(DESTDIR)$(PREFIX)/share/man/man1/bonx.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/bonx $(DESTDIR)$(ZSHCOMPDIR)/_bonx \
	    $(DESTDIR)$(FISHCOMPDIR)/bonx.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/bonx $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build bonx

# ---- fuzzing (issue 11) ------------------------------------------------------------------
# tests/fuzz/fuzz_NAME.c are libFuzzer harnesses, one per parser and core entry point, with a
# checked-in corpus in tests/fuzz/corpus/NAME/.
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_ONLY=NAME]   clang libFuzzer + ASan + UBSan, each
#                                                  harness for FUZZ_SECONDS; new inputs go to
#                                                  build/fuzz/corpus/NAME (merge by hand)
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
# clang warns where gcc does not (in code the gcc build keeps -Werror-clean): no -Werror here
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = $(filter-out -Werror,$(WARN)) $(DEFS) $(INC) $(CURSES_CFLAGS) -O1 -g $(FUZZ_SAN)
FUZZ_OBJ     = $(LIB_SRC:%.c=build/fuzz/obj/%.o)

.PHONY: fuzz fuzz-build fuzz-replay
test e2e: $(FUZZ_REPLAY)

build/san/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_util.h $(SAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(SAN_OBJ) $(LIBS)

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
	    -dict=tests/fuzz/bonx.dict -artifact_prefix=build/fuzz/artifacts/$$n- -print_final_stats=1 \
	    build/fuzz/corpus/$$n tests/fuzz/corpus/$$n >build/fuzz/$$n.log 2>&1; rc=$$?; \
	  execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$n.log); \
	  echo "fuzz $$n: $${execs:-?} executions in $(FUZZ_SECONDS) s$$([ $$rc = 0 ] || echo ', FAILED (see build/fuzz/'$$n'.log)')"; \
	  [ $$rc = 0 ] || { tail -n 40 build/fuzz/$$n.log; exit 1; }; \
	done
# ---- end of fuzzing -----------------------------------------------------------------------
