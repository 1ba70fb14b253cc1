package pjd

# Pasientens rett til å motsette seg at opplysninger gjøres tilgjengelige — helsepersonelloven
# § 45 første ledd og pasient- og brukerrettighetsloven § 5-3.
# En sperreregel registreres hos kilden: mot navngitt helsepersonell (HPR-nummer eller
# fødselsnummer), en gruppe (autorisasjon) eller en virksomhet (organisasjonsnummer), for hele
# journalen hos kilden (også dokumenter som skrives senere) eller for ett dokument. Tjenesten
# bygger nøkler for sperreregelen og for hvem som spør om hvilket dokument, i én dokumentert
# funksjon; regelen slår til når en nøkkel er felles. Nødtilgang (BTG) overstyrer bare når
# parameteren `nodrett_overstyrer_sperring` er slått på.

# METADATA
# title: "Pasienten har motsatt seg at kilden gjør dokumentet tilgjengelig for dette helsepersonellet, denne gruppen eller denne virksomheten"
# scope: rule
# custom:
#   id: "sperreregel_hos_kilde"
#   tittel: "Pasienten har motsatt seg at kilden gjør dokumentet tilgjengelig for dette helsepersonellet, denne gruppen eller denne virksomheten"
#   hjemmel: "helsepersonelloven § 45 første ledd; pasient- og brukerrettighetsloven § 5-3"
#   bevisgrad: "lov"
#   sist_vurdert: "2026-11-26"
nekt contains "sperreregel_hos_kilde" if {
	helsepersonell_dokument
	sperrenoekkel_felles
	not nodrett_overstyrer_sperring
}

# Cedar: `resource.sperrenoekler.containsAny(context.pasient.sperreregler)`.
sperrenoekkel_felles if {
	some noekkel in ressurs.sperrenoekler
	noekkel in pasient.sperreregler
}
