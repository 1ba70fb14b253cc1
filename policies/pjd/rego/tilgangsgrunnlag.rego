package pjd

# Hjemmel for tilgang — kjernejournalforskriften § 4 første ledd nr. 7, pasientjournalloven § 19
# jf. helsepersonelloven § 45.
# Dette er de eneste reglene som gir tilgang. Alle krav (identitet, virksomhet, kilde, rolle,
# tjenstlig behov, pasientens sperringer) er egne forbud i de andre filene, og et forbud går
# alltid foran. Dokumentlisten og åpning av dokumentet er to beslutninger med hvert sitt
# rettsgrunnlag: tilgang til listen gir aldri tilgang til dokumentet (R4).

# METADATA
# title: "Helsepersonell kan se dokumentlisten i kjernejournal når alle krav er oppfylt"
# scope: rule
# custom:
#   id: "dokumentliste_kjernejournal"
#   tittel: "Helsepersonell kan se dokumentlisten i kjernejournal når alle krav er oppfylt"
#   hjemmel: "kjernejournalforskriften § 4 første ledd nr. 7"
#   bevisgrad: "forskrift"
#   sist_vurdert: "2026-11-26"
tillat contains "dokumentliste_kjernejournal" if {
	helsepersonell_dokument
	input.action == "list"
	kontekst.sti == "kjernejournalforskriften"
}

# METADATA
# title: "Helsepersonell kan se kildens dokumentliste når alle krav er oppfylt"
# scope: rule
# custom:
#   id: "dokumentliste_hpl45"
#   tittel: "Helsepersonell kan se kildens dokumentliste når alle krav er oppfylt"
#   hjemmel: "pasientjournalloven § 19 jf. helsepersonelloven § 45"
#   bevisgrad: "lov"
#   sist_vurdert: "2026-11-26"
tillat contains "dokumentliste_hpl45" if {
	helsepersonell_dokument
	input.action == "list"
	kontekst.sti == "hpl45"
}

# METADATA
# title: "Helsepersonell kan åpne et delt dokument når alle krav er oppfylt"
# scope: rule
# custom:
#   id: "dokumentvisning"
#   tittel: "Helsepersonell kan åpne et delt dokument når alle krav er oppfylt"
#   hjemmel: "pasientjournalloven § 19 jf. helsepersonelloven § 45"
#   bevisgrad: "lov"
#   sist_vurdert: "2026-11-26"
tillat contains "dokumentvisning" if {
	helsepersonell_dokument
	input.action == "read"
}
