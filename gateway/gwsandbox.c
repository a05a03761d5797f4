/* gwsandbox.c — dropping root and the seccomp allowlist. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <seccomp.h>

#include "sinetti/err.h"
#include "sinetti/gwsandbox.h"

int
gwsandbox_user(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = NULL;

	if (user != NULL)
		pw = getpwnam(user);
	else if ((pw = getpwnam("sinetti")) == NULL)
		pw = getpwnam("nobody");
	if (pw == NULL)
		return SNT_ERR_NOT_FOUND;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

int
gwsandbox_drop(const char *user, int *dropped, char err[GWSANDBOX_ERR_MAX])
{
	uid_t uid;
	gid_t gid;

	*dropped = 0;
	if (geteuid() != 0 && getuid() != 0)
		return 0;
	if (gwsandbox_user(user, &uid, &gid) != 0) {
		snprintf(err, GWSANDBOX_ERR_MAX, "no such user to run as: %s",
		    user != NULL ? user : "sinetti or nobody");
		return SNT_ERR_NOT_FOUND;
	}
	if (uid == 0 || gid == 0) {
		snprintf(err, GWSANDBOX_ERR_MAX, "refusing to run as a user "
		    "with uid or gid 0");
		return SNT_ERR_PERM;
	}
	/* Groups first, while we still may; then gid; uid last. */
	if (setgroups(1, &gid) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		snprintf(err, GWSANDBOX_ERR_MAX, "cannot switch to uid %u: %s",
		    (unsigned)uid, strerror(errno));
		return SNT_ERR_PERM;
	}
	/* The drop must be permanent: regaining root has to fail. */
	if (setuid(0) != -1 || seteuid(0) != -1 || setgid(0) != -1 ||
	    setegid(0) != -1 || getuid() != uid || geteuid() != uid ||
	    getgid() != gid || getegid() != gid) {
		snprintf(err, GWSANDBOX_ERR_MAX, "privilege drop can be undone");
		return SNT_ERR_PERM;
	}
	/* A uid change resets dumpability to the system default. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		snprintf(err, GWSANDBOX_ERR_MAX, "cannot stay undumpable");
		return SNT_ERR_PERM;
	}
	*dropped = 1;
	return 0;
}

/*
 * What the serving process needs after the drop, found by running the test
 * suite under strace -f: libmicrohttpd's epoll threads and inter-thread
 * eventfd, GnuTLS and libsodium (getrandom), LMDB writes and map growth
 * (pwrite, fdatasync, mmap/munmap, ftruncate), glibc threads and malloc,
 * and signals for shutdown; fstatfs for the vault's free space on a write
 * error. No open, no exec, no socket creation.
 */
static const int allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(preadv),
	SCMP_SYS(pwritev), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(fstatfs),
	SCMP_SYS(newfstatat), SCMP_SYS(lseek), SCMP_SYS(mmap),
	SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(mprotect),
	SCMP_SYS(madvise), SCMP_SYS(mlock), SCMP_SYS(munlock),
	SCMP_SYS(brk), SCMP_SYS(futex), SCMP_SYS(set_robust_list),
	SCMP_SYS(rseq), SCMP_SYS(exit), SCMP_SYS(exit_group),
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigtimedwait),
	SCMP_SYS(sigaltstack), SCMP_SYS(tgkill), SCMP_SYS(gettid),
	SCMP_SYS(getpid), SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep),
	SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday), SCMP_SYS(time),
	SCMP_SYS(sched_yield), SCMP_SYS(getrandom), SCMP_SYS(epoll_create1),
	SCMP_SYS(epoll_ctl), SCMP_SYS(epoll_wait), SCMP_SYS(epoll_pwait),
	SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select),
	SCMP_SYS(pselect6), SCMP_SYS(accept4), SCMP_SYS(accept),
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(sendto),
	SCMP_SYS(sendmsg), SCMP_SYS(shutdown), SCMP_SYS(setsockopt),
	SCMP_SYS(getsockopt), SCMP_SYS(getsockname), SCMP_SYS(getpeername),
	SCMP_SYS(fcntl), SCMP_SYS(eventfd2), SCMP_SYS(pipe2),
	SCMP_SYS(fsync), SCMP_SYS(fdatasync), SCMP_SYS(msync),
	SCMP_SYS(ftruncate), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
	SCMP_SYS(getegid),
};

static int
add_rules(scmp_filter_ctx ctx)
{
	size_t i;

	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0) != 0)
			return -1;
	/* Threads only: a clone without CLONE_THREAD would be a new
	 * process. clone3 hides its flags in memory seccomp cannot read, so
	 * it fails with ENOSYS and glibc falls back to clone. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3),
	    0) != 0)
		return -1;
	/* Opening files is refused, not fatal: a library that wants a file
	 * late (time zone data, configuration) gets EACCES and copes. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat),
	    0) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(open),
	    0) != 0)
		return -1;
	/* prctl only to name threads and to ask about seccomp itself. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	    SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME, 0)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
	    SCMP_A0(SCMP_CMP_EQ, PR_GET_SECCOMP, 0)) != 0)
		return -1;
	return 0;
}

int
gwsandbox_seccomp(char err[GWSANDBOX_ERR_MAX])
{
	scmp_filter_ctx ctx = NULL;
	int r = SNT_ERR_INTERNAL;

	tzset();	/* read the time zone while files can be opened */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, GWSANDBOX_ERR_MAX, "cannot set no_new_privs");
		return r;
	}
	if ((ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)) == NULL ||
	    add_rules(ctx) != 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1) != 0 ||
	    seccomp_load(ctx) != 0) {
		snprintf(err, GWSANDBOX_ERR_MAX, "cannot install the seccomp "
		    "filter");
		goto out;
	}
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 2) {
		snprintf(err, GWSANDBOX_ERR_MAX, "seccomp filter not active");
		goto out;
	}
	r = 0;
out:
	seccomp_release(ctx);
	return r;
}
