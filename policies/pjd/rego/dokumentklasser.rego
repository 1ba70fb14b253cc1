package pjd

# Dokumentklasser og dokumenttyper som kan deles — kjernejournalforskriften § 4 første ledd nr. 7
# på kjernejournalstien; på hpl45-stien er det produktets avtale med kildene.
# Bare dokumentklassene i parameteren `dokumentklasser` (epikriser og sammenfatninger,
# bildediagnostikk, henvisninger og prøvesvar) kan vises eller åpnes, på begge stiene. På
# kjernejournalstien hører bare henvisninger til av korrespondansen (I00-1): for en klasse i
# parameteren `dokumenttyper_kjernejournal` kan bare de dokumenttypene (Volven 9602) som står der,
# vises eller åpnes; hvilke koder som er henvisninger, er ikke bekreftet (Q21).

# METADATA
# title: "Dokumentet er ikke av en klasse som kan deles gjennom kjernejournal"
# scope: rule
# custom:
#   id: "dokumentklasse_ikke_tillatt_kjernejournal"
#   tittel: "Dokumentet er ikke av en klasse som kan deles gjennom kjernejournal"
#   hjemmel: "kjernejournalforskriften § 4 første ledd nr. 7"
#   bevisgrad: "forskrift"
#   sist_vurdert: "2026-12-02"
nekt contains "dokumentklasse_ikke_tillatt_kjernejournal" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	not ressurs.klasse in parametere.dokumentklasser
}

# METADATA
# title: "Dokumentet er ikke av en klasse som deles direkte fra kilden"
# scope: rule
# custom:
#   id: "dokumentklasse_ikke_tillatt"
#   tittel: "Dokumentet er ikke av en klasse som deles direkte fra kilden"
#   hjemmel: "pasientjournalloven § 19 jf. helsepersonelloven § 45; produktets avtale med kildene (samme klasser som kjernejournal)"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "dokumentklasse_ikke_tillatt" if {
	helsepersonell_dokument
	kontekst.sti != "kjernejournalforskriften"
	not ressurs.klasse in parametere.dokumentklasser
}

# METADATA
# title: "Dokumentet er ikke av en dokumenttype i klassen som kan deles gjennom kjernejournal"
# scope: rule
# custom:
#   id: "dokumenttype_ikke_tillatt_kjernejournal"
#   tittel: "Dokumentet er ikke av en dokumenttype i klassen som kan deles gjennom kjernejournal"
#   hjemmel: "kjernejournalforskriften § 4 første ledd nr. 7 (henvisninger, ikke annen korrespondanse)"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q21"
#   sist_vurdert: "2026-12-02"
nekt contains "dokumenttype_ikke_tillatt_kjernejournal" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	har(ressurs, "tillatte_dokumenttyper")
	not ressurs.dokumenttype in ressurs.tillatte_dokumenttyper
}
