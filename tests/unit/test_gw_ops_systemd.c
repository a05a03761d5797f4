/* test_gw_ops_systemd.c — the real `sinetti-gateway serve` speaks the
 * systemd notify protocol as a Type=notify unit needs: READY=1 once it
 * serves, RELOADING=1 then READY=1 around SIGHUP, STOPPING=1 on SIGTERM,
 * and exit 0. The socket is bound here, as systemd binds its own. Needs
 * SNT_BIN (tests/run sets it). */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

static int
bind_notify(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	assert_true(strlen(path) < sizeof(sa.sun_path));
	strcpy(sa.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* The gateway drops to an unprivileged user after connecting;
	 * systemd's socket is world-writable too. */
	chmod(path, 0666);
	return fd;
}

/* Next datagram within 30 s, as a string; "" on timeout. */
static void
next_msg(int fd, char *buf, size_t n)
{
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t got;

	buf[0] = '\0';
	if (poll(&p, 1, 30000) != 1)
		return;
	got = recv(fd, buf, n - 1, 0);
	assert_true(got >= 0);
	buf[got] = '\0';
}

static void
test_notify_protocol(void **state)
{
	const char *bin = getenv("SNT_BIN");
	char *dir, cmd[2048], sock[512], st[512], msg[512];
	pid_t pid;
	int fd, status, sanitized;

	(void)state;
	if (bin == NULL) {
		skip();
		return;
	}
	/* Sanitizer builds cannot live under the seccomp filter
	 * (tests/lib/gateway.sh makes the same choice). */
	snprintf(cmd, sizeof(cmd), "nm %s/sinetti-gateway 2>/dev/null | "
	    "grep -q '__asan_init\\|__ubsan_handle'", bin);
	sanitized = system(cmd) == 0;
	dir = tu_tmpdir();
	snprintf(st, sizeof(st), "%s/state", dir);
	snprintf(cmd, sizeof(cmd),
	    "printf 'notify test pass\\n' >%s/pp && "
	    "%s/sinetti-keys --passphrase-fd 3 init --keyring %s/kr "
	    "--officer t --public-out %s/team.pub --kdf-memory 64 3<%s/pp "
	    ">/dev/null && %s/sinetti-gateway init --state %s --team-public "
	    "%s/team.pub >/dev/null && printf '[server]\\nmetrics_listen = "
	    "off\\n' >>%s/gateway.conf",
	    dir, bin, dir, dir, dir, bin, st, dir, st);
	assert_int_equal(system(cmd), 0);
	snprintf(sock, sizeof(sock), "%s/notify", dir);
	fd = bind_notify(sock);
	chmod(dir, 0711);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char exe[1024];

		snprintf(exe, sizeof(exe), "%s/sinetti-gateway", bin);
		setenv("NOTIFY_SOCKET", sock, 1);
		execl(exe, exe, "serve", "--state", st, "--listen",
		    "127.0.0.1:0", sanitized ? "--no-sandbox" : (char *)NULL,
		    (char *)NULL);
		_exit(127);
	}
	next_msg(fd, msg, sizeof(msg));
	assert_string_equal(msg, "READY=1\nSTATUS=serving");
	kill(pid, SIGHUP);
	next_msg(fd, msg, sizeof(msg));
	assert_string_equal(msg, "RELOADING=1");
	next_msg(fd, msg, sizeof(msg));
	assert_string_equal(msg, "READY=1");
	kill(pid, SIGTERM);
	next_msg(fd, msg, sizeof(msg));
	assert_string_equal(msg, "STOPPING=1");
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(fd);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify_protocol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
