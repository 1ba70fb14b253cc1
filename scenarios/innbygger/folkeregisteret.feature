# language: no
Egenskap: Adressebeskyttelse og dødsfall i folkeregisteret (R34)
  Norsk helsenett og helsenorge: registeret tar fra folkeregisteret hvem som har fortrolig eller
  strengt fortrolig adresse, og når en person døde. For en pasient med strengt fortrolig adresse
  er kjernejournalstien stengt for helsepersonell; deling direkte fra kilden (hpl45) berøres
  ikke. På helsenorge handler ingen for en person med fortrolig eller strengt fortrolig adresse,
  og en slik person handler ikke for andre; sitt eget innsyn har hun som før. Fra dødsdatoen har
  ingen innbygger digitalt innsyn i den avdødes dokumenter, verken den avdøde selv eller den som
  hadde fullmakt; de pårørendes innsyn etter dødsfallet er et åpent spørsmål (Q18).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og kilden SRC-A deler med innbyggere
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @strengt_fortrolig_kjernejournal
  Regel: Kjernejournalstien er stengt for helsepersonell når pasienten har strengt fortrolig adresse

    Bakgrunn:
      Gitt en lege ved Oslo universitetssykehus med gyldig attest for pasienten

    @http
    Eksempel: Legen får ikke dokumentlisten gjennom kjernejournal
      Gitt folkeregisteret oppgir at pasienten har strengt fortrolig adresse
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "strengt_fortrolig_kjernejournal"

    Eksempel: Legen åpner ikke dokumentet gjennom kjernejournal
      Gitt folkeregisteret oppgir at pasienten har strengt fortrolig adresse
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "strengt_fortrolig_kjernejournal"

    Eksempel: Direkte fra kilden får legen dokumentlisten
      Gitt folkeregisteret oppgir at pasienten har strengt fortrolig adresse
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Fortrolig adresse stenger ikke kjernejournalen
      Gitt folkeregisteret oppgir at pasienten har fortrolig adresse
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

  @strengt_fortrolig_ingen_representasjon
  Regel: Ingen handler for en person med strengt fortrolig adresse, og hun handler ikke for andre

    Eksempel: Den som har fullmakt, ser ikke dokumentlisten til en med strengt fortrolig adresse
      Gitt folkeregisteret oppgir at pasienten har strengt fortrolig adresse
      Og innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "strengt_fortrolig_ingen_representasjon"

    @http
    Eksempel: En forelder med strengt fortrolig adresse handler ikke for barnet på helsenorge
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og folkeregisteret oppgir at innbyggeren har strengt fortrolig adresse
      Og innbyggeren er forelder til pasienten, som er 10 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "strengt_fortrolig_ingen_representasjon"

    Eksempel: Pasienten med strengt fortrolig adresse ser sine egne dokumenter
      Gitt folkeregisteret oppgir at pasienten har strengt fortrolig adresse
      Og pasienten er innlogget på helsenorge og er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

  @fortrolig_ingen_representasjon
  Regel: Ingen handler for en person med fortrolig adresse, og hun handler ikke for andre

    Eksempel: En forelder ser ikke dokumentlisten til et barn med fortrolig adresse
      Gitt folkeregisteret oppgir at pasienten har fortrolig adresse
      Og innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren er forelder til pasienten, som er 10 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fortrolig_ingen_representasjon"

    Eksempel: En representant med fortrolig adresse åpner ikke dokumentet
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og folkeregisteret oppgir at innbyggeren har fortrolig adresse
      Og innbyggeren representerer pasienten, som er 45 år og ikke kan samtykke selv
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fortrolig_ingen_representasjon"

    Eksempel: Uten adressebeskyttelse ser den som har fullmakt, dokumentlisten
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

  @pasienten_er_doed
  Regel: Fra dødsdatoen har ingen innbygger digitalt innsyn i den avdødes dokumenter

    Bakgrunn:
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren har fullmakt fra pasienten, som er 80 år

    @http
    Eksempel: Den som hadde fullmakt fra den avdøde, ser ikke dokumentlisten
      Gitt folkeregisteret oppgir at pasienten døde 2026-10-01
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasienten_er_doed"

    Eksempel: Fra selve dødsdatoen åpner den som hadde fullmakt, ikke dokumentet
      Gitt folkeregisteret oppgir at pasienten døde 2026-11-26
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasienten_er_doed"

    Eksempel: Dagen før dødsdatoen ser den som har fullmakt, dokumentlisten
      Gitt folkeregisteret oppgir at pasienten døde 2026-11-27
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
