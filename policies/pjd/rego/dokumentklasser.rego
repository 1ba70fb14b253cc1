package pjd

# Dokumenttyper som kan deles — kjernejournalforskriften § 4 første ledd nr. 7.
# Bare dokumentklassene i parameteren `dokumentklasser` (epikriser og sammenfatninger,
# bildediagnostikk, henvisninger og prøvesvar) kan vises eller åpnes, på begge stiene.

# METADATA
# title: "Dokumentet er ikke av en klasse som kan deles"
# scope: rule
# custom:
#   id: "dokumentklasse_ikke_tillatt"
#   tittel: "Dokumentet er ikke av en klasse som kan deles"
#   hjemmel: "kjernejournalforskriften § 4 første ledd nr. 7"
#   bevisgrad: "forskrift"
#   sist_vurdert: "2026-11-26"
nekt contains "dokumentklasse_ikke_tillatt" if {
	helsepersonell_dokument
	not ressurs.klasse in parametere.dokumentklasser
}
