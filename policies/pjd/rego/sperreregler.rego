package pjd

# Pasientens rett til å motsette seg at opplysninger gjøres tilgjengelige — helsepersonelloven
# § 45 første ledd og pasient- og brukerrettighetsloven § 5-3.
# En sperreregel registreres hos kilden: mot navngitt helsepersonell (HPR-nummer eller
# fødselsnummer), en gruppe (autorisasjon: hver autorisasjon personen har i HPR, den attesterte og
# de HelseID har verifisert) eller en virksomhet (organisasjonsnummer), for hele
# journalen hos kilden (også dokumenter som skrives senere) eller for ett dokument. Tjenesten
# bygger nøkler for sperreregelen og for hvem som spør om hvilket dokument, i én dokumentert
# funksjon; regelen slår til når en nøkkel er felles. En sperreregel mot en virksomhet rammer
# den som spør på vegne av den juridiske enheten eller fra behandlingsstedet med det
# organisasjonsnummeret. Oppgir attesten ikke behandlingssted, kan den som spør arbeide nettopp
# der pasienten har motsatt seg deling; da rammer enhver sperreregel mot en virksomhet hos
# kilden (vår avgjørelse, Q22). Nødtilgang (BTG) overstyrer bare når parameteren
# `nodrett_overstyrer_sperring` er slått på,
# og da bare hos kilden (hpl45) eller i kjernejournal med tilgangsgrunnlaget akutt — aldri med
# samtykke eller unntak (vår avgjørelse, Q2; `noedrett_krever_akutt` sier det i avslaget).

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

# METADATA
# title: "Attesten oppgir ikke behandlingssted, og pasienten har motsatt seg at kilden gjør dokumentet tilgjengelig for en virksomhet"
# scope: rule
# custom:
#   id: "sperreregel_behandlingssted_ukjent"
#   tittel: "Attesten oppgir ikke behandlingssted, og pasienten har motsatt seg at kilden gjør dokumentet tilgjengelig for en virksomhet"
#   hjemmel: "helsepersonelloven § 45 første ledd; pasient- og brukerrettighetsloven § 5-3; Tillitsrammeverket ATT-18 og ATT-19"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q22"
#   sist_vurdert: "2026-11-26"
nekt contains "sperreregel_behandlingssted_ukjent" if {
	helsepersonell_dokument
	not har(principal, "behandlingssted")
	virksomhetsnoekkel_felles
	not nodrett_overstyrer_sperring
}

# Cedar: `resource.virksomhetsnoekler.containsAny(context.pasient.sperreregler)`.
virksomhetsnoekkel_felles if {
	some noekkel in ressurs.virksomhetsnoekler
	noekkel in pasient.sperreregler
}
