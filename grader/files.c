/*
 * Reading and writing whole files: capped reads, writes that replace a
 * file in one rename, and making directories.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grader.h"

int file_read(const char *path, size_t cap, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	int ret = 0;

	if (fd < 0)
		return -errno;
	buf_add(&b, "", 0);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (b.len + (size_t)n > cap) {
			ret = -EFBIG;
			break;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (ret) {
		buf_free(&b);
		return ret;
	}
	*data = b.s;
	*len = b.len;
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Whether @path holds exactly @data. */
static bool file_holds(const char *path, const char *data, size_t len)
{
	char *old;
	size_t old_len;
	bool same;

	if (file_read(path, len, &old, &old_len))
		return false;
	same = old_len == len && !memcmp(old, data, len);
	free(old);
	return same;
}

int file_write(const char *path, const char *data, size_t len, bool if_changed)
{
	struct buf tmp = { 0 };
	int fd, ret;

	if (if_changed && file_holds(path, data, len))
		return 0;
	buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	ret = write_all(fd, data, len);
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp.s, path))
		ret = -errno;
	if (ret)
		unlink(tmp.s);
out:
	buf_free(&tmp);
	return ret;
}

int dir_make(const char *path)
{
	char *p = xstrdup(path);
	int ret = 0;

	for (char *s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c)
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			ret = -errno;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return ret;
}
