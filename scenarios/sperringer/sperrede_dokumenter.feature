# language: no
Egenskap: Sperrede dokumenter (R11)
  Helsepersonelloven § 45 og pasient- og brukerrettighetsloven § 5-3, slik kildene merker dem
  (HITR 1222:2019 § 7.6): et dokument kilden har merket som sperret (konfidensialitet NORS),
  åpnes ikke for helsepersonell og vises ikke i dokumentlisten. I listen telles det som skjult
  (`hidden_count`), så brukeren ser at noe er sperret uten å se hva — men bare når sperringen er
  eneste grunn til avslag (R29); de andre dokumentene i
  listen avgjøres hver for seg. Utsatt innsyn for innbyggeren (NORU) og nektet innsyn for
  innbyggeren (NORN_*) gjelder ikke helsepersonell. En kode som ikke står i kodeverket
  (Volven 9603 i parameterne) — feilstavet, med mellomrom, med andre tegn — leses som den
  strengeste kjente koden: som sperret, aldri som ingen kode.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
    Og et dokument "D1" av klasse "A00-1" fra SRC-A, opprettet 2019-03-01

  @dokument_sperret_nors
  Regel: Et sperret dokument vises ikke i dokumentlisten og telles som skjult

    @http
    Eksempel: Det sperrede dokumentet skjules, de andre vises
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Og et dokument "D2" av klasse "E00-1" fra SRC-A, opprettet 2024-06-01
      Og et dokument "B1" av klasse "A00-1" fra Helse Bergen, opprettet 2019-03-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny" for dokumentet "D1"
      Og beslutningen for dokumentet "D1" er begrunnet med regelen "dokument_sperret_nors"
      Og beslutningen er "permit" for dokumentet "D2"
      Og beslutningen for dokumentet "D2" er begrunnet med regelen "dokumentliste_hpl45"
      Og beslutningen er "permit" for dokumentet "B1"
      Og antallet skjulte dokumenter er 1

    Eksempel: Det sperrede dokumentet skjules også i dokumentlisten i kjernejournal
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Og dokumentlisten hentes fra kjernejournal
      Og tilgangsgrunnlaget er "samtykke"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og antallet skjulte dokumenter er 1

    Eksempel: Et dokument som avslås av en annen grunn, telles ikke som skjult
      Gitt et dokument "B2" av klasse "B00-1" fra SRC-A, opprettet 2026-01-10
      Når legen ber om dokumentlisten
      Så er beslutningen "permit" for dokumentet "D1"
      Og beslutningen er "deny" for dokumentet "B2"
      Og beslutningen for dokumentet "B2" er begrunnet med regelen "dokumentklasse_ikke_tillatt"
      Og antallet skjulte dokumenter er 0

  @dokument_sperret_nors @sikkerhetsnivaa_for_lavt @kilde_ikke_registrert @helsepersonell_blokkert_hpl45
  Regel: Et sperret dokument telles som skjult bare når sperringen er eneste grunn til avslag

    Eksempel: Et sperret dokument som bare avslås fordi det er sperret, telles
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og antallet skjulte dokumenter er 1

    @http
    Eksempel: Innlogget på nivå 3 får ikke vite at et sperret dokument finnes
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Og legen er innlogget på sikkerhetsnivå "3"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "sikkerhetsnivaa_for_lavt"
      Og antallet skjulte dokumenter er 0

    Eksempel: Et sperret dokument fra en kilde som ikke er registrert, telles ikke
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Og kilden SRC-A er ikke registrert
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "kilde_ikke_registrert"
      Og antallet skjulte dokumenter er 0

    Eksempel: Et blokkert helsepersonell får ikke vite at et sperret dokument finnes
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Og pasienten har blokkert helsepersonellet med HPR-nummer "222200068" i kjernejournal
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "helsepersonell_blokkert_hpl45"
      Og antallet skjulte dokumenter er 0

  @dokument_sperret_nors
  Regel: Et sperret dokument åpnes ikke for helsepersonell

    Eksempel: Legen får ikke åpne et sperret dokument
      Gitt dokumentet "D1" har konfidensialiteten "NORS"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"

    Eksempel: Legen åpner et dokument som ikke er sperret
      Gitt dokumentet "D1" har konfidensialiteten "N"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @dokument_sperret_nors
  Regel: Utsatt eller nektet innsyn for innbyggeren gjelder ikke helsepersonell

    Eksempel: Et dokument med utsatt innsyn for innbyggeren vises for legen
      Gitt dokumentet "D1" har konfidensialiteten "NORU"
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"
      Og antallet skjulte dokumenter er 0

    Eksempel: Legen åpner et dokument med utsatt innsyn for innbyggeren
      Gitt dokumentet "D1" har konfidensialiteten "NORU"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

    Eksempel: Legen åpner et dokument innbyggeren er nektet innsyn i
      Gitt dokumentet "D1" har konfidensialiteten "NORN_FFL"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"

  @dokument_sperret_nors
  Regel: En konfidensialitetskode utenfor kodeverket leses som sperret, aldri som ingen kode

    @http
    Eksempel: Et dokument merket «nors» med små bokstaver skjules og telles som skjult
      Gitt dokumentet "D1" har konfidensialiteten "nors"
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"
      Og antallet skjulte dokumenter er 1

    Eksempel: Legen får ikke åpne et dokument merket med en kode kodeverket ikke kjenner
      Gitt dokumentet "D1" har konfidensialiteten "N0RS"
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "dokument_sperret_nors"

    Eksempel: Legen åpner et dokument merket med en kode fra kodeverket som ikke sperrer for helsepersonell
      Gitt dokumentet "D1" har konfidensialiteten "NORN_ANG"
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
