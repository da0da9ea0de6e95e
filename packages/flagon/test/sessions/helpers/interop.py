"""Runs itsdangerous and Flask for the interop tests.

Usage: python3 interop.py '<json list of commands>'; prints a JSON list with one result per command.
Python values are described as JSON with their types (see ``describe``) so the tests can check them exactly.
"""

import base64
import datetime
import hashlib
import json
import sys
import uuid

import flask
import itsdangerous
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup


def describe(value):
    if isinstance(value, Markup):
        return {"markup": str(value)}
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return {"value": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, uuid.UUID):
        return {"uuid": str(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [describe(item) for item in value]}
    if isinstance(value, list):
        return {"list": [describe(item) for item in value]}
    if isinstance(value, dict):
        return {"dict": {key: describe(item) for key, item in value.items()}}
    return {"other": repr(value)}


def sample_session():
    """Every type Flask's tagged JSON knows, plus text that needs escaping and enough data to compress."""
    return {
        "user_id": 42,
        "big": 2**70,
        "ratio": 0.5,
        "name": "Zoë 😀 \"quoted\" \\ <tag>",
        "pair": (1, "two", (3,)),
        "raw": b"\x00\xffbytes",
        "safe": Markup("<b>bold</b>"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "when": datetime.datetime(2020, 2, 29, 13, 14, 15, tzinfo=datetime.timezone.utc),
        "tricky": {" t": [1, 2]},
        "nested": {"list": [None, True, False], "empty": {}},
        "_flashes": [("error", "Bad password"), ("message", "Hello")],
        "_permanent": True,
        "filler": "abc" * 200,
    }


def make_app(secret_key):
    app = flask.Flask("interop")
    app.secret_key = secret_key
    app.config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(days=31)

    @app.route("/read")
    def read():
        return json.dumps(describe(dict(flask.session)))

    @app.route("/write")
    def write():
        flask.session.update(sample_session())
        return "ok"

    return app


def signer_kwargs(command):
    kwargs = dict(command.get("signer_kwargs") or {})
    if "digest_method" in kwargs:
        kwargs["digest_method"] = getattr(hashlib, kwargs["digest_method"])
    return kwargs


def run(command):
    op = command["op"]
    keys = command.get("keys")
    if op in ("sign", "unsign"):
        cls = getattr(itsdangerous, command["class"])
        signer = cls(keys, salt=command.get("salt"), **signer_kwargs(command))
        if op == "sign":
            return signer.sign(command["value"]).decode("utf-8")
        return signer.unsign(command["value"]).decode("utf-8")
    if op in ("dumps", "loads"):
        serializer = itsdangerous.URLSafeTimedSerializer(
            keys, salt=command.get("salt", "itsdangerous"), signer_kwargs=signer_kwargs(command)
        )
        if op == "dumps":
            return serializer.dumps(command["value"])
        return serializer.loads(command["value"], max_age=command.get("max_age"))
    app = make_app(command["secret_key"])
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    # Inside a request, as Flask does when it saves a session (keys sorted, non-ASCII escaped).
    with app.test_request_context():
        if op == "session_dumps":
            return serializer.dumps(sample_session())
        if op == "session_loads":
            return describe(serializer.loads(command["value"]))
    # Without its cookie jar, which would replace the Cookie header sent below.
    client = app.test_client(use_cookies=False)
    if op == "app_read":
        response = client.get("/read", headers={"Cookie": f"session={command['value']}"})
        return json.loads(response.get_data(as_text=True))
    if op == "app_write":
        response = client.get("/write")
        return response.headers.getlist("Set-Cookie")
    raise ValueError(f"unknown op {op!r}")


def main():
    results = []
    for command in json.loads(sys.argv[1]):
        try:
            results.append({"ok": run(command)})
        except itsdangerous.BadData as error:
            results.append({"error": type(error).__name__, "message": str(error)})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
