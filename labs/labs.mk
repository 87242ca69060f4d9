# Graded labs (docs/labs.md).
#
#   make grade LAB=NN [SUBMISSION=DIR] [T=FILTER] [V=1] [GRADE_RESULTS=FILE]
#       grades the files of labs/NN-*/manifest found in DIR (default: the
#       lab's folder, where the student edits the starters); GRADE_JUNIT=0
#       skips the JUnit file (make check-graders, which makes many grades)
#   make grade LAB=NN KERNEL=1 [...]
#       the same files in kernel-lab's software M4U, the lab's kernel
#       tests (scripts with "# machine: q35" or "q35-vtd") on Linux 6.1 in QEMU
#   make handout LAB=NN
#       O/handout/NN-name.tar.gz: the tree a student builds and grades the
#       lab with, the public tests alone, the other labs' files compiled
#       (scripts/lab-handout)
#   make autograder LAB=NN
#       O/autograder/NN-name.zip, for Gradescope (scripts/lab-autograder)
#   make grade-all [SUBMISSION=DIR] [GRADE_RESULTS=FILE]
#       every lab of labs/, each graded as make grade grades it with the
#       files of its manifest taken from DIR (default: each lab's folder),
#       then the course summary (grader combine); GRADE_RESULTS=FILE one
#       results.json for the course.  Each lab is graded in
#       GRADE_ALL_DIR/NN (default build/grade-all/NN)
#   make check-graders
#       every lab's reference scores full marks, its starter 0, each
#       mutant fails exactly its tests, and the hostile submissions of
#       tests/grader/hostile/ are graded as their headers say; with kernel
#       headers and QEMU, each lab's kernel tests too (KERNEL=1)
#
# LAB may also be a lab's folder (LAB=tests/grader/fixture).  A grade is
# built in GRADE_DIR (default build/grade/NN): src/ holds the files taken
# from the submission, obj/ their objects, iommu-lab the console linked
# from the program's objects with the student's in place of the
# sim/ objects they replace.  A lab's answers file (a `file` row not
# ending in .c) is only taken into src/, for the grader; the answer
# tests run on the reference console, the normal build's iommu-lab (in a
# handout, iommu-lab-reference: see below), and a lab with no C file
# links no program of its own.  The objects are listed one by one,
# never an archive, so a function the student left out is an undefined
# symbol, not the reference's pulled in.  Every step is incremental: the
# collect step rewrites a file only when its bytes change.
#
# Each step of the student's build writes its messages to a log beside
# its target and, when it fails, removes the target and still succeeds,
# so that make goes on to the grader, which then gives every test 0 and
# shows the logs (--build-log).

# The reference console.  In a handout the lab's own C files are the
# student's, in iommu-lab too; where the lab has an answers file, the
# handout ships their reference compiled, NAME.ref.o_shipped beside
# NAME.c (its HANDOUT's `reference` lines), and iommu-lab-reference is
# the program with those in place of the student's, listed one by one.
REFERENCE_FILES := $(if $(HANDOUT),$(shell sed -n 's/^reference //p' $(HANDOUT)))
REFERENCE_PROGRAM := $(if $(REFERENCE_FILES),$(O)/iommu-lab-reference,$(PROGRAM))
ifneq ($(REFERENCE_FILES),)
$(REFERENCE_PROGRAM): $(patsubst %,$(O)/%,$(CONSOLE_OBJS) \
		$(filter-out $(REFERENCE_FILES:.c=.o),$(SIM_OBJS)) $(REFERENCE_FILES:.c=.ref.o))
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CONSOLE_LIBS) $(SIM_LIBS)

# whatever the build (SANITIZE), the one object the handout ships
$(O)/%.ref.o: %.ref.o_shipped
	$(quiet) SHIPPED $@
	@mkdir -p $(@D)
	$(Q)cp $< $@
endif

