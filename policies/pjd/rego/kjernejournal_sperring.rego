package pjd

# Sperring og blokkering i kjernejournal — kjernejournalforskriften (samtykke og unntak) og
# Norsk helsenetts beskrivelse av tjenesten.
# En pasient som har sperret kjernejournalen, får den bare åpnet med vilje (R32): med samtykke
# når helsepersonellet har bekreftet at pasienten samtykker til å åpne den sperrede journalen
# (`opens_locked`), eller i en akuttsituasjon med formålet akuttbehandling (ETREAT) eller
# nødtilgang (BTG); åpningen logges særskilt og vises for pasienten. Helsepersonell som pasienten
# har blokkert (med HPR-nummer), får aldri tilgang — heller ikke i nødsituasjoner. Om
# blokkeringen også gjelder deling direkte fra kilden (hpl45), er vår avgjørelse (Q3), styrt av
# parameteren `kj_blokkering_gjelder_hpl45`.

# METADATA
# title: "Pasienten har sperret kjernejournalen; den åpnes bare med bekreftet samtykke til å åpne den, eller i akuttsituasjon med akuttbehandling eller nødtilgang"
# scope: rule
# custom:
#   id: "kjernejournal_sperret"
#   tittel: "Pasienten har sperret kjernejournalen; den åpnes bare med bekreftet samtykke til å åpne den, eller i akuttsituasjon med akuttbehandling eller nødtilgang"
#   hjemmel: "kjernejournalforskriften (samtykke og unntak fra samtykke); kj-opplæring: åpningen vises eksplisitt i pasientens logg"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "kjernejournal_sperret" if {
	helsepersonell_dokument
	pasient.kj_sperret
	kontekst.sti == "kjernejournalforskriften"
	not sperring_kan_aapnes
}

# METADATA
# title: "Sperret kjernejournal er åpnet med bekreftet samtykke eller i akuttsituasjon; åpningen logges særskilt"
# scope: rule
# custom:
#   id: "kjernejournal_sperring_aapnet"
#   tittel: "Sperret kjernejournal er åpnet med bekreftet samtykke eller i akuttsituasjon; åpningen logges særskilt"
#   hjemmel: "kjernejournalforskriften (samtykke og unntak fra samtykke); kj-opplæring: åpningen vises eksplisitt i pasientens logg"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
#   forpliktelse: "saerskilt_logg"
forplikt contains {"id": "saerskilt_logg", "rule": "kjernejournal_sperring_aapnet"} if {
	helsepersonell_dokument
	pasient.kj_sperret
	kontekst.sti == "kjernejournalforskriften"
	sperring_kan_aapnes
}

# METADATA
# title: "Pasienten har blokkert dette helsepersonellet i kjernejournal; gjelder også i nødsituasjoner"
# scope: rule
# custom:
#   id: "helsepersonell_blokkert"
#   tittel: "Pasienten har blokkert dette helsepersonellet i kjernejournal; gjelder også i nødsituasjoner"
#   hjemmel: "kjernejournalforskriften; Norsk helsenett: blokkering av utvalgt helsepersonell"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "helsepersonell_blokkert" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	har(principal, "hpr")
	principal.hpr in pasient.kj_blokkert_hpr
}

# METADATA
# title: "Pasienten har blokkert dette helsepersonellet; det gjelder også deling direkte fra kilden"
# scope: rule
# custom:
#   id: "helsepersonell_blokkert_hpl45"
#   tittel: "Pasienten har blokkert dette helsepersonellet; det gjelder også deling direkte fra kilden"
#   hjemmel: "helsepersonelloven § 45 første ledd (pasienten motsetter seg); vår avgjørelse"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q3"
#   sist_vurdert: "2026-11-26"
nekt contains "helsepersonell_blokkert_hpl45" if {
	helsepersonell_dokument
	kontekst.sti == "hpl45"
	parametere.kj_blokkering_gjelder_hpl45
	har(principal, "hpr")
	principal.hpr in pasient.kj_blokkert_hpr
}

# Cedar: `context has tilgangsgrunnlag && ((… == "samtykke" && context.aapner_sperret) ||
# (… == "akutt" && principal has formaal && ["ETREAT", "BTG"].contains(principal.formaal)))`.
sperring_kan_aapnes if {
	har(kontekst, "tilgangsgrunnlag")
	kontekst.tilgangsgrunnlag == "samtykke"
	kontekst.aapner_sperret
}

sperring_kan_aapnes if {
	har(kontekst, "tilgangsgrunnlag")
	kontekst.tilgangsgrunnlag == "akutt"
	har(principal, "formaal")
	principal.formaal in {"ETREAT", "BTG"}
}
