"""An authorization server we did not write, for the Swift libraries' interop tests: Authlib's
client credentials grant issuing RFC 9068 JWTs (RS256, served JWKS) to one client and opaque
tokens to another, RFC 7662 introspection for a resource server, and RFC 8414 metadata.
Listens on a free loopback port and prints it on its first line. In memory; stops on SIGTERM.
Usage: authlib_server.py"""
import time

from authlib.common.security import generate_token
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from flask import Flask, jsonify
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

AUDIENCE = "https://orders.example"
KEYS = KeySet([RSAKey.generate_key(2048, parameters={"kid": "authlib-1", "use": "sig", "alg": "RS256"})])
TOKENS = {}


class Client(ClientMixin):
    def __init__(self, client_id, secret, scope, introspects=False):
        self.client_id, self.secret, self.scope, self.introspects = client_id, secret, scope, introspects

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        allowed = set(self.scope.split())
        return " ".join(s for s in (scope or self.scope).split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return client_secret == self.secret

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type == "client_credentials"


CLIENTS = {c.client_id: c for c in [
    Client("jwt-client", "jwt-secret", "orders:read orders:write"),
    Client("opaque-client", "opaque-secret", "orders:read"),
    Client("orders-api", "api-secret", "", introspects=True),
]}


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class Generator(JWTBearerTokenGenerator):
    """RFC 9068 JWTs for orders, except opaque strings for the client that wants them."""

    def get_jwks(self):
        return KEYS.as_dict(private=True)

    def get_audiences(self, client, user, scope):
        return AUDIENCE

    def access_token_generator(self, client, grant_type, user, scope):
        if client.client_id == "opaque-client":
            return generate_token(42)
        return super().access_token_generator(client, grant_type, user, scope)


class Introspection(IntrospectionEndpoint):
    def query_token(self, token, token_type_hint):
        return TOKENS.get(token)

    def introspect_token(self, token):
        return {"active": True, "client_id": token["client_id"], "scope": token["scope"], "token_type": "Bearer",
                "exp": token["issued_at"] + token["expires_in"], "iat": token["issued_at"], "sub": token["client_id"],
                "aud": AUDIENCE, "iss": ISSUER}

    def check_permission(self, token, client, request):
        return client.introspects


class TokenRecord(dict):
    def is_expired(self):
        return self["issued_at"] + self["expires_in"] <= time.time()

    def is_revoked(self):
        return False

    def get_client(self):
        return CLIENTS[self["client_id"]]


def save_token(token, request):
    TOKENS[token["access_token"]] = TokenRecord(client_id=request.client.client_id, scope=token.get("scope", ""),
                                                issued_at=int(time.time()), expires_in=token["expires_in"])


app = Flask(__name__)
server = make_server("127.0.0.1", 0, app)
ISSUER = f"http://127.0.0.1:{server.server_port}"
authorization = AuthorizationServer(app, query_client=CLIENTS.get, save_token=save_token)
authorization.register_grant(ClientCredentials)
# Five minutes, so that a client refreshing at 80 % of the lifetime is seen to.
authorization.register_token_generator("default", Generator(issuer=ISSUER, expires_generator=lambda client, grant_type: 300))
authorization.register_endpoint(Introspection)


@app.post("/token")
def token():
    return authorization.create_token_response()


@app.post("/introspect")
def introspect():
    return authorization.create_endpoint_response(Introspection.ENDPOINT_NAME)


@app.get("/jwks.json")
def jwks():
    return jsonify(KEYS.as_dict(private=False))


@app.get("/.well-known/oauth-authorization-server")
def metadata():
    return jsonify(issuer=ISSUER, token_endpoint=f"{ISSUER}/token", jwks_uri=f"{ISSUER}/jwks.json",
                   introspection_endpoint=f"{ISSUER}/introspect",
                   token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
                   grant_types_supported=["client_credentials"])


print(server.server_port, flush=True)
server.serve_forever()
