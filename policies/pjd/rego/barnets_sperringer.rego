package pjd

# Barnets sperrede opplysninger og foreldrene — pasient- og brukerrettighetsloven § 3-4 jf.
# § 5-1 og HITR 1222:2019 § 7.6, slik kildene merker sperrede dokumenter.
# For et barn under `innbygger_selvstendig_alder` år (16) ser en forelder (ACP .1) ikke
# dokumenter som er sperret (NORS), og ikke dokumenter en sperreregel hos kilden dekker, uansett
# hvem sperreregelen gjelder. Slike dokumenter telles ikke i `hidden_count`: foreldrene skal ikke
# kunne se at barnet har sperret noe. Barnets eget innsyn berøres ikke.

# METADATA
# title: "Dokumentet er sperret (NORS); foreldre ser ikke barnets sperrede dokumenter"
# scope: rule
# custom:
#   id: "barnets_sperrede_dokument_forelder"
#   tittel: "Dokumentet er sperret (NORS); foreldre ser ikke barnets sperrede dokumenter"
#   hjemmel: "pasient- og brukerrettighetsloven § 3-4 jf. § 5-1; HITR 1222:2019 § 7.6"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "barnets_sperrede_dokument_forelder" if {
	forelder_til_barn
	"NORS" in ressurs.konfidensialitet
}

# METADATA
# title: "En sperreregel hos kilden dekker dokumentet; foreldre ser ikke det barnet har sperret"
# scope: rule
# custom:
#   id: "barnets_sperreregel_forelder"
#   tittel: "En sperreregel hos kilden dekker dokumentet; foreldre ser ikke det barnet har sperret"
#   hjemmel: "pasient- og brukerrettighetsloven § 3-4 jf. § 5-1; HITR 1222:2019 § 7.6"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-12-02"
nekt contains "barnets_sperreregel_forelder" if {
	forelder_til_barn
	some noekkel in ressurs.kildesperrenoekler
	noekkel in pasient.kildesperrer
}

# Cedar: en innbygger som forelder (ACP .1) for et barn under `innbygger_selvstendig_alder`,
# `list` eller `read`, et dokument.
forelder_til_barn if {
	innbygger_dokument
	principal.representasjon == "1"
	principal.pasient_alder < parametere.innbygger_selvstendig_alder
}
