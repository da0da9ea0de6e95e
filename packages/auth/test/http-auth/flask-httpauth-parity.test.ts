import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon } from 'flagon';
import { HTTPBasicAuth, HTTPTokenAuth } from '../../src/index.ts';
import { pythonMissing, runPython } from '../helpers/python.ts';

// The same app written with Flask-HTTPAuth 4.5: every request below must get the same status and challenge.
const FLASK_APP = `
import json, sys
from flask import Flask
from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth
app = Flask(__name__)
basic = HTTPBasicAuth()
token = HTTPTokenAuth(scheme="Bearer")
USERS = {"ada": ("lovelace", ["admin", "editor"]), "bob": ("builder", ["editor"])}

@basic.verify_password
def verify_password(username, password):
    entry = USERS.get(username)
    return username if entry and entry[0] == password else None

@basic.get_user_roles
def get_user_roles(user):
    return USERS[user][1]

@token.verify_token
def verify_token(t):
    return "api" if t == "good-token" else None

@app.route("/basic")
@basic.login_required
def basic_view():
    return "ok"

@app.route("/admin")
@basic.login_required(role="admin")
def admin_view():
    return "ok"

@app.route("/any")
@basic.login_required(role=["admin", "editor"])
def any_view():
    return "ok"

@app.route("/all")
@basic.login_required(role=[["admin", "editor"]])
def all_view():
    return "ok"

@app.route("/token")
@token.login_required
def token_view():
    return "ok"

client = app.test_client()
out = []
for case in json.load(sys.stdin):
    response = client.get(case["path"], headers=case["headers"])
    out.append([response.status_code, response.headers.get("WWW-Authenticate")])
print(json.dumps(out))
`;

const USERS: Record<string, [string, string[]]> = {
  ada: ['lovelace', ['admin', 'editor']],
  bob: ['builder', ['editor']],
};

function flagonApp() {
  const app = new Flagon('parity');
  const basic = new HTTPBasicAuth();
  basic.verifyPassword((u, p) => (USERS[u]?.[0] === p ? u : null));
  basic.getUserRoles((user) => USERS[user as string]?.[1] ?? null);
  const token = new HTTPTokenAuth({ scheme: 'Bearer' });
  token.verifyToken((t) => (t === 'good-token' ? 'api' : null));
  app.get(
    '/basic',
    basic.loginRequired(() => 'ok'),
  );
  app.get(
    '/admin',
    basic.loginRequired({ role: 'admin' })(() => 'ok'),
  );
  app.get(
    '/any',
    basic.loginRequired({ role: ['admin', 'editor'] })(() => 'ok'),
  );
  app.get(
    '/all',
    basic.loginRequired({ role: [['admin', 'editor']] })(() => 'ok'),
  );
  app.get(
    '/token',
    token.loginRequired(() => 'ok'),
  );
  return app;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const CASES: Array<{ path: string; headers: Record<string, string> }> = [
  { path: '/basic', headers: {} },
  { path: '/basic', headers: { Authorization: `Basic ${b64('ada:lovelace')}` } },
  { path: '/basic', headers: { Authorization: `basic ${b64('ada:lovelace')}` } },
  { path: '/basic', headers: { Authorization: `Basic ${b64('ada:wrong')}` } },
  { path: '/basic', headers: { Authorization: 'Basic !!!' } },
  { path: '/basic', headers: { Authorization: `Basic ${b64('nocolon')}` } },
  { path: '/basic', headers: { Authorization: 'Bearer good-token' } },
  { path: '/admin', headers: { Authorization: `Basic ${b64('bob:builder')}` } },
  { path: '/admin', headers: { Authorization: `Basic ${b64('ada:lovelace')}` } },
  { path: '/any', headers: { Authorization: `Basic ${b64('bob:builder')}` } },
  { path: '/all', headers: { Authorization: `Basic ${b64('bob:builder')}` } },
  { path: '/all', headers: { Authorization: `Basic ${b64('ada:lovelace')}` } },
  { path: '/token', headers: {} },
  { path: '/token', headers: { Authorization: 'Bearer good-token' } },
  { path: '/token', headers: { Authorization: 'bearer good-token' } },
  { path: '/token', headers: { Authorization: 'Bearer bad-token' } },
  { path: '/token', headers: { Authorization: 'Token good-token' } },
];

describe('parity with Flask-HTTPAuth 4.5', { skip: pythonMissing }, () => {
  it('answers the same status and WWW-Authenticate header for every request (none on a 403)', async () => {
    const flask = (await runPython(FLASK_APP, CASES)) as Array<[number, string | null]>;
    // Flask-HTTPAuth 4.5 also puts the challenge on a 403; Flagon does not, since the credentials were good.
    const expected = flask.map(([status, challenge]) => [status, status === 403 ? null : challenge]);
    assert.ok(flask.some(([status]) => status === 403));
    const client = flagonApp().testClient();
    const actual: Array<[number, string | null]> = [];
    for (const { path, headers } of CASES) {
      const res = await client.get(path, { headers });
      actual.push([res.status, res.headers.get('WWW-Authenticate')]);
    }
    assert.deepEqual(actual, expected);
  });
});
