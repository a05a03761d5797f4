/* test_gw_ops_metrics.c — counters, the Prometheus rendering, the loopback
 * listener over a real socket. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "sinetti/err.h"
#include "sinetti/ops_metrics.h"
#include "sinetti/store.h"
#include "testutil.h"

/* One HTTP/1.0 request to 127.0.0.1:port; returns the whole response. */
static char *
http_get(unsigned port, const char *method, const char *path)
{
	struct sockaddr_in sa;
	char req[256], *buf;
	size_t len = 0, cap = 65536;
	ssize_t n;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	snprintf(req, sizeof(req), "%s %s HTTP/1.0\r\nHost: x\r\n\r\n",
	    method, path);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	buf = malloc(cap);
	assert_non_null(buf);
	while ((n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fd);
	return buf;
}

static void
test_counts_and_render(void **state)
{
	struct ops_metrics_snapshot s0, s1;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	ops_metrics_snapshot(&s0);
	ops_metrics_stored(500000);		/* 0.5 ms: first bucket */
	ops_metrics_stored(30000000);		/* 30 ms: the 0.05 bucket */
	ops_metrics_stored(60ull * 1000000000);	/* a minute: only +Inf */
	ops_metrics_refusal(OPS_REFUSE_TOO_LARGE);
	ops_metrics_refusal(OPS_REFUSE_TOO_LARGE);
	ops_metrics_refusal((enum ops_refusal)999);	/* ignored */
	ops_metrics_commit_failed();
	ops_metrics_response(503);
	ops_metrics_response(200);
	ops_metrics_response(302);
	ops_metrics_response(415);
	ops_metrics_conn_open();
	ops_metrics_conn_open();
	ops_metrics_conn_close();
	ops_metrics_reload(1);
	ops_metrics_reload(0);
	ops_metrics_snapshot(&s1);
	assert_int_equal(s1.stored - s0.stored, 3);
	assert_int_equal(s1.refusals[OPS_REFUSE_TOO_LARGE] -
	    s0.refusals[OPS_REFUSE_TOO_LARGE], 2);
	assert_int_equal(s1.refusals[OPS_REFUSE_UNAVAILABLE] -
	    s0.refusals[OPS_REFUSE_UNAVAILABLE], 1);
	assert_int_equal(s1.commit_failed - s0.commit_failed, 1);
	assert_int_equal(s1.refusals[OPS_REFUSE_MEDIA_TYPE] -
	    s0.refusals[OPS_REFUSE_MEDIA_TYPE], 1);
	assert_int_equal(s1.refusals[OPS_REFUSE_BAD_REQUEST] -
	    s0.refusals[OPS_REFUSE_BAD_REQUEST], 0);
	assert_int_equal(s1.latency_bucket[0] - s0.latency_bucket[0], 1);
	/* cumulative: the 0.05 s bucket holds the 0.5 ms and 30 ms ones */
	assert_int_equal(s1.latency_bucket[5] - s0.latency_bucket[5], 2);
	assert_int_equal(s1.latency_bucket[OPS_LATENCY_BUCKETS] -
	    s0.latency_bucket[OPS_LATENCY_BUCKETS], 3);
	assert_int_equal(s1.open_connections, s0.open_connections + 1);
	assert_int_equal(s1.reloads_ok - s0.reloads_ok, 1);
	assert_int_equal(s1.reloads_failed - s0.reloads_failed, 1);
	assert_string_equal(ops_refusal_name(OPS_REFUSE_RATE), "rate_limited");
	assert_string_equal(ops_refusal_name((enum ops_refusal)77), "other");

	assert_int_equal(ops_metrics_render(NULL, -1, &out, &len), 0);
	assert_int_equal(strlen(out), len);
	assert_non_null(strstr(out,
	    "# TYPE sinetti_submissions_stored_total counter\n"));
	assert_non_null(strstr(out, "sinetti_submissions_stored_total 3\n"));
	assert_non_null(strstr(out,
	    "sinetti_refusals_total{reason=\"too_large\"} 2\n"));
	assert_non_null(strstr(out,
	    "sinetti_commit_seconds_bucket{le=\"0.001\"} 1\n"));
	assert_non_null(strstr(out,
	    "sinetti_commit_seconds_bucket{le=\"+Inf\"} 3\n"));
	assert_non_null(strstr(out, "sinetti_commit_seconds_count 3\n"));
	assert_non_null(strstr(out, "sinetti_commit_seconds_sum 60.030500000\n"));
	assert_non_null(strstr(out, "sinetti_open_connections 1\n"));
	assert_null(strstr(out, "sinetti_vault_bytes"));	/* no store */
	free(out);
	ops_metrics_conn_close();
}

static void
test_parse_listen(void **state)
{
	struct sockaddr_storage ss;
	unsigned n;

	(void)state;
	assert_int_equal(ops_parse_listen("127.0.0.1:9464", &ss, &n), 0);
	assert_int_equal(n, sizeof(struct sockaddr_in));
	assert_int_equal(ops_parse_listen("[::1]:0", &ss, &n), 0);
	assert_int_equal(n, sizeof(struct sockaddr_in6));
	assert_int_equal(ops_parse_listen("off", &ss, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ops_parse_listen("127.0.0.1", &ss, &n),
	    SNT_ERR_CONFIG);
	assert_int_equal(ops_parse_listen("127.0.0.1:65536", &ss, &n),
	    SNT_ERR_CONFIG);
	assert_int_equal(ops_parse_listen("127.0.0.1:-1", &ss, &n),
	    SNT_ERR_CONFIG);
	assert_int_equal(ops_parse_listen("localhost:80", &ss, &n),
	    SNT_ERR_CONFIG);
	assert_int_equal(ops_parse_listen("[::1:80", &ss, &n), SNT_ERR_CONFIG);
	assert_int_equal(ops_parse_listen(":80", &ss, &n), SNT_ERR_CONFIG);
	assert_int_equal(ops_parse_listen("1.2.3.4:", &ss, &n),
	    SNT_ERR_CONFIG);
}

static void
test_listener(void **state)
{
	struct ops_metrics_server *srv = NULL;
	struct store *st = NULL;
	struct store_opts so = { 0 };
	char *dir, *r;
	unsigned port;

	(void)state;
	dir = tu_tmpdir();
	so.create = 1;
	assert_int_equal(store_open(&st, dir, &so), 0);
	assert_int_equal(ops_metrics_server_start(&srv, "127.0.0.1:0", st, dir), 0);
	port = ops_metrics_server_port(srv);
	assert_true(port > 0);

	ops_health_set_ready(0);
	r = http_get(port, "GET", "/healthz");
	assert_non_null(strstr(r, " 503 "));
	free(r);
	ops_health_set_ready(1);
	r = http_get(port, "GET", "/healthz");
	assert_non_null(strstr(r, " 200 "));
	assert_non_null(strstr(r, "\r\n\r\nok\n"));
	free(r);
	ops_health_set_vault_ok(0);
	r = http_get(port, "GET", "/healthz");
	assert_non_null(strstr(r, " 503 "));
	free(r);
	ops_health_set_vault_ok(1);

	r = http_get(port, "GET", "/metrics");
	assert_non_null(strstr(r, " 200 "));
	assert_non_null(strstr(r, "text/plain; version=0.0.4"));
	assert_non_null(strstr(r, "sinetti_up 1\n"));
	assert_non_null(strstr(r, "sinetti_vault_bytes "));
	assert_non_null(strstr(r, "sinetti_vault_envelopes 0\n"));
	free(r);
	r = http_get(port, "GET", "/");
	assert_non_null(strstr(r, " 404 "));
	free(r);
	r = http_get(port, "POST", "/metrics");
	assert_non_null(strstr(r, " 405 "));
	free(r);

	/* "off" starts nothing; a bad address is a config error */
	ops_metrics_server_stop(srv);
	srv = (struct ops_metrics_server *)1;
	assert_int_equal(ops_metrics_server_start(&srv, "off", st, NULL), 0);
	assert_null(srv);
	assert_int_equal(ops_metrics_server_start(&srv, "nowhere", st, NULL),
	    SNT_ERR_CONFIG);
	ops_metrics_server_stop(NULL);
	store_close(st);
	tu_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_render),
		cmocka_unit_test(test_parse_listen),
		cmocka_unit_test(test_listener),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