ifneq ($(LAB),)
GRADE_LAB := $(patsubst %/,%,$(if $(wildcard $(LAB)/manifest),$(LAB),\
	$(dir $(wildcard labs/$(LAB)-*/manifest))))
GRADE_DIR ?= $(O)/grade/$(firstword $(subst -, ,$(notdir $(GRADE_LAB))))
SUBMISSION ?= $(GRADE_LAB)
GRADE_FILES := $(if $(filter 1,$(words $(GRADE_LAB))),$(shell sed -n \
	's/^[[:space:]]*file[[:space:]]\{1,\}\([^[:space:]#]\{1,\}\).*/\1/p' $(GRADE_LAB)/manifest))
# The C files are compiled; a file that is not C is the lab's answers
# file, collected and read by the grader, never compiled.
GRADE_C_FILES := $(filter %.c,$(GRADE_FILES))
GRADE_SRCS := $(patsubst %,$(GRADE_DIR)/src/%,$(GRADE_C_FILES))
GRADE_ANSWERS := $(patsubst %,$(GRADE_DIR)/src/%,$(filter-out %.c,$(GRADE_FILES)))
GRADE_OBJS := $(patsubst %.c,$(GRADE_DIR)/obj/%.o,$(GRADE_C_FILES))
# A file replaces the simulator's file of that name, in whichever layer
# of sim/ it is (sim/drivers/ for a driver's callback, sim/iommu/ for the
# core's); lab_file_obj gives that object, or nothing.
lab_file_obj = $(filter %/$(patsubst %.c,%.o,$(1)),$(SIM_OBJS))
GRADE_REPLACED := $(foreach f,$(GRADE_C_FILES),$(call lab_file_obj,$(f)))
GRADE_MISSING := $(strip $(foreach f,$(GRADE_C_FILES),$(if $(filter 1,$(words $(call lab_file_obj,$(f)))),,$(f))))
GRADE_KEPT_OBJS := $(patsubst %,$(O)/%,$(CONSOLE_OBJS) $(filter-out $(GRADE_REPLACED),$(SIM_OBJS)))
# A lab with no C file links no program: its tests all run on the
# reference console, which the answer tests always run on.
GRADE_PROGRAM := $(if $(GRADE_C_FILES),$(GRADE_DIR)/iommu-lab,$(REFERENCE_PROGRAM))
GRADE_LOGS := $(GRADE_SRCS:=.log) $(GRADE_OBJS:=.log) $(if $(GRADE_C_FILES),$(GRADE_PROGRAM).log)
GRADE_ANSWER_OPTS := $(if $(GRADE_ANSWERS),--src $(GRADE_DIR)/src)
GRADE_RESULTS ?=
GRADE_JUNIT ?= 1

grade-lab-ok:
ifneq ($(words $(GRADE_LAB)),1)
	@echo "error: LAB=$(LAB): no lab, or more than one, matches labs/$(LAB)-*/manifest" >&2; exit 2
endif
ifneq ($(GRADE_MISSING),)
	@echo "error: $(GRADE_LAB)/manifest: no file of sim/ is named $(GRADE_MISSING)" >&2; exit 2
endif

# Taken again every time; a file with the same bytes keeps its time.  A
# file refused is not there, and collect's error is in its log, which
# the build's log shows, or the grader for the answers file.
$(GRADE_SRCS) $(GRADE_ANSWERS): $(GRADE_DIR)/src/%: FORCE $(GRADER) | grade-lab-ok
	@mkdir -p $(@D)
	$(Q)$(GRADER) collect $(GRADE_LAB) $(SUBMISSION) $(@D) $(@F) 2>$@.log || true

# The flags of the file it replaces (sim/drivers/' have DRIVER_CFLAGS),
# whose directory is the file's own for its quoted includes.
$(GRADE_DIR)/obj/%.o: $(GRADE_DIR)/src/%.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)rm -f $@; [ ! -f $< ] && : >$@.log || \
		$(CC) $(ALL_CFLAGS) $(if $(filter sim/drivers/%,$(call lab_file_obj,$*.c)),$(DRIVER_CFLAGS)) \
		-iquote $(dir $(call lab_file_obj,$*.c)) -c -o $@ $< >$@.log 2>&1 || rm -f $@

