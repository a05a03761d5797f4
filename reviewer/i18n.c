/* i18n.c — Finnish, Swedish and English texts of the reviewer. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sinetti/casefile.h"
#include "sinetti/review_i18n.h"

static enum i18n_lang cur = LANG_FI;

struct tri {
	const char *fi, *sv, *en;
};

static const struct tri texts[M__COUNT] = {
	[M_CASE] = { "Asia", "Ärende", "Case" },
	[M_STATUS] = { "Tila", "Status", "Status" },
	[M_KIND] = { "Laji", "Typ", "Kind" },
	[M_UNIT] = { "Yksikkö", "Enhet", "Unit" },
	[M_ARRIVED] = { "Saapunut", "Inkommit", "Arrived" },
	[M_DUE] = { "Määräaika", "Förfaller", "Due" },
	[M_CALLBACK] = { "Soitto", "Samtal", "Callback" },
	[M_ASSIGNEE] = { "Käsittelijä", "Handläggare", "Assignee" },
	[M_ROLE] = { "Lähettäjä", "Avsändare", "Sender" },
	[M_MESSAGE] = { "Viesti", "Meddelande", "Message" },
	[M_WHEN] = { "Milloin", "När", "When" },
	[M_PERSONS] = { "Osalliset", "Inblandade", "Persons involved" },
	[M_PHONE] = { "Puhelin", "Telefon", "Phone" },
	[M_CALLBACK_TIME] = { "Soittoaika", "Tid för samtal", "Call-back time" },
	[M_LANGUAGE] = { "Kieli", "Språk", "Language" },
	[M_NOTES] = { "Muistiinpanot", "Anteckningar", "Notes" },
	[M_IMPORTED] = { "Tuotu", "Importerad", "Imported" },
	[M_ID] = { "Tunniste", "Id", "Id" },
	[M_UNIT_OTHER] = { "Muu yksikkö", "Annan enhet", "Other unit" },
	[M_ANSWER_DUE] = { "Vastattava viimeistään", "Besvaras senast",
	    "Answer due" },
	[M_PHONE_HIDDEN] = { "piilotettu; näytä komennolla: reveal-phone %s",
	    "dold; visa med: reveal-phone %s",
	    "hidden; show it with: reveal-phone %s" },
	[M_OVERDUE] = { "MYÖHÄSSÄ", "FÖRSENAD", "OVERDUE" },
	[M_CB_NONE] = { "-", "-", "-" },
	[M_CB_PENDING] = { "soitettava", "ring upp", "to call" },
	[M_CB_DONE] = { "soitettu", "ringt", "called" },
	[M_NOBODY] = { "-", "-", "-" },
	[M_NO_CASES] = { "Ei asioita.", "Inga ärenden.", "No cases." },
	[M_CASES_SHOWN] = { "%zu asiaa.", "%zu ärenden.", "%zu cases." },
	[M_IMPORT_DONE] = {
	    "Tuotu %zu uutta asiaa; %zu oli jo tallessa.",
	    "Importerade %zu nya ärenden; %zu fanns redan.",
	    "Imported %zu new cases; %zu were already held." },
	[M_IMPORT_SKIPPED_KEY] = {
	    "%zu kirjekuorta on suljettu avaimella, jota sinulla ei ole; niitä ei tuotu eikä kuitattu.",
	    "%zu kuvert är förseglade med en nyckel du inte har; de importerades inte och kvitterades inte.",
	    "%zu envelopes are sealed to a key you do not hold; not imported, not acknowledged." },
	[M_IMPORT_SKIPPED_BAD] = {
	    "%zu kirjekuorta on vioittunut (tuntematon versio tai koko); niitä ei tuotu eikä kuitattu.",
	    "%zu kuvert är skadade (okänd version eller storlek); de importerades inte och kvitterades inte.",
	    "%zu envelopes are damaged (unknown version or size); not imported, not acknowledged." },
	[M_IMPORT_CONFLICT] = {
	    "%zu kirjekuorta on jo tallessa eri sisällöllä; niitä ei kuitattu.",
	    "%zu kuvert finns redan med annat innehåll; de kvitterades inte.",
	    "%zu envelopes are already held with different bytes; not acknowledged." },
	[M_ACK_WRITTEN] = {
	    "Kuittaus (%zu kirjekuorta) kirjoitettu: %s",
	    "Kvittens (%zu kuvert) skriven: %s",
	    "Acknowledgement (%zu envelopes) written: %s" },
	[M_ACK_NONE] = {
	    "Ei kuitattavaa; kuittausta ei kirjoitettu.",
	    "Inget att kvittera; ingen kvittens skriven.",
	    "Nothing to acknowledge; no acknowledgement written." },
	[M_STATUS_SET] = { "Asia %s: tila on nyt %s.",
	    "Ärende %s: status är nu %s.", "Case %s: status is now %s." },
	[M_ASSIGNED] = { "Asia %s: käsittelijä on nyt %s.",
	    "Ärende %s: handläggare är nu %s.",
	    "Case %s: assigned to %s." },
	[M_NOTE_ADDED] = { "Asia %s: muistiinpano lisätty.",
	    "Ärende %s: anteckning tillagd.", "Case %s: note added." },
	[M_CALLBACK_MARKED] = { "Asia %s: soitto merkitty tehdyksi.",
	    "Ärende %s: samtalet markerat som gjort.",
	    "Case %s: callback marked done." },
	[M_EXPORTED] = { "Viety %zu asiaa tiedostoon %s",
	    "Exporterade %zu ärenden till %s",
	    "Exported %zu cases to %s" },
	[M_PURGED] = { "Poistettu %zu suljettua asiaa.",
	    "Raderade %zu avslutade ärenden.",
	    "Purged %zu closed cases." },
	[M_AUDIT_OK] = { "Tarkastusloki on eheä: %llu merkintää.",
	    "Granskningsloggen är intakt: %llu poster.",
	    "Audit log intact: %llu entries." },
	[M_AUDIT_BAD] = {
	    "tarkastusloki on muuttunut: tarkistus epäonnistui kohdassa %llu (%s)",
	    "granskningsloggen har ändrats: kontrollen misslyckades vid post %llu (%s)",
	    "audit log has been altered: verification failed at entry %llu (%s)" },
	[M_PROMPT] = { "Tunnuslause (%s): ", "Lösenfras (%s): ",
	    "Passphrase (%s): " },
	[M_SHELL_HELLO] = {
	    "Avattu käyttäjälle %s. Kirjoita komento (help, exit). Lukittuu %u minuutin toimettomuuden jälkeen.",
	    "Upplåst för %s. Skriv ett kommando (help, exit). Låses efter %u minuter utan aktivitet.",
	    "Unlocked for %s. Type a command (help, exit). Locks after %u idle minutes." },
	[M_SHELL_LOCKED] = { "Lukittu toimettomuuden vuoksi.",
	    "Låst efter inaktivitet.", "Locked after being idle." },
	[M_SHELL_BYE] = { "Lukittu.", "Låst.", "Locked." },
	[M_STORE_CREATED] = {
	    "Tallennus luotu: %s\nYhdyskäytävän allekirjoitusavaimen sormenjälki: %s\nVarmista sormenjälki yhdyskäytävän ylläpitäjältä.",
	    "Lagret skapat: %s\nFingeravtryck för gatewayens signeringsnyckel: %s\nKontrollera fingeravtrycket med gatewayens administratör.",
	    "Store created: %s\nGateway signing key fingerprint: %s\nCheck the fingerprint with the gateway's operator." },
	[M_TIME] = { "Aika", "Tid", "Time" },
	[M_OFFICER] = { "Virkailija", "Tjänsteman", "Officer" },
	[M_ACTION] = { "Toiminto", "Åtgärd", "Action" },
	[M_DETAIL] = { "Lisätieto", "Detalj", "Detail" },
	[M_BUNDLE_BAD] = {
	    "siirtopaketin allekirjoitus ei täsmää kiinnitettyyn yhdyskäytävän avaimeen; mitään ei tuotu",
	    "paketets signatur stämmer inte med gatewayens fästa nyckel; inget importerades",
	    "bundle signature does not verify against the pinned gateway key; nothing imported" },
	[M_NO_PHONE] = { "asiassa ei ole puhelinnumeroa",
	    "ärendet har inget telefonnummer",
	    "this case has no phone number" },
	[M_FINGERPRINT] = { "Sormenjälki", "Fingeravtryck", "Fingerprint" },
	[M_UNOPENABLE] = { "EI AUKEA", "GÅR EJ ATT ÖPPNA", "CANNOT OPEN" },
	[M_UNOPENABLE_LONG] = {
	    "Asian %s kirjekuori ei aukea (%s): se on vioittunut tai sitä on muutettu. Sisältöä ei voi näyttää. Ilmoita asianumero ja tunniste yhdyskäytävän ylläpitäjälle; kun asia on selvitetty, sulje se: status %s closed. Ohje: docs/reviewer.md.",
	    "Kuvertet i ärende %s går inte att öppna (%s): det är skadat eller har ändrats. Innehållet kan inte visas. Meddela ärendenumret och id:t till gatewayens administratör; när saken är utredd, avsluta ärendet: status %s closed. Se docs/reviewer.md.",
	    "The envelope of case %s cannot be opened (%s): it is damaged or was altered. Its content cannot be shown. Give the case number and id to the gateway's operator; once that is settled, close the case: status %s closed. See docs/reviewer.md." },
	[M_UNOPENABLE_COUNT] = {
	    "%zu asian kirjekuori ei aukea; katso show ASIA.",
	    "%zu ärendens kuvert går inte att öppna; se show ÄRENDE.",
	    "%zu cases have an envelope that cannot be opened; see show CASE." },
	[M_NOT_EXPORTED] = {
	    "asiaa %s ei viety: sen kirjekuori ei aukea",
	    "ärende %s exporterades inte: dess kuvert går inte att öppna",
	    "case %s not exported: its envelope cannot be opened" },
	[M_COMPLETE_FAILED] = {
	    "tuotujen asioiden tietoja ei voitu tallentaa (%s); ne täydennetään uudelleen seuraavalla kerralla",
	    "de importerade ärendenas uppgifter kunde inte sparas (%s); de fylls i igen nästa gång",
	    "could not save the details read from newly imported cases (%s); they will be read again next time" },
	[M_STATUS_NEW] = { "uusi", "ny", "new" },
	[M_STATUS_IN_PROGRESS] = { "käsittelyssä", "under behandling",
	    "in progress" },
	[M_STATUS_ANSWERED] = { "vastattu", "besvarad", "answered" },
	[M_STATUS_CLOSED] = { "suljettu", "avslutad", "closed" },
	[M_KIND_FEEDBACK] = { "palaute", "respons", "feedback" },
	[M_KIND_CONCERN] = { "huoli", "oro", "concern" },
	[M_KIND_OBJECTION] = { "muistutus", "anmärkning", "objection" },
	[M_ROLE_CLIENT] = { "asiakas", "klient", "client" },
	[M_ROLE_RELATIVE] = { "omainen tai läheinen", "anhörig eller närstående",
	    "relative or close person" },
	[M_ROLE_REPRESENTATIVE] = { "laillinen edustaja", "lagligt ombud",
	    "legal representative" },
	[M_ROLE_OTHER] = { "muu", "annan", "other" },
};

int
i18n_set(const char *code)
{
	if (strcmp(code, "fi") == 0)
		cur = LANG_FI;
	else if (strcmp(code, "sv") == 0)
		cur = LANG_SV;
	else if (strcmp(code, "en") == 0)
		cur = LANG_EN;
	else
		return -1;
	return 0;
}

enum i18n_lang
i18n_get(void)
{
	return cur;
}

const char *
tr(enum msg m)
{
	const struct tri *t;

	if ((unsigned)m >= M__COUNT)
		return "?";
	t = &texts[m];
	if (t->fi == NULL)
		return "?";
	return cur == LANG_FI ? t->fi : cur == LANG_SV ? t->sv : t->en;
}

const char *
tr_status(uint8_t st)
{
	switch (st) {
	case CASE_NEW: return tr(M_STATUS_NEW);
	case CASE_IN_PROGRESS: return tr(M_STATUS_IN_PROGRESS);
	case CASE_ANSWERED: return tr(M_STATUS_ANSWERED);
	case CASE_CLOSED: return tr(M_STATUS_CLOSED);
	default: return "?";
	}
}

const char *
tr_kind(uint8_t kind)
{
	switch (kind) {
	case 1: return tr(M_KIND_FEEDBACK);
	case 2: return tr(M_KIND_CONCERN);
	case 3: return tr(M_KIND_OBJECTION);
	default: return "?";
	}
}

const char *
tr_role(uint8_t role)
{
	switch (role) {
	case 1: return tr(M_ROLE_CLIENT);
	case 2: return tr(M_ROLE_RELATIVE);
	case 3: return tr(M_ROLE_REPRESENTATIVE);
	case 4: return tr(M_ROLE_OTHER);
	default: return "?";
	}
}

static void
fmt(uint64_t t, char out[32], int with_time)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t n;

	if (localtime_r(&tt, &tm) == NULL) {
		snprintf(out, 32, "?");
		return;
	}
	if (cur == LANG_FI)
		n = with_time ? strftime(out, 32, "%d.%m.%Y klo %H.%M", &tm) :
		    strftime(out, 32, "%d.%m.%Y", &tm);
	else
		n = with_time ? strftime(out, 32, "%Y-%m-%d %H:%M", &tm) :
		    strftime(out, 32, "%Y-%m-%d", &tm);
	if (n == 0)
		snprintf(out, 32, "?");
}

void
tr_date(uint64_t t, char out[32])
{
	fmt(t, out, 0);
}

void
tr_datetime(uint64_t t, char out[32])
{
	fmt(t, out, 1);
}

void
iso_datetime(uint64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "?");
}
