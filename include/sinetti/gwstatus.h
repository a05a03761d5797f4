/*
 * gwstatus.h — the transport's side of the follow-up page
 * (gateway/gwstatus.c, gateway/gwcmd_status.c).
 *
 * When the web layer answers a POST to /{lang}/status with WEB_STATUS, the
 * transport asks gwstatus_take() whether the client may try a receipt now,
 * then gwstatus_answer() turns the typed receipt into a page: parse, derive
 * the lookup id and reply key into smem memory, look the id up in the
 * vault, open the replies with crypto_box_open_easy, render, wipe.
 *
 * A receipt that does not parse, one that is unknown, and a known one are
 * handled with the same steps: a code that does not parse is replaced by a
 * random one and looked up anyway, and when nothing is found one dummy
 * record is opened, so the time taken does not say whether a receipt
 * exists. The receipt is never logged or written anywhere.
 *
 * Guessing is limited in memory only: a token bucket for the whole
 * gateway and one per client address (IPv6 by its /64), kept in a fixed
 * table indexed by a keyed hash of the address with a key made at start,
 * so the table holds no address in the clear and forgets on restart.
 */
#ifndef SINETTI_GWSTATUS_H
#define SINETTI_GWSTATUS_H

#include <stdint.h>
#include <sys/socket.h>

#include "sinetti/gwcmd.h"
#include "sinetti/store.h"
#include "sinetti/web.h"

#define GWSTATUS_PER_MINUTE      600	/* whole gateway */
#define GWSTATUS_BURST           120
#define GWSTATUS_ADDR_PER_MINUTE  20	/* per client address */
#define GWSTATUS_ADDR_BURST       20
#define GWSTATUS_SLOTS          4096

struct gwstatus;

/* s is borrowed and must outlive g. Errors: SNT_ERR_NOMEM,
 * SNT_ERR_INTERNAL. */
int gwstatus_new(struct gwstatus **g, struct store *s);
void gwstatus_free(struct gwstatus *g);	/* NULL accepted */

/*
 * Takes one try for the client at addr (NULL: the global bucket only) at
 * now_ms. Returns 0, or SNT_ERR_RATE when the global or the address's
 * bucket is empty. Thread-safe.
 */
int gwstatus_take(struct gwstatus *g, const struct sockaddr *addr,
    uint64_t now_ms);

/*
 * After WEB_STATUS: replaces resp's page with the status page or the
 * generic not-found page (web_render_status with site, the one the
 * request was handled with: a reload may swap it) and wipes and frees
 * resp->receipt. Thread-safe. Errors: SNT_ERR_NOMEM, and those of the vault
 * read (SNT_ERR_STORE, SNT_ERR_PANIC...): the caller then sends a 503
 * refusal without details.
 */
int gwstatus_answer(struct gwstatus *g, const struct web_site *site,
    struct web_response *resp);

/* `sinetti-gateway import-replies --state DIR FILE` (gwcmd_status.c). */
int gwcmd_import_replies(const struct gwcmd_args *a);

#endif