# The boards beside it, through a link, so that the graded console finds
# them when a student runs it by hand, as it finds build/boards beside
# build/iommu-lab (console/boardfile.c); the grader names them itself.
ifneq ($(GRADE_C_FILES),)
$(GRADE_PROGRAM): $(GRADE_KEPT_OBJS) $(GRADE_OBJS)
	$(quiet) LINK $@
	$(Q)rm -f $@; ln -sfn "$$(realpath -m --relative-to=$(@D) $(O)/boards)" $(@D)/boards; \
		for o in $(GRADE_OBJS); do [ -f $$o ] || { : >$@.log; exit 0; }; done; \
		$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CONSOLE_LIBS) $(SIM_LIBS) >$@.log 2>&1 || rm -f $@
endif

# The JUnit file, made from the TAP whenever the TAP changed: a recipe's
# last step, $(1) the folder of the TAP.  prove writes nothing when it
# cannot load the formatter (or is not there): no separate perl to ask
# first, which cost as much again as the file itself.
grade_junit = if [ $(GRADE_JUNIT) = 1 ] && { [ ! -f $(1)/results.xml ] || \
		[ $(1)/results.tap -nt $(1)/results.xml ]; }; then \
		prove --exec cat --formatter TAP::Formatter::JUnit $(1)/results.tap \
			>$(1)/results.xml.tmp 2>/dev/null; \
		if [ -s $(1)/results.xml.tmp ]; then mv $(1)/results.xml.tmp $(1)/results.xml; \
		else rm -f $(1)/results.xml.tmp; \
			echo "note: no JUnit file: install the Debian package libtap-formatter-junit-perl" >&2; fi; \
	fi

ifneq ($(KERNEL),1)
# The grader's exit status is make's.  V=1 is the grader's -v here (each
# failed test's log), so the recipe itself stays quiet.
grade: $(GRADER) $(GRADE_PROGRAM) $(GRADE_ANSWERS) $(if $(GRADE_ANSWERS),$(REFERENCE_PROGRAM)) $(DTBS) \
		| grade-lab-ok
	@if [ -f $(GRADE_PROGRAM) ]; then build=; else \
		cat $(GRADE_LOGS) >$(GRADE_DIR)/build.log 2>/dev/null; build="--build-log $(GRADE_DIR)/build.log"; fi; \
	$(GRADER) run --program $(GRADE_PROGRAM) --reference $(REFERENCE_PROGRAM) --boards $(O)/boards \
		$(GRADE_ANSWER_OPTS) --out $(GRADE_DIR) \
		$(if $(GRADE_RESULTS),--results '$(GRADE_RESULTS)') $(if $(T),-T '$(T)') \
		$(if $(filter 1,$(V)),-v) $$build $(GRADE_LAB); status=$$?; \
	$(call grade_junit,$(GRADE_DIR)); exit $$status
