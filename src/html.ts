// HTML escaping, in a leaf module that imports nothing from the project: search (under the schema) and the
// reader (src/http) both need it, and search importing src/http would close a cycle http -> schema -> search.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/**
 * Text made safe for element content and for attribute values in double quotes (the only kind we write).
 * `'` is left as it is, which keeps search snippets in the API byte for byte what they were.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}
