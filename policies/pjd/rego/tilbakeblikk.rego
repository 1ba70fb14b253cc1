package pjd

# Hvor langt tilbake i tid dokumentlisten i kjernejournal rekker — Norsk helsenetts filter, etter
# slettereglene i kjernejournalforskriften (lagrede referanser slettes etter ett år for prøvesvar
# og henvisninger og fem år for bildediagnostikk). PJD-listen settes sammen fortløpende, så
# tidsvinduene er praksis, ikke forskrift.
# Parameteren `tilbakeblikk_aar` gir antall kalenderår per dokumentklasse; en klasse uten
# verdi er ubegrenset (epikriser). Alderen regnes fra tjenestetidspunktet, ellers fra
# opprettelsen; et dokument som er nøyaktig så gammelt som grensen, er innenfor. Et dokument
# uten tidspunkt i en klasse med grense er utenfor. Gjelder liste og åpning på
# kjernejournalstien, ikke på hpl45-stien.

# METADATA
# title: "Dokumentet er eldre enn kjernejournalens tidsvindu for dokumentklassen"
# scope: rule
# custom:
#   id: "utenfor_tilbakeblikk"
#   tittel: "Dokumentet er eldre enn kjernejournalens tidsvindu for dokumentklassen"
#   hjemmel: "NHNs filter for kjernejournalstien etter slettereglene for referanser i kjernejournalforskriften"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "utenfor_tilbakeblikk" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	har(ressurs, "tilbakeblikk_grense")
	not innenfor_tilbakeblikk
}

# Cedar: `resource has tidspunkt && resource.tidspunkt >= resource.tilbakeblikk_grense`.
innenfor_tilbakeblikk if {
	har(ressurs, "tidspunkt")
	ressurs.tidspunkt >= ressurs.tilbakeblikk_grense
}
