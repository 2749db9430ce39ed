"""An OAuth 2.1 authorization server for the end-to-end test: authlib's AuthorizationServer
(authorization code + PKCE S256, public client) on Flask, on loopback, with two realms —
`acme` and `globex` — each its own issuer and RSA key. Access tokens are JWTs (RFC 9068,
authlib's JWTBearerTokenGenerator) whose `aud` is the `resource` the client asked for
(RFC 8707) and whose `groups` claim holds the user's groups.

The authorization endpoint approves at once for the user named in `login_hint` (a test
stands in for the login page). Usage: oauth_provider.py PORT; prints "ready" when serving.
"""
import sys
import time

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.jose import JsonWebKey
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

PORT = int(sys.argv[1])
BASE = f"http://127.0.0.1:{PORT}"
USERS = {
    "acme": {"carol": ["hr", "employee"], "alice": ["eng", "employee"]},
    "globex": {"dana": ["staff"]},
}
CLIENT_ID = "mcp-host"
REDIRECT = "http://127.0.0.1/callback"


class User:
    def __init__(self, name, groups):
        self.name, self.groups = name, groups

    def get_user_id(self):
        return self.name


class Client(ClientMixin):
    """One public client (PKCE, no secret), registered in advance."""

    def get_client_id(self):
        return CLIENT_ID

    def get_default_redirect_uri(self):
        return REDIRECT

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "search").split() if s == "search") or "search"

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == REDIRECT

    def check_client_secret(self, client_secret):
        return False

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "none"

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code:
    def __init__(self, code, redirect_uri, scope, user, challenge, method):
        self.code, self.redirect_uri, self.scope, self.user = code, redirect_uri, scope, user
        self.code_challenge, self.code_challenge_method = challenge, method
        self.created = time.time()

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return None

    def get_auth_time(self):
        return int(self.created)

    def get_acr(self):
        return None

    def get_amr(self):
        return None


def realm_server(app, realm):
    key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": f"{realm}-1"})
    issuer = f"{BASE}/{realm}"
    codes = {}

    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["none"]

        def save_authorization_code(self, code, req):
            codes[code] = Code(code, req.payload.redirect_uri, req.scope, req.user, req.payload.data.get("code_challenge"),
                               req.payload.data.get("code_challenge_method"))

        def query_authorization_code(self, code, client):
            item = codes.get(code)
            return item if item and time.time() - item.created < 60 else None

        def delete_authorization_code(self, authorization_code):
            codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code):
            return authorization_code.user

    class Tokens(JWTBearerTokenGenerator):
        def get_jwks(self):
            return {"keys": [key.as_dict(is_private=True)]}

        def get_audiences(self, client, user, scope):
            # RFC 8707: the token is for the resource the client named (authlib leaves this to us).
            return request.form.get("resource") or client.get_client_id()

        def get_extra_claims(self, client, grant_type, user, scope):
            return {"groups": user.groups}

    server = AuthorizationServer(app, query_client=lambda cid: Client() if cid == CLIENT_ID else None, save_token=lambda t, r: None)
    server.register_grant(CodeGrant, [CodeChallenge(required=True)])
    server.register_token_generator("default", Tokens(issuer=issuer))

    @app.get(f"/.well-known/oauth-authorization-server/{realm}", endpoint=f"{realm}-metadata")
    def metadata():
        return jsonify({
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": ["search"],
        })

    @app.get(f"/{realm}/jwks", endpoint=f"{realm}-jwks")
    def jwks():
        return jsonify({"keys": [key.as_dict(is_private=False) | {"alg": "RS256", "use": "sig"}]})

    @app.get(f"/{realm}/authorize", endpoint=f"{realm}-authorize")
    def authorize():
        name = request.args.get("login_hint", "")
        groups = USERS[realm].get(name)
        return server.create_authorization_response(grant_user=User(name, groups) if groups else None)

    @app.post(f"/{realm}/token", endpoint=f"{realm}-token")
    def token():
        return server.create_token_response()


app = Flask(__name__)
for realm in USERS:
    realm_server(app, realm)
http = make_server("127.0.0.1", PORT, app, threaded=True)
print("ready", flush=True)
http.serve_forever()
