/* msg_en.c — English texts of the citizen pages (msg.h). */
#include "sinetti/msg.h"

const char *const msg_en[M_NKEYS] = {
	[M_LANG_CODE] = "en",
	[M_LANG_NAME] = "English",
	[M_LANG_SWITCH_LABEL] = "Language",
	[M_SERVICE] = "Feedback to social services supervision",
	[M_ORG_DEFAULT] = "Social services supervision",
	[M_SKIP] = "Skip to main content",
	[M_EXIT] = "Exit this page",
	[M_EXIT_URL] = "https://en.ilmatieteenlaitos.fi/",
	[M_FOOTER_LABEL] = "About this service",
	[M_FOOTER_ACCESSIBILITY] = "Accessibility statement",
	[M_FOOTER_PRIVACY] = "Privacy",
	[M_FOOTER_START] = "Start page",
	[M_TITLE_ERROR_PREFIX] = "Error: ",

	[M_URGENT_TITLE] = "Urgent help",
	[M_URGENT_TEXT] = "In an acute crisis, or if a child needs help or "
	    "protection, call the social emergency duty ([fi:sosiaalipäivystys]). "
	    "If a life is in danger, call 112.",
	[M_URGENT_TEXT_PHONE] = "Social emergency duty:",
	[M_URGENT_NOT_WATCHED] = "This form is not watched around the clock. "
	    "Do not use it for anything that cannot wait.",

	[M_START_TITLE] = "Give feedback on social services",
	[M_START_LEAD] = "Tell the supervision of social services what went "
	    "well or badly, what worries you, or make a formal objection. "
	    "It takes a few minutes.",
	[M_START_KINDS_H] = "What you can send",
	[M_START_FEEDBACK] = "Praise, criticism or an idea about a service "
	    "or how you or a close person were treated.",
	[M_START_CONCERN] = "You are worried about how a client is cared "
	    "for, or about how a unit works. A concern can be about a public "
	    "or a private service.",
	[M_START_OBJECTION] = "A formal objection ([fi:muistutus]) about a "
	    "service or treatment you are not satisfied with. A client, a "
	    "relative, a close person or a legal representative can make "
	    "one. It is answered in writing, usually within about a month; "
	    "a matter that needs wider inquiry can take 1 to 2 months.",
	[M_START_WHO_READS_H] = "Who reads it",
	[M_START_WHO_READS] = "Only the people responsible for the "
	    "supervision of social services can read what you send. It is "
	    "protected on arrival so that not even this website can read it.",
	[M_START_NEVER_PUBLISHED] = "Your feedback is confidential and is "
	    "never published.",
	[M_START_ANON] = "You do not have to give your name. If you want a "
	    "call back, you can leave a phone number.",
	[M_START_OTHER_ROUTES_H] = "Other ways to have your matter handled",
	[M_START_NO_APPEAL] = "A formal objection cannot change a decision "
	    "made by an official. The decision itself tells you how to appeal "
	    "against it.",
	[M_START_COMPLAINT] = "If you think something has been done against "
	    "the law, you can make a complaint ([fi:kantelu]) to the complaint "
	    "authority: {0}.",
	[M_START_OMBUDSMAN] = "The social ombudsman ([fi:sosiaaliasiamies]) gives "
	    "advice free of charge and can help you make an objection. The "
	    "ombudsman is impartial and does not make decisions.",
	[M_START_OMBUDSMAN_CONTACT] = "Contact the social ombudsman: {0}",
	[M_START_BUTTON] = "Start now",
	[M_AUTHORITY_DEFAULT] = "the Permit and Supervision Agency ([fi:Lupa- ja "
	    "valvontavirasto]), which has taken over the supervision duties of "
	    "the Regional State Administrative Agencies and Valvira",

	[M_FORM_TITLE] = "Send feedback",
	[M_FORM_LEAD] = "Only the supervision team reads what you write, and "
	    "it is never published. Next you can check your answers before "
	    "sending.",
	[M_FORM_CONTINUE] = "Continue",
	[M_OPTIONAL] = "(optional)",
	[M_KIND_LEGEND] = "What do you want to send?",
	[M_KIND_FEEDBACK] = "Feedback",
	[M_KIND_FEEDBACK_HINT] = "Praise, criticism or an idea.",
	[M_KIND_CONCERN] = "A concern",
	[M_KIND_CONCERN_HINT] = "You are worried about a client's care or "
	    "about how a unit works.",
	[M_KIND_OBJECTION] = "A formal objection ([fi:muistutus])",
	[M_KIND_OBJECTION_HINT] = "You are not satisfied with a service or "
	    "with treatment, and want a written answer.",
	[M_UNIT_LABEL] = "Which unit or service is it about?",
	[M_UNIT_HINT] = "For example a care home, home care or a social "
	    "services office.",
	[M_UNIT_CHOOSE] = "Choose a unit",
	[M_UNIT_OTHER_OPTION] = "Another unit, or I do not know",
	[M_UNIT_OTHER_LABEL] = "Name of the unit, if it is not in the list",
	[M_UNIT_OTHER_HINT] = "Write the name or address if you know it.",
	[M_ROLE_LEGEND] = "Who are you?",
	[M_ROLE_CLIENT] = "A client",
	[M_ROLE_RELATIVE] = "A relative or a close person",
	[M_ROLE_REPRESENTATIVE] = "A legal representative",
	[M_ROLE_OTHER] = "Someone else",
	[M_MESSAGE_LABEL] = "What happened?",
	[M_MESSAGE_HINT] = "Tell as exactly as you can what happened, who "
	    "was involved (names or job titles) and when.",
	[M_MESSAGE_PRIVACY_HINT] = "Do not write other people's personal "
	    "details unless they are needed to understand the matter.",
	[M_MESSAGE_LIMIT] = "You can write up to {0} characters.",
	[M_WHEN_LABEL] = "When did it happen?",
	[M_WHEN_HINT] = "For example 3 November 2026 in the afternoon, or "
	    "since last spring.",
	[M_PERSONS_LABEL] = "Who was involved?",
	[M_PERSONS_HINT] = "Names or job titles, if you know them.",
	[M_CALLBACK_H] = "If you want a call back",
	[M_PHONE_LABEL] = "Phone number",
	[M_PHONE_HINT] = "For example 040 123 4567 or +358 40 123 4567. We "
	    "call within 7 days. Leave it empty if you want to stay "
	    "anonymous.",
	[M_CALLBACK_TIME_LABEL] = "When is a good time to call?",
	[M_CALLBACK_TIME_HINT] = "For example weekdays 9 to 12.",

	[M_ERR_SUMMARY_TITLE] = "There is a problem",
	[M_ERR_KIND] = "Choose whether you are sending feedback, a concern "
	    "or a formal objection",
	[M_ERR_UNIT] = "Choose the unit the matter is about, or choose "
	    "another unit",
	[M_ERR_UNIT_OTHER_LONG] = "The name of the unit must be {0} "
	    "characters or fewer",
	[M_ERR_ROLE] = "Choose who you are",
	[M_ERR_MESSAGE_EMPTY] = "Tell us what happened",
	[M_ERR_MESSAGE_LONG] = "What happened must be {0} characters or "
	    "fewer; you have written {1}",
	[M_ERR_WHEN_LONG] = "When it happened must be {0} characters or "
	    "fewer",
	[M_ERR_PERSONS_LONG] = "Who was involved must be {0} characters or "
	    "fewer",
	[M_ERR_PHONE] = "Enter a phone number like 040 123 4567 or +358 40 "
	    "123 4567, or leave it empty",
	[M_ERR_CALLBACK_LONG] = "The time to call must be {0} characters or "
	    "fewer",
	[M_ERR_PREFIX] = "Error:",

	[M_CHECK_TITLE] = "Check your answers before sending",
	[M_CHECK_LEAD] = "Nothing has been sent yet. If something is wrong, "
	    "choose Change answers.",
	[M_CHECK_SEND] = "Send",
	[M_CHECK_CHANGE] = "Change answers",
	[M_CHECK_NOT_GIVEN] = "Not given",
	[M_CHECK_UNIT_OTHER] = "Name of the unit",

	[M_DONE_TITLE] = "Your feedback has been sent",
	[M_DONE_RECEIPT_LABEL] = "Your receipt code",
	[M_DONE_RECEIPT_KEEP] = "Write the receipt code down or take a "
	    "picture of it. It is the only way to follow your matter without "
	    "giving your name, and it cannot be shown again.",
	[M_DONE_NEXT_H] = "What happens next",
	[M_DONE_NEXT] = "The supervision team reads your feedback, records "
	    "it and acts on any shortcomings.",
	[M_DONE_OBJECTION] = "A formal objection is answered in writing, "
	    "usually within about a month; a matter that needs wider inquiry "
	    "can take 1 to 2 months.",
	[M_DONE_CALLBACK] = "You gave a phone number: we will call you within "
	    "7 days.",
	[M_DONE_NO_CALLBACK] = "You did not give a phone number, so we cannot "
	    "call you.",
	[M_DONE_FOLLOWUP] = "With the receipt code you can later see the "
	    "status of your matter and read answers on this website.",
	[M_DONE_AGAIN] = "Back to the start page",

	[M_UNAVAIL_TITLE] = "Your feedback could not be saved",
	[M_UNAVAIL_TEXT] = "Because of a fault on our side your feedback "
	    "could not be saved, and nothing was sent. Your answers are "
	    "below. Please try again in a moment.",
	[M_UNAVAIL_RETRY] = "Try sending again",

	[M_R400_TITLE] = "The form could not be read",
	[M_R400_TEXT] = "What was sent was not a valid form. Nothing was "
	    "saved. Please fill in the form again.",
	[M_R404_TITLE] = "Page not found",
	[M_R404_TEXT] = "There is no page at this address. Check the "
	    "address or go to the start page.",
	[M_R405_TITLE] = "This action is not allowed",
	[M_R405_TEXT] = "This page cannot be used in that way.",
	[M_R413_TITLE] = "What you sent is too long",
	[M_R413_TEXT] = "Nothing was saved. Please shorten your text and "
	    "try again.",
	[M_R415_TITLE] = "The form could not be read",
	[M_R415_TEXT] = "The form was sent in a format this service does not "
	    "accept. Nothing was saved. Please use the form on this website.",
	[M_R429_TITLE] = "Too many messages right now",
	[M_R429_TEXT] = "The service is receiving many messages at the "
	    "moment. Nothing was saved. Please try again in a few minutes.",
	[M_R503_TITLE] = "The service is not available",
	[M_R503_TEXT] = "The service cannot take feedback right now. "
	    "Nothing was saved. Please try again later.",
	[M_RERR_TITLE] = "Something went wrong",
	[M_RERR_TEXT] = "Nothing was saved. Please try again later.",
	[M_R_BACK_FORM] = "Back to the form",
	[M_R_BACK_START] = "Go to the start page",

	[M_A11Y_TITLE] = "Accessibility statement",
	[M_A11Y_INTRO] = "{0} wants everyone to be able to use this feedback "
	    "service. This statement covers the feedback form and its pages.",
	[M_A11Y_STATUS_H] = "Compliance status",
	[M_A11Y_STATUS] = "The service aims to meet the WCAG 2.1 level AA "
	    "criteria required by the Act on the Provision of Digital "
	    "Services (306/2019). We know of no failures.",
	[M_A11Y_HOW_H] = "How the service was tested",
	[M_A11Y_HOW] = "Every page is tested automatically in a real browser "
	    "with JavaScript switched off, in Finnish, Swedish and English: "
	    "the axe-core checks for WCAG 2.0 and 2.1 levels A and AA, HTML "
	    "validation, and a layout check at 320 pixels wide. The pages "
	    "work without JavaScript, with a keyboard alone and at 200 % "
	    "zoom.",
	[M_A11Y_LIMITS_H] = "Known limitations",
	[M_A11Y_LIMITS] = "If you change the language while filling in the "
	    "form, the answers you have typed are not carried over to the "
	    "other language.",
	[M_A11Y_FEEDBACK_H] = "Feedback on accessibility",
	[M_A11Y_FEEDBACK] = "If you notice a problem, tell us with this same "
	    "form: choose Feedback and write that it is about accessibility. "
	    "We answer within 14 days if you leave a phone number.",
	[M_A11Y_ENFORCE_H] = "Enforcement",
	[M_A11Y_ENFORCE] = "If you are not satisfied with our answer, or get "
	    "no answer within two weeks, you can notify the accessibility "
	    "supervision of the Finnish Transport and Communications Agency "
	    "Traficom.",
	[M_A11Y_ENFORCE_LINK] = "Accessibility requirements: "
	    "saavutettavuusvaatimukset.fi",
	[M_A11Y_DATE] = "This statement was prepared on 23 November 2026.",

	[M_PRIV_TITLE] = "Privacy",
	[M_PRIV_INTRO] = "{0} is the controller of what you send through "
	    "this service. This page tells what is stored and what is not.",
	[M_PRIV_STORED_H] = "What is stored",
	[M_PRIV_STORED_1] = "What you write in the form, sealed on arrival "
	    "so that only the supervision team can open it.",
	[M_PRIV_STORED_2] = "The hour your feedback arrived, not the exact "
	    "time.",
	[M_PRIV_STORED_3] = "A key derived from your receipt code, so that "
	    "you can later read answers. The receipt code itself is not "
	    "stored.",
	[M_PRIV_NOT_H] = "What is not stored",
	[M_PRIV_NOT_1] = "Your IP address: it is used only while the "
	    "connection is open and is never saved or logged.",
	[M_PRIV_NOT_2] = "Cookies: this service sets none.",
	[M_PRIV_NOT_3] = "Your browser's details, or where you came from.",
	[M_PRIV_NOT_4] = "Analytics, tracking or anything loaded from another "
	    "website.",
	[M_PRIV_READ_H] = "Who reads your feedback",
	[M_PRIV_READ] = "Only the officers responsible for the supervision "
	    "of social services. They read it on a separate computer that is "
	    "not connected to this website. Your feedback is never published.",
	[M_PRIV_PHONE_H] = "Your phone number",
	[M_PRIV_PHONE] = "If you give a phone number, it is used only to call "
	    "you back about this matter. It is stored sealed with the rest of "
	    "your feedback.",
	[M_FOOTER_STATUS] = "Status of your feedback",
	[M_STATUS_TITLE] = "See the status of your feedback",
	[M_STATUS_LEAD] = "Enter the receipt code you got when you sent your "
	    "feedback. You will see how your matter stands and can read the "
	    "answers.",
	[M_STATUS_RECEIPT_LABEL] = "Receipt code",
	[M_STATUS_RECEIPT_HINT] = "For example 7KQ2-M9XD-4TRB-HW3N-P8VC-J6FA. "
	    "Capital and small letters are the same.",
	[M_STATUS_BUTTON] = "Show status",
	[M_STATUS_NOT_FOUND] = "No feedback was found with this code. Check "
	    "that you typed the code correctly",
	[M_STATUS_NOW_H] = "Status",
	[M_STATUS_RECEIVED] = "Received",
	[M_STATUS_IN_PROGRESS] = "In progress",
	[M_STATUS_ANSWERED] = "Answered",
	[M_STATUS_REPLIES_H] = "Answers",
	[M_STATUS_NO_REPLIES] = "There are no answers yet. Please look again "
	    "later.",
	[M_STATUS_REPLY_FROM] = "Answer of {0}",
	[M_STATUS_AGAIN] = "See the status of another code",
};
