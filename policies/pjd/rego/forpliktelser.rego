package pjd

# Forpliktelser ved tilgang — pasientjournalloven § 22 og tillitsrammeverket ATT-46/ATT-48.
# Reglene her gir ingen tilgang alene (`@forpliktelse`): de gjelder bare når en annen regel
# gir tilgang, og legger da til en plikt for den som henter dokumentet.

# METADATA
# title: "Tilgangen skal logges i kildens logg"
# scope: rule
# custom:
#   id: "tilgang_logges"
#   tittel: "Tilgangen skal logges i kildens logg"
#   hjemmel: "pasientjournalloven § 22; helsepersonelloven § 21 a"
#   bevisgrad: "lov"
#   sist_vurdert: "2026-11-26"
#   forpliktelse: "logg"
forplikt contains {"id": "logg", "rule": "tilgang_logges"} if {
	liste_eller_les_dokument
}

# METADATA
# title: "Helsepersonellet har gitt seg selv tilgang; tilgangen skal etterkontrolleres"
# scope: rule
# custom:
#   id: "selvvalgt_tilgang_etterkontroll"
#   tittel: "Helsepersonellet har gitt seg selv tilgang; tilgangen skal etterkontrolleres"
#   hjemmel: "Tillitsrammeverket ATT-46 og ATT-48"
#   bevisgrad: "spesifikasjon"
#   sist_vurdert: "2026-11-26"
#   forpliktelse: "etterkontroll"
forplikt contains {"id": "etterkontroll", "rule": "selvvalgt_tilgang_etterkontroll"} if {
	helsepersonell_dokument
	principal.selvvalgt_tilgang
}
