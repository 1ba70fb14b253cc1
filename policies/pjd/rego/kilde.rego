package pjd

# Kildens forhåndsklarering — pasientjournalloven § 19 annet ledd.
# Den databehandlingsansvarlige kilden bestemmer på forhånd hvordan og til hvem dokumentene gjøres
# tilgjengelige: per konsumentkategori, med egen bryter for dokumentlisten og for dokumentet.
# Et dokument fra en kilde som ikke er registrert og aktiv, deles ikke (de andre dokumentene i
# listen avgjøres hver for seg).

# METADATA
# title: "Dokumentets kilde er ikke registrert som kilde i pasientens journaldokumenter"
# scope: rule
# custom:
#   id: "kilde_ikke_registrert"
#   tittel: "Dokumentets kilde er ikke registrert som kilde i pasientens journaldokumenter"
#   hjemmel: "pasientjournalloven § 19 annet ledd"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "kilde_ikke_registrert" if {
	liste_eller_les_dokument
	not har(ressurs, "kilde")
}

# METADATA
# title: "Dokumentets kilde deler ikke dokumenter på tidspunktet"
# scope: rule
# custom:
#   id: "kilde_ikke_aktiv"
#   tittel: "Dokumentets kilde deler ikke dokumenter på tidspunktet"
#   hjemmel: "pasientjournalloven § 19 annet ledd"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "kilde_ikke_aktiv" if {
	liste_eller_les_dokument
	har(ressurs, "kilde")
	utenfor_periode(ressurs.kilde.aktiv, kontekst.tidspunkt)
}

# METADATA
# title: "Kilden har ikke gitt virksomhetens kategori tilgang til dokumentlisten"
# scope: rule
# custom:
#   id: "kilde_deler_ikke_liste"
#   tittel: "Kilden har ikke gitt virksomhetens kategori tilgang til dokumentlisten"
#   hjemmel: "pasientjournalloven § 19 annet ledd"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "kilde_deler_ikke_liste" if {
	helsepersonell_dokument
	input.action == "list"
	har(ressurs, "kilde")
	har(principal, "konsument")
	not principal.konsument.kategori in ressurs.kilde.kan_liste
}

# METADATA
# title: "Kilden har ikke gitt virksomhetens kategori tilgang til å åpne dokumentet"
# scope: rule
# custom:
#   id: "kilde_deler_ikke_dokument"
#   tittel: "Kilden har ikke gitt virksomhetens kategori tilgang til å åpne dokumentet"
#   hjemmel: "pasientjournalloven § 19 annet ledd"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
nekt contains "kilde_deler_ikke_dokument" if {
	helsepersonell_dokument
	input.action == "read"
	har(ressurs, "kilde")
	har(principal, "konsument")
	not principal.konsument.kategori in ressurs.kilde.kan_lese
}
