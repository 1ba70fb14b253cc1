# language: no
Egenskap: Hjemmel for tilgang: dokumentlisten og åpningen er to beslutninger (R4)
  Kjernejournalforskriften § 4 første ledd nr. 7 og pasientjournalloven § 19 jf.
  helsepersonelloven § 45: dette er de eneste reglene som gir tilgang. Dokumentlisten i
  kjernejournal, kildens egen dokumentliste og åpningen av et dokument har hvert sitt
  rettsgrunnlag; tilgang til listen gir aldri tilgang til dokumentet. Alle krav i de andre
  reglene er forbud, og et forbud går alltid foran.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @dokumentliste_kjernejournal
  Regel: Helsepersonell ser dokumentlisten i kjernejournal når alle krav er oppfylt

    Eksempel: Dokumentlisten i kjernejournal innvilges med samtykke
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Et forbud går foran dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Og attesten har autorisasjonen "FT"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_ikke_tillatt_liste"

  @dokumentliste_hpl45
  Regel: Helsepersonell ser kildens dokumentliste når alle krav er oppfylt

    Eksempel: Kildens dokumentliste innvilges uten tilgangsgrunnlag
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Kildens dokumentliste følger kildens deling
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Og kilden SRC-A gir kategorien "helseforetak" tilgang til bare dokumentene
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_deler_ikke_liste"

  @dokumentvisning
  Regel: Helsepersonell kan åpne et delt dokument når alle krav er oppfylt

    Eksempel: Dokumentet åpnes fra kildens dokumentliste
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: Dokumentet åpnes fra dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: Koordinering gir dokumentlisten, men ikke åpning av dokumentet
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Og attesten har formålet "COC"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_gir_ikke_dokumentvisning"

  @dokumentvisning
  Regel: Hver forespørsel oppgir stien; åpningen av et dokument har ingen standardsti (R28)

    Eksempel: Åpningen av et dokument fra kildens liste oppgir stien og innvilges
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    @http
    Eksempel: Åpningen av et dokument uten sti avvises med feltet som peker på stien
      Gitt forespørselen oppgir ingen sti
      Når legen åpner dokumentet
      Så avvises forespørselen med status 400 for feltet "path"
