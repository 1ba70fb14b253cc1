package pjd

# Beslutningen — det ene inngangspunktet motoren spør (`data.pjd.beslutning`).
# Samme avgjøring som Cedar-motoren: et forbud som slår til, gir avslag med forbudenes id-er
# (et forbud går alltid foran); ellers gir en regel som gir tilgang (`tillat`), tilgang med
# forpliktelsene (`forplikt`); ellers avslag med `ingen_tilgangsgrunnlag`. En regel med
# forpliktelse gir aldri tilgang alene.
# Inndata skal følge kontrakten i inndata.rego; motoren sjekker det før den spør. Et svar uten
# resultat (udefinert) er en motorfeil: motoren avslår (`evaluation_error`) — aldri tilgang.

beslutning := {"decision": "deny", "rules": sort(nekt), "obligations": []} if {
	count(nekt) > 0
} else := {"decision": "permit", "rules": sort(tillat), "obligations": sort(forplikt)} if {
	count(tillat) > 0
} else := {"decision": "deny", "rules": ["ingen_tilgangsgrunnlag"], "obligations": []}
