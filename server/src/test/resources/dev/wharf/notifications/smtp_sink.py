"""A local SMTP server for tests: appends each message it receives to a file, one JSON object a line.

Usage: python3 smtp_sink.py PORT OUTPUT_FILE [--starttls CERT KEY | --tls CERT KEY] [--auth USER:PASSWORD]
  --starttls  offer STARTTLS and require it before MAIL (RFC 3207)
  --tls       TLS from the first byte (SMTPS)
  --auth      require SMTP AUTH (PLAIN/LOGIN) with these credentials; the login is recorded
Prints "ready" once listening; stops when stdin closes.
"""
import json
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class FileSink:
    def __init__(self, path, implicit_tls):
        self.path = path
        self.implicit_tls = implicit_tls

    async def handle_DATA(self, server, session, envelope):
        login = getattr(session, "auth_data", None)
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "data": envelope.original_content.decode("utf-8", "replace"),
            "login": login.decode("utf-8") if isinstance(login, bytes) else None,
            # A TLS-only listener (--tls) accepts nothing else; with STARTTLS the session knows.
            "tls": self.implicit_tls or session.ssl is not None,
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 Message accepted"


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)
    return authenticate


def main():
    # aiosmtpd warns about AUTH without TLS; the loopback test wants exactly that, and the first line
    # this script prints must be "ready".
    warnings.simplefilter("ignore")
    port, path = int(sys.argv[1]), sys.argv[2]
    options = sys.argv[3:]
    open(path, "a").close()
    kwargs = {}
    if "--starttls" in options or "--tls" in options:
        flag = "--starttls" if "--starttls" in options else "--tls"
        i = options.index(flag)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options[i + 1], options[i + 2])
        if flag == "--starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)
    if "--auth" in options:
        user, password = options[options.index("--auth") + 1].split(":", 1)
        # Over a plain connection AUTH is offered but not demanded (aiosmtpd refuses to demand it
        # without TLS); the loopback test only needs wrong credentials to be refused.
        with_tls = "--starttls" in options
        kwargs.update(authenticator=authenticator_for(user, password), auth_required=with_tls,
                      auth_require_tls=with_tls)
    controller = Controller(FileSink(path, "--tls" in options), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
