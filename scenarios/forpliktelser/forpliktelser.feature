# language: no
Egenskap: Forpliktelser ved tilgang (R21, R24)
  Pasientjournalloven § 22 og helsepersonelloven § 21 a: hver tilgang som innvilges, skal kilden
  logge i sin egen logg (forpliktelsen "logg"). Tillitsrammeverket ATT-46 og ATT-48: når
  helsepersonellet har gitt seg selv tilgang (`decision_ref.user_selected`), innvilges den når
  alt annet tillater det, men skal etterkontrolleres (forpliktelsen "etterkontroll").
  Forpliktelser følger bare en innvilget tilgang, aldri et avslag.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @tilgang_logges
  Regel: En innvilget tilgang skal logges i kildens logg

    Eksempel: Dokumentlisten innvilges med plikt til å logge
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: Åpningen av dokumentet innvilges med plikt til å logge
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: Et avslag har ingen forpliktelser
      Gitt legen er innlogget på sikkerhetsnivå "3"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sikkerhetsnivaa_for_lavt"
      Og beslutningen har ingen forpliktelser

  @selvvalgt_tilgang_etterkontroll
  Regel: Tilgang helsepersonellet har gitt seg selv, skal etterkontrolleres

    @http
    Eksempel: Selvvalgt tilgang innvilges med etterkontroll
      Gitt legen har gitt seg selv tilgang (user_selected)
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har forpliktelsen "etterkontroll"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: Tilgang som ikke er selvvalgt, etterkontrolleres ikke
      Gitt legen har ikke gitt seg selv tilgang (user_selected er false)
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har ikke forpliktelsen "etterkontroll"

    Eksempel: Selvvalgt tilgang som avslås av en annen regel, har ingen etterkontroll
      Gitt legen har gitt seg selv tilgang (user_selected)
      Og attesten ble utstedt 3601 sekunder før tidspunktet
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_utloept"
      Og beslutningen har ikke forpliktelsen "etterkontroll"
