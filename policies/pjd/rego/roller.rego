package pjd

# Helsepersonellets rolle — helsepersonelloven § 45 og kjernejournalforskriften.
# Helsedirektoratet bestemmer hvilke roller som får tilgang; listen er ikke publisert, så
# rollene er parametere (`roller_liste`, `roller_lese`). Rollene i `roller_aldri` (ukjent,
# veterinær, fiskehelsebiolog) får aldri tilgang, uansett hva listene sier.

# METADATA
# title: "Attesten oppgir ingen autorisasjon for helsepersonellet"
# scope: rule
# custom:
#   id: "autorisasjon_mangler"
#   tittel: "Attesten oppgir ingen autorisasjon for helsepersonellet"
#   hjemmel: "helsepersonelloven § 45; Tillitsrammeverket ATT-32"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q4"
#   sist_vurdert: "2026-11-26"
nekt contains "autorisasjon_mangler" if {
	helsepersonell_dokument
	not har(principal, "autorisasjon")
}

# METADATA
# title: "Helsepersonellets rolle har ikke tilgang til dokumentlisten"
# scope: rule
# custom:
#   id: "rolle_ikke_tillatt_liste"
#   tittel: "Helsepersonellets rolle har ikke tilgang til dokumentlisten"
#   hjemmel: "kjernejournalforskriften; helsepersonelloven § 45"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q5"
#   sist_vurdert: "2026-11-26"
nekt contains "rolle_ikke_tillatt_liste" if {
	helsepersonell_dokument
	input.action == "list"
	har(principal, "autorisasjon")
	not principal.autorisasjon in parametere.roller_liste
}

# METADATA
# title: "Helsepersonellets rolle har ikke tilgang til å åpne dokumenter"
# scope: rule
# custom:
#   id: "rolle_ikke_tillatt_lese"
#   tittel: "Helsepersonellets rolle har ikke tilgang til å åpne dokumenter"
#   hjemmel: "helsepersonelloven § 45"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q5"
#   sist_vurdert: "2026-11-26"
nekt contains "rolle_ikke_tillatt_lese" if {
	helsepersonell_dokument
	input.action == "read"
	har(principal, "autorisasjon")
	not principal.autorisasjon in parametere.roller_lese
}

# METADATA
# title: "Rollen gir aldri tilgang til pasientens journaldokumenter"
# scope: rule
# custom:
#   id: "rolle_utelukket"
#   tittel: "Rollen gir aldri tilgang til pasientens journaldokumenter"
#   hjemmel: "helsepersonelloven § 45 (bare helsepersonell som yter helsehjelp til pasienten)"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q5"
#   sist_vurdert: "2026-11-26"
nekt contains "rolle_utelukket" if {
	helsepersonell_dokument
	har(principal, "autorisasjon")
	principal.autorisasjon in parametere.roller_aldri
}
