/*
 * msg.h — the citizen pages' message catalogues (gateway/msg_fi.c,
 * gateway/msg_sv.c, gateway/msg_en.c).
 *
 * Every text a citizen reads lives here, one catalogue per language with the
 * same keys. Texts are plain UTF-8 (never HTML: the page code escapes them);
 * "{0}" and "{1}" mark where the page puts a value (a number, a phone
 * number, an organisation name), also escaped. "[fi:kantelu]" marks a
 * word in another language (WCAG 3.1.2); the page wraps it in
 * <span lang="fi">. Texts used in attributes must not use it. A unit test
 * requires every
 * key to be present and non-empty in every language, and the placeholders
 * of a key to be the same in every language.
 */
#ifndef SINETTI_MSG_H
#define SINETTI_MSG_H

enum msg_lang { MSG_FI = 0, MSG_SV = 1, MSG_EN = 2, MSG_NLANGS = 3 };

enum msg_key {
	/* language itself */
	M_LANG_CODE = 0,	/* "fi" */
	M_LANG_NAME,		/* this language's own name: "suomi" */
	M_LANG_SWITCH_LABEL,	/* aria-label of the language nav */
	/* frame */
	M_SERVICE,		/* service name in the header and titles */
	M_ORG_DEFAULT,
	M_SKIP,
	M_EXIT,
	M_EXIT_URL,
	M_FOOTER_LABEL,
	M_FOOTER_ACCESSIBILITY,
	M_FOOTER_PRIVACY,
	M_FOOTER_START,
	M_TITLE_ERROR_PREFIX,	/* "Virhe: " */
	/* emergency notice */
	M_URGENT_TITLE,
	M_URGENT_TEXT_PHONE,	/* {0} emergency duty number */
	M_URGENT_TEXT,		/* when no number is configured */
	M_URGENT_NOT_WATCHED,
	/* start page */
	M_START_TITLE,
	M_START_LEAD,
	M_START_KINDS_H,
	M_START_FEEDBACK,
	M_START_CONCERN,
	M_START_OBJECTION,
	M_START_WHO_READS_H,
	M_START_WHO_READS,
	M_START_NEVER_PUBLISHED,
	M_START_ANON,
	M_START_OTHER_ROUTES_H,
	M_START_NO_APPEAL,
	M_START_COMPLAINT,	/* {0} authority name */
	M_START_OMBUDSMAN,
	M_START_OMBUDSMAN_CONTACT,	/* {0} contact text */
	M_START_BUTTON,
	M_AUTHORITY_DEFAULT,
	/* form */
	M_FORM_TITLE,
	M_FORM_LEAD,
	M_FORM_CONTINUE,
	M_OPTIONAL,		/* "(vapaaehtoinen)" */
	M_KIND_LEGEND,
	M_KIND_FEEDBACK,
	M_KIND_FEEDBACK_HINT,
	M_KIND_CONCERN,
	M_KIND_CONCERN_HINT,
	M_KIND_OBJECTION,
	M_KIND_OBJECTION_HINT,
	M_UNIT_LABEL,
	M_UNIT_HINT,
	M_UNIT_CHOOSE,
	M_UNIT_OTHER_OPTION,
	M_UNIT_OTHER_LABEL,
	M_UNIT_OTHER_HINT,
	M_ROLE_LEGEND,
	M_ROLE_CLIENT,
	M_ROLE_RELATIVE,
	M_ROLE_REPRESENTATIVE,
	M_ROLE_OTHER,
	M_MESSAGE_LABEL,
	M_MESSAGE_HINT,
	M_MESSAGE_PRIVACY_HINT,
	M_MESSAGE_LIMIT,	/* {0} max characters */
	M_WHEN_LABEL,
	M_WHEN_HINT,
	M_PERSONS_LABEL,
	M_PERSONS_HINT,
	M_CALLBACK_H,
	M_PHONE_LABEL,
	M_PHONE_HINT,
	M_CALLBACK_TIME_LABEL,
	M_CALLBACK_TIME_HINT,
	/* errors */
	M_ERR_SUMMARY_TITLE,
	M_ERR_KIND,
	M_ERR_UNIT,
	M_ERR_UNIT_OTHER_LONG,	/* {0} max */
	M_ERR_ROLE,
	M_ERR_MESSAGE_EMPTY,
	M_ERR_MESSAGE_LONG,	/* {0} max, {1} typed */
	M_ERR_WHEN_LONG,	/* {0} max */
	M_ERR_PERSONS_LONG,	/* {0} max */
	M_ERR_PHONE,
	M_ERR_CALLBACK_LONG,	/* {0} max */
	M_ERR_PREFIX,		/* visually hidden "Virhe:" before a field error */
	/* check answers */
	M_CHECK_TITLE,
	M_CHECK_LEAD,
	M_CHECK_SEND,
	M_CHECK_CHANGE,
	M_CHECK_NOT_GIVEN,
	M_CHECK_UNIT_OTHER,
	/* confirmation */
	M_DONE_TITLE,
	M_DONE_RECEIPT_LABEL,
	M_DONE_RECEIPT_KEEP,
	M_DONE_NEXT_H,
	M_DONE_NEXT,
	M_DONE_OBJECTION,
	M_DONE_CALLBACK,
	M_DONE_NO_CALLBACK,
	M_DONE_FOLLOWUP,
	M_DONE_AGAIN,
	/* could not be saved */
	M_UNAVAIL_TITLE,
	M_UNAVAIL_TEXT,
	M_UNAVAIL_RETRY,
	/* refusals */
	M_R400_TITLE,
	M_R400_TEXT,
	M_R404_TITLE,
	M_R404_TEXT,
	M_R405_TITLE,
	M_R405_TEXT,
	M_R413_TITLE,
	M_R413_TEXT,
	M_R415_TITLE,
	M_R415_TEXT,
	M_R429_TITLE,
	M_R429_TEXT,
	M_R503_TITLE,
	M_R503_TEXT,
	M_RERR_TITLE,
	M_RERR_TEXT,
	M_R_BACK_FORM,
	M_R_BACK_START,
	/* accessibility statement */
	M_A11Y_TITLE,
	M_A11Y_INTRO,		/* {0} organisation */
	M_A11Y_STATUS_H,
	M_A11Y_STATUS,
	M_A11Y_HOW_H,
	M_A11Y_HOW,
	M_A11Y_LIMITS_H,
	M_A11Y_LIMITS,
	M_A11Y_FEEDBACK_H,
	M_A11Y_FEEDBACK,
	M_A11Y_ENFORCE_H,
	M_A11Y_ENFORCE,
	M_A11Y_ENFORCE_LINK,
	M_A11Y_DATE,
	/* privacy */
	M_PRIV_TITLE,
	M_PRIV_INTRO,		/* {0} organisation */
	M_PRIV_STORED_H,
	M_PRIV_STORED_1,
	M_PRIV_STORED_2,
	M_PRIV_STORED_3,
	M_PRIV_NOT_H,
	M_PRIV_NOT_1,
	M_PRIV_NOT_2,
	M_PRIV_NOT_3,
	M_PRIV_NOT_4,
	M_PRIV_READ_H,
	M_PRIV_READ,
	M_PRIV_PHONE_H,
	M_PRIV_PHONE,
	/* status page (issue 7, web_status.h) */
	M_FOOTER_STATUS,
	M_STATUS_TITLE,
	M_STATUS_LEAD,
	M_STATUS_RECEIPT_LABEL,
	M_STATUS_RECEIPT_HINT,
	M_STATUS_BUTTON,
	M_STATUS_NOT_FOUND,
	M_STATUS_NOW_H,
	M_STATUS_RECEIVED,
	M_STATUS_IN_PROGRESS,
	M_STATUS_ANSWERED,
	M_STATUS_REPLIES_H,
	M_STATUS_NO_REPLIES,
	M_STATUS_REPLY_FROM,	/* {0} date */
	M_STATUS_AGAIN,
	M_NKEYS
};

/* The catalogues; index with enum msg_key. An entry may only be NULL by
 * mistake, which the catalogue test catches. */
extern const char *const msg_fi[M_NKEYS];
extern const char *const msg_sv[M_NKEYS];
extern const char *const msg_en[M_NKEYS];

/* The text for key in lang; "" (never NULL) for a missing entry or an out
 * of range argument, so a catalogue bug shows as a gap, not a crash. */
const char *msg_get(enum msg_lang lang, enum msg_key key);

#endif
