# language: no
Egenskap: Dokumentklasser som kan deles (R5)
  Kjernejournalforskriften § 4 første ledd nr. 7: bare dokumentklassene i parameteren
  `dokumentklasser` kan vises i dokumentlisten eller åpnes, på begge stiene. Standard er
  epikriser og sammenfatninger (A00-1), bildediagnostikk (E00-1), henvisninger (I00-1) og
  prøvesvar (C00-1).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @dokumentklasse_ikke_tillatt
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
      Og beslutningen er begrunnet med regelen "dokumentklasse_ikke_tillatt"

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
