# Fuzzing.  The random-session generator is built with everything else and
# run by t0700 against the sanitized console.  The libFuzzer targets
# (tests/fuzz/fuzz-*.c) are built by clang in a tree of their own,
# build-fuzz, every object with libFuzzer's coverage hooks, ASan and UBSan:
#
#   make fuzz [FUZZ_TIME=600] [FUZZ_TARGETS=console] [FUZZ_FLAGS=-fork=1]
#                          run each target for FUZZ_TIME seconds, one after
#                          another, with libFuzzer's FUZZ_FLAGS; new inputs
#                          go to build-fuzz/fuzz/corpus/T, crashes to
#                          build-fuzz/fuzz/crashes/T
#   make fuzz-merge        add to the committed corpus, tests/fuzz/corpus/T,
#                          the inputs that reach code it does not (edges
#                          only, not how often: a corpus make test replays
#                          in seconds)
#
# make test replays tests/fuzz/corpus/T and tests/fuzz/regress/T (t0701).

# The console without its main(), for programs that run commands in-process.
CON_LIB := $(O)/libiommucon.a
SESSION_GEN := $(O)/tests/fuzz/session-gen

$(CON_LIB): $(patsubst %,$(O)/%,$(filter-out console/main.o,$(CONSOLE_OBJS)))
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(O)/tests/fuzz/%.o: ALL_CFLAGS += -Iconsole

$(SESSION_GEN): $(O)/tests/fuzz/session-gen.o $(O)/tests/fuzz/session.o $(CON_LIB) $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CONSOLE_LIBS) $(SIM_LIBS)

all: $(SESSION_GEN)

FUZZ_O := build-fuzz
FUZZ_TARGETS ?= board console lab-parse
FUZZ_TIME ?= 30
FUZZ_FLAGS ?=
FUZZ_DIR := $(FUZZ_O)/tests/fuzz
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz-%,$(FUZZ_TARGETS))
# The longest input, and the time one input may take (a hang is a finding).
FUZZ_OPTS := -max_len=4096 -timeout=20
# The dictionary of target $$t, in the recipes' shell loops.
fuzz_dict = -dict=$(FUZZ_DIR)/$$(if [ $$t = board ]; then echo board; else echo console; fi).dict

ifeq ($(O),$(FUZZ_O))

# A handout's objects for this build (GNUmakefile).
SHIPPED := fuzz.o_shipped

$(O)/tests/fuzz/fuzz-env.o: ALL_CFLAGS += -DFUZZ_BOARDS='"$(abspath $(O)/boards)"'

# The grammar as kernel-lab's module builds it (kernel-lab/lab_grammar.c,
# the kernel half of grammar/compat.h), over userspace stand-ins for the
# kernel's headers, and nothing of the console's.  The stand-ins come
# before sim/include, whose <linux/...> headers are the simulator's.
KSHIM_CFLAGS := -D__KERNEL__ -Itests/fuzz/kshim -Ikernel-lab
$(O)/tests/fuzz/lab_grammar.o: kernel-lab/lab_grammar.c grammar/grammar.c | libs-ok
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KSHIM_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<
$(O)/tests/fuzz/fuzz-lab-parse.o: tests/fuzz/fuzz-lab-parse.c | libs-ok
	$(quiet) CC $@
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KSHIM_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<
$(O)/tests/fuzz/fuzz-lab-parse: $(O)/tests/fuzz/fuzz-lab-parse.o $(O)/tests/fuzz/lab_grammar.o
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^

$(O)/tests/fuzz/fuzz-%: $(O)/tests/fuzz/fuzz-%.o $(O)/tests/fuzz/fuzz-env.o \
		$(O)/tests/fuzz/one-gvc.o $(CON_LIB) $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined \
		-Wl,--wrap=gvContext,--wrap=gvFreeContext -o $@ $^ $(CONSOLE_LIBS) $(SIM_LIBS)

# The dictionaries: the console's words from the command table and the
# boards, and the boards' own property names and strings.
$(O)/tests/fuzz/console.dict: $(SESSION_GEN) $(DTBS)
	$(quiet) GEN $@
	$(Q)IOMMU_LAB_BOARDS=$(abspath $(O)/boards) ASAN_OPTIONS=detect_leaks=0 $(SESSION_GEN) -d >$@
$(O)/tests/fuzz/board.dict: $(DTBS) tests/fuzz/dtb-dict
	$(quiet) GEN $@
	$(Q)tests/fuzz/dtb-dict $(DTBS) >$@

# The seed corpora, from the transcript tests, the boards and some sessions.
$(O)/tests/fuzz/seeds.stamp: $(SESSION_GEN) $(DTBS) tests/fuzz/make-seeds \
		$(wildcard tests/console/*.in tests/console/*.dts tests/fixtures/*.dts)
	$(quiet) GEN $(O)/tests/fuzz/seeds
	$(Q)IOMMU_LAB_BOARDS=$(abspath $(O)/boards) ASAN_OPTIONS=detect_leaks=0 \
		tests/fuzz/make-seeds $(O)/tests/fuzz/seeds $(SESSION_GEN) $(O)/boards
	$(Q)touch $@

fuzz-build: $(FUZZ_BINS) $(O)/tests/fuzz/console.dict $(O)/tests/fuzz/board.dict \
	$(O)/tests/fuzz/seeds.stamp

else

fuzz-build: FORCE
	$(Q)$(MAKE) --no-print-directory CC=clang SANITIZE=fuzzer-no-link,address,undefined \
		O=$(FUZZ_O) FUZZ_TARGETS='$(FUZZ_TARGETS)' fuzz-build

endif

fuzz: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_O)/fuzz/corpus/$$t $(FUZZ_O)/fuzz/crashes/$$t tests/fuzz/corpus/$$t; \
		echo "fuzz-$$t: $(FUZZ_TIME) s"; \
		$(FUZZ_DIR)/fuzz-$$t $(FUZZ_OPTS) $(fuzz_dict) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 $(FUZZ_FLAGS) \
			-artifact_prefix=$(abspath $(FUZZ_O))/fuzz/crashes/$$t/ \
			$(FUZZ_O)/fuzz/corpus/$$t tests/fuzz/corpus/$$t $(FUZZ_DIR)/seeds/$$t || exit 1; \
	done

fuzz-merge: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_O)/fuzz/corpus/$$t tests/fuzz/corpus/$$t; \
		$(FUZZ_DIR)/fuzz-$$t -merge=1 -use_counters=0 $(FUZZ_OPTS) $(fuzz_dict) tests/fuzz/corpus/$$t \
			$(FUZZ_O)/fuzz/corpus/$$t $(FUZZ_DIR)/seeds/$$t || exit 1; \
	done

.PHONY: fuzz fuzz-build fuzz-merge
