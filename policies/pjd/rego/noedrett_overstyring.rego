package pjd

# Nødrett og pasientens sperringer — helsepersonelloven § 45 første ledd og pasient- og
# brukerrettighetsloven § 5-3; vår avgjørelse (R35, Q2).
# Er parameteren `nodrett_overstyrer_sperring` slått på, overstyrer nødtilgang (BTG) pasientens
# sperring av journaldokumenter på helsenorge, kildens sperreregler og sperrede (NORS) dokumenter
# — men bare i en nødsituasjon: hos kilden (hpl45), eller i kjernejournal med tilgangsgrunnlaget
# akutt, aldri med samtykke eller unntak. Uten nødsituasjon avslår sperringen som før
# (sperreregler.rego, pasientens_valg.rego, sperrede_dokumenter.rego), og denne regelen sier
# hvorfor nødtilgangen ikke overstyrte den. Den slår til bare når en av de sperringene gjør det,
# aldri alene; derfor telles den som skjult: om et dokument telles i `hidden_count`, avgjør de
# andre grunnene til avslaget, som før (R29).

# METADATA
# title: "Nødtilgang (BTG) overstyrer pasientens sperring bare hos kilden eller i kjernejournal med tilgangsgrunnlaget akutt, aldri med samtykke eller unntak"
# scope: rule
# custom:
#   id: "noedrett_krever_akutt"
#   tittel: "Nødtilgang (BTG) overstyrer pasientens sperring bare hos kilden eller i kjernejournal med tilgangsgrunnlaget akutt, aldri med samtykke eller unntak"
#   hjemmel: "helsepersonelloven § 45 første ledd; pasient- og brukerrettighetsloven § 5-3 (vår avgjørelse)"
#   bevisgrad: "antakelse"
#   apent_sporsmal: "Q2"
#   sist_vurdert: "2026-12-03"
#   telles_som_skjult: "ja"
nekt contains "noedrett_krever_akutt" if {
	helsepersonell_dokument
	parametere.nodrett_overstyrer_sperring
	har(principal, "formaal")
	principal.formaal == "BTG"
	overstyrbar_sperring
	not nodrett_paa_stien
}

# Sperringene nødtilgang kan overstyre (R10–R12): det `when` sier i reglene som avslår dem.
overstyrbar_sperring if sperrenoekkel_felles

overstyrbar_sperring if {
	not har(principal, "behandlingssted")
	virksomhetsnoekkel_felles
}

overstyrbar_sperring if pasient.pjd_sperret

overstyrbar_sperring if "NORS" in ressurs.konfidensialitet
