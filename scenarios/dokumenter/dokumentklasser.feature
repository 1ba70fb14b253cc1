# language: no
Egenskap: Dokumentklasser og dokumenttyper som kan deles (R5)
  Kjernejournalforskriften § 4 første ledd nr. 7 på kjernejournalstien, produktets avtale med
  kildene på hpl45-stien: bare dokumentklassene i parameteren `dokumentklasser` kan vises i
  dokumentlisten eller åpnes, på begge stiene. Standard er epikriser og sammenfatninger (A00-1),
  bildediagnostikk (E00-1), henvisninger (I00-1) og prøvesvar (C00-1). Av korrespondansen (I00-1)
  hører bare henvisninger til på kjernejournalstien: dokumenttypene i parameteren
  `dokumenttyper_kjernejournal` (standard I01-1; koden er ikke bekreftet mot Volven 9602, Q21).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @dokumentklasse_ikke_tillatt @dokumentklasse_ikke_tillatt_kjernejournal
  Regel: Bare epikriser, bildediagnostikk, henvisninger og prøvesvar deles

    Eksempel: De fire dokumentklassene vises i dokumentlisten
      Gitt et dokument "EPI" av klasse "A00-1" fra SRC-A, opprettet 2026-01-10
      Og et dokument "RAD" av klasse "E00-1" fra SRC-A, opprettet 2026-01-10
      Og et dokument "HEN" av klasse "I00-1" fra SRC-A, opprettet 2026-01-10
      Og et dokument "LAB" av klasse "C00-1" fra SRC-A, opprettet 2026-01-10
      Når legen ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "EPI"
      Og beslutningen er "permit" for dokumentet "RAD"
      Og beslutningen er "permit" for dokumentet "HEN"
      Og beslutningen er "permit" for dokumentet "LAB"
      Og beslutningen for dokumentet "LAB" er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Et løpende journalnotat vises ikke i dokumentlisten
      Gitt et dokument "B1" av klasse "B00-1" fra SRC-A, opprettet 2026-01-10
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumentklasse_ikke_tillatt"

    Eksempel: Et løpende journalnotat vises heller ikke i kjernejournal
      Gitt et dokument "B1" av klasse "B00-1" fra SRC-A, opprettet 2026-01-10
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumentklasse_ikke_tillatt_kjernejournal"

    Eksempel: En epikrise vises i dokumentlisten i kjernejournal
      Gitt et dokument "EPI" av klasse "A00-1" fra SRC-A, opprettet 2026-01-10
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    @http
    Eksempel: Et løpende journalnotat kan ikke åpnes
      Gitt et dokument "B1" av klasse "B00-1" fra SRC-A, opprettet 2026-01-10
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumentklasse_ikke_tillatt"

    Eksempel: Et løpende journalnotat skjules, mens epikrisen i samme liste vises
      Gitt et dokument "EPI" av klasse "A00-1" fra SRC-A, opprettet 2026-01-10
      Og et dokument "B1" av klasse "B00-1" fra SRC-A, opprettet 2026-01-10
      Når legen ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "EPI"
      Og beslutningen er "deny" for dokumentet "B1"
      Og beslutningen for dokumentet "B1" er begrunnet med regelen "dokumentklasse_ikke_tillatt"

    Eksempel: Når parameteren bare tillater epikriser, deles ikke bildediagnostikk
      Gitt parameteren "dokumentklasser" er ["A00-1"]
      Og et dokument "RAD" av klasse "E00-1" fra SRC-A, opprettet 2026-01-10
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumentklasse_ikke_tillatt"

  @dokumenttype_ikke_tillatt_kjernejournal
  Regel: Av korrespondansen vises bare henvisninger i kjernejournal

    Bakgrunn:
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"

    Eksempel: En henvisning vises i dokumentlisten i kjernejournal
      Gitt et dokument "HEN" av type "I01-1" i klasse "I00-1" fra SRC-A, opprettet 2026-10-10
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    @http
    Eksempel: Annen korrespondanse vises ikke i kjernejournal
      Gitt et dokument "BREV" av type "I02-1" i klasse "I00-1" fra SRC-A, opprettet 2026-10-10
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumenttype_ikke_tillatt_kjernejournal"

    Eksempel: Korrespondanse uten dokumenttype åpnes ikke i kjernejournal
      Gitt et dokument "HEN" av klasse "I00-1" fra SRC-A, opprettet 2026-10-10
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokumenttype_ikke_tillatt_kjernejournal"

    Eksempel: Direkte fra kilden vises også annen korrespondanse
      Gitt et dokument "BREV" av type "I02-1" i klasse "I00-1" fra SRC-A, opprettet 2026-10-10
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
