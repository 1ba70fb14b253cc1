# language: no
Egenskap: Fastleger i innføringsfasen (R9)
  Bruksvilkårene for fastleger i PJD: i første fase (parameteren `fastlege_fase` er
  "listepasienter") får en fastlege tilgang bare når hen er pasientens fastlege i
  fastlegeregisteret på tidspunktet. Når fasen er "alle", gjelder ingen slik grense.
  Andre konsumentkategorier berøres ikke. En listeperiode gjelder fra og med første dag til,
  men ikke med, sluttdatoen; dagene er norske kalenderdager, fra midnatt i Oslo (R30).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og attesten er eksempelet "v1.1-eksempel-1-fastlege.json" fra tillitsrammeverket
    Og attesten har formålet "TREAT"
    Og attesten har beslutningsreferansen "0b1f84dd-6a42-4597-a726-3c39bb69f0d6"
    Og legen er innlogget med fødselsnummer "20086600138" og HPR-nummer "9144897"
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @fastlege_ikke_listepasient
  Regel: I første fase ser fastlegen bare dokumentene til egne listepasienter

    @http
    Eksempel: Pasienten står på fastlegens liste
      Gitt pasienten "05076600324" står på listen til fastlegen "9144897" fra 2020-01-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Pasienten har ingen fastlege
      Gitt pasienten "05076600324" har ingen fastlege
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fastlege_ikke_listepasient"

    Eksempel: Pasienten står på en annen fastleges liste
      Gitt pasienten "05076600324" står på listen til fastlegen "9144900" fra 2020-01-01
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fastlege_ikke_listepasient"

    Eksempel: Pasienten gikk av fastlegens liste i dag
      Gitt pasienten "05076600324" står på listen til fastlegen "9144897" fra 2020-01-01 til 2026-11-26
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fastlege_ikke_listepasient"

    Eksempel: Pasienten går av fastlegens liste i morgen
      Gitt pasienten "05076600324" står på listen til fastlegen "9144897" fra 2020-01-01 til 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Pasienten kommer på fastlegens liste i morgen
      Gitt pasienten "05076600324" står på listen til fastlegen "9144897" fra 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fastlege_ikke_listepasient"

    @http
    Eksempel: Klokken 00.30 norsk tid gjelder listen som begynner den dagen
      Gitt tidspunktet er 2026-11-26T23:30:00Z
      Og pasienten "05076600324" står på listen til fastlegen "9144897" fra 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Klokken 00.30 norsk tid er pasienten av listen som sluttet den dagen
      Gitt tidspunktet er 2026-11-26T23:30:00Z
      Og pasienten "05076600324" står på listen til fastlegen "9144897" fra 2020-01-01 til 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "fastlege_ikke_listepasient"

    Eksempel: Når fasen er "alle", ser fastlegen også andres pasienter
      Gitt parameteren "fastlege_fase" er "alle"
      Og pasienten "05076600324" har ingen fastlege
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Grensen for fastleger gjelder ikke en lege ved et helseforetak
      Gitt en lege ved Oslo universitetssykehus med gyldig attest for pasienten
      Og legen er innlogget med fødselsnummer "05086900124" og HPR-nummer "222200068"
      Og pasienten "05076600324" står på listen til fastlegen "9144897" fra 2020-01-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
