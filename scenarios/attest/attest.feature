# language: no
Egenskap: Attestens gyldighet og binding til pasienten (R23, R25)
  Tillitsrammeverket ATT-4, ATT-6 og ATT-58: attesten er gyldig i høyst 3600 sekunder fra den
  ble utstedt (`toa`); 3600 sekunder er innenfor, 3601 er utløpt (`attestation_has_expired`).
  Attesten må gjelde minst én pasient (en attest med tom `patients[]` gir aldri tilgang til
  journaldokumenter), og en pasient den identifiserer, må være pasienten det spørres om.
  Attesten godtas med v1.1-navn, med v1.0-navn (kebab-case) og i produksjonsformen NHN bruker.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @attest_utloept
  Regel: Attesten er gyldig i 60 minutter fra den ble utstedt

    Eksempel: En attest som er nøyaktig 3600 sekunder gammel er gyldig
      Gitt attesten ble utstedt 3600 sekunder før tidspunktet
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: En attest som er 3601 sekunder gammel er utløpt
      Gitt attesten ble utstedt 3601 sekunder før tidspunktet
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_utloept"

    Eksempel: En utløpt attest gir heller ikke åpning av dokumentet
      Gitt attesten ble utstedt 7200 sekunder før tidspunktet
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_utloept"

    Eksempel: En attest utstedt ved bunnen av tallområdet er utløpt, ikke en regnefeil
      Gitt attestens utstedelsestidspunkt (toa) er -9223372036854775808
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_utloept"

    Eksempel: En attest uten utstedelsestidspunkt vurderes ikke for alder
      Gitt attesten har ikke utstedelsestidspunkt (toa)
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @attest_utstedt_fram_i_tid
  Regel: En attest kan ikke være utstedt etter tidspunktet, utover fem minutters klokkeavvik

    Eksempel: En attest utstedt 300 sekunder etter tidspunktet godtas (klokkeavvik)
      Gitt attesten ble utstedt 300 sekunder etter tidspunktet
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En attest utstedt ved toppen av tallområdet avvises, ikke en regnefeil
      Gitt attestens utstedelsestidspunkt (toa) er 9223372036854775807
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_utstedt_fram_i_tid"

    Eksempel: En attest utstedt 301 sekunder etter tidspunktet avvises
      Gitt attesten ble utstedt 301 sekunder etter tidspunktet
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_utstedt_fram_i_tid"

  @attest_uten_pasient
  Regel: En attest uten pasienter gir aldri tilgang til journaldokumenter

    Eksempel: En attest for pasienten gir tilgang
      Gitt attesten gjelder pasienten "05076600324"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En attest med tom pasientliste gir ikke dokumentlisten
      Gitt attesten gjelder ingen pasient
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_uten_pasient"

    Eksempel: En attest med tom pasientliste gir ikke åpning av dokumentet
      Gitt attesten gjelder ingen pasient
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_uten_pasient"

  @attest_gjelder_annen_pasient
  Regel: Pasienten attesten identifiserer, er pasienten det spørres om

    Eksempel: Attesten og forespørselen gjelder samme pasient
      Gitt forespørselen gjelder pasienten "05076600324"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Attesten gjelder en annen pasient enn forespørselen
      Gitt attesten gjelder pasienten "13116900216"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_gjelder_annen_pasient"

    Eksempel: Forespørselen gjelder en annen pasient enn attesten
      Gitt forespørselen gjelder pasienten "13116900216"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "attest_gjelder_annen_pasient"

  @dokumentliste_hpl45
  Regel: Attesten godtas med v1.1-navn, v1.0-navn og i produksjonsformen

    @http
    Eksempel: En attest med v1.0-navn (kebab-case) godtas
      Gitt attesten er eksempelet "v1.0-eksempel-1-fastlege.json" fra tillitsrammeverket
      Og legen er innlogget med fødselsnummer "20086600138" og HPR-nummer "9144897"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: En attest i produksjonsformen uten person, HPR-nummer og pasientidentifikator godtas
      Gitt attesten er eksempelet "production-betanien.json" fra tillitsrammeverket
      Og legen er innlogget med fødselsnummer "20086600138" og HPR-nummer "9144897"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har forpliktelsen "etterkontroll"

    Eksempel: Sykehjemslegens attest med v1.1-navn, men uten beslutningsreferanse, avslås
      Gitt attesten er eksempelet "v1.1-eksempel-2-sykehjem.normalized.json" fra tillitsrammeverket
      Og legen er innlogget med fødselsnummer "03117000205" og HPR-nummer "9144900"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "beslutningsreferanse_mangler"
