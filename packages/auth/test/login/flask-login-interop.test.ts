import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Flagon, session } from 'flagon';
import { currentUser, LoginManager, loginUser, UserMixin } from '../../src/index.ts';
import { pythonMissing, runPython } from '../helpers/python.ts';

const KEY = 'shared secret between Flask and Flagon';
const AGENT = 'Mozilla/5.0 (interop test) "quoted" \'single\'';
const ADDRESS = '127.0.0.1';

class User extends UserMixin {
  readonly id: string;
  constructor(id: string) {
    super();
    this.id = id;
  }
}

// A Flask app with Flask-Login 0.6 and the same key, driven through Flask's test client.
const FLASK_APP = `
import json, sys
from flask import Flask, jsonify, session
from flask_login import LoginManager, UserMixin, current_user, login_user
data = json.load(sys.stdin)
app = Flask(__name__)
app.config["SECRET_KEY"] = data["key"]
app.config["SESSION_PROTECTION"] = data.get("protection", "basic")
manager = LoginManager(app)

class User(UserMixin):
    def __init__(self, id):
        self.id = id

@manager.user_loader
def load_user(user_id):
    return User(user_id) if user_id in ("1", "42") else None

@app.route("/login")
def login():
    login_user(User("42"), remember=True)
    return "ok"

@app.route("/me")
def me():
    return jsonify(authenticated=current_user.is_authenticated, id=current_user.get_id(), fresh=session.get("_fresh"))

client = app.test_client()
headers = {"User-Agent": data["agent"]}
if data["op"] == "login":
    response = client.get("/login", headers=headers)
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name, rest = header.split("=", 1)
        cookies[name] = rest.split(";", 1)[0]
    print(json.dumps(cookies))
else:
    for name, value in data["cookies"].items():
        client.set_cookie("localhost", name, value)
    print(json.dumps(client.get("/me", headers=headers).get_json()))
`;

function flagonApp(protection: 'basic' | 'strong' = 'basic') {
  const app = new Flagon('interop', { config: { SECRET_KEY: KEY } });
  const login = new LoginManager(app, { sessionProtection: protection });
  login.userLoader((id) => (id === '1' || id === '42' ? new User(id) : null));
  app.get('/login', async () => ({ ok: await loginUser(new User('1'), { remember: true }) }));
  app.get('/me', () => ({
    authenticated: currentUser.isAuthenticated,
    id: currentUser.getId(),
    fresh: session.get('_fresh') ?? null,
  }));
  return app;
}

const from = { headers: { 'User-Agent': AGENT }, remoteAddr: ADDRESS };

async function flaskLogin(): Promise<Record<string, string>> {
  return (await runPython(FLASK_APP, { key: KEY, agent: AGENT, op: 'login' })) as Record<string, string>;
}

async function flaskMe(cookies: Record<string, string>, protection = 'basic'): Promise<unknown> {
  return runPython(FLASK_APP, { key: KEY, agent: AGENT, op: 'me', cookies, protection });
}

async function flagonLogin(): Promise<Record<string, string>> {
  const client = flagonApp().testClient();
  await client.get('/login', from);
  return {
    session: client.cookies.get('session') ?? '',
    remember_token: client.cookies.get('remember_token') ?? '',
  };
}

describe('interop with Flask-Login 0.6', { skip: pythonMissing }, () => {
  it('keeps a user logged in by Flask logged in, and fresh, on Flagon (same _id)', async () => {
    const cookies = await flaskLogin();
    const client = flagonApp('strong').testClient();
    client.cookies.set('session', cookies.session ?? '');
    assert.deepEqual((await client.get('/me', from)).json, { authenticated: true, id: '42', fresh: true });
  });

  it("restores a login from Flask-Login's remember cookie alone", async () => {
    const cookies = await flaskLogin();
    assert.match(cookies.remember_token ?? '', /^42\|[0-9a-f]{128}$/);
    const client = flagonApp().testClient();
    client.cookies.set('remember_token', cookies.remember_token ?? '');
    assert.deepEqual((await client.get('/me', from)).json, { authenticated: true, id: '42', fresh: false });
  });

  it('keeps a user logged in by Flagon logged in, and fresh, on Flask (same _id)', async () => {
    const cookies = await flagonLogin();
    assert.deepEqual(await flaskMe({ session: cookies.session ?? '' }, 'strong'), {
      authenticated: true,
      id: '1',
      fresh: true,
    });
  });

  it("writes a remember cookie Flask-Login accepts, byte for byte Flask-Login's format", async () => {
    const cookies = await flagonLogin();
    assert.match(cookies.remember_token ?? '', /^1\|[0-9a-f]{128}$/);
    assert.deepEqual(await flaskMe({ remember_token: cookies.remember_token ?? '' }), {
      authenticated: true,
      id: '1',
      fresh: false,
    });
  });

  it('refuses a remember cookie forged for another user, as Flask-Login does', async () => {
    const cookies = await flagonLogin();
    const forged = `42|${(cookies.remember_token ?? '').split('|')[1]}`;
    assert.deepEqual(await flaskMe({ remember_token: forged }), {
      authenticated: false,
      id: null,
      fresh: null,
    });
    const client = flagonApp().testClient();
    client.cookies.set('remember_token', forged);
    assert.deepEqual((await client.get('/me', from)).json, { authenticated: false, id: null, fresh: null });
  });
});
