/*
 * Where boards come from.  A board NAME is NAME.dtb in the first of these
 * directories that has it: each directory in $IOMMU_LAB_BOARDS (colon
 * separated), the "boards" directory beside the running program (the build
 * tree), and IOMMU_LAB_DATADIR/boards (the installed copy).  A FILE.dtb is
 * read as it is; a FILE.dts is compiled into a temporary file by the
 * build's own recipe, scripts/dtc-board (cpp with the board headers, then
 * dtc), which sits beside the boards: DIR/../scripts/dtc-board for the
 * first board directory DIR that has it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmdtab.h"
#include "console.h"

#ifndef IOMMU_LAB_DATADIR
#define IOMMU_LAB_DATADIR "/usr/local/share/iommu-lab"
#endif

#define BOARD_MAX_SIZE	(64u << 20)

extern char **environ;

void con_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static int strv_add(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -1;
	nv = realloc(*v, (*n + 2) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -1;
	}
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

/* The board directories in search order, NULL-ended. */
static char **board_dirs(void)
{
	const char *env = getenv("IOMMU_LAB_BOARDS");
	char exe[PATH_MAX], *dir;
	char **v = calloc(1, sizeof(*v));
	size_t n = 0;
	ssize_t len;

	if (!v)
		return NULL;
	while (env && *env) {
		size_t seg = strcspn(env, ":");

		if (seg && strv_add(&v, &n, strndup(env, seg)))
			goto out_nomem;
		env += seg + (env[seg] == ':');
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		char *slash;

		exe[len] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (asprintf(&dir, "%s/boards", exe) < 0 || strv_add(&v, &n, dir))
				goto out_nomem;
		}
	}
	if (strv_add(&v, &n, strdup(IOMMU_LAB_DATADIR "/boards")))
		goto out_nomem;
	return v;

out_nomem:
	con_strv_free(v);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **con_board_names(void)
{
	char **dirs = board_dirs();
	char **names = NULL;
	size_t n = 0, out = 0;

	if (!dirs)
		return NULL;
	names = calloc(1, sizeof(*names));
	if (!names)
		goto out;
	for (char **d = dirs; *d; d++) {
		DIR *dir = opendir(*d);
		struct dirent *de;

		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			size_t len = strlen(de->d_name);

			if (len <= 4 || strcmp(de->d_name + len - 4, ".dtb"))
				continue;
			if (strv_add(&names, &n, strndup(de->d_name, len - 4))) {
				closedir(dir);
				con_strv_free(names);
				names = NULL;
				goto out;
			}
		}
		closedir(dir);
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (out && !strcmp(names[out - 1], names[i]))
			free(names[i]);
		else
			names[out++] = names[i];
	}
	names[out] = NULL;
out:
	con_strv_free(dirs);
	return names;
}

/* Returns the path of board @name's blob, or NULL. */
static char *board_find(const char *name)
{
	char **dirs = board_dirs();
	char *path = NULL;

	if (!dirs)
		return NULL;
	for (char **d = dirs; *d && !path; d++) {
		if (asprintf(&path, "%s/%s.dtb", *d, name) < 0) {
			path = NULL;
			break;
		}
		if (access(path, R_OK)) {
			free(path);
			path = NULL;
		}
	}
	con_strv_free(dirs);
	return path;
}

/* Returns the path of the first DIR/../scripts/dtc-board, or NULL. */
static char *dtc_board_find(void)
{
	char **dirs = board_dirs();
	char *path = NULL;

	if (!dirs)
		return NULL;
	for (char **d = dirs; *d && !path; d++) {
		if (asprintf(&path, "%s/../scripts/dtc-board", *d) < 0) {
			path = NULL;
			break;
		}
		if (access(path, X_OK)) {
			free(path);
			path = NULL;
		}
	}
	con_strv_free(dirs);
	return path;
}

