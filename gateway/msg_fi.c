/* msg_fi.c — suomenkieliset tekstit (msg.h). */
#include "sinetti/msg.h"

const char *const msg_fi[M_NKEYS] = {
	[M_LANG_CODE] = "fi",
	[M_LANG_NAME] = "suomi",
	[M_LANG_SWITCH_LABEL] = "Kieli",
	[M_SERVICE] = "Palaute sosiaalipalvelujen valvontaan",
	[M_ORG_DEFAULT] = "Sosiaalipalvelujen valvonta",
	[M_SKIP] = "Siirry sisältöön",
	[M_EXIT] = "Poistu sivulta",
	[M_EXIT_URL] = "https://www.ilmatieteenlaitos.fi/",
	[M_FOOTER_LABEL] = "Tietoa palvelusta",
	[M_FOOTER_ACCESSIBILITY] = "Saavutettavuusseloste",
	[M_FOOTER_PRIVACY] = "Tietosuoja",
	[M_FOOTER_START] = "Etusivu",
	[M_TITLE_ERROR_PREFIX] = "Virhe: ",

	[M_URGENT_TITLE] = "Kiireellinen apu",
	[M_URGENT_TEXT] = "Jos kyseessä on äkillinen kriisi tai lapsi "
	    "tarvitsee apua tai suojelua, soita sosiaalipäivystykseen. "
	    "Hengenvaarassa soita 112.",
	[M_URGENT_TEXT_PHONE] = "Sosiaalipäivystys:",
	[M_URGENT_NOT_WATCHED] = "Tätä lomaketta ei seurata ympäri "
	    "vuorokauden. Älä käytä sitä asioihin, jotka eivät voi odottaa.",

	[M_START_TITLE] = "Anna palautetta sosiaalipalveluista",
	[M_START_LEAD] = "Kerro sosiaalipalvelujen valvonnalle, mikä onnistui "
	    "tai epäonnistui, mikä sinua huolestuttaa, tai tee muistutus. "
	    "Siihen menee muutama minuutti.",
	[M_START_KINDS_H] = "Mitä voit lähettää",
	[M_START_FEEDBACK] = "Kiitosta, moitetta tai kehitysidea palvelusta "
	    "tai siitä, miten sinua tai läheistäsi on kohdeltu.",
	[M_START_CONCERN] = "Olet huolissasi asiakkaan hoidosta tai siitä, "
	    "miten yksikkö toimii. Huoli voi koskea julkista tai yksityistä "
	    "palvelua.",
	[M_START_OBJECTION] = "Muistutus on virallinen tapa kertoa, että olet "
	    "tyytymätön palveluun tai kohteluun. Sen voi tehdä asiakas, "
	    "omainen, läheinen tai laillinen edustaja. Muistutukseen vastataan "
	    "kirjallisesti yleensä noin kuukauden kuluessa; laajempaa "
	    "selvitystä vaativa asia voi viedä 1–2 kuukautta.",
	[M_START_WHO_READS_H] = "Kuka lukee palautteesi",
	[M_START_WHO_READS] = "Vain sosiaalipalvelujen valvonnasta vastaavat "
	    "henkilöt voivat lukea lähettämäsi tiedot. Ne suojataan heti "
	    "saapuessaan niin, ettei edes tämä verkkopalvelu voi lukea niitä.",
	[M_START_NEVER_PUBLISHED] = "Palautteesi on luottamuksellinen, eikä "
	    "sitä koskaan julkaista.",
	[M_START_ANON] = "Nimeäsi ei tarvitse kertoa. Jos haluat, että "
	    "sinulle soitetaan, voit jättää puhelinnumerosi.",
	[M_START_OTHER_ROUTES_H] = "Muut tavat saada asiasi käsitellyksi",
	[M_START_NO_APPEAL] = "Muistutuksella ei voi hakea muutosta "
	    "viranhaltijan tekemään päätökseen. Päätöksessä kerrotaan, miten "
	    "siihen haetaan muutosta.",
	[M_START_COMPLAINT] = "Jos katsot, että on toimittu lainvastaisesti, "
	    "voit tehdä kantelun valvovalle viranomaiselle: {0}.",
	[M_START_OMBUDSMAN] = "Sosiaaliasiamies neuvoo maksutta ja voi auttaa "
	    "muistutuksen tekemisessä. Sosiaaliasiamies on puolueeton eikä "
	    "tee päätöksiä.",
	[M_START_OMBUDSMAN_CONTACT] = "Sosiaaliasiamiehen yhteystiedot: {0}",
	[M_START_BUTTON] = "Aloita",
	[M_AUTHORITY_DEFAULT] = "Lupa- ja valvontavirasto, joka on "
	    "1.1.2026 alkaen hoitanut aluehallintovirastojen ja Valviran "
	    "valvontatehtävät",

	[M_FORM_TITLE] = "Lähetä palautetta",
	[M_FORM_LEAD] = "Vain valvonnan työntekijät lukevat kirjoittamasi "
	    "tekstin, eikä sitä koskaan julkaista. Voit tarkistaa vastauksesi "
	    "ennen lähettämistä.",
	[M_FORM_CONTINUE] = "Jatka",
	[M_OPTIONAL] = "(vapaaehtoinen)",
	[M_KIND_LEGEND] = "Mitä haluat lähettää?",
	[M_KIND_FEEDBACK] = "Palaute",
	[M_KIND_FEEDBACK_HINT] = "Kiitosta, moitetta tai kehitysidea.",
	[M_KIND_CONCERN] = "Huoli",
	[M_KIND_CONCERN_HINT] = "Olet huolissasi asiakkaan hoidosta tai "
	    "yksikön toiminnasta.",
	[M_KIND_OBJECTION] = "Muistutus",
	[M_KIND_OBJECTION_HINT] = "Olet tyytymätön palveluun tai kohteluun ja "
	    "haluat kirjallisen vastauksen.",
	[M_UNIT_LABEL] = "Mitä yksikköä tai palvelua asia koskee?",
	[M_UNIT_HINT] = "Esimerkiksi hoivakoti, kotihoito tai "
	    "sosiaalitoimisto.",
	[M_UNIT_CHOOSE] = "Valitse yksikkö",
	[M_UNIT_OTHER_OPTION] = "Muu yksikkö tai en tiedä",
	[M_UNIT_OTHER_LABEL] = "Yksikön nimi, jos sitä ei ole luettelossa",
	[M_UNIT_OTHER_HINT] = "Kirjoita nimi tai osoite, jos tiedät sen.",
	[M_ROLE_LEGEND] = "Kuka olet?",
	[M_ROLE_CLIENT] = "Asiakas",
	[M_ROLE_RELATIVE] = "Omainen tai läheinen",
	[M_ROLE_REPRESENTATIVE] = "Laillinen edustaja",
	[M_ROLE_OTHER] = "Joku muu",
	[M_MESSAGE_LABEL] = "Mitä tapahtui?",
	[M_MESSAGE_HINT] = "Kerro mahdollisimman tarkasti, mitä tapahtui, "
	    "keitä asia koski (nimet tai tehtävänimikkeet) ja milloin.",
	[M_MESSAGE_PRIVACY_HINT] = "Älä kirjoita muiden ihmisten "
	    "henkilötietoja, jos ne eivät ole tarpeen asian ymmärtämiseksi.",
	[M_MESSAGE_LIMIT] = "Voit kirjoittaa enintään {0} merkkiä.",
	[M_WHEN_LABEL] = "Milloin se tapahtui?",
	[M_WHEN_HINT] = "Esimerkiksi 3.11.2026 iltapäivällä tai viime "
	    "keväästä lähtien.",
	[M_PERSONS_LABEL] = "Keitä asia koski?",
	[M_PERSONS_HINT] = "Nimet tai tehtävänimikkeet, jos tiedät ne.",
	[M_CALLBACK_H] = "Jos haluat, että sinulle soitetaan",
	[M_PHONE_LABEL] = "Puhelinnumero",
	[M_PHONE_HINT] = "Esimerkiksi 040 123 4567 tai +358 40 123 4567. "
	    "Soitamme 7 päivän kuluessa. Jätä tyhjäksi, jos haluat pysyä "
	    "nimettömänä.",
	[M_CALLBACK_TIME_LABEL] = "Milloin sinulle sopii soittaa?",
	[M_CALLBACK_TIME_HINT] = "Esimerkiksi arkisin klo 9–12.",

	[M_ERR_SUMMARY_TITLE] = "Tarkista nämä kohdat",
	[M_ERR_KIND] = "Valitse, lähetätkö palautteen, huolen vai "
	    "muistutuksen",
	[M_ERR_UNIT] = "Valitse yksikkö, jota asia koskee, tai valitse muu "
	    "yksikkö",
	[M_ERR_UNIT_OTHER_LONG] = "Yksikön nimessä voi olla enintään {0} "
	    "merkkiä",
	[M_ERR_ROLE] = "Valitse, kuka olet",
	[M_ERR_MESSAGE_EMPTY] = "Kerro, mitä tapahtui",
	[M_ERR_MESSAGE_LONG] = "Kohdassa ”Mitä tapahtui?” voi olla enintään "
	    "{0} merkkiä; olet kirjoittanut {1}",
	[M_ERR_WHEN_LONG] = "Kohdassa ”Milloin se tapahtui?” voi olla "
	    "enintään {0} merkkiä",
	[M_ERR_PERSONS_LONG] = "Kohdassa ”Keitä asia koski?” voi olla "
	    "enintään {0} merkkiä",
	[M_ERR_PHONE] = "Anna puhelinnumero muodossa 040 123 4567 tai +358 40 "
	    "123 4567, tai jätä kenttä tyhjäksi",
	[M_ERR_CALLBACK_LONG] = "Soittoajassa voi olla enintään {0} merkkiä",
	[M_ERR_PREFIX] = "Virhe:",

	[M_CHECK_TITLE] = "Tarkista vastauksesi ennen lähettämistä",
	[M_CHECK_LEAD] = "Mitään ei ole vielä lähetetty. Jos jokin on väärin, "
	    "valitse Muuta vastauksia.",
	[M_CHECK_SEND] = "Lähetä",
	[M_CHECK_CHANGE] = "Muuta vastauksia",
	[M_CHECK_NOT_GIVEN] = "Ei annettu",
	[M_CHECK_UNIT_OTHER] = "Yksikön nimi",

	[M_DONE_TITLE] = "Palautteesi on lähetetty",
	[M_DONE_RECEIPT_LABEL] = "Tunnisteesi",
	[M_DONE_RECEIPT_KEEP] = "Kirjoita tunniste muistiin tai ota siitä "
	    "kuva. Vain sen avulla voit seurata asiaasi nimettömänä, eikä sitä "
	    "voi näyttää uudelleen.",
	[M_DONE_NEXT_H] = "Mitä seuraavaksi tapahtuu",
	[M_DONE_NEXT] = "Valvonnan työntekijät lukevat palautteesi, kirjaavat "
	    "sen ja puuttuvat mahdollisiin epäkohtiin.",
	[M_DONE_OBJECTION] = "Muistutukseen vastataan kirjallisesti yleensä "
	    "noin kuukauden kuluessa; laajempaa selvitystä vaativa asia voi "
	    "viedä 1–2 kuukautta.",
	[M_DONE_CALLBACK] = "Annoit puhelinnumeron: sinulle soitetaan 7 "
	    "päivän kuluessa.",
	[M_DONE_NO_CALLBACK] = "Et antanut puhelinnumeroa, joten emme voi "
	    "soittaa sinulle.",
	[M_DONE_FOLLOWUP] = "Tunnisteen avulla voit myöhemmin katsoa tällä "
	    "sivustolla, missä vaiheessa asiasi on, ja lukea vastaukset.",
	[M_DONE_AGAIN] = "Takaisin etusivulle",

	[M_UNAVAIL_TITLE] = "Palautettasi ei voitu tallentaa",
	[M_UNAVAIL_TEXT] = "Palautettasi ei voitu tallentaa meistä johtuvan "
	    "vian vuoksi, eikä mitään lähetetty. Vastauksesi ovat alla. "
	    "Yritä hetken kuluttua uudelleen.",
	[M_UNAVAIL_RETRY] = "Yritä lähettää uudelleen",

	[M_R400_TITLE] = "Lomaketta ei voitu lukea",
	[M_R400_TEXT] = "Lähetetyt tiedot eivät olleet kelvollinen lomake. "
	    "Mitään ei tallennettu. Täytä lomake uudelleen.",
	[M_R404_TITLE] = "Sivua ei löytynyt",
	[M_R404_TEXT] = "Tässä osoitteessa ei ole sivua. Tarkista osoite tai "
	    "siirry etusivulle.",
	[M_R405_TITLE] = "Toiminto ei ole sallittu",
	[M_R405_TEXT] = "Tätä sivua ei voi käyttää tällä tavalla.",
	[M_R413_TITLE] = "Lähettämäsi teksti on liian pitkä",
	[M_R413_TEXT] = "Mitään ei tallennettu. Lyhennä tekstiä ja yritä "
	    "uudelleen.",
	[M_R415_TITLE] = "Lomaketta ei voitu lukea",
	[M_R415_TEXT] = "Lomake lähetettiin muodossa, jota tämä palvelu ei "
	    "hyväksy. Mitään ei tallennettu. Käytä tämän sivuston lomaketta.",
	[M_R429_TITLE] = "Liian monta viestiä juuri nyt",
	[M_R429_TEXT] = "Palveluun tulee juuri nyt paljon viestejä. Mitään ei "
	    "tallennettu. Yritä muutaman minuutin kuluttua uudelleen.",
	[M_R503_TITLE] = "Palvelu ei ole käytettävissä",
	[M_R503_TEXT] = "Palvelu ei juuri nyt voi ottaa vastaan palautetta. "
	    "Mitään ei tallennettu. Yritä myöhemmin uudelleen.",
	[M_RERR_TITLE] = "Jokin meni vikaan",
	[M_RERR_TEXT] = "Mitään ei tallennettu. Yritä myöhemmin uudelleen.",
	[M_R_BACK_FORM] = "Takaisin lomakkeelle",
	[M_R_BACK_START] = "Siirry etusivulle",

	[M_A11Y_TITLE] = "Saavutettavuusseloste",
	[M_A11Y_INTRO] = "{0} haluaa, että kaikki voivat käyttää tätä "
	    "palautepalvelua. Tämä seloste koskee palautelomaketta ja sen "
	    "sivuja.",
	[M_A11Y_STATUS_H] = "Saavutettavuuden tila",
	[M_A11Y_STATUS] = "Palvelu on tehty täyttämään digitaalisten "
	    "palvelujen tarjoamisesta annetun lain (306/2019) edellyttämät "
	    "WCAG 2.1 -ohjeiston AA-tason kriteerit. Emme tiedä puutteista.",
	[M_A11Y_HOW_H] = "Miten palvelu on testattu",
	[M_A11Y_HOW] = "Jokainen sivu testataan automaattisesti oikealla "
	    "selaimella JavaScript poissa käytöstä suomeksi, ruotsiksi ja "
	    "englanniksi: axe-core-tarkistukset WCAG 2.0- ja 2.1-tasoille A ja "
	    "AA, HTML-validointi ja asettelun tarkistus 320 pikselin "
	    "leveydellä. Sivut toimivat ilman JavaScriptiä, pelkällä "
	    "näppäimistöllä ja 200 %:n suurennuksella.",
	[M_A11Y_LIMITS_H] = "Tunnetut rajoitukset",
	[M_A11Y_LIMITS] = "Jos vaihdat kieltä kesken lomakkeen täyttämisen, "
	    "jo kirjoittamasi vastaukset eivät siirry toiselle kielelle.",
	[M_A11Y_FEEDBACK_H] = "Palaute saavutettavuudesta",
	[M_A11Y_FEEDBACK] = "Jos huomaat ongelman, kerro siitä tällä samalla "
	    "lomakkeella: valitse Palaute ja kirjoita, että asia koskee "
	    "saavutettavuutta. Vastaamme 14 päivän kuluessa, jos jätät "
	    "puhelinnumerosi.",
	[M_A11Y_ENFORCE_H] = "Valvontaviranomainen",
	[M_A11Y_ENFORCE] = "Jos et ole tyytyväinen saamaasi vastaukseen tai "
	    "et saa vastausta kahden viikon aikana, voit tehdä ilmoituksen "
	    "Liikenne- ja viestintävirasto Traficomin saavutettavuuden "
	    "valvontaan.",
	[M_A11Y_ENFORCE_LINK] = "Saavutettavuusvaatimukset: "
	    "saavutettavuusvaatimukset.fi",
	[M_A11Y_DATE] = "Seloste on laadittu 23.11.2026.",

	[M_PRIV_TITLE] = "Tietosuoja",
	[M_PRIV_INTRO] = "{0} on rekisterinpitäjä tämän palvelun kautta "
	    "lähetetyille tiedoille. Tällä sivulla kerrotaan, mitä "
	    "tallennetaan ja mitä ei.",
	[M_PRIV_STORED_H] = "Mitä tallennetaan",
	[M_PRIV_STORED_1] = "Lomakkeeseen kirjoittamasi tiedot, jotka "
	    "sinetöidään heti saapuessaan niin, että vain valvonnan "
	    "työntekijät voivat avata ne.",
	[M_PRIV_STORED_2] = "Tunti, jolloin palautteesi saapui, ei tarkkaa "
	    "kellonaikaa.",
	[M_PRIV_STORED_3] = "Tunnisteestasi johdettu avain, jotta voit "
	    "myöhemmin lukea vastaukset. Tunnistetta itseään ei tallenneta.",
	[M_PRIV_NOT_H] = "Mitä ei tallenneta",
	[M_PRIV_NOT_1] = "IP-osoitettasi: sitä käytetään vain yhteyden "
	    "ollessa auki, eikä sitä koskaan tallenneta tai kirjata lokiin.",
	[M_PRIV_NOT_2] = "Evästeitä: tämä palvelu ei käytä evästeitä.",
	[M_PRIV_NOT_3] = "Selaimesi tietoja tai sitä, miltä sivulta tulit.",
	[M_PRIV_NOT_4] = "Kävijäseurantaa tai mitään muualta ladattavaa.",
	[M_PRIV_READ_H] = "Kuka lukee palautteesi",
	[M_PRIV_READ] = "Vain sosiaalipalvelujen valvonnasta vastaavat "
	    "viranhaltijat. He lukevat palautteen erillisellä tietokoneella, "
	    "jota ei ole kytketty tähän verkkopalveluun. Palautettasi ei "
	    "koskaan julkaista.",
	[M_PRIV_PHONE_H] = "Puhelinnumerosi",
	[M_PRIV_PHONE] = "Jos annat puhelinnumeron, sitä käytetään vain "
	    "sinulle soittamiseen tässä asiassa. Se tallennetaan sinetöitynä "
	    "muun palautteesi kanssa.",
	[M_FOOTER_STATUS] = "Asiasi tilanne",
	[M_STATUS_TITLE] = "Katso asiasi tilanne",
	[M_STATUS_LEAD] = "Kirjoita tunniste, jonka sait, kun lähetit "
	    "palautteesi. Näet, missä vaiheessa asiasi on, ja voit lukea "
	    "vastaukset.",
	[M_STATUS_RECEIPT_LABEL] = "Tunniste",
	[M_STATUS_RECEIPT_HINT] = "Esimerkiksi 7KQ2-M9XD-4TRB-HW3N-P8VC-J6FA. "
	    "Isoilla ja pienillä kirjaimilla ei ole väliä.",
	[M_STATUS_BUTTON] = "Näytä tilanne",
	[M_STATUS_NOT_FOUND] = "Tällä tunnisteella ei löytynyt palautetta. "
	    "Tarkista, että kirjoitit tunnisteen oikein",
	[M_STATUS_NOW_H] = "Tilanne",
	[M_STATUS_RECEIVED] = "Vastaanotettu",
	[M_STATUS_IN_PROGRESS] = "Käsittelyssä",
	[M_STATUS_ANSWERED] = "Vastattu",
	[M_STATUS_REPLIES_H] = "Vastaukset",
	[M_STATUS_NO_REPLIES] = "Vastauksia ei ole vielä. Katso tilanne "
	    "myöhemmin uudelleen.",
	[M_STATUS_REPLY_FROM] = "Vastaus {0}",
	[M_STATUS_AGAIN] = "Katso toisen tunnisteen tilanne",
};
