/* test_gw_ops_notify.c — sd_notify datagrams reach a socket bound where
 * NOTIFY_SOCKET says, as systemd would receive them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/ops_notify.h"
#include "testutil.h"

/* Binds a datagram socket like systemd's; name "@x" is abstract. */
static int
listener(const char *name)
{
	struct sockaddr_un sa;
	size_t n = strlen(name);
	socklen_t len;
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, name, n);
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	else
		len++;
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, len), 0);
	return fd;
}

static void
expect(int fd, const char *msg)
{
	char buf[256];
	ssize_t n;

	n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, msg);
}

static void
test_path_socket(void **state)
{
	char *dir = tu_tmpdir(), path[300];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/notify", dir);
	fd = listener(path);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(ops_notify_init(), 0);
	assert_null(getenv("NOTIFY_SOCKET"));	/* not inherited */
	assert_int_equal(ops_notify("READY=1"), 0);
	expect(fd, "READY=1");
	assert_int_equal(ops_notify("RELOADING=1"), 0);
	expect(fd, "RELOADING=1");
	ops_notify_close();
	ops_notify_close();
	close(fd);
	tu_rmdir(dir);
}

static void
test_abstract_socket(void **state)
{
	char name[64];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "@sinetti-test-%ld", (long)getpid());
	fd = listener(name);
	setenv("NOTIFY_SOCKET", name, 1);
	assert_int_equal(ops_notify_init(), 0);
	assert_int_equal(ops_notify("STOPPING=1"), 0);
	expect(fd, "STOPPING=1");
	ops_notify_close();
	close(fd);
}

static void
test_without_systemd(void **state)
{
	char big[5000];

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(ops_notify_init(), 0);
	assert_int_equal(ops_notify("READY=1"), 0);	/* a no-op */
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	assert_int_equal(ops_notify_init(), SNT_ERR_CONFIG);
	setenv("NOTIFY_SOCKET", "/nonexistent/sinetti/notify", 1);
	assert_int_equal(ops_notify_init(), SNT_ERR_IO);
	assert_int_equal(ops_notify("READY=1"), 0);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	setenv("NOTIFY_SOCKET", "@sinetti-test-none", 1);
	/* connect to an abstract name nobody bound fails too */
	assert_int_equal(ops_notify_init(), SNT_ERR_IO);
	assert_int_equal(ops_notify(big), 0);	/* no socket: nothing sent */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_socket),
		cmocka_unit_test(test_abstract_socket),
		cmocka_unit_test(test_without_systemd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
