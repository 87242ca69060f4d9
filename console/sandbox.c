/*
 * The sandbox a graded test runs in (--grade-fd): a seccomp filter,
 * installed before any board is loaded, so before any student code runs.
 * The process keeps what a script needs (reading boards, writing to the
 * descriptors it already has) and loses the rest:
 *
 * - new processes and threads: fork, vfork, clone, clone3;
 * - new programs: execve, execveat;
 * - other processes: kill, tkill, tgkill, rt_(tg)sigqueueinfo of any pid
 *   but its own (abort() and raise() still work), pidfd_open and
 *   pidfd_send_signal, ptrace, process_vm_readv/writev; leaving its
 *   process group (setsid, setpgid), where the grader could not kill it;
 * - changing files: open and openat for writing or creating, creat,
 *   truncate, and every call that makes, renames, links or removes a name
 *   or changes its owner or mode; sockets.
 *
 * A denied call fails with EPERM; the process carries on.  A fork bomb
 * then only spins until the grader's timeout, and code that checks what
 * fork() returned sees a plain failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <unistd.h>

#include "console.h"

/* Calls denied whatever their arguments. */
static const int sandbox_denied[] = {
	SCMP_SYS(fork), SCMP_SYS(vfork), SCMP_SYS(clone), SCMP_SYS(clone3),
	SCMP_SYS(execve), SCMP_SYS(execveat),
	SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev),
	SCMP_SYS(pidfd_open), SCMP_SYS(pidfd_send_signal),
	SCMP_SYS(setsid), SCMP_SYS(setpgid),
	SCMP_SYS(creat), SCMP_SYS(openat2), SCMP_SYS(truncate),
	SCMP_SYS(rename), SCMP_SYS(renameat), SCMP_SYS(renameat2),
	SCMP_SYS(link), SCMP_SYS(linkat), SCMP_SYS(symlink), SCMP_SYS(symlinkat),
	SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(mkdir), SCMP_SYS(mkdirat),
	SCMP_SYS(rmdir), SCMP_SYS(mknod), SCMP_SYS(mknodat),
	SCMP_SYS(chmod), SCMP_SYS(fchmodat), SCMP_SYS(chown), SCMP_SYS(lchown),
	SCMP_SYS(fchownat), SCMP_SYS(utimensat), SCMP_SYS(utimes),
	SCMP_SYS(socket), SCMP_SYS(socketpair),
};

/* Signal calls whose first argument names the target: allowed for ourselves only. */
static const int sandbox_signal_calls[] = {
	SCMP_SYS(kill), SCMP_SYS(tkill), SCMP_SYS(tgkill),
	SCMP_SYS(rt_sigqueueinfo), SCMP_SYS(rt_tgsigqueueinfo),
};

/* open(2) flags that write or make a file. */
static const unsigned int sandbox_write_flags[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC };

int con_sandbox(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	/* the pid argument, compared as the 32 bits it is (SCMP_A0_32() leaves datum_b unset) */
	const scmp_datum_t self = (scmp_datum_t)getpid();
	const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
	int ret = 0;

	if (!ctx)
		return -ENOMEM;
	for (size_t i = 0; i < sizeof(sandbox_denied) / sizeof(sandbox_denied[0]) && !ret; i++)
		ret = seccomp_rule_add(ctx, deny, sandbox_denied[i], 0);
	for (size_t i = 0; i < sizeof(sandbox_signal_calls) / sizeof(sandbox_signal_calls[0]) && !ret; i++)
		ret = seccomp_rule_add(ctx, deny, sandbox_signal_calls[i], 1,
				       (struct scmp_arg_cmp){ .arg = 0, .op = SCMP_CMP_NE,
							      .datum_a = (uint32_t)self,
							      .datum_b = 0 });
	for (size_t i = 0; i < sizeof(sandbox_write_flags) / sizeof(sandbox_write_flags[0]) && !ret; i++) {
		scmp_datum_t f = sandbox_write_flags[i];

		ret = seccomp_rule_add(ctx, deny, SCMP_SYS(open), 1, SCMP_A1_32(SCMP_CMP_MASKED_EQ, f, f));
		if (!ret)
			ret = seccomp_rule_add(ctx, deny, SCMP_SYS(openat), 1,
					       SCMP_A2_32(SCMP_CMP_MASKED_EQ, f, f));
	}
	if (!ret)
		ret = seccomp_load(ctx);
	seccomp_release(ctx);
	return ret;
}
