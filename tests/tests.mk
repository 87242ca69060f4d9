# Tests, all run by prove: cmocka unit tests (*-t, TAP output) and console
# transcript tests (tNNNN-area-what.sh, golden output beside each script).

UNIT_TESTS += $(O)/tests/unit/bus-notifier-t
UNIT_TESTS += $(O)/tests/unit/check-t
UNIT_TESTS += $(O)/tests/unit/clock-t
UNIT_TESTS += $(O)/tests/unit/dd-t
UNIT_TESTS += $(O)/tests/unit/dma-iommu-t
UNIT_TESTS += $(O)/tests/unit/dma-mapping-t
UNIT_TESTS += $(O)/tests/unit/era-t
UNIT_TESTS += $(O)/tests/unit/errno-t
UNIT_TESTS += $(O)/tests/unit/fault-inject-t
UNIT_TESTS += $(O)/tests/unit/grammar-t
UNIT_TESTS += $(O)/tests/unit/graph-t
UNIT_TESTS += $(O)/tests/unit/io-t
UNIT_TESTS += $(O)/tests/unit/iommu-t
UNIT_TESTS += $(O)/tests/unit/iova-t
UNIT_TESTS += $(O)/tests/unit/m4u-t
UNIT_TESTS += $(O)/tests/unit/mem-t
UNIT_TESTS += $(O)/tests/unit/of-t
UNIT_TESTS += $(O)/tests/unit/trace-t
UNIT_TESTS += $(O)/tests/unit/v7s-t
UNIT_TESTS += $(O)/tests/unit/vfio-t
UNIT_TESTS += $(O)/tests/unit/vtd-hw-t
UNIT_TESTS += $(O)/tests/unit/vtd-pgtable-t

CONSOLE_TESTS := $(sort $(wildcard tests/console/t[0-9]*.sh))

$(O)/tests/unit/%-t: $(O)/tests/unit/%-t.o $(O)/tests/unit/unit.o $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SIM_LIBS) $(CMOCKA_LIBS)

# The graph test links the console's graph builder and Graphviz.
$(O)/tests/unit/graph-t: $(O)/tests/unit/graph-t.o $(O)/tests/unit/unit.o $(O)/console/graph.o $(O)/console/graph_serve.o $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SIM_LIBS) $(GRAPH_LIBS) $(CMOCKA_LIBS)

# trace-t checks that a trace table entry whose format disagrees with its
# values does not build: the compiler's answer to trace-bad-entry.c, whether
# it compiled and how many -Wformat errors it gave, is written down here.
$(O)/tests/unit/trace-bad-entry.h: tests/unit/trace-bad-entry.c sim/include/sim/trace.h \
		sim/include/trace/events/iommu_lab.h | libs-ok
	$(quiet) CC-FAIL $@
	@mkdir -p $(@D)
	$(Q)if $(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -fsyntax-only $< >$@.log 2>&1; \
	then compiled=1; else compiled=0; fi; \
	{ echo "#define TRACE_BAD_ENTRY_COMPILED $$compiled"; \
	  echo "#define TRACE_BAD_ENTRY_FORMAT_ERRORS $$(grep -c -e 'Werror=format' -e 'Werror,-Wformat' $@.log)"; } >$@.tmp
	$(Q)mv $@.tmp $@

$(O)/tests/unit/trace-t.o: $(O)/tests/unit/trace-bad-entry.h
$(O)/tests/unit/trace-t.o: ALL_CFLAGS += -I$(O)/tests/unit

# The grammar's test links the grammar, which the simulator's library does not hold.
$(O)/tests/unit/grammar-t: $(O)/grammar/grammar.o

# Unit tests that load a board find the compiled blobs here.
$(O)/tests/unit/%-t.o: ALL_CFLAGS += -DTEST_BOARDS='"$(abspath $(O)/boards)"' -DTEST_FIXTURES='"$(abspath $(O)/tests/fixtures)"'

TEST_FIXTURES := $(patsubst tests/fixtures/%.dts,$(O)/tests/fixtures/%.dtb,$(wildcard tests/fixtures/*.dts))
all: $(TEST_FIXTURES)

$(O)/tests/fixtures/%.dtb: tests/fixtures/%.dts $(BOARD_TOOLS) | libs-ok
	$(quiet) DTC $@
	@mkdir -p $(dir $@)
	$(Q)$(call dtc_board,$<,$@)
