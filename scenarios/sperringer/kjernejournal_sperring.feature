# language: no
Egenskap: Sperret kjernejournal og blokkert helsepersonell (R14, R32)
  Kjernejournalforskriften og Norsk helsenetts beskrivelse av tjenesten: en pasient som har sperret
  kjernejournalen, får den bare åpnet med vilje: med samtykke når helsepersonellet har bekreftet
  at pasienten samtykker til å åpne den sperrede journalen (`opens_locked`), eller i en
  akuttsituasjon med formålet akuttbehandling (ETREAT) eller nødtilgang (BTG); åpningen logges
  særskilt (forpliktelsen "saerskilt_logg") og vises for pasienten. Deling direkte fra kilden
  (hpl45) berøres ikke av sperringen. Helsepersonell pasienten har blokkert (med HPR-nummer), får
  aldri tilgang gjennom kjernejournal, heller ikke i en akuttsituasjon; etter vår avgjørelse (Q3)
  gjelder blokkeringen også deling direkte fra kilden, så lenge parameteren
  `kj_blokkering_gjelder_hpl45` er slått på (standard). Andre helsepersonell berøres ikke.
  Sperringen og blokkeringen registreres gjennom tjenestens API, slik helsenorge gjør det.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @kjernejournal_sperret
  Regel: En sperret kjernejournal åpnes bare med bekreftet samtykke til å åpne den, eller i en akuttsituasjon

    Bakgrunn:
      Gitt pasienten har sperret kjernejournalen

    Eksempel: Med bekreftet samtykke til å åpne den viser den sperrede kjernejournalen dokumentlisten
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Og legen har bekreftet at pasienten samtykker til å åpne den sperrede kjernejournalen
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    @http
    Eksempel: Det vanlige samtykket åpner ikke en sperret kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kjernejournal_sperret"

    Eksempel: Akutt med formålet behandling (TREAT) åpner ikke en sperret kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Og attesten har formålet "TREAT"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kjernejournal_sperret"

    Eksempel: Akutt med formålet akuttbehandling (ETREAT) åpner den sperrede kjernejournalen
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Og attesten har formålet "ETREAT"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    @http
    Eksempel: Uten samtykke, med unntak fra samtykke, forblir kjernejournalen sperret
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "unntak"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kjernejournal_sperret"

    Eksempel: Dokumentet i den sperrede kjernejournalen åpnes ikke med unntak fra samtykke
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "unntak"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kjernejournal_sperret"

    Eksempel: Sperringen av kjernejournalen gjelder ikke deling direkte fra kilden
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har ikke forpliktelsen "saerskilt_logg"

  @kjernejournal_sperring_aapnet
  Regel: Åpning av en sperret kjernejournal logges særskilt

    Bakgrunn:
      Gitt dokumentlisten hentes fra kjernejournal

    Eksempel: Åpning med bekreftet samtykke logges særskilt
      Gitt pasienten har sperret kjernejournalen
      Og tilgangsgrunnlaget er "samtykke"
      Og legen har bekreftet at pasienten samtykker til å åpne den sperrede kjernejournalen
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"
      Og beslutningen har forpliktelsen "saerskilt_logg"
      Og beslutningen har forpliktelsen "logg"

    @http
    Eksempel: Åpning i en akuttsituasjon logges særskilt
      Gitt pasienten har sperret kjernejournalen
      Og tilgangsgrunnlaget er "akutt"
      Og attesten har formålet "ETREAT"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "saerskilt_logg"

    Eksempel: En kjernejournal som ikke er sperret, logges ikke særskilt
      Gitt tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"
      Og beslutningen har ikke forpliktelsen "saerskilt_logg"

    Eksempel: En sperret kjernejournal som ikke åpnes, gir ingen forpliktelser
      Gitt pasienten har sperret kjernejournalen
      Og tilgangsgrunnlaget er "unntak"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kjernejournal_sperret"
      Og beslutningen har ingen forpliktelser

  @helsepersonell_blokkert
  Regel: Helsepersonell pasienten har blokkert, får aldri tilgang gjennom kjernejournal

    Bakgrunn:
      Gitt dokumentlisten hentes fra kjernejournal

    Eksempel: Den blokkerte legen ser ikke dokumentlisten, heller ikke med samtykke
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"

    @http
    Eksempel: Den blokkerte legen ser ikke dokumentlisten i en akuttsituasjon
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og attesten har formålet "ETREAT"
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"

    Eksempel: Den blokkerte legen får ikke åpne dokumentet i en akuttsituasjon
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og attesten har formålet "ETREAT"
      Og tilgangsgrunnlaget er "akutt"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"

    Eksempel: Et annet helsepersonell enn det blokkerte ser dokumentlisten
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og legen er innlogget med fødselsnummer "13116900216" og HPR-nummer "565501872"
      Og attesten oppgir personen "13116900216"
      Og attesten oppgir HPR-nummeret "565501872"
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

  @helsepersonell_blokkert_hpl45
  Regel: Blokkeringen gjelder også deling direkte fra kilden, når parameteren sier det

    Bakgrunn:
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45

    Eksempel: Den blokkerte legen ser ikke kildens dokumentliste
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert_hpl45"

    Eksempel: Den blokkerte legen får ikke åpne dokumentet fra kilden
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert_hpl45"

    Eksempel: Når blokkeringen ikke gjelder kilden, ser legen kildens dokumentliste
      Gitt parameteren "kj_blokkering_gjelder_hpl45" er false
      Og pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Når blokkeringen ikke gjelder kilden, gjelder den fortsatt kjernejournal
      Gitt parameteren "kj_blokkering_gjelder_hpl45" er false
      Og pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"
