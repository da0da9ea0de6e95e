import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '@flagon/templates';

// Expected strings are Python 3's for datetime.datetime(2024, 1, 2, 3, 4, 5, 6000). A Date reads as a naive
// datetime in local time, so the dates below are built from local fields.
const env = new Environment();
const d = new Date(2024, 0, 2, 3, 4, 5, 6);
const render = (source: string, vars: Record<string, unknown> = { d }) => env.fromString(source).render(vars);

describe('Date values answer Python datetime attributes', () => {
  it('has year, month, day, hour, minute, second and microsecond', () => {
    assert.equal(
      render(
        '{{ d.year }} {{ d.month }} {{ d.day }} {{ d.hour }} {{ d.minute }} {{ d.second }} {{ d.microsecond }}',
      ),
      '2024 1 2 3 4 5 6000',
    );
  });

  it('has tzinfo None, as a naive datetime', () => {
    assert.equal(render('{{ d.tzinfo }}'), 'None');
  });

  it('gives Undefined for other names and never exposes Date.prototype methods', () => {
    assert.equal(render('[{{ d.getTime }}{{ d.setFullYear }}{{ d.constructor }}]'), '[]');
  });
});

describe('Date.strftime formats as Python’s (C locale)', () => {
  it('formats the common directives', () => {
    assert.equal(render("{{ d.strftime('%Y-%m-%d %H:%M:%S') }}"), '2024-01-02 03:04:05');
  });

  it('formats names, day numbers, week numbers, AM/PM and microseconds', () => {
    assert.equal(
      render("{{ d.strftime('%a %A %b %B %y %j %U %W %w %u %p %I %f %%') }}"),
      'Tue Tuesday Jan January 24 002 00 01 2 2 AM 03 006000 %',
    );
  });

  it('formats %c, %x and %X', () => {
    assert.equal(
      render("{{ d.strftime('%c | %x | %X') }}"),
      'Tue Jan  2 03:04:05 2024 | 01/02/24 | 03:04:05',
    );
  });

  it('formats glibc’s unpadded forms and ISO weeks', () => {
    assert.equal(render("{{ d.strftime('%-d/%-m %e %G-W%V') }}"), '2/1  2 2024-W01');
    assert.equal(
      render("{{ x.strftime('%U %W %G %V %j') }}", { x: new Date(2021, 0, 3) }),
      '01 00 2020 53 003',
    );
  });

  it('keeps unknown directives and a trailing % as written', () => {
    assert.equal(render("{{ d.strftime('%Q %') }}"), '%Q %');
  });

  it('takes the format by keyword', () => {
    assert.equal(render("{{ d.strftime(format='%d.%m.%Y') }}"), '02.01.2024');
  });
});

describe('Date.isoformat, date() and friends', () => {
  it('isoformat with its separator and timespec', () => {
    assert.equal(
      render("{{ d.isoformat() }}|{{ d.isoformat(' ') }}|{{ d.isoformat(timespec='minutes') }}"),
      '2024-01-02T03:04:05.006000|2024-01-02 03:04:05.006000|2024-01-02T03:04',
    );
  });

  it('isoformat leaves out zero microseconds', () => {
    assert.equal(render('{{ x.isoformat() }}', { x: new Date(2024, 0, 2, 3, 4, 5) }), '2024-01-02T03:04:05');
  });

  it('date() gives a date that prints, formats and compares like Python’s', () => {
    assert.equal(
      render(
        "{{ d.date() }}|{{ d.date().isoformat() }}|{{ d.date().strftime('%d.%m.%Y') }}|{{ d.date().year }}|{{ [d.date()] }}",
      ),
      '2024-01-02|2024-01-02|02.01.2024|2024|[datetime.date(2024, 1, 2)]',
    );
    assert.equal(render('{{ d.date() == x.date() }}', { d, x: new Date(2024, 0, 2, 23) }), 'True');
  });

  it('weekday, isoweekday, ctime and timestamp', () => {
    assert.equal(
      render('{{ d.weekday() }} {{ d.isoweekday() }} {{ d.ctime() }} {{ d.timestamp() == ts }}', {
        d,
        ts: d.getTime() / 1000,
      }),
      '1 2 Tue Jan  2 03:04:05 2024 True',
    );
  });

  it('refuses an invalid Date with ValueError', () => {
    assert.throws(() => render('{{ x.year }}', { x: new Date(Number.NaN) }), { name: 'ValueError' });
  });
});
