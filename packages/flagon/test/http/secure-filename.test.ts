import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secureFilename } from '../../src/http/secure-filename.ts';

describe('secureFilename', () => {
  it('matches the Werkzeug examples', () => {
    assert.equal(secureFilename('My cool movie.mov'), 'My_cool_movie.mov');
    assert.equal(secureFilename('../../../etc/passwd'), 'etc_passwd');
    assert.equal(secureFilename('i contain cool \xfcml\xe4uts.txt'), 'i_contain_cool_umlauts.txt');
  });

  it('removes Windows path separators and drive letters', () => {
    assert.equal(secureFilename('C:\\Users\\me\\..\\secret.txt'), 'C_Users_me_.._secret.txt');
  });

  it('strips leading dots so no hidden or parent file results', () => {
    assert.equal(secureFilename('.bashrc'), 'bashrc');
    assert.equal(secureFilename('..'), '');
  });

  it('drops characters that are not letters, digits, _ . or -', () => {
    assert.equal(secureFilename('a<b>c:d"e|f?g*h\0i.txt'), 'abcdefghi.txt');
  });

  it('may return an empty name', () => {
    assert.equal(secureFilename('日本語'), '');
  });

  it('prefixes Windows device names', () => {
    assert.equal(secureFilename('CON.txt'), '_CON.txt');
    assert.equal(secureFilename('nul'), '_nul');
  });
});
