# language: no
Egenskap: Pasientens sperreregler hos kilden (R10)
  Helsepersonelloven § 45 første ledd og pasient- og brukerrettighetsloven § 5-3: pasienten kan
  motsette seg at kilden gjør opplysninger tilgjengelige. Kilden registrerer innsigelsen som en
  sperreregel mot et navngitt helsepersonell (HPR-nummer eller fødselsnummer), en gruppe
  (autorisasjon) eller en virksomhet (organisasjonsnummer; både den juridiske enheten og
  behandlingsstedet i attesten teller; oppgir attesten ikke behandlingssted, gjelder enhver
  sperreregel mot en virksomhet hos kilden). Den gjelder hele journalen hos kilden, også dokumenter
  som skrives senere, eller ett dokument. Dokumenter som omfattes, vises ikke i dokumentlisten og
  kan ikke åpnes av dem sperreregelen gjelder; andre kilder og andre helsepersonell berøres ikke.
  Sperreregelen gjelder fra og med første gyldige dag til (ikke med) sluttdatoen, og ikke etter
  at den er trukket tilbake. En dato er en norsk kalenderdato (R30): den begynner ved midnatt i
  Oslo, ikke i UTC. Sperreregelen registreres gjennom tjenestens API.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @sperreregel_hos_kilde
  Regel: Sperreregelen gjelder den virksomheten, gruppen eller personen pasienten har navngitt

    @http
    Eksempel: En lege i virksomheten pasienten har motsatt seg, får ikke åpne dokumentet
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo kommune helseetaten
      Og en lege ved Oslo kommune helseetaten med gyldig attest for pasienten
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En lege i en annen virksomhet åpner dokumentet
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo kommune helseetaten
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En sperreregel mot legens behandlingssted gjelder legen
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten 874716782
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En spesialist får ikke åpne dokumentet når pasienten har motsatt seg gruppen spesialister
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "SP"
      Og attesten har autorisasjonen "SP"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En lege åpner dokumentet når pasienten har motsatt seg gruppen spesialister
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "SP"
      Og attesten har autorisasjonen "LE"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En lege som også er spesialist i HPR, får ikke åpne dokumentet når pasienten har motsatt seg gruppen spesialister
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "SP"
      Og attesten har autorisasjonen "LE"
      Og HelseID har verifisert at legen har autorisasjonene "LE, SP"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En lege med bare legeautorisasjon i HPR åpner dokumentet når pasienten har motsatt seg gruppen spesialister
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "SP"
      Og attesten har autorisasjonen "LE"
      Og HelseID har verifisert at legen har autorisasjonene "LE"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: Legen pasienten har navngitt med HPR-nummer, ser ikke dokumentet i listen
      Gitt pasienten har motsatt seg at SRC-A deler journalen med helsepersonellet med HPR-nummer "222200068"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    @http
    Eksempel: Legen pasienten har navngitt med fødselsnummer, får ikke åpne dokumentet
      Gitt pasienten har motsatt seg at SRC-A deler journalen med helsepersonellet med fødselsnummer "05086900124"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En sperreregel mot et annet helsepersonell gjelder ikke legen
      Gitt pasienten har motsatt seg at SRC-A deler journalen med helsepersonellet med HPR-nummer "565501872"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @sperreregel_hos_kilde
  Regel: Sperreregelen gjelder hele journalen hos kilden eller ett dokument, og bare hos den kilden

    Eksempel: En sperreregel for hele journalen gjelder også et dokument skrevet etter at den ble registrert
      Gitt et dokument "D2" av klasse "A00-1" fra SRC-A, opprettet 2026-11-20
      Og pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2025-01-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "sperreregel_hos_kilde"
      Og beslutningen er "deny" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "sperreregel_hos_kilde"

    @http
    Eksempel: En sperreregel for ett dokument skjuler ikke et annet dokument fra samme kilde
      Gitt et dokument "D2" av klasse "A00-1" fra SRC-A, opprettet 2020-05-01
      Og pasienten har motsatt seg at SRC-A deler dokumentet "D1" med gruppen "LE"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "sperreregel_hos_kilde"
      Og beslutningen er "permit" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En sperreregel hos SRC-A gjelder ikke dokumentene fra Helse Bergen
      Gitt et dokument "B1" av klasse "A00-1" fra Helse Bergen, opprettet 2019-03-01
      Og pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo universitetssykehus
      Når legen ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "sperreregel_hos_kilde"
      Og beslutningen er "permit" for dokumentet "B1"
      Og beslutningen for dokumentet "B1" er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En sperreregel for et dokument hos SRC-A gjelder ikke et dokument med samme id hos Helse Bergen
      Gitt pasienten har motsatt seg at Helse Bergen deler dokumentet "D1" med gruppen "LE"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @sperreregel_hos_kilde
  Regel: Sperreregelen gjelder fra første gyldige dag til sluttdatoen, og ikke etter at den er trukket tilbake

    Eksempel: En sperreregel som gjelder først fra i morgen, gjelder ikke i dag
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-11-27
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En sperreregel som gjelder fra i dag, gjelder
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-11-26
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En sperreregel med sluttdato i dag er utløpt
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-01-01 til 2026-11-26
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En sperreregel med sluttdato i morgen gjelder ennå
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-01-01 til 2026-11-27
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    @http
    Eksempel: En sperreregel fra 1. desember gjelder klokken 00.30 norsk tid den dagen
      Gitt tidspunktet er 2026-11-30T23:30:00Z
      Og pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-12-01
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    Eksempel: En sperreregel fra 1. desember gjelder ikke klokken 23.30 norsk tid dagen før
      Gitt tidspunktet er 2026-11-30T22:30:00Z
      Og pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-12-01
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    @http
    Eksempel: En sperreregel til 1. desember er utløpt ved midnatt i Oslo
      Gitt tidspunktet er 2026-11-30T23:30:00Z
      Og pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-01-01 til 2026-12-01
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En sperreregel til 1. desember gjelder ennå klokken 23.30 norsk tid dagen før
      Gitt tidspunktet er 2026-11-30T22:30:00Z
      Og pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE", gyldig fra 2026-01-01 til 2026-12-01
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_hos_kilde"

    @http
    Eksempel: En sperreregel pasienten har trukket tilbake, gjelder ikke
      Gitt pasienten har motsatt seg at SRC-A deler journalen med gruppen "LE"
      Og registreringen er trukket tilbake
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @sperreregel_behandlingssted_ukjent
  Regel: Oppgir attesten ikke behandlingssted, gjelder enhver sperreregel mot en virksomhet hos kilden

    @http
    Eksempel: Uten behandlingssted får legen ikke åpne dokumentet når pasienten har motsatt seg behandlingsstedet
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten 874716782
      Og attesten oppgir ikke behandlingssted
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_behandlingssted_ukjent"

    Eksempel: Uten behandlingssted gjelder også en sperreregel mot en annen virksomhet
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo kommune helseetaten
      Og attesten oppgir ikke behandlingssted
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sperreregel_behandlingssted_ukjent"

    Eksempel: Med behandlingssted i attesten gjelder en sperreregel mot en annen virksomhet ikke legen
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo kommune helseetaten
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Uten behandlingssted gjelder en sperreregel mot et annet helsepersonell ikke legen
      Gitt pasienten har motsatt seg at SRC-A deler journalen med helsepersonellet med HPR-nummer "565501872"
      Og attesten oppgir ikke behandlingssted
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Uten behandlingssted gjelder en sperreregel mot en virksomhet hos Helse Bergen ikke dokumentet fra SRC-A
      Gitt pasienten har motsatt seg at Helse Bergen deler journalen med virksomheten Oslo kommune helseetaten
      Og attesten oppgir ikke behandlingssted
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
