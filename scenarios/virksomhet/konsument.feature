# language: no
Egenskap: Konsumentvirksomheten er registrert og aktiv (R2)
  Tillitsrammeverket ATT-12 og bruksvilkårene for PJD: virksomheten som utsteder attesten
  (`legal_entity`) er registrert som konsument, er medlem av Helsenettet, har akseptert
  bruksvilkårene for PJD og er aktiv som konsument på tidspunktet. En periode gjelder fra og
  med første dag og til, men ikke med, sluttdatoen: sluttdatoen er første dag den ikke er aktiv.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @konsument_ikke_registrert
  Regel: Bare registrerte konsumenter får tilgang

    Eksempel: Oslo universitetssykehus er registrert som konsument
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: Nordlandssykehuset er bare kilde, ikke konsument
      Gitt en lege ved Nordlandssykehuset med gyldig attest for pasienten
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_ikke_registrert"

    Eksempel: En virksomhet som er strøket som konsument får ikke åpne dokumenter
      Gitt virksomheten Oslo universitetssykehus er ikke registrert som konsument
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_ikke_registrert"

  @konsument_ikke_helsenettmedlem
  Regel: Konsumenten er medlem av Helsenettet

    Eksempel: Et medlem av Helsenettet får tilgang
      Gitt virksomheten Oslo universitetssykehus er medlem av Helsenettet
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En virksomhet som ikke er medlem av Helsenettet får ikke tilgang
      Gitt virksomheten Oslo universitetssykehus er ikke medlem av Helsenettet
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_ikke_helsenettmedlem"

  @konsument_vilkaar_ikke_akseptert
  Regel: Konsumenten har akseptert bruksvilkårene for PJD

    Eksempel: En virksomhet som har akseptert vilkårene får tilgang
      Gitt virksomheten Oslo universitetssykehus har akseptert bruksvilkårene
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En virksomhet som ikke har akseptert vilkårene får ikke tilgang
      Gitt virksomheten Oslo universitetssykehus har ikke akseptert bruksvilkårene
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_vilkaar_ikke_akseptert"

  @konsument_ikke_aktiv
  Regel: Konsumenten er aktiv på tidspunktet; sluttdatoen er første dag den ikke er aktiv

    Eksempel: Første aktive dag er i dag
      Gitt virksomheten Oslo universitetssykehus er aktiv som konsument fra 2026-11-26
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Konsumenten blir aktiv først i morgen
      Gitt virksomheten Oslo universitetssykehus er aktiv som konsument fra 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_ikke_aktiv"

    Eksempel: Sluttdatoen er i dag, så konsumenten er ikke lenger aktiv
      Gitt virksomheten Oslo universitetssykehus er aktiv som konsument fra 2024-01-01 til 2026-11-26
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_ikke_aktiv"

    Eksempel: Sluttdatoen er i morgen, så i dag er siste aktive dag
      Gitt virksomheten Oslo universitetssykehus er aktiv som konsument fra 2024-01-01 til 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: Konsumenten er aktiv fra midnatt i Oslo den første dagen
      Gitt tidspunktet er 2026-11-26T23:30:00Z
      Og virksomheten Oslo universitetssykehus er aktiv som konsument fra 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Konsumenten er ikke lenger aktiv fra midnatt i Oslo på sluttdatoen
      Gitt tidspunktet er 2026-11-26T23:30:00Z
      Og virksomheten Oslo universitetssykehus er aktiv som konsument fra 2024-01-01 til 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "konsument_ikke_aktiv"
