# language: no
Egenskap: Innbyggerens innsyn i egne journaldokumenter (R16–R18)
  Pasient- og brukerrettighetsloven § 5-1 og pasientjournalloven § 18: innbyggeren, innlogget på
  helsenorge på sikkerhetsnivå 4, ser dokumentlisten og åpner dokumentene om seg selv fra kilder
  som deler med innbyggere (kategorien "innbygger" i registeret), fra fylte 16 år (parameteren
  `innbygger_selvstendig_alder`). Hver innvilget tilgang skal kilden logge i sin egen logg.
  Dokumenter pasienten er nektet innsyn i (NORN_*), og dokumenter der innsynet er utsatt til
  helsepersonell har informert pasienten (NORU), vises ikke for innbyggeren; helsepersonell
  berøres ikke av det. Et dokument som er sperret for helsepersonell (NORS), er ikke sperret for
  pasienten selv. En konfidensialitetskode utenfor kodeverket leses som den strengeste: den
  nekter innbyggeren innsyn (som NORN_*) og sperrer for helsepersonell (som NORS). Pasienten er tillitsrammeverkets testpasient; alderen er den helsenorge oppgir.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og kilden SRC-A deler med innbyggere

  @innbygger_innsyn @tilgang_logges
  Regel: En innbygger på 16 år eller mer ser og åpner egne dokumenter, og tilgangen logges

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    @http
    Eksempel: En voksen innbygger ser sin egen epikrise i dokumentlisten
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: En voksen innbygger åpner sin egen epikrise
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: Et avslag til innbyggeren har ingen forpliktelser
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Og innbyggeren er innlogget på sikkerhetsnivå "3"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_sikkerhetsnivaa_for_lavt"
      Og beslutningen har ingen forpliktelser

  @innbygger_sikkerhetsnivaa_for_lavt
  Regel: Innbyggeren må være innlogget på sikkerhetsnivå 4

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og pasienten er innlogget på helsenorge og er 45 år

    Eksempel: Innbyggeren på sikkerhetsnivå 4 ser dokumentlisten
      Gitt innbyggeren er innlogget på sikkerhetsnivå "4"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    @http
    Eksempel: Innbyggeren på sikkerhetsnivå 3 ser ikke dokumentlisten
      Gitt innbyggeren er innlogget på sikkerhetsnivå "3"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_sikkerhetsnivaa_for_lavt"

  @innbygger_under_selvstendig_alder
  Regel: Innbyggeren har selvstendig digitalt innsyn fra fylte 16 år

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: En innbygger på 15 år ser ikke sin egen dokumentliste
      Gitt pasienten er innlogget på helsenorge og er 15 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_under_selvstendig_alder"

    Eksempel: En innbygger på 15 år åpner ikke sin egen epikrise
      Gitt pasienten er innlogget på helsenorge og er 15 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_under_selvstendig_alder"

    Eksempel: En innbygger som har fylt 16 år, ser sin egen dokumentliste
      Gitt pasienten er innlogget på helsenorge og er 16 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

  @kilde_deler_ikke_liste_med_innbygger
  Regel: Kilden har slått på dokumentlisten for innbyggere

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år

    @http
    Eksempel: En kilde som ikke deler med innbyggere, skjuler bare sine egne dokumenter i listen
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og et dokument "B1" av klasse "A00-1" fra Helse Bergen, opprettet 2019-03-01
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen er "deny" for dokumentet "B1"
      Og beslutningen for dokumentet "B1" er begrunnet med regelen "kilde_deler_ikke_liste_med_innbygger"

    Eksempel: En kilde som deler bare dokumentene med innbyggere, viser dem ikke i listen
      Gitt kilden SRC-A gir kategorien "innbygger" tilgang til bare dokumentene
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_liste_med_innbygger"

    Eksempel: Innbyggeren åpner et dokument kilden deler, uten hensyn til listen
      Gitt kilden SRC-A gir kategorien "innbygger" tilgang til bare dokumentene
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

  @kilde_deler_ikke_dokument_med_innbygger
  Regel: Kilden har slått på åpning av dokumenter for innbyggere

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år

    Eksempel: En kilde som deler bare listen med innbyggere, viser dokumentet i listen
      Gitt kilden SRC-A gir kategorien "innbygger" tilgang til bare dokumentlisten
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: Tilgang til listen gir ikke innbyggeren tilgang til å åpne dokumentet
      Gitt kilden SRC-A gir kategorien "innbygger" tilgang til bare dokumentlisten
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_dokument_med_innbygger"

    Eksempel: Innbyggeren åpner ikke et dokument fra en kilde som ikke deler med innbyggere
      Gitt et dokument "B1" av klasse "A00-1" fra Helse Bergen, opprettet 2019-03-01
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_dokument_med_innbygger"

  @kilde_ikke_registrert
  Regel: Innbyggeren ser bare dokumenter fra registrerte kilder

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år

    Eksempel: En uregistrert kilde skjuler bare sine egne dokumenter i innbyggerens liste
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og et dokument "U1" av klasse "A00-1" fra Ukjent Klinikk AS, opprettet 2019-03-01
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen er "deny" for dokumentet "U1"
      Og beslutningen for dokumentet "U1" er begrunnet med regelen "kilde_ikke_registrert"

    Eksempel: Innbyggeren åpner ikke et dokument fra en kilde som er strøket fra registeret
      Gitt kilden SRC-A er ikke registrert
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_ikke_registrert"

  @kilde_ikke_aktiv
  Regel: Kilden deler med innbyggere bare mens den er aktiv

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: Innbyggeren ser dokumentlisten fra kildens første aktive dag
      Gitt kilden SRC-A er aktiv fra 2026-11-26
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: Innbyggeren ser ikke dokumentlisten fra en kilde som blir aktiv i morgen
      Gitt kilden SRC-A er aktiv fra 2026-11-27
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_ikke_aktiv"

  @nektet_innsyn_innbygger
  Regel: Et dokument pasienten er nektet innsyn i (NORN), vises ikke for innbyggeren, men for helsepersonell

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: Innbyggeren åpner ikke et dokument nektet på grunn av fare for liv (NORN_FFL), legen gjør det
      Gitt dokumentet "D1" har konfidensialiteten "NORN_FFL"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_innbygger"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    @http
    Eksempel: Et dokument nektet som klart utilrådelig (NORN_KUT) vises ikke i innbyggerens liste, men i legens
      Gitt dokumentet "D1" har konfidensialiteten "NORN_KUT"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_innbygger"
      Og antallet skjulte dokumenter er 0
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Nektet innsyn i ett dokument skjuler ikke de andre i innbyggerens liste
      Gitt et dokument "D2" av klasse "E00-1" fra SRC-A, opprettet 2024-06-01
      Og dokumentet "D2" har konfidensialiteten "NORN_KUT"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen er "deny" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "nektet_innsyn_innbygger"

    Eksempel: Når tabellen sier at koden ikke nekter innbyggeren, ser innbyggeren dokumentet
      Gitt dokumentet "D1" har konfidensialiteten "NORN_EPO"
      Og tabellen "nektet_innsyn" sier at koden "NORN_EPO" ikke nekter innbyggeren
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: Et dokument merket med en kode kodeverket ikke kjenner («NORN-FFL»), vises ikke for innbyggeren eller legen
      Gitt dokumentet "D1" har konfidensialiteten "NORN-FFL"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_innbygger"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"

  @utsatt_innsyn_innbygger
  Regel: Innsynet i et dokument med utsatt innsyn (NORU) venter til pasienten er informert; helsepersonell berøres ikke

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: Innbyggeren åpner ikke et dokument med utsatt innsyn, legen gjør det
      Gitt dokumentet "D1" har konfidensialiteten "NORU"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utsatt_innsyn_innbygger"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: Et dokument med utsatt innsyn vises ikke i innbyggerens liste
      Gitt dokumentet "D1" har konfidensialiteten "NORU"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utsatt_innsyn_innbygger"

    Eksempel: Når innsynet ikke lenger er utsatt, åpner innbyggeren dokumentet
      Gitt dokumentet "D1" har konfidensialiteten "N"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

  @dokument_sperret_nors
  Regel: Et dokument som er sperret for helsepersonell (NORS), er ikke sperret for pasienten selv

    Bakgrunn:
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og dokumentet "D1" har konfidensialiteten "NORS"

    Eksempel: Innbyggeren åpner sitt eget sperrede dokument, legen gjør det ikke
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"

    Eksempel: Innbyggeren ser sitt eget sperrede dokument i listen, og det telles ikke som skjult
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
      Og antallet skjulte dokumenter er 0
