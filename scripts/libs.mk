# Finds the libraries through pkg-config (libfdt by its header, as Debian 12
# ships no .pc for it).  A missing one stops the build naming the Debian
# package that provides it.

lib_missing = $(shell $(PKG_CONFIG) --exists $(1) 2>/dev/null || echo '$(1):$(2)')

LIB_PROBLEMS := \
	$(call lib_missing,readline,libreadline-dev) \
	$(call lib_missing,ncursesw,libncurses-dev) \
	$(call lib_missing,libcgraph,libgraphviz-dev) \
	$(call lib_missing,libgvc,libgraphviz-dev) \
	$(call lib_missing,cmocka,libcmocka-dev) \
	$(call lib_missing,libseccomp,libseccomp-dev) \
	$(call lib_missing,json-c,libjson-c-dev) \
	$(shell printf '\043include <libfdt.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 || echo 'libfdt:libfdt-dev') \
	$(shell command -v $(DTC) >/dev/null 2>&1 || echo 'dtc:device-tree-compiler')

libs-ok:
ifneq ($(strip $(LIB_PROBLEMS)),)
	@for p in $(LIB_PROBLEMS); do \
		echo "error: $${p%%:*} not found; install the Debian package $${p##*:} (or run 'scripts/install-deps')" >&2; \
	done; exit 1
endif

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null)

BASE_CFLAGS += $(call pc_cflags,readline ncursesw libcgraph libgvc cmocka libseccomp)
SIM_LIBS := -lfdt
CONSOLE_LIBS := $(call pc_libs,readline ncursesw libcgraph libgvc libseccomp)
# The grader includes <json-c/json.h>, which needs no -I.
GRADER_LIBS := $(call pc_libs,json-c)
GRAPH_LIBS := $(call pc_libs,libcgraph libgvc)
CMOCKA_LIBS := $(call pc_libs,cmocka)
