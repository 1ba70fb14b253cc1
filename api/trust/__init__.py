"""Trust at the boundary: who the caller is (bearer access tokens) and which claims about the
person behind a request were verified (a HelseID access token, a signed XUA SAML assertion)."""
