package pjd

# Innbyggerens innsyn i egne journaldokumenter — pasient- og brukerrettighetsloven § 5-1 og
# pasientjournalloven § 18.
# Innbyggeren (helsenorge, sikkerhetsnivå 4) ser dokumentlisten og åpner dokumenter om seg selv
# fra kilder som deler med innbyggere, fra fylte `innbygger_selvstendig_alder` år (16). Dokumenter
# med nektet innsyn (NORN_*) vises ikke for innbyggeren eller representanter slik tabellen
# `nektet_innsyn` sier per kode (§ 5-1 annet ledd gjelder bare fare for liv eller alvorlig
# helseskade og det som er klart utilrådelig av hensyn til de nærmeste; representantenes innsyn
# er et åpent spørsmål, Q10). Dokumenter med utsatt innsyn (NORU) vises ikke for innbyggeren eller
# representanter; helsepersonell berøres ikke. Representasjon: se representasjon.rego.

# METADATA
# title: "Innbyggeren kan se og åpne journaldokumenter når alle krav er oppfylt"
# scope: rule
# custom:
#   id: "innbygger_innsyn"
#   tittel: "Innbyggeren kan se og åpne journaldokumenter når alle krav er oppfylt"
#   hjemmel: "pasient- og brukerrettighetsloven § 5-1; pasientjournalloven § 18"
#   bevisgrad: "lov"
#   sist_vurdert: "2026-11-26"
tillat contains "innbygger_innsyn" if {
	innbygger_dokument
}

# METADATA
# title: "Innbyggeren er ikke innlogget på sikkerhetsnivå {sikkerhetsnivaa}"
# scope: rule
# custom:
#   id: "innbygger_sikkerhetsnivaa_for_lavt"
#   tittel: "Innbyggeren er ikke innlogget på sikkerhetsnivå {sikkerhetsnivaa}"
#   hjemmel: "pasientjournalloven § 22 (sikker identifisering)"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "innbygger_sikkerhetsnivaa_for_lavt" if {
	innbygger_alle
	not principal.sikkerhetsnivaa in parametere.sikkerhetsnivaa
}

# METADATA
# title: "Innbyggeren er under {innbygger_selvstendig_alder} år og har ikke selvstendig digitalt innsyn"
# scope: rule
# custom:
#   id: "innbygger_under_selvstendig_alder"
#   tittel: "Innbyggeren er under {innbygger_selvstendig_alder} år og har ikke selvstendig digitalt innsyn"
#   hjemmel: "pasient- og brukerrettighetsloven § 5-1 jf. § 3-4"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q9"
#   sist_vurdert: "2026-11-26"
nekt contains "innbygger_under_selvstendig_alder" if {
	innbygger_alle
	principal.alder < parametere.innbygger_selvstendig_alder
}

# METADATA
# title: "Kilden deler ikke dokumentlisten med innbyggere"
# scope: rule
# custom:
#   id: "kilde_deler_ikke_liste_med_innbygger"
#   tittel: "Kilden deler ikke dokumentlisten med innbyggere"
#   hjemmel: "pasientjournalloven § 19 annet ledd"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "kilde_deler_ikke_liste_med_innbygger" if {
	innbygger_dokument
	input.action == "list"
	har(ressurs, "kilde")
	not "innbygger" in ressurs.kilde.kan_liste
}

# METADATA
# title: "Kilden deler ikke dokumentet med innbyggere"
# scope: rule
# custom:
#   id: "kilde_deler_ikke_dokument_med_innbygger"
#   tittel: "Kilden deler ikke dokumentet med innbyggere"
#   hjemmel: "pasientjournalloven § 19 annet ledd"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "kilde_deler_ikke_dokument_med_innbygger" if {
	innbygger_dokument
	input.action == "read"
	har(ressurs, "kilde")
	not "innbygger" in ressurs.kilde.kan_lese
}

# METADATA
# title: "Pasienten er nektet innsyn i dokumentet (NORN); det vises ikke for pasienten selv"
# scope: rule
# custom:
#   id: "nektet_innsyn_innbygger"
#   tittel: "Pasienten er nektet innsyn i dokumentet (NORN); det vises ikke for pasienten selv"
#   hjemmel: "pasient- og brukerrettighetsloven § 5-1 annet ledd; per kode i tabellen `nektet_innsyn`"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "nektet_innsyn_innbygger" if {
	innbygger_dokument
	not principal.representasjon in {"1", "2", "3"}
	"innbygger" in ressurs.nektet_innsyn_for
}

# METADATA
# title: "Dokumentet er merket med nektet innsyn (NORN); det vises ikke for den som handler for pasienten"
# scope: rule
# custom:
#   id: "nektet_innsyn_representant"
#   tittel: "Dokumentet er merket med nektet innsyn (NORN); det vises ikke for den som handler for pasienten"
#   hjemmel: "pasient- og brukerrettighetsloven § 5-1 tredje ledd (representantens innsyn); per kode i tabellen `nektet_innsyn`"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q10"
#   sist_vurdert: "2026-12-02"
nekt contains "nektet_innsyn_representant" if {
	innbygger_dokument
	principal.representasjon in {"1", "2", "3"}
	"representant" in ressurs.nektet_innsyn_for
}

# METADATA
# title: "Innsynet i dokumentet er utsatt til helsepersonell har informert pasienten (NORU)"
# scope: rule
# custom:
#   id: "utsatt_innsyn_innbygger"
#   tittel: "Innsynet i dokumentet er utsatt til helsepersonell har informert pasienten (NORU)"
#   hjemmel: "pasient- og brukerrettighetsloven § 5-1; HITR 1222:2019 § 7.3.2 (utsatt innsyn)"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "utsatt_innsyn_innbygger" if {
	innbygger_dokument
	"NORU" in ressurs.konfidensialitet
}
