# language: no
Egenskap: Innsyn på vegne av andre (R19, R20)
  Pasient- og brukerrettighetsloven §§ 3-3, 3-4 og 5-1: helsenorge oppgir hvem innbyggeren
  handler for (ACP 2.16.578.1.12.4.1.7.2.1): seg selv (.0), som forelder for et barn under 12 år
  (.1, parameteren `foreldre_innsyn_under_alder`), med fullmakt (.2) eller som representant for en
  som ikke kan samtykke selv (.3), og hvor gammel den representerte er. Barn fra 12 år har ikke
  digitalt innsyn gjennom foreldrene. En fullmektig eller representant ser det en voksen (16 år
  eller mer) selv ville sett, men heller ikke mer: dokumenter med nektet (NORN_*) eller utsatt
  (NORU) innsyn vises ikke. Den som handler for andre, må selv ha fylt 16 år, og en innbygger
  uten representasjon ser bare sine egne dokumenter. Representasjonen gjelder en bestemt person
  (helsenorge oppgir fødselsnummeret); den må være pasienten. Pasienten er tillitsrammeverkets
  testpasient; den representertes alder er den helsenorge oppgir.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og kilden SRC-A deler med innbyggere
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01
    Og innbyggeren "13098012345" er innlogget på helsenorge og er 46 år

  @foreldre_barn_for_gammelt
  Regel: Foreldre ser dokumentene til barn under 12 år, ikke til eldre barn

    @http
    Eksempel: En forelder ser dokumentlisten til et barn på 10 år
      Gitt innbyggeren er forelder til pasienten, som er 10 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
      Og beslutningen har forpliktelsen "logg"

    Eksempel: En forelder åpner dokumentet til et barn på 11 år
      Gitt innbyggeren er forelder til pasienten, som er 11 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: En forelder ser ikke dokumentlisten til et barn som har fylt 12 år
      Gitt innbyggeren er forelder til pasienten, som er 12 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "foreldre_barn_for_gammelt"

    Eksempel: En forelder åpner ikke dokumentet til et barn på 13 år
      Gitt innbyggeren er forelder til pasienten, som er 13 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "foreldre_barn_for_gammelt"

    Eksempel: En forelder ser ikke dokumentlisten til et barn som har fylt 16 år
      Gitt innbyggeren er forelder til pasienten, som er 16 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "foreldre_barn_for_gammelt"

  @representert_ikke_voksen
  Regel: Fullmakt og representasjon gir innsyn for den som selv har fylt 16 år

    Eksempel: En fullmektig ser dokumentlisten til en voksen
      Gitt innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: En fullmektig åpner dokumentet til en som nettopp har fylt 16 år
      Gitt innbyggeren har fullmakt fra pasienten, som er 16 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    @http
    Eksempel: En representant åpner dokumentet til en voksen som ikke kan samtykke selv
      Gitt innbyggeren representerer pasienten, som er 30 år og ikke kan samtykke selv
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: En fullmakt fra en 15-åring gir ikke dokumentlisten
      Gitt innbyggeren har fullmakt fra pasienten, som er 15 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "representert_ikke_voksen"

    Eksempel: En representant for en 15-åring som ikke kan samtykke selv, åpner ikke dokumentet
      Gitt innbyggeren representerer pasienten, som er 15 år og ikke kan samtykke selv
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "representert_ikke_voksen"

  @nektet_innsyn_representant
  Regel: Nektet innsyn (NORN) gjelder også den som handler for pasienten, slik tabellen sier per kode

    Bakgrunn:
      Gitt dokumentet "D1" har konfidensialiteten "NORN_FFL"

    Eksempel: En fullmektig åpner ikke et dokument den representerte er nektet innsyn i
      Gitt innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_representant"

    Eksempel: En forelder ser ikke et dokument barnet er nektet innsyn i
      Gitt innbyggeren er forelder til pasienten, som er 10 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_representant"

    Eksempel: En fullmektig ser et annet dokument den representerte ikke er nektet innsyn i
      Gitt et dokument "D2" av klasse "E00-1" fra SRC-A, opprettet 2024-06-01
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "nektet_innsyn_representant"
      Og beslutningen er "permit" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "innbygger_innsyn"

    Eksempel: Når tabellen sier at koden ikke nekter representanter, ser den som har fullmakt, dokumentet
      Gitt tabellen "nektet_innsyn" sier at koden "NORN_FFL" ikke nekter representanter
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    Eksempel: En kode kodeverket ikke kjenner («NORN-EPO»), nekter også representanter
      Gitt dokumentet "D1" har konfidensialiteten "NORN-EPO"
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "nektet_innsyn_representant"

  @utsatt_innsyn_innbygger
  Regel: Utsatt innsyn (NORU) gjelder også den som handler for pasienten

    Bakgrunn:
      Gitt dokumentet "D1" har konfidensialiteten "NORU"

    Eksempel: En fullmektig åpner ikke et dokument med utsatt innsyn
      Gitt innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utsatt_innsyn_innbygger"

    Eksempel: En representant ser ikke et dokument med utsatt innsyn i listen
      Gitt innbyggeren representerer pasienten, som er 30 år og ikke kan samtykke selv
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utsatt_innsyn_innbygger"

    Eksempel: En fullmektig ser et annet dokument der innsynet ikke er utsatt
      Gitt et dokument "D2" av klasse "E00-1" fra SRC-A, opprettet 2024-06-01
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "utsatt_innsyn_innbygger"
      Og beslutningen er "permit" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "innbygger_innsyn"

  @representert_ikke_pasienten
  Regel: Representasjonen må gjelde pasienten det spørres om

    Eksempel: En forelder ser dokumentlisten til sitt eget barn
      Gitt innbyggeren er forelder til pasienten, som er 9 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

    @http
    Eksempel: En fullmakt fra en annen person gir ikke pasientens dokumentliste
      Gitt innbyggeren har fullmakt fra pasienten, som er 45 år
      Og representasjonen gjelder en annen person, "24117512345"
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "representert_ikke_pasienten"

    Eksempel: En forelder til et annet barn åpner ikke pasientens dokument
      Gitt innbyggeren er forelder til pasienten, som er 9 år
      Og representasjonen gjelder en annen person, "01021712345"
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "representert_ikke_pasienten"

  @innbygger_ikke_pasienten
  Regel: En innbygger som ikke handler for pasienten, ser bare sine egne dokumenter

    @http
    Eksempel: En innbygger uten representasjon ser ikke en annen persons dokumentliste
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_ikke_pasienten"

    Eksempel: En innbygger som handler for seg selv, åpner ikke en annen persons dokument
      Gitt innbyggeren handler for seg selv
      Når innbyggeren åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_ikke_pasienten"

    Eksempel: Pasienten som uttrykkelig handler for seg selv, ser sin egen dokumentliste
      Gitt pasienten er innlogget på helsenorge og er 60 år
      Og innbyggeren handler for seg selv
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"

  @innbygger_under_selvstendig_alder
  Regel: Den som handler for andre, må selv ha fylt 16 år

    Eksempel: En fullmektig på 15 år ser ikke den representertes dokumentliste
      Gitt innbyggeren "24051112345" er innlogget på helsenorge og er 15 år
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "innbygger_under_selvstendig_alder"

    Eksempel: En fullmektig som har fylt 16 år, ser den representertes dokumentliste
      Gitt innbyggeren "24051012345" er innlogget på helsenorge og er 16 år
      Og innbyggeren har fullmakt fra pasienten, som er 45 år
      Når innbyggeren ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "innbygger_innsyn"
