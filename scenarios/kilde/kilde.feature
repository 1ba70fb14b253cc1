# language: no
Egenskap: Kildens forhåndsklarering av deling (R3, R4)
  Pasientjournalloven § 19 annet ledd: kilden bestemmer på forhånd hvordan og til hvem dokumentene
  gjøres tilgjengelige, per konsumentkategori, med én bryter for dokumentlisten og én for å åpne
  dokumentet. Dokumentlisten og åpningen av et dokument er to beslutninger; tilgang til den ene
  gir aldri tilgang til den andre. Et dokument fra en kilde som ikke er registrert og aktiv,
  deles ikke, men de andre dokumentene i listen avgjøres hver for seg.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @kilde_ikke_registrert
  Regel: Bare dokumenter fra registrerte kilder deles

    Eksempel: Et dokument fra en registrert kilde vises
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: En uregistrert kilde skjuler bare sine egne dokumenter i listen
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og et dokument "D2" av klasse "A00-1" fra Ukjent Klinikk AS, opprettet 2019-03-01
      Og et dokument "D3" av klasse "A00-1" fra Helse Bergen, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen er "deny" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "kilde_ikke_registrert"
      Og beslutningen er "permit" for dokumentet "D3"

    Eksempel: En kilde som er strøket fra registeret deler ikke dokumentet
      Gitt kilden Helse Bergen er ikke registrert
      Og et dokument "D1" av klasse "A00-1" fra Helse Bergen, opprettet 2019-03-01
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_ikke_registrert"

  @kilde_ikke_aktiv
  Regel: Kilden deler bare mens den er aktiv; sluttdatoen er første dag den ikke er aktiv

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: Kildens første aktive dag er i dag
      Gitt kilden SRC-A er aktiv fra 2026-11-26
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Kilden blir aktiv først i morgen
      Gitt kilden SRC-A er aktiv fra 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_ikke_aktiv"

    Eksempel: Kildens sluttdato er i dag
      Gitt kilden SRC-A er aktiv fra 2024-01-01 til 2026-11-26
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_ikke_aktiv"

    Eksempel: Kildens sluttdato er i morgen
      Gitt kilden SRC-A er aktiv fra 2024-01-01 til 2026-11-27
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @kilde_deler_ikke_liste
  Regel: Kilden har slått på dokumentlisten for konsumentens kategori

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

    Eksempel: Kilden deler dokumentlisten og dokumentene med helseforetak
      Gitt kilden SRC-A gir kategorien "helseforetak" tilgang til dokumentlisten og dokumentene
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Kilden deler ikke dokumentlisten med helseforetak
      Gitt kilden SRC-A gir kategorien "helseforetak" tilgang til bare dokumentene
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_liste"

    Eksempel: Kilden deler ingenting med sykehjem
      Gitt kilden SRC-A gir kategorien "sykehjem" tilgang til ingenting
      Og en lege ved Oslo kommune helseetaten med gyldig attest for pasienten
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_liste"

    Eksempel: Åpning av dokumentet avgjøres uten hensyn til dokumentlisten
      Gitt kilden SRC-A gir kategorien "helseforetak" tilgang til bare dokumentene
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @kilde_deler_ikke_dokument
  Regel: Kilden har slått på åpning av dokumenter for konsumentens kategori

    Bakgrunn:
      Gitt et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
      Og kilden SRC-A gir kategorien "helseforetak" tilgang til bare dokumentlisten

    Eksempel: Dokumentet vises i dokumentlisten når kilden deler listen
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: Tilgang til dokumentlisten gir ikke tilgang til å åpne dokumentet
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_dokument"

    Eksempel: En kilde som deler begge deler lar legen åpne dokumentet
      Gitt kilden SRC-A gir kategorien "helseforetak" tilgang til dokumentlisten og dokumentene
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
