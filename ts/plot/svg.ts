/** A tiny string-based SVG element builder with XML escaping (no DOM needed). */

import { num } from './format.js';

/** Already-serialised markup; plain strings passed as children are escaped, Markup is not. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Child of an element: markup is inserted as is, strings are escaped, empty values dropped. */
export type Child = Markup | string | null | undefined | false;
/** Attribute value: numbers are rounded to 2 decimals, strings escaped, empty values dropped. */
export type AttrValue = string | number | null | undefined | false;

// Characters not allowed in XML 1.0 documents at all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/F).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for use in XML content or a double- or single-quoted attribute. */
export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Serialises the children, escaping plain strings. */
export function fragment(children: readonly Child[]): Markup {
  let out = '';
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    out += c instanceof Markup ? c.text : escapeXml(c);
  }
  return new Markup(out);
}

/** Builds `<tag attrs>children</tag>` (self-closing when there are no children). */
export function el(tag: string, attrs: Record<string, AttrValue> = {}, ...children: Child[]): Markup {
  let out = '<' + tag;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    out += ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`;
  }
  const inner = fragment(children).text;
  return new Markup(inner === '' ? out + '/>' : `${out}>${inner}</${tag}>`);
}
