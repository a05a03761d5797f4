/* fuzz_web.c — the whole web layer on hostile input: the bytes up to the
 * first newline are an Accept-Language header, the rest a POST body to
 * the form. Every answer must be a page (no crash, no leak, a known
 * status), and no typed byte may come out as markup: a body can never add
 * an element to a page. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sinetti/smem.h"
#include "sinetti/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct web_site *site;

/* Every '<' in a page must open one of the tags the templates write:
 * typed text only ever appears escaped, so it cannot add an element. */
static int
foreign_tag(const uint8_t *p, size_t n)
{
	static const char *const tags[] = { "!DOCTYPE html>", "html", "head",
	    "meta", "title", "link", "body", "a", "header", "div", "p", "span",
	    "nav", "ul", "li", "main", "section", "h1", "h2", "dl", "dt", "dd",
	    "form", "fieldset", "legend", "input", "label", "select", "option",
	    "textarea", "button", "br", "strong", "code", "footer" };
	size_t i, k, t;

	for (i = 0; i < n; i++) {
		if (p[i] != '<')
			continue;
		k = i + 1;
		if (k < n && p[k] == '/')
			k++;
		for (t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
			size_t l = strlen(tags[t]);

			if (n - k > l && memcmp(p + k, tags[t], l) == 0 &&
			    (tags[t][l - 1] == '>' || p[k + l] == ' ' ||
			    p[k + l] == '>'))
				break;
		}
		if (t == sizeof(tags) / sizeof(tags[0]))
			return 1;
	}
	return 0;
}

static void
setup(void)
{
	static const struct web_unit units[] = {
		{ "koti-1", { "Koivu", "Bj\xc3\xb6rk", "Birch" } },
	};
	struct web_site_conf conf;

	if (smem_init() != 0)
		abort();
	memset(&conf, 0, sizeof(conf));
	conf.units = units;
	conf.n_units = 1;
	if (web_site_new(&site, &conf) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hl = nl != NULL ? (size_t)(nl - data) : 0;
	char *al = NULL;
	uint8_t *body = NULL;
	struct web_request q;
	struct web_response r;
	int act;

	if (site == NULL)
		setup();
	if ((al = malloc(hl + 1)) == NULL)
		return 0;
	memcpy(al, data, hl);
	al[hl] = '\0';
	if (nl != NULL) {
		data += hl + 1;
		size -= hl + 1;
	}
	/* Bodies arrive in smem memory; an empty one is still a buffer. */
	if ((body = size > 0 ? smem_dup(data, size) : smem_alloc(1)) == NULL)
		abort();
	memset(&q, 0, sizeof(q));
	q.method = "POST";
	q.path = "/sv/form";
	q.accept_language = al;
	q.content_type = "application/x-www-form-urlencoded";
	q.body = body;
	q.body_len = size;
	act = web_handle(site, &q, &r);
	if (act < 0 || r.body == NULL ||
	    !(r.status == 200 || r.status == 400 || r.status == 503))
		abort();
	if (foreign_tag(r.body, r.body_len))
		abort();
	if (act == WEB_SUBMIT && web_render_confirmation(site, &r, "R") != 0)
		abort();
	web_response_free(&r);
	q.method = "GET";
	q.path = "/";
	if (web_handle(site, &q, &r) != 0 || r.location == NULL)
		abort();
	web_response_free(&r);
	smem_free(body);
	free(al);
	return 0;
}