else
# KERNEL=1: the lab's kernel tests on Linux 6.1 in QEMU, the student's
# files built into kernel-lab's software M4U (scripts/grade-kernel), in
# one boot; graded in GRADE_DIR/kernel.
grade: $(GRADER) $(GRADE_SRCS) $(GRADE_ANSWERS) $(if $(KDIR),$(KLAB_MODULE) $(KLAB_M4U_MODULE)) | grade-lab-ok
	@test -n "$(KDIR)" || { echo "error: KERNEL=1 needs kernel headers: install linux-headers-amd64" >&2; exit 2; }
	@for f in $(GRADE_SRCS); do [ -f $$f ] || { cat $$f.log >&2; exit 2; }; done
	@KDIR=$(KDIR) scripts/grade-kernel $(GRADE_LAB) $(GRADE_DIR)/src $(GRADE_DIR)/kernel; \
	if [ -f $(GRADE_DIR)/kernel/build-failed ]; then build="--build-log $(GRADE_DIR)/kernel/kernel.log"; \
	else build=; fi; \
	$(GRADER) run --kernel $(GRADE_DIR)/kernel/vm $(GRADE_ANSWER_OPTS) --out $(GRADE_DIR)/kernel \
		$(if $(GRADE_RESULTS),--results '$(GRADE_RESULTS)') $(if $(T),-T '$(T)') \
		$(if $(filter 1,$(V)),-v) $$build $(GRADE_LAB); status=$$?; \
	$(call grade_junit,$(GRADE_DIR)/kernel); exit $$status
endif

# A student's tarball, and a Gradescope autograder.

handout: | grade-lab-ok
	$(Q)CC='$(CC)' KDIR='$(KDIR)' scripts/lab-handout $(GRADE_LAB) $(O)/handout/$(notdir $(GRADE_LAB)).tar.gz

autograder: | grade-lab-ok
	$(Q)scripts/lab-autograder $(GRADE_LAB) $(O)/autograder/$(notdir $(GRADE_LAB)).zip
else
grade handout autograder:
	@echo "error: make $@ LAB=NN: which lab (labs/NN-name/)?" >&2; exit 2
endif

# The course: each lab graded by a make of its own, the summary at the end.
# A lab whose grade wrote no results.json (it could not be graded) is
# counted "not graded"; the exit status is 0 on full marks everywhere.
COURSE_LABS := $(patsubst %/manifest,%,$(sort $(wildcard labs/*/manifest)))
GRADE_ALL_DIR ?= $(O)/grade-all

grade-all: $(GRADER)
ifeq ($(KERNEL),1)
	@echo "error: make grade-all grades on the simulator; KERNEL=1 a lab at a time: make grade LAB=NN KERNEL=1" >&2; exit 2
endif
	+@status=0; pairs=; \
	for lab in $(COURSE_LABS); do \
		dir=$(GRADE_ALL_DIR)/$$(basename $$lab | cut -d- -f1); \
		rm -f $$dir/results.json; echo "== lab $$(basename $$lab) =="; \
		$(MAKE) --no-print-directory grade LAB=$$lab GRADE_DIR=$$dir GRADE_RESULTS= \
			$(if $(SUBMISSION),SUBMISSION='$(SUBMISSION)') || status=1; \
		echo; pairs="$$pairs $$lab $$dir/results.json"; \
	done; \
	$(GRADER) combine $(if $(GRADE_RESULTS),--results '$(GRADE_RESULTS)') $$pairs; \
	combined=$$?; [ $$combined -ne 0 ] && exit $$combined; exit $$status

# The labs, the grader's own fixture lab, and the lab the hostile
# submissions are graded on: labs/01-groups, whose file they replace, or
# the fixture until that lab is there.
GRADER_LABS := $(patsubst %/manifest,%,$(sort $(wildcard labs/*/manifest))) tests/grader/fixture
HOSTILE_LAB := $(firstword $(patsubst %/manifest,%,$(wildcard labs/01-*/manifest)) tests/grader/fixture)

# The reference console, which answer tests run on, is made before any
# grade starts: two grades making it at once would relink it under a test.
check-graders: $(GRADER) $(PROGRAM) $(patsubst %,$(O)/%,$(CONSOLE_OBJS) $(SIM_OBJS)) $(DTBS) \
		$(if $(KDIR),$(KLAB_MODULE) $(KLAB_M4U_MODULE))
	+$(Q)MAKE='$(MAKE)' O='$(O)' KDIR='$(KDIR)' scripts/check-graders $(HOSTILE_LAB) $(GRADER_LABS)

.PHONY: grade grade-all grade-lab-ok check-graders handout autograder
