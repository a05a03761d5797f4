/*
 * review_i18n.h — the reviewer's words in Finnish, Swedish and English
 * (reviewer/i18n.c).
 *
 * Finnish is the default; $SINETTI_LANG, the store's `lang` setting and
 * --lang choose another. All strings are static and trusted (ours).
 */
#ifndef SINETTI_REVIEW_I18N_H
#define SINETTI_REVIEW_I18N_H

#include <stddef.h>
#include <stdint.h>

enum i18n_lang { LANG_FI = 0, LANG_SV = 1, LANG_EN = 2 };

enum msg {
	M_CASE, M_STATUS, M_KIND, M_UNIT, M_ARRIVED, M_DUE, M_CALLBACK,
	M_ASSIGNEE, M_ROLE, M_MESSAGE, M_WHEN, M_PERSONS, M_PHONE,
	M_CALLBACK_TIME, M_LANGUAGE, M_NOTES, M_IMPORTED, M_ID, M_UNIT_OTHER,
	M_ANSWER_DUE, M_PHONE_HIDDEN, M_OVERDUE, M_CB_NONE, M_CB_PENDING,
	M_CB_DONE, M_NOBODY, M_NO_CASES, M_CASES_SHOWN,
	M_IMPORT_DONE, M_IMPORT_SKIPPED_KEY, M_IMPORT_SKIPPED_BAD,
	M_IMPORT_CONFLICT, M_ACK_WRITTEN, M_ACK_NONE,
	M_STATUS_SET, M_ASSIGNED, M_NOTE_ADDED, M_CALLBACK_MARKED,
	M_EXPORTED, M_PURGED, M_AUDIT_OK, M_AUDIT_BAD, M_PROMPT,
	M_SHELL_HELLO, M_SHELL_LOCKED, M_SHELL_BYE, M_STORE_CREATED,
	M_TIME, M_OFFICER, M_ACTION, M_DETAIL, M_BUNDLE_BAD,
	M_NO_PHONE, M_FINGERPRINT,
	M_UNOPENABLE, M_UNOPENABLE_LONG, M_UNOPENABLE_COUNT, M_NOT_EXPORTED,
	M_COMPLETE_FAILED,
	M_STATUS_NEW, M_STATUS_IN_PROGRESS, M_STATUS_ANSWERED,
	M_STATUS_CLOSED,
	M_KIND_FEEDBACK, M_KIND_CONCERN, M_KIND_OBJECTION,
	M_ROLE_CLIENT, M_ROLE_RELATIVE, M_ROLE_REPRESENTATIVE, M_ROLE_OTHER,
	M__COUNT
};

/* Sets the language from "fi", "sv" or "en"; returns 0, or -1 if unknown. */
int i18n_set(const char *code);
enum i18n_lang i18n_get(void);

/* The text of m in the current language. */
const char *tr(enum msg m);

/* Localised names; "?" when unknown. */
const char *tr_status(uint8_t status);
const char *tr_kind(uint8_t kind);
const char *tr_role(uint8_t role);

/*
 * Local date ("23.11.2026" in Finnish, "2026-11-23" otherwise) and date
 * with time ("23.11.2026 klo 14.05" / "2026-11-23 14:05") of a Unix time,
 * in the local time zone. out must hold 32 bytes.
 */
void tr_date(uint64_t t, char out[32]);
void tr_datetime(uint64_t t, char out[32]);

/* UTC ISO 8601 ("2026-11-23T14:05:00Z") for JSON and CSV. */
void iso_datetime(uint64_t t, char out[32]);

#endif
