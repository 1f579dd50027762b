// Quote: a direct quotation found in a paragraph at ingest (rules in docs/quotes.md).
import { builder } from './builder.js';

builder.prismaObject('Quote', {
  description: 'A direct quotation in an article, with who said it when the text says so.',
  fields: (t) => ({
    text: t.exposeString('text', {
      description: 'The words inside the quotation marks, exactly as written.',
    }),
    speaker: t.exposeString('speaker', {
      nullable: true,
      description:
        'Full name of the speaker (a surname or title resolves to the full name used earlier in the article), an organisation as written, or null.',
    }),
    paragraph: t.relation('paragraph'),
    start: t.exposeInt('start', { description: 'Offset of `text` in the paragraph text (UTF-16 units).' }),
    end: t.exposeInt('end', { description: 'Offset just past `text`.' }),
  }),
});
