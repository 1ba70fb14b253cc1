# language: no
Egenskap: Regelbokens gjennomregnede eksempler (domain/rules.md)
  Eksemplene 1–20 i regelboken, hvert under en regel merket med regelen som avgjør det.
  Standard (BASE) er anestesilegen ved Oslo universitetssykehus med attesten fra
  tillitsrammeverkets eksempel 3, utstedt 300 sekunder før tidspunktet, beslutningsreferanse
  "0b1f84dd-6a42-4597-a726-3c39bb69f0d6" og ikke selvvalgt tilgang, innlogget på nivå 4.
  Kilden SRC-A deler liste og dokument med alle kategorier, og D1 er en epikrise fra 2019.
  Pasientens sperringer, reservasjoner, blokkeringer og sperreregler (eksemplene 13–16)
  registreres gjennom tjenestens API. I eksemplene 18–19 spør en innbygger på helsenorge
  (sikkerhetsnivå 4) i stedet for legen, og SRC-A deler også med innbyggere.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @formaal_mangler @beslutningsreferanse_mangler
  Regel: Eksempel 1 — fastlegeattesten slik den er publisert, mangler formål og beslutningsreferanse

    Eksempel: Den publiserte fastlegeattesten gir ikke dokumentlisten
      Gitt attesten er eksempelet "v1.1-eksempel-1-fastlege.json" fra tillitsrammeverket
      Og attesten har ikke utstedelsestidspunkt (toa)
      Og legen er innlogget med fødselsnummer "20086600138" og HPR-nummer "9144897"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_mangler"
      Og beslutningen er begrunnet med regelen "beslutningsreferanse_mangler"

  Regel: Eksempel 2 — en attest som ikke er gyldig JSON, avvises med 400 som peker på attesten

    @http
    Eksempel: Sykehjemsattesten slik den er publisert (komma etter siste felt) avvises
      Gitt attesten er teksten i eksempelet "v1.1-eksempel-2-sykehjem.published.json" slik den er publisert
      Og legen er innlogget med fødselsnummer "03117000205" og HPR-nummer "9144900"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så avvises forespørselen med status 400 for feltet "attestation"

    Eksempel: Tjenesten selv avviser den samme attesten og peker på attesten
      Gitt attesten er teksten i eksempelet "v1.1-eksempel-2-sykehjem.published.json" slik den er publisert
      Og legen er innlogget med fødselsnummer "03117000205" og HPR-nummer "9144900"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så avvises forespørselen med status 400 for feltet "attestation"

  @dokumentliste_kjernejournal @dokumentvisning @tilgang_logges
  Regel: Eksempel 3 — kjernejournal med samtykke gir dokumentlisten og dokumentet, med logging

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"

    @http
    Eksempel: BASE ser D1 i dokumentlisten i kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: BASE åpner D1 fra dokumentlisten i kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "logg"

  @sikkerhetsnivaa_for_lavt
  Regel: Eksempel 4 — innlogging på sikkerhetsnivå 3 er ikke nok

    Eksempel: BASE innlogget på nivå 3 ser ikke dokumentlisten
      Gitt legen er innlogget på sikkerhetsnivå "3"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sikkerhetsnivaa_for_lavt"

  @formaal_ugyldig
  Regel: Eksempel 5 — drift av helsetjenesten (HOPERAT) er ikke et formål som gir tilgang

    Eksempel: BASE med formålet HOPERAT ser ikke dokumentlisten
      Gitt attesten har formålet "HOPERAT"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_ugyldig"

  @formaal_gir_ikke_dokumentvisning
  Regel: Eksempel 6 — koordinering (COC) gir dokumentlisten, men ikke dokumentet

    Bakgrunn:
      Gitt attesten har formålet "COC"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: BASE med formålet COC ser dokumentlisten
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: BASE med formålet COC får ikke åpne dokumentet
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_gir_ikke_dokumentvisning"

  @tilgangsgrunnlag_mangler
  Regel: Eksempel 7 — kjernejournal uten tilgangsgrunnlag

    Eksempel: BASE uten tilgangsgrunnlag ser ikke dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "tilgangsgrunnlag_mangler"

  @utenfor_tilbakeblikk
  Regel: Eksempel 8 — et prøvesvar som er tretten måneder gammelt

    Bakgrunn:
      Gitt et dokument "P1" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-10-26T10:00:00Z

    Eksempel: Prøvesvaret vises ikke i dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: Prøvesvaret vises i kildens dokumentliste
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @dokumentklasse_ikke_tillatt
  Regel: Eksempel 9 — løpende journal (B00-1) deles ikke

    Eksempel: BASE ser ikke et løpende journalnotat i dokumentlisten
      Gitt et dokument "B1" av klasse "B00-1" fra SRC-A, opprettet 2026-01-10
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumentklasse_ikke_tillatt"

  @rolle_utelukket
  Regel: Eksempel 10 — en veterinær (VE) får aldri tilgang

    @http
    Eksempel: BASE med autorisasjonen VE ser ikke dokumentlisten
      Gitt attesten har autorisasjonen "VE"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_utelukket"

  @fastlege_ikke_listepasient
  Regel: Eksempel 11 — fastlegen i første fase ser bare egne listepasienter

    Bakgrunn:
      Gitt attesten er eksempelet "v1.1-eksempel-1-fastlege.json" fra tillitsrammeverket
      Og attesten har formålet "TREAT"
      Og attesten har beslutningsreferansen "0b1f84dd-6a42-4597-a726-3c39bb69f0d6"
      Og legen er innlogget med fødselsnummer "20086600138" og HPR-nummer "9144897"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og parameteren "fastlege_fase" er "listepasienter"

    Eksempel: Fastlegen ser dokumentlisten til en pasient på egen liste
      Gitt pasienten "05076600324" står på listen til fastlegen "9144897" fra 2020-01-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Fastlegen ser ikke dokumentlisten til en pasient som ikke er på listen
      Gitt pasienten "05076600324" har ingen fastlege
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fastlege_ikke_listepasient"

  @fastlege_ikke_listepasient
  Regel: Eksempel 12 — når fasen er «alle», ser fastlegen også pasienter utenfor egen liste

    @http
    Eksempel: Fastlegen ser dokumentlisten til en pasient som ikke er på listen
      Gitt attesten er eksempelet "v1.1-eksempel-1-fastlege.json" fra tillitsrammeverket
      Og attesten har formålet "TREAT"
      Og attesten har beslutningsreferansen "0b1f84dd-6a42-4597-a726-3c39bb69f0d6"
      Og legen er innlogget med fødselsnummer "20086600138" og HPR-nummer "9144897"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og parameteren "fastlege_fase" er "alle"
      Og pasienten "05076600324" har ingen fastlege
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @pasient_sperret_pjd
  Regel: Eksempel 13 — en pasient som har sperret journaldokumentene, får dem ikke delt

    @http
    Eksempel: BASE ser ikke dokumentlisten til en pasient som har sperret journaldokumentene
      Gitt pasienten har sperret deling av journaldokumenter på helsenorge
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"

  @helsepersonell_blokkert
  Regel: Eksempel 14 — blokkert helsepersonell får ikke tilgang, heller ikke i en akuttsituasjon

    Eksempel: BASE, blokkert i kjernejournal, ser ikke dokumentlisten ved akuttbehandling
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og attesten har formålet "ETREAT"
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"

  @sperreregel_hos_kilde
  Regel: Eksempel 15 — SRC-A har en sperreregel mot virksomheten 997506499 (Oslo kommune helseetaten)

    Bakgrunn:
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten 997506499
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: En lege i Oslo kommune helseetaten får ikke åpne D1
      Gitt en lege ved Oslo kommune helseetaten med gyldig attest for pasienten
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: BASE ved Oslo universitetssykehus åpner D1
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @sperreregel_hos_kilde
  Regel: Eksempel 16 — SRC-A har en sperreregel mot gruppen spesialister (SP)

    Bakgrunn:
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "SP"
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: BASE som lege (LE) åpner D1
      Gitt attesten har autorisasjonen "LE"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    @http
    Eksempel: BASE som spesialist (SP) får ikke åpne D1
      Gitt attesten har autorisasjonen "SP"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

  @dokument_sperret_nors
  Regel: Eksempel 17 — D1 er sperret (NORS)

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og dokumentet "D1" har konfidensialiteten "NORS"

    Eksempel: D1 vises ikke i dokumentlisten og telles som skjult
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og antallet skjulte dokumenter er 1

    Eksempel: BASE får ikke åpne D1
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"

  @innbygger_innsyn @nektet_innsyn_innbygger
  Regel: Eksempel 18 — en voksen innbygger åpner sitt eget dokument, men ikke et med nektet innsyn

    Bakgrunn:
      Gitt kilden SRC-A deler med innbyggere
      Og pasienten er innlogget på helsenorge og er 45 år
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    @http
    Eksempel: Den voksne innbyggeren åpner sin egen D1
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: Den voksne innbyggeren åpner ikke sin egen D1 med nektet innsyn (NORN_FFL)
      Gitt dokumentet "D1" har konfidensialiteten "NORN_FFL"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_innbygger"

  @foreldre_barn_for_gammelt
  Regel: Eksempel 19 — en forelder (.1) ser dokumentlisten til et barn på 10 år, ikke til et på 13

    Bakgrunn:
      Gitt kilden SRC-A deler med innbyggere
      Og innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: Forelderen ser dokumentlisten til barnet på 10 år
      Gitt innbyggeren er forelder til pasienten, som er 10 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: Forelderen ser ikke dokumentlisten til barnet på 13 år
      Gitt innbyggeren er forelder til pasienten, som er 13 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "foreldre_barn_for_gammelt"

  @selvvalgt_tilgang_etterkontroll
  Regel: Eksempel 20 — selvvalgt tilgang innvilges med etterkontroll

    Eksempel: BASE som har gitt seg selv tilgang ser dokumentlisten, med etterkontroll
      Gitt legen har gitt seg selv tilgang (user_selected)
      Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har forpliktelsen "etterkontroll"
