package pjd

# Sperrede dokumenter (konfidensialitet NORS) — helsepersonelloven § 45 og pasient- og
# brukerrettighetsloven § 5-3, slik kildene merker dem (HITR 1222:2019 § 7.6).
# Et sperret dokument åpnes ikke for helsepersonell og vises ikke i dokumentlisten; i listen
# telles det i `hidden_count` (overskriften NHN-SecurityLabel-Nors-Count), så brukeren ser at
# noe er sperret uten å se hva — men bare når sperringen er eneste grunn til avslag: den
# som ikke kunne sett dokumentet uansett, får ikke vite at det finnes (R29). Nødtilgang (BTG) overstyrer bare når parameteren
# `nodrett_overstyrer_sperring` er slått på,
# og da bare hos kilden (hpl45) eller i kjernejournal med tilgangsgrunnlaget akutt — aldri med
# samtykke eller unntak (vår avgjørelse, Q2; `noedrett_krever_akutt` sier det i avslaget).

# METADATA
# title: "Dokumentet er sperret (NORS) og deles ikke med helsepersonell"
# scope: rule
# custom:
#   id: "dokument_sperret_nors"
#   tittel: "Dokumentet er sperret (NORS) og deles ikke med helsepersonell"
#   hjemmel: "helsepersonelloven § 45; pasient- og brukerrettighetsloven § 5-3; HITR 1222:2019 § 7.6"
#   bevisgrad: "praksis"
#   sist_vurdert: "2026-11-26"
#   telles_som_skjult: "ja"
nekt contains "dokument_sperret_nors" if {
	helsepersonell_dokument
	"NORS" in ressurs.konfidensialitet
	not nodrett_overstyrer_sperring
}
