package pjd

# Tjenstlig behov — helsepersonelloven § 45, pasientjournalloven § 19 første ledd og
# tillitsrammeverket ATT-38 til ATT-48.
# Konsumenten attesterer grunnlaget for tilgangen: formål (TREAT, ETREAT, COC eller BTG),
# helsetjenestetype og/eller detaljert formål, og en referanse til den lokale
# tilgangsbeslutningen. På kjernejournalstien må tilgangsgrunnlaget (samtykke, akutt, unntak)
# også oppgis. Formålet COC (koordinering, saksbehandling) gir bare kildens dokumentliste:
# kjernejournalen er for den som yter helsehjelp, så COC gir ingenting på kjernejournalstien.

# METADATA
# title: "Attesten oppgir ikke formålet med tilgangen"
# scope: rule
# custom:
#   id: "formaal_mangler"
#   tittel: "Attesten oppgir ikke formålet med tilgangen"
#   hjemmel: "Tillitsrammeverket ATT-38; helsepersonelloven § 45"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "formaal_mangler" if {
	helsepersonell_dokument
	not har(principal, "formaal")
}

# METADATA
# title: "Formålet i attesten er ikke behandling, akuttbehandling, koordinering eller nødtilgang"
# scope: rule
# custom:
#   id: "formaal_ugyldig"
#   tittel: "Formålet i attesten er ikke behandling, akuttbehandling, koordinering eller nødtilgang"
#   hjemmel: "Tillitsrammeverket ATT-38 til ATT-41"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "formaal_ugyldig" if {
	helsepersonell_dokument
	har(principal, "formaal")
	not principal.formaal in parametere.formaal
}

# METADATA
# title: "Attesten oppgir verken helsetjenestetype eller detaljert formål"
# scope: rule
# custom:
#   id: "tjenestetype_og_formaalsdetaljer_mangler"
#   tittel: "Attesten oppgir verken helsetjenestetype eller detaljert formål"
#   hjemmel: "Tillitsrammeverket ATT-43"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "tjenestetype_og_formaalsdetaljer_mangler" if {
	helsepersonell_dokument
	not principal.har_tjenestetype
	not principal.har_formaalsdetaljer
}

# METADATA
# title: "Attesten mangler referanse til den lokale tilgangsbeslutningen"
# scope: rule
# custom:
#   id: "beslutningsreferanse_mangler"
#   tittel: "Attesten mangler referanse til den lokale tilgangsbeslutningen"
#   hjemmel: "Tillitsrammeverket ATT-46 og ATT-47"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "beslutningsreferanse_mangler" if {
	helsepersonell_dokument
	not har(principal, "beslutningsreferanse")
}

# METADATA
# title: "Referansen til den lokale tilgangsbeslutningen er ikke 1–64 tegn av A–Z, a–z, 0–9, _ . -"
# scope: rule
# custom:
#   id: "beslutningsreferanse_ugyldig"
#   tittel: "Referansen til den lokale tilgangsbeslutningen er ikke 1–64 tegn av A–Z, a–z, 0–9, _ . -"
#   hjemmel: "Tillitsrammeverket ATT-46; HelseIDs validering av decision_ref"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "beslutningsreferanse_ugyldig" if {
	helsepersonell_dokument
	har(principal, "beslutningsreferanse")
	not principal.beslutningsreferanse_gyldig
}

# METADATA
# title: "Tilgangsgrunnlaget (samtykke, akutt eller unntak) er ikke oppgitt for kjernejournal"
# scope: rule
# custom:
#   id: "tilgangsgrunnlag_mangler"
#   tittel: "Tilgangsgrunnlaget (samtykke, akutt eller unntak) er ikke oppgitt for kjernejournal"
#   hjemmel: "kjernejournalforskriften (samtykke og unntak fra samtykke)"
#   bevisgrad: "forskrift"
#   sist_vurdert: "2026-11-26"
nekt contains "tilgangsgrunnlag_mangler" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	not har(kontekst, "tilgangsgrunnlag")
}

# METADATA
# title: "Formålet (koordinering) gir bare tilgang til dokumentlisten, ikke til å åpne dokumentet"
# scope: rule
# custom:
#   id: "formaal_gir_ikke_dokumentvisning"
#   tittel: "Formålet (koordinering) gir bare tilgang til dokumentlisten, ikke til å åpne dokumentet"
#   hjemmel: "helsepersonelloven § 45 (helsepersonell som skal yte eller yter helsehjelp)"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q8"
#   sist_vurdert: "2026-11-26"
nekt contains "formaal_gir_ikke_dokumentvisning" if {
	helsepersonell_dokument
	input.action == "read"
	har(principal, "formaal")
	principal.formaal in parametere.formaal_kun_liste
}

# METADATA
# title: "Formålet koordinering (COC) gir ikke tilgang til kjernejournal; den er for den som yter helsehjelp"
# scope: rule
# custom:
#   id: "formaal_ikke_for_kjernejournal"
#   tittel: "Formålet koordinering (COC) gir ikke tilgang til kjernejournal; den er for den som yter helsehjelp"
#   hjemmel: "Tillitsrammeverket ATT-40; kjernejournalforskriften (tilgang for å yte helsehjelp)"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-12-02"
nekt contains "formaal_ikke_for_kjernejournal" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	har(principal, "formaal")
	principal.formaal == "COC"
}
