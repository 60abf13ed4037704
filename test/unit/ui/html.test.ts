import { describe, expect, it } from 'vitest';
import { html, neutralise, trusted } from '../../../src/ui/html.js';
import { isLoopback } from '../../../src/ui/server.js';
import { parsePort } from '../../../src/actions/ui/run-ui.js';

describe('html', () => {
  it('escapes every value but HTML it made, and joins arrays', () => {
    const name = '<img src=x onerror=alert(1)> & "q"';
    expect(html`<p title="${name}">${name}</p>`.__html).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;</p>',
    );
    const items = ['a', '<b>'].map((x) => html`<li>${x}</li>`);
    expect(html`${items}`.__html).toBe('<li>a</li><li>&lt;b&gt;</li>');
    expect(html`${trusted('<b>ok</b>')}${null}${undefined}${false}${0}`.__html).toBe('<b>ok</b>0');
  });
});

describe('neutralise', () => {
  it('drops colours and shows every other control character', () => {
    expect(neutralise('\u001b[1;31mred\u001b[0m \u001b]0;title\u0007 a\rb\n')).toBe(
      'red ^[]0;title^G a^Mb\n',
    );
  });
});

describe('the address mmm ui serves on', () => {
  it('takes loopback names as this machine only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1'])
      expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.2', '::']) expect(isLoopback(host)).toBe(false);
  });

  it('takes a port from 0 to 65535 in plain digits', () => {
    expect(parsePort(undefined)).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['-1', '65536', '80.5', 'eighty', ''])
      expect(() => parsePort(bad)).toThrow(/--port/);
  });
});
