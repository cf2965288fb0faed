import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from './html.js';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<script>alert('x')</script> & "quoted"`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</p>',
    );
    expect(escapeHtml('a<b>c')).toBe('a&lt;b&gt;c');
  });

  it('keeps markup built by html as it is, so fragments nest without double escaping', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(html`<ul>${['<a>', html`<li>x</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>x</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}${1.5}]`.value).toBe('[01.5]');
  });

  it('passes only explicitly trusted markup through', () => {
    expect(html`<style>${trusted('a > b {}')}</style>`.value).toBe('<style>a > b {}</style>');
    expect(html`<style>${'a > b {}'}</style>`.value).toBe('<style>a &gt; b {}</style>');
  });
});
