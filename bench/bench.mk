# Benchmarks: each prints its numbers; none asserts on time.

BENCHES += $(O)/bench/check
BENCHES += $(O)/bench/console-throughput
BENCHES += $(O)/bench/deferred-probe-storm
BENCHES += $(O)/bench/dev-add
BENCHES += $(O)/bench/dma-map-sg
BENCHES += $(O)/bench/grade
BENCHES += $(O)/bench/grade-all
BENCHES += $(O)/bench/graph-live
BENCHES += $(O)/bench/graph-render
BENCHES += $(O)/bench/graph-scale
BENCHES += $(O)/bench/iommu-map
BENCHES += $(O)/bench/iommus-many
BENCHES += $(O)/bench/iova
BENCHES += $(O)/bench/m4u-dma
BENCHES += $(O)/bench/random-sessions

$(O)/bench/%: $(O)/bench/%.o $(O)/bench/bench.o $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SIM_LIBS)

# The graph benchmarks link the console's graph builder and Graphviz.
$(O)/bench/graph-render: $(O)/bench/graph-render.o $(O)/bench/bench.o $(O)/console/graph.o $(O)/console/graph_serve.o $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SIM_LIBS) $(GRAPH_LIBS)

$(O)/bench/graph-scale: $(O)/bench/graph-scale.o $(O)/bench/bench.o $(O)/console/graph.o $(O)/console/graph_serve.o $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SIM_LIBS) $(GRAPH_LIBS)

# The random-sessions benchmark runs the console in-process, many times:
# one Graphviz context for the process (tests/fuzz/one-gvc.c).
$(O)/bench/random-sessions: $(O)/bench/random-sessions.o $(O)/bench/bench.o \
		$(O)/tests/fuzz/session.o $(O)/tests/fuzz/one-gvc.o $(CON_LIB) $(SIM_LIB)
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Wl,--wrap=gvContext,--wrap=gvFreeContext \
		-o $@ $^ $(CONSOLE_LIBS) $(SIM_LIBS)

include bench/peer/peer.mk
