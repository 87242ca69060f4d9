/*
 * What `iommu-lab --grade-fd FD SCRIPT` writes on FD, the channel a graded
 * test reports on: the console's own lines (command results, error lines,
 * trace, the invariant checker's reports), and, once the script has run to
 * its end and the machine has been torn down, the end record.
 *
 * The end record is one line that starts with the ASCII record separator,
 * a control character no console line holds (error lines show control
 * characters as \xNN; names are printable by their grammar).  The grader
 * accepts it only as the last line, only once, and takes a test without
 * it as one that never reported: it crashed, was killed or called exit()
 * in the middle of its script.
 */
#ifndef GRADER_GRADE_FD_H
#define GRADER_GRADE_FD_H

#define GRADE_FD_RECORD_MARK	'\036'
#define GRADE_FD_END		"\036end of script\n"

#endif
