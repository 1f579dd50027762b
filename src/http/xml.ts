// A tiny XML writer for the feeds and sitemaps: documents are built as trees and every piece of text and
// every attribute value goes through the one escaping helper when serialised, so no caller writes markup.

/** An element: its qualified name, attributes (undefined ones are left out) and children (text or elements). */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string | undefined>>;
  children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export function element(
  name: string,
  attributes: Readonly<Record<string, string | undefined>> = {},
  children: readonly (XmlNode | null | undefined)[] = [],
): XmlElement {
  return { name, attributes, children: children.filter((c): c is XmlNode => c != null) };
}

/** `<name>text</name>`, the most common shape in these formats. */
export function textElement(name: string, text: string): XmlElement {
  return element(name, {}, [text]);
}

// Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF) and those it
// discourages (DEL and the C1 controls): a headline pasted from a word processor must not break a feed.
// In a `u` regex a well-formed surrogate pair is one code point, so only lone halves match the range.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // In attribute values, whitespace other than a space would be normalised away by every parser.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text made safe for element content (`attribute` false) or a double-quoted attribute value. */
export function escapeXml(text: string, attribute = false): string {
  const clean = text.replace(NOT_XML_TEXT, '');
  return attribute
    ? clean.replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c] ?? c)
    : // `\r` would be read back as `\n`; `>` is escaped so `]]>` can never appear.
      clean.replace(/[&<>\r]/g, (c) => ESCAPES[c] ?? c);
}

function serialise(node: XmlNode, indent: string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(escapeXml(node));
    return;
  }
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value, true)}"`)
    .join('');
  if (node.children.length === 0) {
    out.push(`<${node.name}${attributes}/>`);
    return;
  }
  out.push(`<${node.name}${attributes}>`);
  // Text-only elements stay on one line; elements holding elements get one child per indented line.
  const nested = node.children.some((c) => typeof c !== 'string');
  for (const child of node.children) {
    if (nested) out.push(`\n${indent}  `);
    serialise(child, `${indent}  `, out);
  }
  if (nested) out.push(`\n${indent}`);
  out.push(`</${node.name}>`);
}

/** The whole document, UTF-8, with its XML declaration. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  serialise(root, '', out);
  out.push('\n');
  return out.join('');
}

/** RFC 3339 in UTC to the second (also a W3C Datetime, as sitemaps want): `2025-03-01T12:00:00Z`. */
export function xmlDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
