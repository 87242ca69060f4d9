# Fuzzing: the random-session generator, built with everything else and
# run by t0700 against the sanitized console.

# The console without its main(), for programs that run commands in-process.
CON_LIB := $(O)/libiommucon.a
SESSION_GEN := $(O)/tests/fuzz/session-gen

$(CON_LIB): $(patsubst %,$(O)/%,$(filter-out console/main.o,$(CONSOLE_OBJS)))
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(O)/tests/fuzz/%.o: ALL_CFLAGS += -Iconsole

$(SESSION_GEN): $(O)/tests/fuzz/session-gen.o $(CON_LIB) $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CONSOLE_LIBS) $(SIM_LIBS)

all: $(SESSION_GEN)
