package pjd

# Nødtilgang (BTG, «break the glass») — tillitsrammeverket ATT-39 og ATT-41, helsepersonelloven
# § 45 og pasientens rett til innsyn i loggen (pasientjournalloven § 18).
# BTG betyr at helsepersonellet overstyrer vanlige tilgangsregler hos konsumenten for å gi
# øyeblikkelig hjelp. Det gir ingen tilgang alene og overstyrer aldri pasientens reservasjon
# eller blokkering (og sperringer bare når `nodrett_overstyrer_sperring` er slått på, og da bare
# hos kilden eller i kjernejournal med tilgangsgrunnlaget akutt: R35, Q2), men tilgangen skal logges særskilt og pasienten skal varsles.

# METADATA
# title: "Nødtilgang (BTG) skal logges særskilt"
# scope: rule
# custom:
#   id: "noedtilgang_saerskilt_logg"
#   tittel: "Nødtilgang (BTG) skal logges særskilt"
#   hjemmel: "Tillitsrammeverket ATT-41; pasientjournalloven § 22"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
#   forpliktelse: "saerskilt_logg"
forplikt contains {"id": "saerskilt_logg", "rule": "noedtilgang_saerskilt_logg"} if {
	helsepersonell_dokument
	har(principal, "formaal")
	principal.formaal == "BTG"
}

# METADATA
# title: "Pasienten skal varsles om nødtilgang (BTG)"
# scope: rule
# custom:
#   id: "noedtilgang_varsle_pasient"
#   tittel: "Pasienten skal varsles om nødtilgang (BTG)"
#   hjemmel: "pasientjournalloven § 18; Tillitsrammeverket ATT-41"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q2"
#   sist_vurdert: "2026-11-26"
#   forpliktelse: "varsle_pasient"
forplikt contains {"id": "varsle_pasient", "rule": "noedtilgang_varsle_pasient"} if {
	helsepersonell_dokument
	har(principal, "formaal")
	principal.formaal == "BTG"
}
