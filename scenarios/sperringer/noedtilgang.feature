# language: no
Egenskap: Nødtilgang og akuttsituasjoner (R15)
  Tillitsrammeverket ATT-39 og ATT-41, helsepersonelloven § 45 og pasientjournalloven § 18:
  nødtilgang (formålet BTG, «break the glass») gir ingen tilgang alene, men når tilgang innvilges,
  skal den logges særskilt (forpliktelsen "saerskilt_logg") og pasienten varsles (forpliktelsen
  "varsle_pasient"). Akuttbehandling (ETREAT), nødtilgang (BTG) og tilgangsgrunnlaget akutt
  overstyrer aldri pasientens sperreregler, sperrede dokumenter, sperring av journaldokumenter,
  reservasjon eller blokkering; akutt åpner bare en sperret kjernejournal (R14). Etter vår
  avgjørelse (Q2) kan parameteren `nodrett_overstyrer_sperring` slås på (standard er av): da
  overstyrer nødtilgang (BTG, ikke ETREAT) sperrereglene, de sperrede dokumentene og sperringen
  av journaldokumenter, men aldri reservasjonen mot kjernejournal eller en blokkering — og bare hos
  kilden eller i kjernejournal med tilgangsgrunnlaget akutt, aldri med samtykke eller unntak (R35);
  avslaget navngir da både sperringen og regelen noedrett_krever_akutt.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @noedtilgang_saerskilt_logg
  Regel: Nødtilgang logges særskilt

    @http
    Eksempel: Dokumentlisten ved nødtilgang innvilges med særskilt logging
      Gitt attesten har formålet "BTG"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har forpliktelsen "saerskilt_logg"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: Åpning av dokumentet ved nødtilgang logges særskilt
      Gitt attesten har formålet "BTG"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "saerskilt_logg"

    Eksempel: Akuttbehandling (ETREAT) er ikke nødtilgang og logges ikke særskilt
      Gitt attesten har formålet "ETREAT"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har ikke forpliktelsen "saerskilt_logg"

    Eksempel: Nødtilgang som avslås, har ingen forpliktelser
      Gitt attesten har formålet "BTG"
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og beslutningen har ingen forpliktelser

  @noedtilgang_varsle_pasient
  Regel: Pasienten varsles om nødtilgang

    @http
    Eksempel: Åpning av dokumentet ved nødtilgang varsles pasienten
      Gitt attesten har formålet "BTG"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "varsle_pasient"
      Og beslutningen har forpliktelsen "saerskilt_logg"

    Eksempel: Vanlig behandling (TREAT) varsles ikke pasienten
      Gitt attesten har formålet "TREAT"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har ikke forpliktelsen "varsle_pasient"
      Og beslutningen har ikke forpliktelsen "saerskilt_logg"

    Eksempel: Nødtilgang til en pasient som har sperret journaldokumentene, avslås uten varsel
      Gitt attesten har formålet "BTG"
      Og pasienten har sperret deling av journaldokumenter på helsenorge
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"
      Og beslutningen har ikke forpliktelsen "varsle_pasient"

  @sperreregel_hos_kilde @dokument_sperret_nors @pasient_sperret_pjd @pasient_reservert_kjernejournal @pasient_reservert_hpl45 @helsepersonell_blokkert @helsepersonell_blokkert_hpl45
  Regel: Nødsituasjoner overstyrer ikke pasientens sperringer, reservasjon eller blokkering

    Eksempel: Nødtilgang overstyrer ikke en sperreregel hos kilden
      Gitt attesten har formålet "BTG"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: Akuttbehandling overstyrer ikke en sperreregel hos kilden
      Gitt attesten har formålet "ETREAT"
      Og pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: Nødtilgang overstyrer ikke et sperret dokument
      Gitt attesten har formålet "BTG"
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og antallet skjulte dokumenter er 1

    Eksempel: Akuttbehandling i kjernejournal overstyrer ikke pasientens sperring av journaldokumentene
      Gitt attesten har formålet "ETREAT"
      Og pasienten har sperret deling av journaldokumenter på helsenorge
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"

    Eksempel: Nødtilgang i kjernejournal overstyrer ikke reservasjonen mot kjernejournal
      Gitt attesten har formålet "BTG"
      Og pasienten har reservert seg mot å ha kjernejournal
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_kjernejournal"

    Eksempel: Nødtilgang overstyrer ikke reservasjonen mot kjernejournal hos kilden
      Gitt attesten har formålet "BTG"
      Og pasienten har reservert seg mot å ha kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_hpl45"

    Eksempel: Nødtilgang i en akuttsituasjon overstyrer ikke blokkeringen i kjernejournal
      Gitt attesten har formålet "BTG"
      Og pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"

    Eksempel: Nødtilgang overstyrer ikke blokkeringen hos kilden
      Gitt attesten har formålet "BTG"
      Og pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert_hpl45"

  @sperreregel_hos_kilde @dokument_sperret_nors @pasient_sperret_pjd
  Regel: Når nødrett overstyrer sperringer, åpner nødtilgang sperreregler, sperrede dokumenter og sperrede journaldokumenter

    Bakgrunn:
      Gitt parameteren "nodrett_overstyrer_sperring" er true

    @http
    Eksempel: Nødtilgang overstyrer en sperreregel hos kilden, med særskilt logging og varsel
      Gitt attesten har formålet "BTG"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "saerskilt_logg"
      Og beslutningen har forpliktelsen "varsle_pasient"

    Eksempel: Nødtilgang viser et sperret dokument i dokumentlisten
      Gitt attesten har formålet "BTG"
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen har forpliktelsen "varsle_pasient"
      Og antallet skjulte dokumenter er 0

    Eksempel: Nødtilgang åpner dokumentet når pasienten har sperret journaldokumentene
      Gitt attesten har formålet "BTG"
      Og pasienten har sperret deling av journaldokumenter på helsenorge
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "saerskilt_logg"

    Eksempel: Akuttbehandling (ETREAT) overstyrer ikke sperreregelen, heller ikke da
      Gitt attesten har formålet "ETREAT"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: Akuttbehandling (ETREAT) overstyrer ikke et sperret dokument, heller ikke da
      Gitt attesten har formålet "ETREAT"
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og antallet skjulte dokumenter er 1

    Eksempel: Akuttbehandling i kjernejournal overstyrer ikke sperringen av journaldokumentene, heller ikke da
      Gitt attesten har formålet "ETREAT"
      Og pasienten har sperret deling av journaldokumenter på helsenorge
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"

  @noedrett_krever_akutt @sperreregel_hos_kilde @sperreregel_behandlingssted_ukjent @dokument_sperret_nors @pasient_sperret_pjd
  Regel: Nødtilgang overstyrer sperringer bare hos kilden eller i kjernejournal i en akuttsituasjon, aldri med samtykke eller unntak

    Bakgrunn:
      Gitt parameteren "nodrett_overstyrer_sperring" er true
      Og attesten har formålet "BTG"
      Og dokumentlisten hentes fra kjernejournal

    Eksempel: Nødtilgang i kjernejournal i en akuttsituasjon overstyrer en sperreregel hos kilden
      Gitt tilgangsgrunnlaget er "akutt"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"
      Og beslutningen har forpliktelsen "saerskilt_logg"

    @http
    Eksempel: Nødtilgang i kjernejournal med tilgangsgrunnlaget unntak overstyrer ikke en sperreregel
      Gitt tilgangsgrunnlaget er "unntak"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"
      Og beslutningen er begrunnet med regelen "noedrett_krever_akutt"

    Eksempel: Nødtilgang i kjernejournal med unntak overstyrer ikke en sperreregel når attesten ikke oppgir behandlingssted
      Gitt tilgangsgrunnlaget er "unntak"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo kommune helseetaten
      Og attesten oppgir ikke behandlingssted
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_behandlingssted_ukjent"
      Og beslutningen er begrunnet med regelen "noedrett_krever_akutt"

    @http
    Eksempel: Nødtilgang i kjernejournal med samtykke overstyrer ikke et sperret dokument, som fortsatt telles som skjult
      Gitt tilgangsgrunnlaget er "samtykke"
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og beslutningen er begrunnet med regelen "noedrett_krever_akutt"
      Og antallet skjulte dokumenter er 1

    Eksempel: Nødtilgang i kjernejournal med samtykke overstyrer ikke pasientens sperring av journaldokumentene
      Gitt tilgangsgrunnlaget er "samtykke"
      Og pasienten har sperret deling av journaldokumenter på helsenorge
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_sperret_pjd"
      Og beslutningen er begrunnet med regelen "noedrett_krever_akutt"

    Eksempel: Et sperret dokument som også avslås av en sperreregel, telles ikke som skjult, heller ikke ved nødtilgang uten akuttsituasjon
      Gitt tilgangsgrunnlaget er "samtykke"
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"
      Og beslutningen er begrunnet med regelen "noedrett_krever_akutt"
      Og antallet skjulte dokumenter er 0

    Eksempel: Nødtilgang i kjernejournal i en akuttsituasjon åpner et dokument når pasienten har sperret journaldokumentene
      Gitt tilgangsgrunnlaget er "akutt"
      Og pasienten har sperret deling av journaldokumenter på helsenorge
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "varsle_pasient"

    Eksempel: Nødtilgang hos kilden åpner et sperret dokument
      Gitt dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Og dokumentet "D1" har konfidensialiteten "NORS"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
      Og beslutningen har forpliktelsen "saerskilt_logg"

    Eksempel: Er nødrett ikke slått på, avslår sperringen alene, uten regelen om akuttsituasjon
      Gitt parameteren "nodrett_overstyrer_sperring" er false
      Og tilgangsgrunnlaget er "unntak"
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"
      Og regelen "noedrett_krever_akutt" er ikke blant grunnene

  @pasient_reservert_kjernejournal @pasient_reservert_hpl45 @helsepersonell_blokkert @helsepersonell_blokkert_hpl45 @kjernejournal_sperret
  Regel: Heller ikke når nødrett overstyrer sperringer, overstyrer nødtilgang reservasjon, blokkering eller sperret kjernejournal

    Bakgrunn:
      Gitt parameteren "nodrett_overstyrer_sperring" er true
      Og attesten har formålet "BTG"

    Eksempel: Nødtilgang i kjernejournal overstyrer ikke reservasjonen
      Gitt pasienten har reservert seg mot å ha kjernejournal
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_kjernejournal"

    Eksempel: Nødtilgang hos kilden overstyrer ikke reservasjonen
      Gitt pasienten har reservert seg mot å ha kjernejournal
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "pasient_reservert_hpl45"

    @http
    Eksempel: Nødtilgang i kjernejournal overstyrer ikke blokkeringen
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert"

    Eksempel: Nødtilgang hos kilden overstyrer ikke blokkeringen
      Gitt pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert_hpl45"

    Eksempel: Nødtilgang åpner ikke en sperret kjernejournal uten samtykke eller akuttsituasjon
      Gitt pasienten har sperret kjernejournalen
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "unntak"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kjernejournal_sperret"

    Eksempel: Nødtilgang i en akuttsituasjon åpner en sperret kjernejournal, med særskilt logging
      Gitt pasienten har sperret kjernejournalen
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "akutt"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"
      Og beslutningen har forpliktelsen "saerskilt_logg"
      Og beslutningen har forpliktelsen "varsle_pasient"
