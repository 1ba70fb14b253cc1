# language: no
Egenskap: Sikker identifisering av helsepersonellet (R1, R27)
  Tillitsrammeverket ATT-9, ATT-10 og ATT-11: helsepersonellet er innlogget med HelseID på
  sikkerhetsnivå 4, personen i attesten er den som er innlogget (fødselsnummer eller D-nummer),
  og HPR-nummeret i attesten er det HelseID har verifisert. Der attesten ikke oppgir person
  eller HPR-nummer (produksjonsformen), står det HelseID har verifisert, for det. Uten et
  HPR-nummer HelseID har verifisert, gis helsepersonell ingen tilgang (R27).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og legen er innlogget med fødselsnummer "05086900124" og HPR-nummer "222200068"
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @sikkerhetsnivaa_for_lavt
  Regel: Helsepersonellet må være innlogget på sikkerhetsnivå 4

    @http
    Eksempel: En lege innlogget på nivå 4 ser dokumentet i dokumentlisten
      Gitt legen er innlogget på sikkerhetsnivå "4"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En lege innlogget på nivå 3 ser ikke dokumentlisten
      Gitt legen er innlogget på sikkerhetsnivå "3"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sikkerhetsnivaa_for_lavt"

    Eksempel: En lege innlogget på nivå 3 kan heller ikke åpne dokumentet
      Gitt legen er innlogget på sikkerhetsnivå "3"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sikkerhetsnivaa_for_lavt"

  @attestert_person_ikke_innlogget
  Regel: Personen i attesten er den som er innlogget

    Eksempel: Attesten gjelder den innloggede legen
      Gitt attesten oppgir personen "05086900124"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Attesten gjelder en annen person enn den innloggede
      Gitt attesten oppgir personen "03117000205"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attestert_person_ikke_innlogget"

    Eksempel: En attest uten person stoler på innloggingen
      Gitt attesten oppgir ingen person
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @personidentifikator_ugyldig
  Regel: Personen er identifisert med fødselsnummer eller D-nummer

    Eksempel: Et D-nummer godtas
      Gitt attesten identifiserer personen i systemet "urn:oid:2.16.578.1.12.4.1.4.2"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Fødselsnummer godtas også uten urn:oid:-prefikset
      Gitt attesten identifiserer personen i systemet "2.16.578.1.12.4.1.4.1"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Et hjelpenummer (H-nummer) godtas ikke
      Gitt attesten identifiserer personen i systemet "urn:oid:2.16.578.1.12.4.1.4.3"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "personidentifikator_ugyldig"

  @hpr_nummer_stemmer_ikke
  Regel: HPR-nummeret i attesten er det HelseID har verifisert

    Eksempel: Attesten og HelseID oppgir samme HPR-nummer
      Gitt attesten oppgir HPR-nummeret "222200068"
      Og HelseID har verifisert HPR-nummeret "222200068"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Attesten oppgir et annet HPR-nummer enn HelseID har verifisert
      Gitt attesten oppgir HPR-nummeret "222200068"
      Og HelseID har verifisert HPR-nummeret "9144897"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "hpr_nummer_stemmer_ikke"

    Eksempel: Uten HPR-nummer i attesten står det verifiserte for det
      Gitt attesten oppgir ikke HPR-nummer
      Og HelseID har verifisert HPR-nummeret "9144897"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @hpr_nummer_mangler
  Regel: Uten et HPR-nummer HelseID har verifisert, får helsepersonell ingen tilgang

    Eksempel: Med verifisert HPR-nummer gis tilgang
      Gitt HelseID har verifisert HPR-nummeret "222200068"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: Uten verifisert HPR-nummer gis ingen tilgang, selv om attesten oppgir et
      Gitt attesten oppgir HPR-nummeret "222200068"
      Og HelseID har ikke verifisert noe HPR-nummer
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "hpr_nummer_mangler"

    Eksempel: Et blokkert helsepersonell slipper ikke inn ved å utelate HPR-nummeret
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og attesten oppgir ikke HPR-nummer
      Og HelseID har ikke verifisert noe HPR-nummer
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "hpr_nummer_mangler"

    Eksempel: En ukjent autorisasjonskode fra HelseID avvises med feltet som peker på den
      Gitt HelseID har verifisert at legen har autorisasjonene "LE, XQ"
      Når legen ber om dokumentlisten
      Så avvises forespørselen med status 400 for feltet "identity.authorizations[1]"
