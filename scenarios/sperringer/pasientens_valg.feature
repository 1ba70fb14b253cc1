# language: no
Egenskap: Pasientens sperring av journaldokumenter og reservasjon mot kjernejournal (R12, R13)
  Helsepersonelloven § 45 og pasient- og brukerrettighetsloven § 5-3: en pasient som har sperret
  deling av journaldokumenter på helsenorge, får ingen dokumenter delt med helsepersonell, verken
  gjennom kjernejournal eller direkte fra kilden. Kjernejournalforskriften § 3: en pasient som har
  reservert seg mot å ha kjernejournal, får ingenting vist gjennom kjernejournal. Etter vår
  avgjørelse (Q1) gjelder reservasjonen også deling direkte fra kilden (hpl45), så lenge
  parameteren `kj_reservasjon_gjelder_hpl45` er slått på (standard). Pasientens valg registreres
  gjennom tjenestens API, slik helsenorge gjør det.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @pasient_sperret_pjd
  Regel: En pasient som har sperret journaldokumentene, får dem ikke delt på noen sti

    Eksempel: Dokumentlisten fra kilden viser ikke dokumentet
      Gitt pasienten har sperret deling av journaldokumenter på helsenorge
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"

    @http
    Eksempel: Kjernejournal viser ikke dokumentet for en pasient som har sperret journaldokumentene, heller ikke med samtykke
      Gitt pasienten har sperret deling av journaldokumenter på helsenorge
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"

    Eksempel: Legen får ikke åpne dokumentet
      Gitt pasienten har sperret deling av journaldokumenter på helsenorge
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"

    Eksempel: Når pasienten har opphevet sperringen, vises dokumentet igjen
      Gitt pasienten har sperret deling av journaldokumenter på helsenorge
      Og registreringen er trukket tilbake
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @pasient_reservert_kjernejournal
  Regel: En pasient som har reservert seg mot kjernejournal, får ingenting vist gjennom kjernejournal

    Bakgrunn:
      Gitt dokumentlisten hentes fra kjernejournal

    Eksempel: Kjernejournal viser ikke dokumentet for en pasient som har reservert seg, heller ikke med samtykke
      Gitt pasienten har reservert seg mot å ha kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_kjernejournal"

    Eksempel: Dokumentet i kjernejournal åpnes ikke, heller ikke i en akuttsituasjon
      Gitt pasienten har reservert seg mot å ha kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_kjernejournal"

    Eksempel: Uten reservasjon viser kjernejournal dokumentet
      Gitt tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

  @pasient_reservert_hpl45
  Regel: Reservasjonen mot kjernejournal gjelder også deling direkte fra kilden, når parameteren sier det

    Bakgrunn:
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45

    @http
    Eksempel: Kildens dokumentliste viser ikke dokumentet når pasienten har reservert seg
      Gitt pasienten har reservert seg mot å ha kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_hpl45"

    Eksempel: Legen får ikke åpne dokumentet fra kilden når pasienten har reservert seg
      Gitt pasienten har reservert seg mot å ha kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_hpl45"

    Eksempel: Når reservasjonen ikke gjelder kilden, viser kildens dokumentliste dokumentet
      Gitt parameteren "kj_reservasjon_gjelder_hpl45" er false
      Og pasienten har reservert seg mot å ha kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Når reservasjonen ikke gjelder kilden, gjelder den fortsatt kjernejournal
      Gitt parameteren "kj_reservasjon_gjelder_hpl45" er false
      Og pasienten har reservert seg mot å ha kjernejournal
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_kjernejournal"
