package pjd

# Fastleger i innføringsfasen — bruksvilkårene for fastleger i PJD (fastlegesjekk).
# Parameteren `fastlege_fase` er "listepasienter" (første fase: bare pasienter på egen liste
# i fastlegeregisteret på tidspunktet) eller "alle". Andre konsumentkategorier berøres ikke.

# METADATA
# title: "Fastlegen er ikke pasientens fastlege, og tjenesten er foreløpig bare åpnet for egne listepasienter"
# scope: rule
# custom:
#   id: "fastlege_ikke_listepasient"
#   tittel: "Fastlegen er ikke pasientens fastlege, og tjenesten er foreløpig bare åpnet for egne listepasienter"
#   hjemmel: "Bruksvilkår for fastleger i pasientens journaldokumenter (innføringsfase)"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "fastlege_ikke_listepasient" if {
	helsepersonell_dokument
	har(principal, "konsument")
	principal.konsument.kategori == "fastlege"
	parametere.fastlege_fase == "listepasienter"
	not fastlege_for_pasienten
}

# Cedar: `principal has hpr && context.pasient.fastleger.contains(principal.hpr)`.
fastlege_for_pasienten if {
	har(principal, "hpr")
	principal.hpr in pasient.fastleger
}
