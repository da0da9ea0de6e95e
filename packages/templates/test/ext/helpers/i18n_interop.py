"""Answers the i18n interop tests with the real Python gettext and Jinja2.

Reads a JSON list of commands on stdin, prints a JSON list with one result per command:
{"ok": value} or {"error": exception class name, "message": text}.
"""
import gettext
import io
import json
import sys

import jinja2


def translations(spec):
    if spec is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(bytes.fromhex(spec)))


def render(cmd):
    env = jinja2.Environment(extensions=['jinja2.ext.i18n'], autoescape=cmd.get('autoescape', False))
    if 'trimmedPolicy' in cmd:
        env.policies['ext.i18n.trimmed'] = cmd['trimmedPolicy']
    env.install_gettext_translations(translations(cmd.get('mo')), newstyle=cmd.get('newstyle', False))
    return env.from_string(cmd['source']).render(**cmd.get('context', {}))


def lookups(cmd):
    t = translations(cmd['mo'])
    out = []
    for call in cmd['calls']:
        name, args = call[0], call[1:]
        out.append(getattr(t, name)(*args))
    return out


def plural(cmd):
    fn = gettext.c2py(cmd['expression'])
    return [fn(n) for n in cmd['ns']]


def extract(cmd):
    env = jinja2.Environment(extensions=['jinja2.ext.i18n'])
    return [[lineno, fn, list(msg) if isinstance(msg, tuple) else msg]
            for lineno, fn, msg in env.extract_translations(cmd['source'])]


HANDLERS = {'render': render, 'lookups': lookups, 'plural': plural, 'extract': extract}

results = []
for command in json.load(sys.stdin):
    try:
        results.append({'ok': HANDLERS[command['op']](command)})
    except Exception as e:  # every failure is reported to the test, which compares it
        results.append({'error': type(e).__name__, 'message': str(e)})
print(json.dumps(results))
