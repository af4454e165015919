"""The Trusted Publishing exchange as pypa/gh-action-pypi-publish performs it, for Wharf's tests.

Usage: python3 oidc_exchange.py REPOSITORY_URL

The requests are the action's (oidc-exchange.py in pypa/gh-action-pypi-publish,
v1.8.14 and later), in the same order and to the same URLs:

1. GET https://{netloc}/_/oidc/audience  (timeout 5). Only the repository URL's host and port are
   kept: the scheme is always https and the paths sit at the root of the host.
2. The ID token, fetched the way the `id` package (github.com/di/id) does on GitHub Actions: urllib3
   GET of $ACTIONS_ID_TOKEN_REQUEST_URL with fields={"audience": ...}, header
   "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN", timeout 30, token in body["value"].
3. POST https://{netloc}/_/oidc/mint-token with json={"token": ...}  (timeout 5).

The minted token is printed alone on stdout's last line. Every failure prints the action's
"::error::Trusted publishing exchange failure: ..." text on stderr and exits 1. Certificates are
verified by requests/urllib3; the test points REQUESTS_CA_BUNDLE at its own CA.
"""

import json
import os
import sys
from http import HTTPStatus
from urllib.parse import urlparse

import requests
import urllib3


def fail(message):
    # The action turns newlines into %0A for GitHub's log; plain lines are easier to assert on here.
    print(f"::error::Trusted publishing exchange failure: {message}", file=sys.stderr)
    sys.exit(1)


def audience_of(domain):
    response = requests.get(f"https://{domain}/_/oidc/audience", timeout=5)
    if response.status_code == HTTPStatus.FORBIDDEN:
        fail(f"audience retrieval failed: repository at {domain} has trusted publishing disabled")
    if response.status_code == HTTPStatus.NOT_FOUND:
        fail(f"audience retrieval failed: repository at {domain} does not indicate trusted publishing support")
    if response.status_code >= 400:
        phrase = HTTPStatus(response.status_code).phrase
        fail(f"audience retrieval failed: repository at {domain} responded with unexpected "
             f"{response.status_code}: {phrase}")
    return response.json()["audience"]


def github_id_token(audience):
    request_token = os.environ.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
    request_url = os.environ.get("ACTIONS_ID_TOKEN_REQUEST_URL")
    if not request_token or not request_url:
        fail("OpenID Connect token retrieval failed: GitHub: missing or insufficient OIDC token permissions")
    # `fields` on a GET is appended as "?audience=..." even though the URL already has
    # "?api-version=2.0": this is the request real jobs make, so the issuer must cope with it.
    response = urllib3.PoolManager().request(
        "GET", request_url, fields={"audience": audience},
        headers={"Authorization": f"bearer {request_token}"}, timeout=30)
    if response.status != 200:
        fail(f"OpenID Connect token retrieval failed: GitHub: OIDC token request failed "
             f"(code={response.status}, body={response.data.decode()!r})")
    try:
        value = json.loads(response.data.decode())["value"]
        if not isinstance(value, str):
            raise ValueError("not a string")
    except Exception:
        fail("OpenID Connect token retrieval failed: GitHub: malformed or incomplete JSON")
    return value


def mint(domain, id_token):
    response = requests.post(f"https://{domain}/_/oidc/mint-token", json={"token": id_token}, timeout=5)
    try:
        payload = response.json()
    except requests.JSONDecodeError:
        fail(f"Token request failed: the index produced an unexpected\n{response.status_code} response.")
    if not response.ok:
        reasons = "\n".join(f"* `{error['code']}`: {error['description']}" for error in payload["errors"])
        fail(f"Token request failed: the server refused the request for the following reasons:\n\n{reasons}")
    token = payload.get("token")
    if not token:
        fail("Token response error: the index gave us an invalid response.")
    return token


def main():
    domain = urlparse(sys.argv[1]).netloc
    audience = audience_of(domain)
    token = mint(domain, github_id_token(audience))
    print(f"::add-mask::{token}", file=sys.stderr)
    print(token)


if __name__ == "__main__":
    main()
