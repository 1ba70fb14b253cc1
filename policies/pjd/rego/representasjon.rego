package pjd

# Representasjon og innsyn i loggen — pasient- og brukerrettighetsloven §§ 3-4 og 5-1,
# pasientjournalloven § 18 og personvernforordningen art. 15.
# En innbygger handler for seg selv (ACP .0), som forelder for et barn under
# `foreldre_innsyn_under_alder` år (.1), med fullmakt (.2) eller som representant for en som
# ikke kan samtykke (.3). Barn 12–15 år har ikke digitalt innsyn, og foreldrene heller ikke; fra
# 16 år har foreldrene ikke innsyn. En fullmektig eller representant ser det den representerte
# voksne selv ville sett, unntatt nektet og utsatt innsyn (innbygger.rego). Loggen over hvem
# som har sett pasientens dokumenter, kan pasienten selv eller en gyldig representant lese.

# METADATA
# title: "Innbyggeren spør om en annen persons dokumenter uten å være foresatt, fullmektig eller representant"
# scope: rule
# custom:
#   id: "innbygger_ikke_pasienten"
#   tittel: "Innbyggeren spør om en annen persons dokumenter uten å være foresatt, fullmektig eller representant"
#   hjemmel: "pasient- og brukerrettighetsloven § 5-1 (innsyn i egen journal)"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "innbygger_ikke_pasienten" if {
	innbygger_alle
	not principal.representasjon in {"1", "2", "3"}
	principal.pid != pasient.fnr
}

# METADATA
# title: "Representasjonen gjelder en annen person enn pasienten det spørres om"
# scope: rule
# custom:
#   id: "representert_ikke_pasienten"
#   tittel: "Representasjonen gjelder en annen person enn pasienten det spørres om"
#   hjemmel: "pasient- og brukerrettighetsloven §§ 3-3, 3-4 og 5-1"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "representert_ikke_pasienten" if {
	innbygger_alle
	principal.representasjon in {"1", "2", "3"}
	principal.representert_pid != pasient.fnr
}

# METADATA
# title: "Foreldre har digitalt innsyn bare for barn under {foreldre_innsyn_under_alder} år"
# scope: rule
# custom:
#   id: "foreldre_barn_for_gammelt"
#   tittel: "Foreldre har digitalt innsyn bare for barn under {foreldre_innsyn_under_alder} år"
#   hjemmel: "pasient- og brukerrettighetsloven § 3-4 jf. § 5-1"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q9"
#   sist_vurdert: "2026-11-26"
nekt contains "foreldre_barn_for_gammelt" if {
	innbygger_alle
	principal.representasjon == "1"
	principal.pasient_alder >= parametere.foreldre_innsyn_under_alder
}

# METADATA
# title: "Fullmakt og representasjon gjelder bare for den som selv har selvstendig innsyn ({innbygger_selvstendig_alder} år)"
# scope: rule
# custom:
#   id: "representert_ikke_voksen"
#   tittel: "Fullmakt og representasjon gjelder bare for den som selv har selvstendig innsyn ({innbygger_selvstendig_alder} år)"
#   hjemmel: "pasient- og brukerrettighetsloven §§ 3-3 og 5-1"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q9"
#   sist_vurdert: "2026-11-26"
nekt contains "representert_ikke_voksen" if {
	innbygger_alle
	principal.representasjon in {"2", "3"}
	principal.pasient_alder < parametere.innbygger_selvstendig_alder
}

# METADATA
# title: "Pasienten eller en gyldig representant kan se hvem som har sett pasientens dokumenter"
# scope: rule
# custom:
#   id: "innsyn_i_logg"
#   tittel: "Pasienten eller en gyldig representant kan se hvem som har sett pasientens dokumenter"
#   hjemmel: "pasientjournalloven § 18; personvernforordningen art. 15"
#   bevisgrad: "lov"
#   sist_vurdert: "2026-11-26"
tillat contains "innsyn_i_logg" if {
	input.principal.type == "Innbygger"
	input.action == "view_log"
	input.resource.type == "Pasient"
}
