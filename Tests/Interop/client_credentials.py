"""Interop: fetch a token with requests-oauthlib's BackendApplicationClient (RFC 6749 §4.4,
client_secret_basic), verify it with joserfc against the served JWKS, introspect and revoke it
with plain requests. Usage: client_credentials.py ISSUER CLIENT_ID CLIENT_SECRET CA_CERT_PEM"""
import os
import sys
import time

import requests
from joserfc import jwt
from joserfc.jwk import KeySet
from oauthlib.oauth2 import BackendApplicationClient
from requests.auth import HTTPBasicAuth
from requests_oauthlib import OAuth2Session

issuer, client_id, client_secret, ca_cert = sys.argv[1:5]
# requests lets these variables override a session's own `verify`; trust only our test CA.
for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
    os.environ.pop(variable, None)
http = requests.Session()
http.verify = ca_cert


def wait_for_metadata():
    deadline = time.time() + 20
    while True:
        try:
            return http.get(f"{issuer}/.well-known/oauth-authorization-server", timeout=2).json()
        except requests.ConnectionError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


metadata = wait_for_metadata()
assert metadata["issuer"] == issuer, metadata

session = OAuth2Session(client=BackendApplicationClient(client_id=client_id))
token = session.fetch_token(token_url=metadata["token_endpoint"], auth=HTTPBasicAuth(client_id, client_secret), verify=ca_cert)
assert token["token_type"] == "Bearer" and token["expires_in"] > 0, token

keys = KeySet.import_key_set(http.get(metadata["jwks_uri"], timeout=10).json())
decoded = jwt.decode(token["access_token"], keys)
assert decoded.header["typ"] == "at+jwt", decoded.header
claims = decoded.claims
assert claims["iss"] == issuer and claims["client_id"] == client_id and claims["sub"] == client_id, claims
assert claims["exp"] > time.time() >= claims["iat"] - 5, claims
jwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer}).validate(claims)

auth = HTTPBasicAuth(client_id, client_secret)
introspection = http.post(metadata["introspection_endpoint"], data={"token": token["access_token"]}, auth=auth, timeout=10).json()
assert introspection["active"] is True and introspection["client_id"] == client_id, introspection
assert http.post(metadata["revocation_endpoint"], data={"token": token["access_token"]}, auth=auth, timeout=10).status_code == 200
after = http.post(metadata["introspection_endpoint"], data={"token": token["access_token"]}, auth=auth, timeout=10).json()
assert after == {"active": False}, after
print("verified: requests-oauthlib token, joserfc signature, introspection, revocation")
