package pjd

# Sikker identifisering av helsepersonellet — tillitsrammeverket ATT-9, ATT-10 og ATT-11.
# Helsepersonellet må være innlogget på sikkerhetsnivå 4 (HelseID), og personen i attesten må
# være den som er innlogget, identifisert med fødselsnummer eller D-nummer. Uten et HPR-nummer
# HelseID har verifisert, er personen ikke kjent som helsepersonell: ingen tilgang (R27) — da
# kunne heller ingen blokkering eller sperreregel mot HPR-nummeret ramme.

# METADATA
# title: "Helsepersonellet er ikke innlogget på sikkerhetsnivå {sikkerhetsnivaa}"
# scope: rule
# custom:
#   id: "sikkerhetsnivaa_for_lavt"
#   tittel: "Helsepersonellet er ikke innlogget på sikkerhetsnivå {sikkerhetsnivaa}"
#   hjemmel: "Tillitsrammeverket ATT-9; pasientjournalloven § 22"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "sikkerhetsnivaa_for_lavt" if {
	helsepersonell_dokument
	not principal.sikkerhetsnivaa in parametere.sikkerhetsnivaa
}

# METADATA
# title: "Personen i attesten er ikke den som er innlogget"
# scope: rule
# custom:
#   id: "attestert_person_ikke_innlogget"
#   tittel: "Personen i attesten er ikke den som er innlogget"
#   hjemmel: "Tillitsrammeverket ATT-11"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "attestert_person_ikke_innlogget" if {
	helsepersonell_dokument
	har(principal, "attestert_pid")
	principal.attestert_pid != principal.pid
}

# METADATA
# title: "Helsepersonellet er ikke identifisert med fødselsnummer eller D-nummer"
# scope: rule
# custom:
#   id: "personidentifikator_ugyldig"
#   tittel: "Helsepersonellet er ikke identifisert med fødselsnummer eller D-nummer"
#   hjemmel: "Tillitsrammeverket ATT-10"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "personidentifikator_ugyldig" if {
	helsepersonell_dokument
	har(principal, "attestert_pid_system")
	not principal.attestert_pid_system in parametere.personidentifikatorer
}

# METADATA
# title: "HPR-nummeret i attesten er ikke det HelseID har verifisert"
# scope: rule
# custom:
#   id: "hpr_nummer_stemmer_ikke"
#   tittel: "HPR-nummeret i attesten er ikke det HelseID har verifisert"
#   hjemmel: "Tillitsrammeverket ATT-29 og ATT-32"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "hpr_nummer_stemmer_ikke" if {
	helsepersonell_dokument
	har(principal, "attestert_hpr")
	har(principal, "verifisert_hpr")
	principal.attestert_hpr != principal.verifisert_hpr
}

# METADATA
# title: "HelseID har ikke verifisert noe HPR-nummer; uten det gis helsepersonell ingen tilgang"
# scope: rule
# custom:
#   id: "hpr_nummer_mangler"
#   tittel: "HelseID har ikke verifisert noe HPR-nummer; uten det gis helsepersonell ingen tilgang"
#   hjemmel: "Tillitsrammeverket ATT-5, ATT-29, ATT-31 og ATT-32"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-12-02"
nekt contains "hpr_nummer_mangler" if {
	helsepersonell_dokument
	not har(principal, "verifisert_hpr")
}
