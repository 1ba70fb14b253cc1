package pjd

# Inndata — kontrakten mellom tjenesten og reglene, med samme vokabular som schema.cedarschema.
# Cedar avviser en forespørsel som ikke passer skjemaet. I Rego ville et manglende attributt
# bare gjøre et forbud udefinert — og tilgang kunne gis. Derfor sjekker motoren hver forespørsel
# mot denne kontrakten før den spør (`engine/rego_engine.py`), og parameterne én gang når
# regelsettet lastes; passer de ikke, avslår motoren (`evaluation_error`) — aldri tilgang.
# (Sjekken gjøres i Python: i regopy koster den samme sjekken i Rego flere millisekunder.)
#
# Typer som i Cedar: "String", "Long" (heltall), "Bool", "Set<…>" (en liste) eller navnet på en
# post i tabellen; "?" etter attributtnavnet: valgfritt (Cedar `has`: nøkkelen mangler).

inndata_skjema := {
	"Helsepersonell": {
		"pid": "String", "sikkerhetsnivaa": "String", "verifisert_hpr?": "String",
		"attestert_pid?": "String", "attestert_pid_system?": "String", "attestert_hpr?": "String",
		"hpr?": "String", "autorisasjon?": "String", "virksomhet?": "String",
		"behandlingssted?": "String", "konsument?": "Konsument", "formaal?": "String",
		"har_tjenestetype": "Bool", "har_formaalsdetaljer": "Bool",
		"beslutningsreferanse?": "String", "beslutningsreferanse_gyldig": "Bool",
		"selvvalgt_tilgang": "Bool", "attest_utstedt?": "Long", "attest_pasienter": "Set<String>",
		"attest_antall_pasienter": "Long",
	},
	"Innbygger": {
		"adressebeskyttelse?": "String", "pid": "String", "sikkerhetsnivaa": "String",
		"alder": "Long", "representasjon": "String", "representert_pid": "String",
		"pasient_alder": "Long",
	},
	"Dokument": {
		"pasient": "String", "sperrenoekler": "Set<String>", "virksomhetsnoekler": "Set<String>",
		"kildesperrenoekler": "Set<String>", "kilde_orgnr": "String", "kilde?": "Kilde",
		"klasse": "String", "dokumenttype": "String", "konfidensialitet": "Set<String>",
		"nektet_innsyn_for": "Set<String>", "tidspunkt?": "Long", "tilbakeblikk_grense?": "Long",
		"tillatte_dokumenttyper?": "Set<String>",
	},
	"Pasient": {
		"adressebeskyttelse?": "String", "doed_fra?": "Long", "fnr": "String",
		"fastleger": "Set<String>", "pjd_sperret": "Bool", "kj_reservert": "Bool",
		"kj_sperret": "Bool", "kj_blokkert_hpr": "Set<String>", "sperreregler": "Set<String>",
		"kildesperrer": "Set<String>",
	},
	"Periode": {"fra": "Long", "til?": "Long"},
	"Konsument": {
		"kategori": "String", "helsenett_medlem": "Bool", "pjd_vilkaar": "Bool", "aktiv": "Periode",
	},
	"Kilde": {"aktiv": "Periode", "kan_liste": "Set<String>", "kan_lese": "Set<String>"},
	"Kontekst": {
		"sti": "String", "tilgangsgrunnlag?": "String", "aapner_sperret": "Bool",
		"tidspunkt": "Long", "pasient": "Pasient",
	},
	# Parameterne reglene leser (parametere.json kan ha flere, f.eks. `tilbakeblikk_aar`).
	"Parametere": {
		"dokumentklasser": "Set<String>", "roller_liste": "Set<String>",
		"roller_lese": "Set<String>", "roller_aldri": "Set<String>", "formaal": "Set<String>",
		"formaal_kun_liste": "Set<String>", "fastlege_fase": "String",
		"attest_maks_alder_sekunder": "Long", "attest_klokkeavvik_sekunder": "Long",
		"sikkerhetsnivaa": "Set<String>", "personidentifikatorer": "Set<String>",
		"nodrett_overstyrer_sperring": "Bool", "kj_reservasjon_gjelder_hpl45": "Bool",
		"kj_blokkering_gjelder_hpl45": "Bool", "innbygger_selvstendig_alder": "Long",
		"foreldre_innsyn_under_alder": "Long",
	},
}

# Cedar `appliesTo`: hvem som kan gjøre hva med hvilken ressurs.
inndata_handlinger := {
	"list": {"principal": ["Helsepersonell", "Innbygger"], "resource": ["Dokument"]},
	"read": {"principal": ["Helsepersonell", "Innbygger"], "resource": ["Dokument"]},
	"view_log": {"principal": ["Innbygger"], "resource": ["Pasient"]},
}
