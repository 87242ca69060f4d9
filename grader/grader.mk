# The grader of the graded labs (docs/labs.md), build/grader/grader: the
# steps of `make grade` (labs/labs.mk) that are not make's.

GRADER := $(O)/grader/grader

GRADER_OBJS += grader/answers.o
GRADER_OBJS += grader/buf.o
GRADER_OBJS += grader/collect.o
GRADER_OBJS += grader/combine.o
GRADER_OBJS += grader/diff.o
GRADER_OBJS += grader/files.o
GRADER_OBJS += grader/grade.o
GRADER_OBJS += grader/main.o
GRADER_OBJS += grader/manifest.o
GRADER_OBJS += grader/report.o
GRADER_OBJS += grader/results.o
GRADER_OBJS += grader/run.o
GRADER_OBJS += grader/tap.o
# the suggestion of a question's name for a mistyped one
GRADER_OBJS += grammar/grammar.o

$(GRADER): $(patsubst %,$(O)/%,$(GRADER_OBJS))
	$(quiet) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(GRADER_LIBS) -lm
