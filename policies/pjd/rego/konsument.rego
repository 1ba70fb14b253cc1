package pjd

# Konsumentvirksomheten — tillitsrammeverket ATT-12 og vilkårene for Helsenettet og PJD.
# Bare virksomheter som er medlem av Helsenettet, har akseptert vilkårene for PJD og er aktive
# som konsument på tidspunktet, kan få tilgang. Virksomheten er attestens `legal_entity`.

# METADATA
# title: "Virksomheten er ikke registrert som konsument av pasientens journaldokumenter"
# scope: rule
# custom:
#   id: "konsument_ikke_registrert"
#   tittel: "Virksomheten er ikke registrert som konsument av pasientens journaldokumenter"
#   hjemmel: "Tillitsrammeverket ATT-12; pasientjournalloven § 22"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "konsument_ikke_registrert" if {
	helsepersonell_dokument
	not har(principal, "konsument")
}

# METADATA
# title: "Virksomheten er ikke medlem av Helsenettet"
# scope: rule
# custom:
#   id: "konsument_ikke_helsenettmedlem"
#   tittel: "Virksomheten er ikke medlem av Helsenettet"
#   hjemmel: "Tillitsrammeverket ATT-12; medlemsvilkårene for Helsenettet"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "konsument_ikke_helsenettmedlem" if {
	helsepersonell_dokument
	har(principal, "konsument")
	not principal.konsument.helsenett_medlem
}

# METADATA
# title: "Virksomheten har ikke akseptert bruksvilkårene for pasientens journaldokumenter"
# scope: rule
# custom:
#   id: "konsument_vilkaar_ikke_akseptert"
#   tittel: "Virksomheten har ikke akseptert bruksvilkårene for pasientens journaldokumenter"
#   hjemmel: "Tillitsrammeverket ATT-12; bruksvilkårene for PJD"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "konsument_vilkaar_ikke_akseptert" if {
	helsepersonell_dokument
	har(principal, "konsument")
	not principal.konsument.pjd_vilkaar
}

# METADATA
# title: "Virksomheten er ikke aktiv som konsument på tidspunktet"
# scope: rule
# custom:
#   id: "konsument_ikke_aktiv"
#   tittel: "Virksomheten er ikke aktiv som konsument på tidspunktet"
#   hjemmel: "Tillitsrammeverket ATT-12; bruksvilkårene for PJD"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "konsument_ikke_aktiv" if {
	helsepersonell_dokument
	har(principal, "konsument")
	utenfor_periode(principal.konsument.aktiv, kontekst.tidspunkt)
}
