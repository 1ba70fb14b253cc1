package pjd

# Attestens gyldighet og binding til pasienten — tillitsrammeverket ATT-4, ATT-6 og ATT-58.
# Attesten er gyldig i høyst `attest_maks_alder_sekunder` (60 minutter) fra utstedelsen (`toa`),
# og kan ikke være utstedt senere enn tidspunktet utover `attest_klokkeavvik_sekunder` (vår
# avgjørelse: klokkene hos konsument og tjeneste går ikke helt likt),
# den må gjelde minst én pasient, og en pasient den identifiserer må være pasienten det spørres om.

# METADATA
# title: "Attesten er eldre enn {attest_maks_alder_sekunder:minutter} minutter (attestation_has_expired)"
# scope: rule
# custom:
#   id: "attest_utloept"
#   tittel: "Attesten er eldre enn {attest_maks_alder_sekunder:minutter} minutter (attestation_has_expired)"
#   hjemmel: "Tillitsrammeverket ATT-58"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "attest_utloept" if {
	helsepersonell_dokument
	har(principal, "attest_utstedt")
	principal.attest_utstedt < kontekst.tidspunkt - parametere.attest_maks_alder_sekunder
}

# METADATA
# title: "Attesten er utstedt etter tidspunktet for forespørselen, utover tillatt klokkeavvik"
# scope: rule
# custom:
#   id: "attest_utstedt_fram_i_tid"
#   tittel: "Attesten er utstedt etter tidspunktet for forespørselen, utover tillatt klokkeavvik"
#   hjemmel: "Tillitsrammeverket ATT-58 (levetiden regnes fra utstedelsen)"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q11"
#   sist_vurdert: "2026-11-26"
nekt contains "attest_utstedt_fram_i_tid" if {
	helsepersonell_dokument
	har(principal, "attest_utstedt")
	principal.attest_utstedt > kontekst.tidspunkt + parametere.attest_klokkeavvik_sekunder
}

# METADATA
# title: "Attesten gjelder ingen pasient og kan ikke gi tilgang til journaldokumenter"
# scope: rule
# custom:
#   id: "attest_uten_pasient"
#   tittel: "Attesten gjelder ingen pasient og kan ikke gi tilgang til journaldokumenter"
#   hjemmel: "Tillitsrammeverket ATT-6"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "attest_uten_pasient" if {
	helsepersonell_dokument
	principal.attest_antall_pasienter == 0
}

# METADATA
# title: "Attesten gjelder en annen pasient enn den det spørres om"
# scope: rule
# custom:
#   id: "attest_gjelder_annen_pasient"
#   tittel: "Attesten gjelder en annen pasient enn den det spørres om"
#   hjemmel: "Tillitsrammeverket ATT-4"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "attest_gjelder_annen_pasient" if {
	helsepersonell_dokument
	count(principal.attest_pasienter) > 0
	not ressurs.pasient in principal.attest_pasienter
}
