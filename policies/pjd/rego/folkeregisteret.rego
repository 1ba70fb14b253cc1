package pjd

# Adressebeskyttelse og dødsfall i folkeregisteret — Norsk helsenetts og helsenorges
# beskrivelse av tjenestene (nhn.no, helsenorge.no).
# Registeret tar opplysningene fra folkeregisteret (`persons`): adressebeskyttelse
# (`fortrolig` eller `strengt_fortrolig`) og dødsdato. For en pasient med strengt fortrolig
# adresse er kjernejournalstien stengt for helsepersonell, og ingen handler for en person med
# fortrolig eller strengt fortrolig adresse, eller handles for av henne, på helsenorge. Fra
# dødsdatoen har ingen innbygger digitalt innsyn i den avdødes dokumenter, verken den avdøde
# selv eller en representant; de pårørendes innsyn etter dødsfallet er et åpent spørsmål (Q18).

# METADATA
# title: "Pasienten har strengt fortrolig adresse; kjernejournalstien er stengt for helsepersonell"
# scope: rule
# custom:
#   id: "strengt_fortrolig_kjernejournal"
#   tittel: "Pasienten har strengt fortrolig adresse; kjernejournalstien er stengt for helsepersonell"
#   hjemmel: "Norsk helsenett: kjernejournal for personer med strengt fortrolig adresse (nhn.no)"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "strengt_fortrolig_kjernejournal" if {
	helsepersonell_dokument
	kontekst.sti == "kjernejournalforskriften"
	adressebeskyttet(pasient, "strengt_fortrolig")
}

# METADATA
# title: "Ingen handler for en person med strengt fortrolig adresse, og hun handler ikke for andre"
# scope: rule
# custom:
#   id: "strengt_fortrolig_ingen_representasjon"
#   tittel: "Ingen handler for en person med strengt fortrolig adresse, og hun handler ikke for andre"
#   hjemmel: "helsenorge.no: representasjon og adressebeskyttelse"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "strengt_fortrolig_ingen_representasjon" if {
	innbygger_alle
	principal.representasjon in {"1", "2", "3"}
	representasjon_beskyttet("strengt_fortrolig")
}

# METADATA
# title: "Ingen handler for en person med fortrolig adresse, og hun handler ikke for andre"
# scope: rule
# custom:
#   id: "fortrolig_ingen_representasjon"
#   tittel: "Ingen handler for en person med fortrolig adresse, og hun handler ikke for andre"
#   hjemmel: "helsenorge.no: representasjon og adressebeskyttelse"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "fortrolig_ingen_representasjon" if {
	innbygger_alle
	principal.representasjon in {"1", "2", "3"}
	representasjon_beskyttet("fortrolig")
}

# METADATA
# title: "Pasienten er død; ingen innbygger har digitalt innsyn i dokumentene fra dødsdatoen"
# scope: rule
# custom:
#   id: "pasienten_er_doed"
#   tittel: "Pasienten er død; ingen innbygger har digitalt innsyn i dokumentene fra dødsdatoen"
#   hjemmel: "helsenorge.no: innsyn når en person er død"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "pasienten_er_doed" if {
	innbygger_dokument
	har(pasient, "doed_fra")
	kontekst.tidspunkt >= pasient.doed_fra
}

# Cedar: `x has adressebeskyttelse && x.adressebeskyttelse == grad`.
adressebeskyttet(x, grad) if {
	har(x, "adressebeskyttelse")
	x.adressebeskyttelse == grad
}

# Pasienten eller innbyggeren som handler for henne, har adressebeskyttelsen `grad`.
representasjon_beskyttet(grad) if adressebeskyttet(pasient, grad)

representasjon_beskyttet(grad) if adressebeskyttet(principal, grad)
