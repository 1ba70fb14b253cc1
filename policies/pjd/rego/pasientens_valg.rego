package pjd

# Pasientens sperring av journaldokumenter og reservasjon mot kjernejournal —
# kjernejournalforskriften § 3, helsepersonelloven § 45 og pasient- og brukerrettighetsloven § 5-3.
# En pasient som har sperret innsyn i journaldokumenter på helsenorge, får ingen dokumenter delt
# med helsepersonell, på noen av stiene. En pasient som har reservert seg mot å ha
# kjernejournal, får ingenting vist gjennom kjernejournal; etter vår avgjørelse (Q1) heller ikke
# gjennom hpl45-stien, så lenge parameteren `kj_reservasjon_gjelder_hpl45` er slått på.
# Akutt, ETREAT og BTG overstyrer aldri en reservasjon; BTG overstyrer sperringen bare når
# parameteren `nodrett_overstyrer_sperring` er slått på,
# og da bare hos kilden (hpl45) eller i kjernejournal med tilgangsgrunnlaget akutt — aldri med
# samtykke eller unntak (vår avgjørelse, Q2; `noedrett_krever_akutt` sier det i avslaget).

# METADATA
# title: "Pasienten har sperret deling av journaldokumenter på helsenorge"
# scope: rule
# custom:
#   id: "pasient_sperret_pjd"
#   tittel: "Pasienten har sperret deling av journaldokumenter på helsenorge"
#   hjemmel: "helsepersonelloven § 45 første ledd; pasient- og brukerrettighetsloven § 5-3"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
nekt contains "pasient_sperret_pjd" if {
	helsepersonell_dokument
	pasient.pjd_sperret
	not nodrett_overstyrer_sperring
}

# METADATA
# title: "Pasienten har reservert seg mot å ha kjernejournal"
# scope: rule
# custom:
#   id: "pasient_reservert_kjernejournal"
#   tittel: "Pasienten har reservert seg mot å ha kjernejournal"
#   hjemmel: "kjernejournalforskriften § 3"
#   bevisgrad: "forskrift"
#   sist_vurdert: "2026-11-26"
nekt contains "pasient_reservert_kjernejournal" if {
	helsepersonell_dokument
	pasient.kj_reservert
	kontekst.sti == "kjernejournalforskriften"
}

# METADATA
# title: "Pasienten har reservert seg mot kjernejournal; det gjelder også deling direkte fra kilden"
# scope: rule
# custom:
#   id: "pasient_reservert_hpl45"
#   tittel: "Pasienten har reservert seg mot kjernejournal; det gjelder også deling direkte fra kilden"
#   hjemmel: "kjernejournalforskriften § 3; pasientjournalloven § 19 (vår avgjørelse)"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q1"
#   sist_vurdert: "2026-11-26"
nekt contains "pasient_reservert_hpl45" if {
	helsepersonell_dokument
	pasient.kj_reservert
	kontekst.sti == "hpl45"
	parametere.kj_reservasjon_gjelder_hpl45
}
