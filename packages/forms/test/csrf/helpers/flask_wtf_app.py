"""A Flask app protected by Flask-WTF's CSRFProtect, driven from the interop tests over stdin/stdout (JSON)."""
import json
import sys

from flask import Flask
from flask_wtf.csrf import CSRFProtect, generate_csrf

request = json.load(sys.stdin)
app = Flask("interop")
app.config["SECRET_KEY"] = request["secret_key"]
app.config.update(request.get("config", {}))
CSRFProtect(app)


@app.get("/token")
def token():
    return generate_csrf()


@app.post("/submit")
def submit():
    return "accepted"


client = app.test_client()
if request["op"] == "issue":
    res = client.get("/token")
    cookie = res.headers.get("Set-Cookie", "")
    value = cookie.split(";", 1)[0].split("=", 1)[1] if cookie.startswith("session=") else ""
    print(json.dumps({"token": res.get_data(as_text=True), "session": value}))
elif request["op"] == "submit":
    client.set_cookie("localhost", "session", request["session"])
    headers = request.get("headers", {})
    data = request.get("data", {})
    res = client.post("/submit", data=data, headers=headers)
    body = res.get_data(as_text=True)
    print(json.dumps({"status": res.status_code, "body": body}))