static int read_blob(const char *path, const char *shown, void **blob, size_t *size,
		     char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f) {
		snprintf(err, errlen, "cannot open '%s': %s", shown, con_strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			char *nb;

			if (cap >= BOARD_MAX_SIZE) {
				snprintf(err, errlen, "'%s' is too large for a board", shown);
				goto out_fail;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				snprintf(err, errlen, "out of memory reading '%s'", shown);
				goto out_fail;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read '%s': %s", shown, con_strerror(errno));
		goto out_fail;
	}
	fclose(f);
	*blob = buf;
	*size = len;
	return 0;

out_fail:
	fclose(f);
	free(buf);
	return -1;
}

/* Keeps the first line of @text, without its newline, in @line. */
static void first_line(const char *text, char *line, size_t size)
{
	size_t len = strcspn(text, "\n");

	snprintf(line, size, "%.*s", (int)len, text);
}

/*
 * Compiles @path with dtc-board into a temporary file and reads the blob
 * back.  dtc-board says what went wrong in one line, which goes in @err.
 */
static int compile_dts(const char *path, void **blob, size_t *size,
		       char *err, size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	posix_spawn_file_actions_t fa;
	char *tool, *tmp = NULL, out[512], line[400];
	struct stat st;
	size_t outlen = 0;
	int pfd[2], fd, status, ret = -1, rc;
	pid_t pid;

	/*
	 * A regular file of a board's size, or the reason why not, before
	 * anything runs: cpp would read /dev/zero until it is killed, and
	 * waits forever on a FIFO (hence O_NONBLOCK).
	 */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(err, errlen, "cannot open '%s': %s", path, con_strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot open '%s': %s", path, con_strerror(EISDIR));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a regular file", path);
		return -1;
	}
	if ((unsigned long long)st.st_size > BOARD_MAX_SIZE) {
		snprintf(err, errlen, "'%s' is too large for a board", path);
		return -1;
	}
	tool = dtc_board_find();
	if (!tool) {
		snprintf(err, errlen, "cannot compile '%s': no scripts/dtc-board beside the boards",
			 path);
		return -1;
	}
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	if (asprintf(&tmp, "%s/iommu-lab-XXXXXX", tmpdir) < 0) {
		snprintf(err, errlen, "out of memory");
		tmp = NULL;
		goto out_free;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot make a temporary file in '%s': %s",
			 tmpdir, con_strerror(errno));
		goto out_free;
	}
	close(fd);
	if (pipe2(pfd, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot run dtc-board: %s", con_strerror(errno));
		goto out_unlink;
	}

	char *const argv[] = { tool, (char *)path, tmp, NULL };

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDERR_FILENO);
	rc = posix_spawn(&pid, tool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc) {
		close(pfd[0]);
		snprintf(err, errlen, "cannot run dtc-board: %s", con_strerror(rc));
		goto out_unlink;
	}

	/* drain everything dtc-board says, keeping the start */
	for (;;) {
		char chunk[512];
		ssize_t n = read(pfd[0], chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (outlen < sizeof(out) - 1) {
			size_t keep = sizeof(out) - 1 - outlen;

			if ((size_t)n < keep)
				keep = n;
			memcpy(out + outlen, chunk, keep);
			outlen += keep;
		}
	}
	out[outlen] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "cannot wait for dtc-board: %s", con_strerror(errno));
			goto out_unlink;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		first_line(out, line, sizeof(line));
		if (line[0])
			snprintf(err, errlen, "%s", line);
		else if (WIFEXITED(status))
			snprintf(err, errlen, "dtc-board failed with status %d", WEXITSTATUS(status));
		else
			snprintf(err, errlen, "dtc-board was killed by signal %d", WTERMSIG(status));
		goto out_unlink;
	}
	ret = read_blob(tmp, path, blob, size, err, errlen);

out_unlink:
	unlink(tmp);
out_free:
	free(tmp);
	free(tool);
	return ret;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t len = strlen(s), slen = strlen(suffix);

	return len > slen && !strcmp(s + len - slen, suffix);
}

/* The board name of a file: its base name without the extension. */
static char *file_board_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strndup(base, strlen(base) - 4);
}

/* Fills @err with "no board 'NAME'" and the nearest known name, if any. */
static void no_board(const char *name, char *err, size_t errlen)
{
	char **names = con_board_names();
	struct gram_suggest s;
	const char *best;

	gram_suggest_init(&s, name);
	for (char **p = names; p && *p; p++)
		gram_suggest_add(&s, *p, strlen(*p));
	best = gram_suggest_best(&s);
	if (best)
		snprintf(err, errlen, "no board '%s'; did you mean '%s'?", name, best);
	else
		snprintf(err, errlen, "no board '%s'", name);
	con_strv_free(names);
}

int con_board_read(const char *arg, void **blob, size_t *size, char **name,
		   char **path, char *err, size_t errlen)
{
	int ret;

	*name = NULL;
	*path = NULL;
	if (has_suffix(arg, ".dts") || has_suffix(arg, ".dtb")) {
		*path = strdup(arg);
		*name = file_board_name(arg);
		if (!*path || !*name)
			goto out_nomem;
		if (has_suffix(arg, ".dts"))
			ret = compile_dts(arg, blob, size, err, errlen);
		else
			ret = read_blob(arg, arg, blob, size, err, errlen);
	} else {
		*path = strchr(arg, '/') ? NULL : board_find(arg);
		if (!*path) {
			no_board(arg, err, errlen);
			return -1;
		}
		*name = strdup(arg);
		if (!*name)
			goto out_nomem;
		ret = read_blob(*path, arg, blob, size, err, errlen);
	}
	if (ret)
		goto out_free;
	return 0;

out_nomem:
	snprintf(err, errlen, "out of memory");
	ret = -1;
out_free:
	free(*name);
	free(*path);
	*name = NULL;
	*path = NULL;
	return ret;
}
