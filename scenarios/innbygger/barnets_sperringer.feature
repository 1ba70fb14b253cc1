# language: no
Egenskap: Foreldre ser ikke det barnet har sperret (R33)
  Pasient- og brukerrettighetsloven § 3-4 jf. § 5-1 og HITR 1222:2019 § 7.6: for et barn under
  16 år (parameteren `innbygger_selvstendig_alder`) ser en forelder (ACP .1) ikke dokumenter som
  er sperret (NORS), og ikke dokumenter en sperreregel hos kilden dekker, uansett hvem
  sperreregelen gjelder. Slike dokumenter telles ikke som skjulte (`hidden_count`): forelderen skal
  ikke kunne se at barnet har sperret noe. Andre dokumenter ser forelderen som før, og barnets eget
  innsyn (fra 16 år) og helsepersonells tilgang berøres ikke av disse reglene.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og kilden SRC-A deler med innbyggere
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og et dokument "D2" av klasse "A00-1" fra SRC-A, opprettet 2020-03-01
    Og innbyggeren "13098012345" er innlogget på helsenorge og er 46 år
    Og innbyggeren er forelder til pasienten, som er 9 år

  @barnets_sperrede_dokument_forelder
  Regel: En forelder ser ikke barnets sperrede (NORS) dokumenter, og de telles ikke

    @http
    Eksempel: Forelderen ser ikke barnets sperrede dokument i listen, og det telles ikke
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "barnets_sperrede_dokument_forelder"
      Og beslutningen er "permit" for dokumentet "D2"
      Og antallet skjulte dokumenter er 0

    Eksempel: Forelderen åpner ikke barnets sperrede dokument
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "barnets_sperrede_dokument_forelder"

    Eksempel: Et dokument som ikke er sperret, ser forelderen
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "innbygger_innsyn"

  @barnets_sperreregel_forelder
  Regel: En forelder ser ikke dokumenter en sperreregel hos kilden dekker, og de telles ikke

    @http
    Eksempel: Barnets sperreregel mot en gruppe skjuler dokumentet for forelderen også
      Gitt pasienten har motsatt seg at SRC-A deler dokumentet "D1" med gruppen "LE"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "barnets_sperreregel_forelder"
      Og beslutningen er "permit" for dokumentet "D2"
      Og antallet skjulte dokumenter er 0

    Eksempel: Barnets sperreregel for hele journalen hos kilden gjelder alle dokumentene derfra
      Gitt pasienten har motsatt seg at SRC-A deler journalen med virksomheten Oslo kommune helseetaten
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "barnets_sperreregel_forelder"

    Eksempel: En sperreregel hos en annen kilde skjuler ikke dokumentet fra SRC-A
      Gitt pasienten har motsatt seg at Helse Bergen deler journalen med gruppen "LE"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "innbygger_innsyn"
