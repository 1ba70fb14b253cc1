# language: no
Egenskap: Tidsvinduet for dokumentlisten i kjernejournal (R6)
  Kjernejournalforskriften og slettereglene for referanser: på kjernejournalstien vises
  prøvesvar og henvisninger i ett kalenderår og bildediagnostikk i fem, regnet bakover fra
  tidspunktet; epikriser har ingen grense (parameteren `tilbakeblikk_aar`). Alderen regnes fra
  tjenestetidspunktet, ellers fra opprettelsen. Et dokument som er nøyaktig så gammelt som
  grensen, er innenfor; et dokument uten tidspunkt i en klasse med grense er utenfor.
  Grensen er en norsk kalenderdato (R30): datoen i Oslo da beslutningen tas, så mange år
  tilbake, fra midnatt i Oslo; et dokument fra den datoen er innenfor uansett klokkeslett, og
  en dato uten klokkeslett er den datoen i Oslo.
  Grensen gjelder liste og åpning på kjernejournalstien, ikke på hpl45-stien.

  Bakgrunn:
    Gitt tidspunktet er 2026-11-26T10:00:00Z
    Og en lege ved Oslo universitetssykehus med gyldig attest for pasienten
    Og dokumentlisten hentes fra kjernejournal
    Og tilgangsgrunnlaget er "samtykke"

  @utenfor_tilbakeblikk
  Regel: Kjernejournal viser prøvesvar og henvisninger ett år og bildediagnostikk fem år tilbake

    @http
    Eksempel: Et prøvesvar som er nøyaktig ett kalenderår gammelt vises
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-11-26T10:00:00Z
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    @http
    Eksempel: Et prøvesvar fra tidlig på grensedatoen, norsk tid, vises
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-11-25T23:00:00Z
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    @http
    Eksempel: Et prøvesvar fra kvelden før grensedatoen, norsk tid, vises ikke
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-11-25T22:59:59Z
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: Et prøvesvar datert nøyaktig ett år tilbake, uten klokkeslett, vises
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-11-26
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Et prøvesvar datert dagen før grensedatoen, uten klokkeslett, vises ikke
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-11-25
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    @http
    Eksempel: Klokken 23.30 UTC er det neste dag i Oslo, og grensen regnes fra den datoen
      Gitt tidspunktet er 2026-12-02T23:30:00Z
      Og et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-12-02T23:15:00Z
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Klokken 23.30 UTC er et prøvesvar datert ett år før UTC-datoen utenfor
      Gitt tidspunktet er 2026-12-02T23:30:00Z
      Og et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-12-02
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: Klokken 23.30 UTC er et prøvesvar datert ett år før Oslo-datoen innenfor
      Gitt tidspunktet er 2026-12-02T23:30:00Z
      Og et dokument "LAB" av klasse "C00-1" fra SRC-A, med tjenestetidspunkt 2025-12-03
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: En henvisning som er tretten måneder gammel vises ikke
      Gitt et dokument "HEN" av type "I01-1" i klasse "I00-1" fra SRC-A, opprettet 2025-10-26
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: Bildediagnostikk som er nøyaktig fem år gammel vises
      Gitt et dokument "RAD" av klasse "E00-1" fra SRC-A, med tjenestetidspunkt 2021-11-26T10:00:00Z
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Bildediagnostikk som er fem år og en dag gammel vises ikke
      Gitt et dokument "RAD" av klasse "E00-1" fra SRC-A, med tjenestetidspunkt 2021-11-25T10:00:00Z
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: En epikrise fra 1990 vises, fordi epikriser ikke har noen grense
      Gitt et dokument "EPI" av klasse "A00-1" fra SRC-A, opprettet 1990-05-17
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: En epikrise uten dato vises, fordi epikriser ikke har noen grense
      Gitt et dokument "EPI" av klasse "A00-1" fra SRC-A, uten dato
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Et prøvesvar uten dato er utenfor tidsvinduet
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, uten dato
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: Tjenestetidspunktet går foran opprettelsen når alderen regnes
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, opprettet 2026-11-01
      Og dokumentet "LAB" har tjenestetidspunkt 2024-06-01
      Når legen ber om dokumentlisten
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: Et nylig prøvesvar som ble registrert sent, vises etter tjenestetidspunktet
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, opprettet 2024-06-01
      Og dokumentet "LAB" har tjenestetidspunkt 2026-11-01
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_kjernejournal"

    Eksempel: Et gammelt prøvesvar kan heller ikke åpnes på kjernejournalstien
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, opprettet 2020-01-01
      Når legen åpner dokumentet
      Så er beslutningen "deny"
      Og beslutningen er begrunnet med regelen "utenfor_tilbakeblikk"

    Eksempel: På hpl45-stien har et gammelt prøvesvar ingen tidsgrense
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, opprettet 2020-01-01
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: På hpl45-stien vises også et prøvesvar uten dato
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, uten dato
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen ber om dokumentlisten
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentliste_hpl45"

    Eksempel: Et gammelt prøvesvar kan åpnes på hpl45-stien
      Gitt et dokument "LAB" av klasse "C00-1" fra SRC-A, opprettet 2020-01-01
      Og dokumentlisten hentes fra kilden etter helsepersonelloven § 45
      Når legen åpner dokumentet
      Så er beslutningen "permit"
      Og beslutningen er begrunnet med regelen "dokumentvisning"
