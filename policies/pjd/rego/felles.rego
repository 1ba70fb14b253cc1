package pjd

# Felles ord for reglene — ingen regel i seg selv, bare det Cedar-reglene sier med
# `principal is …`, `action in […]`, `resource is …` og `has`.
# Inndata (se inndata.rego): `input.principal` og `input.resource` er entiteter med `type`, `id`
# og `attrs`; `input.action` er handlingen; `input.context` er konteksten med pasienten.
# Parameterne er `data.parametere` (parametere.json, samme fil som for Cedar).

principal := input.principal.attrs

ressurs := input.resource.attrs

kontekst := input.context

pasient := input.context.pasient

parametere := data.parametere

# Cedar: `principal is PJD::Helsepersonell, action in [list, read], resource is PJD::Dokument`.
helsepersonell_dokument if {
	input.principal.type == "Helsepersonell"
	liste_eller_les_dokument
}

# Cedar: `principal is PJD::Innbygger, action in [list, read], resource is PJD::Dokument`.
innbygger_dokument if {
	input.principal.type == "Innbygger"
	liste_eller_les_dokument
}

# Cedar: `principal, action in [list, read], resource is PJD::Dokument` (alle som spør).
liste_eller_les_dokument if {
	input.action in {"list", "read"}
	input.resource.type == "Dokument"
}

# Cedar: `principal is PJD::Innbygger, action in [list, read, view_log], resource` (alle ressurser).
innbygger_alle if {
	input.principal.type == "Innbygger"
	input.action in {"list", "read", "view_log"}
}

# Cedar: `x has navn`. Et valgfritt attributt som mangler, er en nøkkel som ikke finnes.
har(x, navn) if navn in object.keys(x)

# En periode er aktiv fra og med `fra`, til (men ikke med) `til`; uten `til` er den åpen.
utenfor_periode(periode, t) if t < periode.fra

utenfor_periode(periode, t) if {
	har(periode, "til")
	t >= periode.til
}

# Nødtilgang (BTG) overstyrer sperringer bare når `nodrett_overstyrer_sperring` er slått på, og
# da bare hos kilden (hpl45) eller i kjernejournal med tilgangsgrunnlaget akutt (R35, Q2).
nodrett_overstyrer_sperring if {
	parametere.nodrett_overstyrer_sperring
	har(principal, "formaal")
	principal.formaal == "BTG"
	nodrett_paa_stien
}

# Cedar: `context.sti == "hpl45" || (context.sti == "kjernejournalforskriften" && …akutt)`.
nodrett_paa_stien if kontekst.sti == "hpl45"

nodrett_paa_stien if {
	kontekst.sti == "kjernejournalforskriften"
	har(kontekst, "tilgangsgrunnlag")
	kontekst.tilgangsgrunnlag == "akutt"
}
