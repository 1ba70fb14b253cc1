# language: no
Egenskap: Helsepersonellets rolle (R7)
  Helsepersonelloven § 45: Helsedirektoratet bestemmer hvilke roller (autorisasjon, Volven 9060)
  som får tilgang. Listen er ikke publisert, så rollene er parametere: `roller_liste` for
  dokumentlisten og `roller_lese` for å åpne dokumenter (standard begge: lege LE, sykepleier SP,
  psykolog PS, jordmor JO). Rollene i `roller_aldri` (ukjent XX, veterinær VE, fiskehelsebiolog
  FB) får aldri tilgang, uansett hva listene sier. Uten autorisasjon i attesten: ingen tilgang.
  Dette er en antakelse (åpent spørsmål Q5, for manglende autorisasjon Q4).

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45

  @autorisasjon_mangler
  Regel: Attesten må oppgi helsepersonellets autorisasjon

    Eksempel: En lege med autorisasjon ser dokumentlisten
      Gitt attesten har autorisasjonen "LE"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En attest uten autorisasjon gir ingen tilgang
      Gitt attesten har ingen autorisasjon
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "autorisasjon_mangler"

  @rolle_ikke_tillatt_liste
  Regel: Bare rollene i parameteren roller_liste ser dokumentlisten

    Eksempel: En sykepleier ser dokumentlisten
      Gitt attesten har autorisasjonen "SP"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: En fysioterapeut ser ikke dokumentlisten
      Gitt attesten har autorisasjonen "FT"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_ikke_tillatt_liste"

    Eksempel: Når parameteren tar med fysioterapeuter, ser de dokumentlisten
      Gitt parameteren "roller_liste" er ["LE", "SP", "PS", "JO", "FT"]
      Og attesten har autorisasjonen "FT"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @rolle_ikke_tillatt_lese
  Regel: Bare rollene i parameteren roller_lese kan åpne dokumenter

    Eksempel: En psykolog kan åpne dokumentet
      Gitt attesten har autorisasjonen "PS"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: En fysioterapeut kan ikke åpne dokumentet
      Gitt attesten har autorisasjonen "FT"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_ikke_tillatt_lese"

    Eksempel: En sykepleier som ikke står i roller_lese, kan ikke åpne dokumentet
      Gitt parameteren "roller_lese" er ["LE"]
      Og attesten har autorisasjonen "SP"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_ikke_tillatt_lese"

    Eksempel: Den samme sykepleieren ser fortsatt dokumentlisten
      Gitt parameteren "roller_lese" er ["LE"]
      Og attesten har autorisasjonen "SP"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

  @rolle_utelukket
  Regel: Ukjent rolle, veterinær og fiskehelsebiolog får aldri tilgang

    Eksempel: En jordmor får tilgang
      Gitt attesten har autorisasjonen "JO"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    @http
    Eksempel: En veterinær får ikke tilgang
      Gitt attesten har autorisasjonen "VE"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_utelukket"

    Eksempel: Ukjent rolle får ikke åpne dokumentet
      Gitt attesten har autorisasjonen "XX"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_utelukket"

    Eksempel: En veterinær får ikke tilgang selv om parameteren roller_liste tar ham med
      Gitt parameteren "roller_liste" er ["LE", "SP", "PS", "JO", "VE"]
      Og attesten har autorisasjonen "VE"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "rolle_utelukket"
