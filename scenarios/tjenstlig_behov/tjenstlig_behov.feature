# language: no
Egenskap: Tjenstlig behov og omsorgsrelasjon (R8)
  Helsepersonelloven § 45 og tillitsrammeverket ATT-38 til ATT-48: attesten oppgir formålet
  (behandling TREAT, akuttbehandling ETREAT, koordinering COC eller nødtilgang BTG), minst én av
  helsetjenestetype og detaljert formål, og en referanse til den lokale tilgangsbeslutningen
  (1–64 tegn av A–Z, a–z, 0–9, _ . -). På kjernejournalstien må tilgangsgrunnlaget (samtykke,
  akutt eller unntak) oppgis. Koordinering (COC) gir bare dokumentlisten, aldri åpning av
  dokumentet (antakelse, åpent spørsmål Q8), og bare kildens: kjernejournalen er for den som
  yter helsehjelp, så COC gir ingenting på kjernejournalstien (R31).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @formaal_mangler
  Regel: Attesten oppgir formålet med tilgangen

    Eksempel: Behandling som formål gir tilgang
      Gitt attesten har formålet "TREAT"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En attest uten formål gir ingen tilgang
      Gitt attesten har ikke formål
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_mangler"

  @formaal_ugyldig
  Regel: Formålet er behandling, akuttbehandling, koordinering eller nødtilgang

    Eksempel: Akuttbehandling er et gyldig formål
      Gitt attesten har formålet "ETREAT"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Nødtilgang er et gyldig formål
      Gitt attesten har formålet "BTG"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: Drift av helsetjenesten er ikke et gyldig formål
      Gitt attesten har formålet "HOPERAT"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_ugyldig"

  @tjenestetype_og_formaalsdetaljer_mangler
  Regel: Attesten oppgir helsetjenestetype eller detaljert formål

    Eksempel: Helsetjenestetype alene er nok
      Gitt attesten har helsetjenestetype, men ikke detaljert formål
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Detaljert formål alene er nok
      Gitt attesten har detaljert formål, men ikke helsetjenestetype
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Uten både helsetjenestetype og detaljert formål er det ingen tilgang
      Gitt attesten har verken helsetjenestetype eller detaljert formål
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "tjenestetype_og_formaalsdetaljer_mangler"

  @beslutningsreferanse_mangler
  Regel: Attesten viser til den lokale tilgangsbeslutningen

    Eksempel: En attest med beslutningsreferanse gir tilgang
      Gitt attesten har beslutningsreferansen "0b1f84dd-6a42-4597-a726-3c39bb69f0d6"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En attest uten beslutningsreferanse gir ingen tilgang
      Gitt attesten har ingen beslutningsreferanse
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "beslutningsreferanse_mangler"

  @beslutningsreferanse_ugyldig
  Regel: Beslutningsreferansen er 1–64 tegn av A–Z, a–z, 0–9, understrek, punktum og bindestrek

    Eksempel: En referanse på 64 tegn godtas
      Gitt attesten har en beslutningsreferanse på 64 tegn
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En referanse på 65 tegn godtas ikke
      Gitt attesten har en beslutningsreferanse på 65 tegn
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "beslutningsreferanse_ugyldig"

    Eksempel: En tom referanse godtas ikke
      Gitt attesten har en beslutningsreferanse på 0 tegn
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "beslutningsreferanse_ugyldig"

    Eksempel: Plassholderen fra vedlegg B i tillitsrammeverket godtas ikke
      Gitt attesten har beslutningsreferansen "8<..autogenerert i EPJ..>8"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "beslutningsreferanse_ugyldig"

  @tilgangsgrunnlag_mangler
  Regel: Kjernejournalstien krever tilgangsgrunnlag: samtykke, akutt eller unntak

    Eksempel: Samtykke som tilgangsgrunnlag gir dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Akutt som tilgangsgrunnlag gir dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Unntak fra samtykke som tilgangsgrunnlag gir dokumentlisten i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "unntak"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Uten tilgangsgrunnlag er det ingen dokumentliste i kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "tilgangsgrunnlag_mangler"

    Eksempel: Uten tilgangsgrunnlag kan dokumentet heller ikke åpnes fra kjernejournal
      Gitt dokumentlisten hentes fra kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "tilgangsgrunnlag_mangler"

    Eksempel: Kildens egen dokumentliste krever ikke tilgangsgrunnlag
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @formaal_gir_ikke_dokumentvisning
  Regel: Koordinering (COC) gir dokumentlisten, men ikke åpning av dokumentet

    Eksempel: Koordinering gir dokumentlisten
      Gitt attesten har formålet "COC"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    @http
    Eksempel: Koordinering gir ikke åpning av dokumentet
      Gitt attesten har formålet "COC"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_gir_ikke_dokumentvisning"

    Eksempel: Akuttbehandling gir åpning av dokumentet
      Gitt attesten har formålet "ETREAT"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @formaal_ikke_for_kjernejournal
  Regel: Koordinering (COC) gir ingenting i kjernejournal

    Eksempel: Behandling gir dokumentlisten i kjernejournal
      Gitt attesten har formålet "TREAT"
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    @http
    Eksempel: Koordinering gir ikke dokumentlisten i kjernejournal
      Gitt attesten har formålet "COC"
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_ikke_for_kjernejournal"

    Eksempel: Koordinering får ikke åpne et dokument fra kjernejournal
      Gitt attesten har formålet "COC"
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "formaal_ikke_for_kjernejournal"

    Eksempel: Koordinering gir fortsatt kildens dokumentliste
      Gitt attesten har formålet "COC"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
