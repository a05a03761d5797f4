/* msg_sv.c — svenska texter (msg.h). */
#include "sinetti/msg.h"

const char *const msg_sv[M_NKEYS] = {
	[M_LANG_CODE] = "sv",
	[M_LANG_NAME] = "svenska",
	[M_LANG_SWITCH_LABEL] = "Språk",
	[M_SERVICE] = "Respons till tillsynen över socialservicen",
	[M_ORG_DEFAULT] = "Tillsynen över socialservicen",
	[M_SKIP] = "Gå direkt till innehållet",
	[M_EXIT] = "Lämna sidan",
	[M_EXIT_URL] = "https://sv.ilmatieteenlaitos.fi/",
	[M_FOOTER_LABEL] = "Om tjänsten",
	[M_FOOTER_ACCESSIBILITY] = "Tillgänglighetsutlåtande",
	[M_FOOTER_PRIVACY] = "Dataskydd",
	[M_FOOTER_START] = "Startsida",
	[M_TITLE_ERROR_PREFIX] = "Fel: ",

	[M_URGENT_TITLE] = "Brådskande hjälp",
	[M_URGENT_TEXT] = "Vid en akut kris, eller om ett barn behöver hjälp "
	    "eller skydd, ring socialjouren. Om ett liv är i fara, ring 112.",
	[M_URGENT_TEXT_PHONE] = "Socialjouren:",
	[M_URGENT_NOT_WATCHED] = "Den här blanketten följs inte upp dygnet "
	    "runt. Använd den inte för sådant som inte kan vänta.",

	[M_START_TITLE] = "Ge respons om socialservicen",
	[M_START_LEAD] = "Berätta för tillsynen över socialservicen vad som "
	    "gick bra eller dåligt, vad som oroar dig, eller gör en "
	    "anmärkning. Det tar några minuter.",
	[M_START_KINDS_H] = "Vad du kan skicka",
	[M_START_FEEDBACK] = "Beröm, kritik eller en idé om en tjänst eller "
	    "om hur du eller en närstående har blivit bemött.",
	[M_START_CONCERN] = "Du är orolig för hur en klient sköts eller för "
	    "hur en enhet fungerar. Oron kan gälla offentlig eller privat "
	    "service.",
	[M_START_OBJECTION] = "En anmärkning ([fi:muistutus]) är det formella "
	    "sättet att säga att du är missnöjd med servicen eller bemötandet. "
	    "Den kan göras av klienten, en anhörig, en närstående eller en "
	    "laglig företrädare. En anmärkning besvaras skriftligt, vanligen "
	    "inom ungefär en månad; ett ärende som kräver en större utredning "
	    "kan ta 1–2 månader.",
	[M_START_WHO_READS_H] = "Vem läser din respons",
	[M_START_WHO_READS] = "Endast de personer som ansvarar för tillsynen "
	    "över socialservicen kan läsa det du skickar. Det skyddas genast "
	    "när det kommer fram, så att inte ens den här webbtjänsten kan "
	    "läsa det.",
	[M_START_NEVER_PUBLISHED] = "Din respons är konfidentiell och "
	    "publiceras aldrig.",
	[M_START_ANON] = "Du behöver inte uppge ditt namn. Om du vill bli "
	    "uppringd kan du lämna ditt telefonnummer.",
	[M_START_OTHER_ROUTES_H] = "Andra sätt att få ditt ärende behandlat",
	[M_START_NO_APPEAL] = "Med en anmärkning kan man inte söka ändring i "
	    "ett beslut som en tjänsteinnehavare har fattat. I beslutet står "
	    "hur man söker ändring.",
	[M_START_COMPLAINT] = "Om du anser att någon har handlat i strid med "
	    "lagen kan du lämna ett klagomål ([fi:kantelu]) till "
	    "tillsynsmyndigheten: {0}.",
	[M_START_OMBUDSMAN] = "Socialombudsmannen ([fi:sosiaaliasiamies]) ger råd "
	    "utan kostnad och kan hjälpa dig att göra en anmärkning. "
	    "Socialombudsmannen är opartisk och fattar inga beslut.",
	[M_START_OMBUDSMAN_CONTACT] = "Socialombudsmannens kontaktuppgifter: "
	    "{0}",
	[M_START_BUTTON] = "Börja",
	[M_AUTHORITY_DEFAULT] = "Tillstånds- och tillsynsverket ([fi:Lupa- ja "
	    "valvontavirasto]), som sedan 1.1.2026 sköter de "
	    "regionförvaltningsverkens och Valviras tillsynsuppgifter",

	[M_FORM_TITLE] = "Skicka respons",
	[M_FORM_LEAD] = "Endast tillsynens personal läser det du skriver, och "
	    "det publiceras aldrig. Du kan kontrollera dina svar innan du "
	    "skickar.",
	[M_FORM_CONTINUE] = "Fortsätt",
	[M_OPTIONAL] = "(frivilligt)",
	[M_KIND_LEGEND] = "Vad vill du skicka?",
	[M_KIND_FEEDBACK] = "Respons",
	[M_KIND_FEEDBACK_HINT] = "Beröm, kritik eller en idé.",
	[M_KIND_CONCERN] = "Oro",
	[M_KIND_CONCERN_HINT] = "Du är orolig för en klients vård eller för "
	    "hur en enhet fungerar.",
	[M_KIND_OBJECTION] = "Anmärkning",
	[M_KIND_OBJECTION_HINT] = "Du är missnöjd med servicen eller "
	    "bemötandet och vill ha ett skriftligt svar.",
	[M_UNIT_LABEL] = "Vilken enhet eller tjänst gäller det?",
	[M_UNIT_HINT] = "Till exempel ett vårdhem, hemvården eller "
	    "socialbyrån.",
	[M_UNIT_CHOOSE] = "Välj enhet",
	[M_UNIT_OTHER_OPTION] = "En annan enhet eller jag vet inte",
	[M_UNIT_OTHER_LABEL] = "Enhetens namn, om den inte finns i listan",
	[M_UNIT_OTHER_HINT] = "Skriv namnet eller adressen om du vet det.",
	[M_ROLE_LEGEND] = "Vem är du?",
	[M_ROLE_CLIENT] = "Klient",
	[M_ROLE_RELATIVE] = "Anhörig eller närstående",
	[M_ROLE_REPRESENTATIVE] = "Laglig företrädare",
	[M_ROLE_OTHER] = "Någon annan",
	[M_MESSAGE_LABEL] = "Vad hände?",
	[M_MESSAGE_HINT] = "Berätta så noggrant du kan vad som hände, vilka "
	    "som var inblandade (namn eller yrkesbeteckningar) och när.",
	[M_MESSAGE_PRIVACY_HINT] = "Skriv inte andra personers "
	    "personuppgifter om de inte behövs för att förstå ärendet.",
	[M_MESSAGE_LIMIT] = "Du kan skriva högst {0} tecken.",
	[M_WHEN_LABEL] = "När hände det?",
	[M_WHEN_HINT] = "Till exempel 3.11.2026 på eftermiddagen, eller sedan "
	    "i våras.",
	[M_PERSONS_LABEL] = "Vilka var inblandade?",
	[M_PERSONS_HINT] = "Namn eller yrkesbeteckningar, om du vet dem.",
	[M_CALLBACK_H] = "Om du vill bli uppringd",
	[M_PHONE_LABEL] = "Telefonnummer",
	[M_PHONE_HINT] = "Till exempel 040 123 4567 eller +358 40 123 4567. "
	    "Vi ringer inom 7 dagar. Lämna fältet tomt om du vill vara "
	    "anonym.",
	[M_CALLBACK_TIME_LABEL] = "När passar det att ringa dig?",
	[M_CALLBACK_TIME_HINT] = "Till exempel vardagar kl. 9–12.",

	[M_ERR_SUMMARY_TITLE] = "Kontrollera följande",
	[M_ERR_KIND] = "Välj om du skickar respons, oro eller en anmärkning",
	[M_ERR_UNIT] = "Välj den enhet som ärendet gäller, eller välj en "
	    "annan enhet",
	[M_ERR_UNIT_OTHER_LONG] = "Enhetens namn får ha högst {0} tecken",
	[M_ERR_ROLE] = "Välj vem du är",
	[M_ERR_MESSAGE_EMPTY] = "Berätta vad som hände",
	[M_ERR_MESSAGE_LONG] = "”Vad hände?” får ha högst {0} tecken; du har "
	    "skrivit {1}",
	[M_ERR_WHEN_LONG] = "”När hände det?” får ha högst {0} tecken",
	[M_ERR_PERSONS_LONG] = "”Vilka var inblandade?” får ha högst {0} "
	    "tecken",
	[M_ERR_PHONE] = "Ange ett telefonnummer som 040 123 4567 eller +358 "
	    "40 123 4567, eller lämna fältet tomt",
	[M_ERR_CALLBACK_LONG] = "Tiden för samtalet får ha högst {0} tecken",
	[M_ERR_PREFIX] = "Fel:",

	[M_CHECK_TITLE] = "Kontrollera dina svar innan du skickar",
	[M_CHECK_LEAD] = "Ingenting har skickats ännu. Om något är fel, välj "
	    "Ändra svaren.",
	[M_CHECK_SEND] = "Skicka",
	[M_CHECK_CHANGE] = "Ändra svaren",
	[M_CHECK_NOT_GIVEN] = "Inte angivet",
	[M_CHECK_UNIT_OTHER] = "Enhetens namn",

	[M_DONE_TITLE] = "Din respons har skickats",
	[M_DONE_RECEIPT_LABEL] = "Din kod",
	[M_DONE_RECEIPT_KEEP] = "Skriv upp koden eller ta en bild av den. "
	    "Bara med den kan du följa ditt ärende anonymt, och den kan inte "
	    "visas på nytt.",
	[M_DONE_NEXT_H] = "Vad händer sedan",
	[M_DONE_NEXT] = "Tillsynens personal läser din respons, dokumenterar "
	    "den och ingriper i eventuella missförhållanden.",
	[M_DONE_OBJECTION] = "En anmärkning besvaras skriftligt, vanligen "
	    "inom ungefär en månad; ett ärende som kräver en större utredning "
	    "kan ta 1–2 månader.",
	[M_DONE_CALLBACK] = "Du lämnade ett telefonnummer: vi ringer dig inom "
	    "7 dagar.",
	[M_DONE_NO_CALLBACK] = "Du lämnade inget telefonnummer, så vi kan "
	    "inte ringa dig.",
	[M_DONE_FOLLOWUP] = "Med koden kan du senare se på den här "
	    "webbplatsen hur långt ditt ärende har kommit och läsa svaren.",
	[M_DONE_AGAIN] = "Tillbaka till startsidan",

	[M_UNAVAIL_TITLE] = "Din respons kunde inte sparas",
	[M_UNAVAIL_TEXT] = "På grund av ett fel hos oss kunde din respons "
	    "inte sparas, och ingenting skickades. Dina svar finns nedan. "
	    "Försök igen om en stund.",
	[M_UNAVAIL_RETRY] = "Försök skicka igen",

	[M_R400_TITLE] = "Blanketten kunde inte läsas",
	[M_R400_TEXT] = "Det som skickades var inte en giltig blankett. "
	    "Ingenting sparades. Fyll i blanketten på nytt.",
	[M_R404_TITLE] = "Sidan hittades inte",
	[M_R404_TEXT] = "Det finns ingen sida på den här adressen. Kontrollera "
	    "adressen eller gå till startsidan.",
	[M_R405_TITLE] = "Åtgärden är inte tillåten",
	[M_R405_TEXT] = "Den här sidan kan inte användas på det sättet.",
	[M_R413_TITLE] = "Det du skickade är för långt",
	[M_R413_TEXT] = "Ingenting sparades. Korta ner texten och försök "
	    "igen.",
	[M_R415_TITLE] = "Blanketten kunde inte läsas",
	[M_R415_TEXT] = "Blanketten skickades i ett format som tjänsten inte "
	    "tar emot. Ingenting sparades. Använd blanketten på den här "
	    "webbplatsen.",
	[M_R429_TITLE] = "För många meddelanden just nu",
	[M_R429_TEXT] = "Tjänsten tar just nu emot många meddelanden. "
	    "Ingenting sparades. Försök igen om några minuter.",
	[M_R503_TITLE] = "Tjänsten är inte tillgänglig",
	[M_R503_TEXT] = "Tjänsten kan inte ta emot respons just nu. Ingenting "
	    "sparades. Försök igen senare.",
	[M_RERR_TITLE] = "Något gick fel",
	[M_RERR_TEXT] = "Ingenting sparades. Försök igen senare.",
	[M_R_BACK_FORM] = "Tillbaka till blanketten",
	[M_R_BACK_START] = "Gå till startsidan",

	[M_A11Y_TITLE] = "Tillgänglighetsutlåtande",
	[M_A11Y_INTRO] = "{0} vill att alla ska kunna använda den här "
	    "responstjänsten. Utlåtandet gäller responsblanketten och dess "
	    "sidor.",
	[M_A11Y_STATUS_H] = "Tillgänglighetens status",
	[M_A11Y_STATUS] = "Tjänsten är gjord för att uppfylla de kriterier på "
	    "nivå AA i WCAG 2.1 som lagen om tillhandahållande av digitala "
	    "tjänster (306/2019) kräver. Vi känner inte till några brister.",
	[M_A11Y_HOW_H] = "Hur tjänsten har testats",
	[M_A11Y_HOW] = "Varje sida testas automatiskt i en riktig webbläsare "
	    "med JavaScript avstängt, på finska, svenska och engelska: "
	    "axe-core-kontroller för WCAG 2.0 och 2.1 nivå A och AA, "
	    "HTML-validering och en kontroll av layouten vid 320 pixlars "
	    "bredd. Sidorna fungerar utan JavaScript, med enbart tangentbord "
	    "och med 200 % förstoring.",
	[M_A11Y_LIMITS_H] = "Kända begränsningar",
	[M_A11Y_LIMITS] = "Om du byter språk medan du fyller i blanketten "
	    "följer de svar du redan har skrivit inte med till det andra "
	    "språket.",
	[M_A11Y_FEEDBACK_H] = "Respons om tillgängligheten",
	[M_A11Y_FEEDBACK] = "Om du märker ett problem, berätta det med samma "
	    "blankett: välj Respons och skriv att det gäller tillgänglighet. "
	    "Vi svarar inom 14 dagar om du lämnar ditt telefonnummer.",
	[M_A11Y_ENFORCE_H] = "Tillsynsmyndighet",
	[M_A11Y_ENFORCE] = "Om du inte är nöjd med svaret, eller inte får "
	    "något svar inom två veckor, kan du anmäla det till "
	    "tillgänglighetstillsynen vid Transport- och kommunikationsverket "
	    "Traficom.",
	[M_A11Y_ENFORCE_LINK] = "Tillgänglighetskrav: "
	    "saavutettavuusvaatimukset.fi",
	[M_A11Y_DATE] = "Utlåtandet har upprättats 23.11.2026.",

	[M_PRIV_TITLE] = "Dataskydd",
	[M_PRIV_INTRO] = "{0} är personuppgiftsansvarig för det som skickas "
	    "via tjänsten. På den här sidan berättar vi vad som sparas och "
	    "vad som inte sparas.",
	[M_PRIV_STORED_H] = "Vad som sparas",
	[M_PRIV_STORED_1] = "Det du skriver i blanketten, förseglat genast när "
	    "det kommer fram så att endast tillsynens personal kan öppna det.",
	[M_PRIV_STORED_2] = "Den timme då din respons kom fram, inte den "
	    "exakta tiden.",
	[M_PRIV_STORED_3] = "En nyckel som härleds ur din kod, så att du "
	    "senare kan läsa svaren. Själva koden sparas inte.",
	[M_PRIV_NOT_H] = "Vad som inte sparas",
	[M_PRIV_NOT_1] = "Din IP-adress: den används bara medan "
	    "förbindelsen är öppen och sparas eller loggas aldrig.",
	[M_PRIV_NOT_2] = "Kakor: tjänsten använder inga kakor.",
	[M_PRIV_NOT_3] = "Uppgifter om din webbläsare eller om vilken sida du "
	    "kom från.",
	[M_PRIV_NOT_4] = "Besöksstatistik, spårning eller något som hämtas "
	    "från en annan webbplats.",
	[M_PRIV_READ_H] = "Vem läser din respons",
	[M_PRIV_READ] = "Endast de tjänsteinnehavare som ansvarar för "
	    "tillsynen över socialservicen. De läser responsen på en separat "
	    "dator som inte är ansluten till den här webbtjänsten. Din "
	    "respons publiceras aldrig.",
	[M_PRIV_PHONE_H] = "Ditt telefonnummer",
	[M_PRIV_PHONE] = "Om du lämnar ett telefonnummer används det bara för "
	    "att ringa dig i det här ärendet. Det sparas förseglat tillsammans "
	    "med resten av din respons.",
	[M_FOOTER_STATUS] = "Ditt ärendes status",
	[M_STATUS_TITLE] = "Se hur ditt ärende framskrider",
	[M_STATUS_LEAD] = "Skriv den kod du fick när du skickade din "
	    "respons. Du ser hur långt ditt ärende har kommit och kan läsa "
	    "svaren.",
	[M_STATUS_RECEIPT_LABEL] = "Kod",
	[M_STATUS_RECEIPT_HINT] = "Till exempel 7KQ2-M9XD-4TRB-HW3N-P8VC-J6FA. "
	    "Stora och små bokstäver spelar ingen roll.",
	[M_STATUS_BUTTON] = "Visa status",
	[M_STATUS_NOT_FOUND] = "Ingen respons hittades med den här koden. "
	    "Kontrollera att du skrev koden rätt",
	[M_STATUS_NOW_H] = "Status",
	[M_STATUS_RECEIVED] = "Mottagen",
	[M_STATUS_IN_PROGRESS] = "Under behandling",
	[M_STATUS_ANSWERED] = "Besvarad",
	[M_STATUS_REPLIES_H] = "Svar",
	[M_STATUS_NO_REPLIES] = "Det finns inga svar ännu. Titta igen "
	    "senare.",
	[M_STATUS_REPLY_FROM] = "Svar {0}",
	[M_STATUS_AGAIN] = "Se status för en annan kod",
};
