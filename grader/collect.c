/*
 * Taking a submission's files: only the names the manifest lists, each a
 * regular file of bounded size, copied into the grade's own source
 * directory.  Nothing else of the submission is read.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grader.h"

/* Whether @path resolves to a place under the current directory. */
static bool inside_tree(const char *path)
{
	char cwd[PATH_MAX], *real = realpath(path, NULL);
	size_t n;
	bool inside;

	if (!real || !getcwd(cwd, sizeof(cwd))) {
		free(real);
		return false;
	}
	n = strlen(cwd);
	inside = !strncmp(real, cwd, n) && real[n] == '/';
	free(real);
	return inside;
}

/* Copies one file; returns 0, or -1 after an error line. */
static int collect_file(const char *from, const char *to, const char *name)
{
	struct buf src = { 0 }, dst = { 0 };
	struct stat st;
	char *data = NULL;
	size_t len;
	int ret = -1, err;

	buf_printf(&src, "%s/%s", from, name);
	buf_printf(&dst, "%s/%s", to, name);
	if (lstat(src.s, &st)) {
		fprintf(stderr, "error: the submission has no %s (%s)\n", name, strerror(errno));
		goto out;
	}
	if (S_ISLNK(st.st_mode) && !inside_tree(src.s)) {
		fprintf(stderr, "error: %s is a symbolic link out of the tree; hand in the file itself\n",
			src.s);
		goto out;
	}
	if (stat(src.s, &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "error: %s is not a regular file\n", src.s);
		goto out;
	}
	err = file_read(src.s, GRADER_FILE_CAP, &data, &len);
	if (err == -EFBIG) {
		fprintf(stderr, "error: %s is larger than %u KiB\n", src.s, GRADER_FILE_CAP >> 10);
		goto out;
	}
	if (err) {
		fprintf(stderr, "error: cannot read %s: %s\n", src.s, strerror(-err));
		goto out;
	}
	err = file_write(dst.s, data, len, true);
	if (err) {
		fprintf(stderr, "error: cannot write %s: %s\n", dst.s, strerror(-err));
		goto out;
	}
	ret = 0;
out:
	/* A file refused leaves no stale copy behind to be built. */
	if (ret)
		unlink(dst.s);
	free(data);
	buf_free(&src);
	buf_free(&dst);
	return ret;
}

int collect(const struct lab *lab, const char *from, const char *to, const char *only)
{
	bool named = !only;
	int ret = dir_make(to);

	if (ret) {
		fprintf(stderr, "error: cannot make %s: %s\n", to, strerror(-ret));
		return -1;
	}
	for (size_t i = 0; i < lab->nfiles; i++) {
		if (only && strcmp(only, lab->files[i]))
			continue;
		named = true;
		if (collect_file(from, to, lab->files[i]))
			ret = -1;
	}
	if (!named) {
		fprintf(stderr, "error: %s/manifest names no file %s\n", lab->dir, only);
		ret = -1;
	}
	return ret;
}
