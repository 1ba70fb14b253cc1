# language: no
Egenskap: Innsyn i loggen over hvem som har sett pasientens dokumenter (R21, R22)
  Pasientjournalloven § 18 og personvernforordningen art. 15: pasienten (fra 16 år) eller en
  gyldig representant kan se hvem som har sett pasientens dokumenter: når, helsepersonellets
  navn, virksomhet, sted og grunnlag, men aldri helsepersonellets fødselsnummer. Innsynet er
  selv en beslutning etter de samme reglene for innbyggere og representasjon som dokumentene
  (R16, R19, R20), og den logges. Legen åpner dokumentet på det oppgitte tidspunktet;
  innbyggeren leser loggen etterpå, på tjenestens egen klokke. Loggen ordnes etter når tjenesten
  skrev oppføringen, og viser også tidspunktet legens system oppga; en virksomhet registeret
  kjenner, vises med registerets navn (Oslo universitetssykehus HF), ikke navnet i attesten.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og legen har åpnet dokumentet

  @innsyn_i_logg
  Regel: Pasienten eller en gyldig representant ser hvem som har sett dokumentene, men ikke fødselsnummeret deres

    @http
    Eksempel: Pasienten ser legens navn og virksomhet i loggen, men ikke legens fødselsnummer
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "permit" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "innsyn_i_logg"
      Og loggen viser at "Ben Reddik" ved "Oslo universitetssykehus HF" åpnet dokumentet "D1" oppgitt til tidspunktet 2026-11-26T10:00:00Z
      Og loggen viser ikke helsepersonellets fødselsnummer "05086900124"
      Og loggen viser ikke helsepersonellets HPR-nummer "222200068"

    Eksempel: En forelder ser hvem som har sett dokumentene til et barn på 10 år
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren er forelder til pasienten, som er 10 år
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "permit" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "innsyn_i_logg"
      Og loggen viser at "Ben Reddik" ved "Oslo universitetssykehus HF" åpnet dokumentet "D1" oppgitt til tidspunktet 2026-11-26T10:00:00Z
      Og loggen viser ikke helsepersonellets fødselsnummer "05086900124"

    Eksempel: En fullmektig ser hvem som har sett den representertes dokumenter
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "permit" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "innsyn_i_logg"
      Og loggen viser at "Ben Reddik" ved "Oslo universitetssykehus HF" åpnet dokumentet "D1" oppgitt til tidspunktet 2026-11-26T10:00:00Z

    Eksempel: En annen innbygger ser ikke pasientens logg
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "deny" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "innbygger_ikke_pasienten"

    Eksempel: En forelder ser ikke loggen til et barn på 13 år
      Gitt innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
      Og innbyggeren er forelder til pasienten, som er 13 år
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "deny" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "foreldre_barn_for_gammelt"

    Eksempel: En pasient på 15 år ser ikke sin egen logg
      Gitt pasienten er innlogget på helsenorge og er 15 år
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "deny" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "innbygger_under_selvstendig_alder"

    Eksempel: Pasienten innlogget på sikkerhetsnivå 3 ser ikke loggen
      Gitt pasienten er innlogget på helsenorge og er 45 år
      Og innbyggeren er innlogget på sikkerhetsnivå "3"
      Når innbyggeren leser loggen over hvem som har sett pasientens dokumenter
      Så er beslutningen "deny" for innsynet i loggen
      Og innsynet i loggen er begrunnet med regelen "innbygger_sikkerhetsnivaa_for_lavt"
