"""How API callers sign in: a token (``Authorization: Token csba_…``, or
``Bearer``), the browser session, and (outside production) HTTP Basic, which
goes through the login throttle like the login pages."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from csba import clock

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send one token: Authorization: Token csba_….")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        # Imported here: DRF reads this class while csba.errors (which the tokens use) is still loading.
        from csba.tokens import token_authenticate

        token = token_authenticate(raw, now=clock.now())
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid, or was revoked.")
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class BasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic through the login throttle: a throttled address or account
    is 429 with Retry-After (not a 401 that invites the next guess)."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            wait = getattr(request, "csba_login_wait", None)
            if wait:
                raise exceptions.Throttled(wait=wait, detail="Too many failed sign-ins.") from None
            raise


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema names token sign-in."""

    target_class = "csba.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token csba_…` (or `Bearer csba_…`): a token made in the seller portal or by an operator.",
        }


class BasicScheme(OpenApiAuthenticationExtension):
    target_class = "csba.api.authentication.BasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic", "description": "Development only: off in production."}
