// Tests for quote extraction and speaker attribution (src/ingest/quotes.ts, rules in docs/quotes.md).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ExtractedQuote, extractQuotes } from '../../src/ingest/quotes.js';
import { SEED_PAGE, SEED_PARAGRAPHS } from '../helpers/fixtures.js';

type Paragraph = { position: number; text: string };

function article(...texts: string[]): Paragraph[] {
  return texts.map((text, i) => ({ position: i + 1, text }));
}

/** Extract, and check the offsets invariant that every caller relies on. */
function quotesOf(paragraphs: Paragraph[]): ExtractedQuote[] {
  const quotes = extractQuotes(paragraphs);
  for (const q of quotes) {
    const para = paragraphs.find((p) => p.position === q.paragraphPosition);
    expect(para?.text.slice(q.start, q.end)).toBe(q.text);
  }
  return quotes;
}

const brief = (quotes: ExtractedQuote[]) => quotes.map((q) => [q.paragraphPosition, q.text, q.speaker]);

/** The seed page split the simple way: body lines after the headline up to `Share on`, dateline removed. */
function seedParagraphs(): Paragraph[] {
  const lines = readFileSync(SEED_PAGE, 'utf8').split('\n');
  const end = lines.findIndex((l) => l.trim() === 'Share on');
  return lines
    .slice(5, end)
    .filter((l) => l.trim() !== '')
    .map((text, i) => ({ position: i + 1, text: i === 0 ? text.replace(/^Beijing: /u, '') : text }));
}

describe('seed page 000_4d0e73d82cc6d06b', () => {
  it('finds exactly the three quotations, all by Xi Jinping', () => {
    const paragraphs = seedParagraphs();
    expect(paragraphs).toHaveLength(SEED_PARAGRAPHS);
    expect(paragraphs[0]?.text.startsWith("China's President Xi Jinping")).toBe(true);
    const quotes = quotesOf(paragraphs);
    const p5 = paragraphs[4]?.text ?? '';
    expect(quotes).toEqual([
      {
        paragraphPosition: 4,
        text: 'stood the test of a changing international landscape',
        start: 77,
        end: 129,
        speaker: 'Xi Jinping',
      },
      { paragraphPosition: 4, text: 'cherished and nourished', start: 146, end: 169, speaker: 'Xi Jinping' },
      {
        paragraphPosition: 5,
        text: p5.slice(1, p5.indexOf(',"')),
        start: 1,
        end: p5.indexOf(',"'),
        speaker: 'Xi Jinping',
      },
    ]);
    expect(quotes[2]?.text.startsWith('China is ready to work with Russia')).toBe(true);
    expect(quotes[2]?.text.endsWith('uphold fairness and justice in the world')).toBe(true);
  });
});

describe('what is a quotation', () => {
  it('accepts straight, curly, guillemet and low-high marks', () => {
    const quotes = quotesOf(
      article(
        '"Straight marks work too," she said.',
        '“Curly marks are the norm,” she said.',
        '«Guillemets are used in Europe», she said.',
        '„Low-high marks are German“, she said.',
      ),
    );
    expect(quotes.map((q) => q.text)).toEqual([
      'Straight marks work too',
      'Curly marks are the norm',
      'Guillemets are used in Europe',
      'Low-high marks are German',
    ]);
  });

  it('ignores apostrophes and single quotes, but keeps curly singles nested in a quotation', () => {
    const quotes = quotesOf(
      article(
        "China's leaders' 'special partnership' was praised by Russia's envoy.",
        'Jane Doe said: “My grandmother said ‘never again’ and she meant it.”',
      ),
    );
    expect(brief(quotes)).toEqual([[2, 'My grandmother said ‘never again’ and she meant it.', 'Jane Doe']]);
  });

  it('rejects single words, scare quotes and Title-Cased names of up to five words', () => {
    const quotes = quotesOf(
      article(
        'The so-called "strategic partnership between equals" was on the agenda, along with the "reset".',
        'Officials launched "Make in India" and "Operation Sindoor" before the "Belt and Road Initiative" summit.',
        'Fans queued for "The Lord of the Rings" at the cinema. The report, dubbed "the road to nowhere", was shelved.',
        'One man, "Sasha", was hurt. He said "Peace is possible" and "Glory to Ukraine".',
      ),
    );
    expect(brief(quotes)).toEqual([[4, 'Peace is possible', null]]);
  });

  it('keeps a lower-case fragment of two or more words as a quotation', () => {
    const quotes = quotesOf(
      article('The minister called the plan "deeply flawed" on Monday, the ministry said.'),
    );
    expect(brief(quotes)).toEqual([[1, 'deeply flawed', 'the ministry']]);
  });

  it('drops the trailing comma of `"…," X said` but keeps a closing full stop', () => {
    const quotes = quotesOf(article('"We will win," he said.', 'He added: "Nothing can stop us now."'));
    expect(quotes.map((q) => q.text)).toEqual(['We will win', 'Nothing can stop us now.']);
  });

  it('skips an unclosed mark inside a paragraph unless the next paragraph opens with a quote mark', () => {
    const quotes = quotesOf(
      article(
        'She called it "a historic day for the country and nothing less.',
        'The vote is due on Friday.',
        '"We will keep going no matter what it takes',
      ),
    );
    expect(brief(quotes)).toEqual([[3, 'We will keep going no matter what it takes', null]]);
  });

  it('returns quotations in reading order whatever the input order', () => {
    const quotes = quotesOf([
      { position: 2, text: '"This comes second," she said.' },
      { position: 1, text: '"This comes first," she said.' },
    ]);
    expect(quotes.map((q) => q.paragraphPosition)).toEqual([1, 2]);
  });

  it('returns nothing for an article without quotations', () => {
    expect(
      extractQuotes(article('Markets closed higher on Monday.', "Investors welcomed the bank's decision.")),
    ).toEqual([]);
    expect(extractQuotes([])).toEqual([]);
  });
});

describe('speaker attribution', () => {
  // Indian outlet style: curly quotes, `said X`, pronoun, titles of campaigns in quotes.
  const modi = article(
    'Prime Minister Narendra Modi on Monday launched the second phase of the “Make in India” campaign at an event in New Delhi.',
    '“We want India to become the factory of the world,” said Modi, addressing industry leaders.',
    'He said the programme had already drawn record investment and added that the government would “remove every remaining bottleneck” within a year.',
    'Opposition leaders dismissed the so-called “industrial revolution” as a publicity exercise.',
    'Commerce Minister Piyush Goyal said the results of “Operation Ease of Business” would be published next month.',
    '“The numbers speak for themselves,” the commerce minister told reporters.',
    '“We are not done yet,” the minister added.',
  );

  it('resolves `said Modi`, `He said ... that "…"` and a role with its qualifier', () => {
    expect(brief(quotesOf(modi))).toEqual([
      [2, 'We want India to become the factory of the world', 'Narendra Modi'],
      [3, 'remove every remaining bottleneck', 'Narendra Modi'],
      [6, 'The numbers speak for themselves', 'Piyush Goyal'],
      // Two ministers were introduced, so `the minister` stays as written.
      [7, 'We are not done yet', 'the minister'],
    ]);
  });

  // US wire style: straight quotes, `told reporters`, a quote over two paragraphs, an unattributed quote,
  // and a surname shared by two earlier people.
  const fed = article(
    'Federal Reserve Chair Jerome Powell said on Wednesday that the central bank was "prepared to adjust the stance of monetary policy as appropriate" if risks emerged.',
    '"We are not on a preset course. We will make decisions meeting by meeting, based on the data," Powell told reporters after the meeting.',
    '"The labour market remains strong. Inflation has eased substantially from its peak, but it is still too high.',
    '"We are fully committed to returning inflation to our 2 percent goal," he said.',
    'A widely shared post on social media read "the Fed has lost control of prices" but offered no evidence.',
    'Treasury Secretary Janet Yellen and former Treasury official Mary Powell were also at the hearing.',
    '"Rates will stay high for longer," Powell said.',
    'Yellen said the economy had been "remarkably resilient" despite the tightening.',
  );

  it('handles told reporters, multi-paragraph quotes, no attribution and an ambiguous surname', () => {
    expect(brief(quotesOf(fed))).toEqual([
      [1, 'prepared to adjust the stance of monetary policy as appropriate', 'Jerome Powell'],
      [
        2,
        'We are not on a preset course. We will make decisions meeting by meeting, based on the data',
        'Jerome Powell',
      ],
      // Runs on (no closing mark); attributed by `he said` in the paragraph that closes it.
      [
        3,
        'The labour market remains strong. Inflation has eased substantially from its peak, but it is still too high.',
        'Jerome Powell',
      ],
      [4, 'We are fully committed to returning inflation to our 2 percent goal', 'Jerome Powell'],
      [5, 'the Fed has lost control of prices', null],
      // Jerome Powell and Mary Powell are both earlier: do not guess.
      [7, 'Rates will stay high for longer', 'Powell'],
      [8, 'remarkably resilient', 'Janet Yellen'],
    ]);
  });

  it('never resolves a surname to a full name that only appears later', () => {
    const quotes = quotesOf(
      article(
        '"We will rebuild every home," Albanese said on a visit to the flood zone.',
        'Prime Minister Anthony Albanese announced a relief package worth $1 billion.',
        '"No one will be left behind," Albanese said.',
        '"We will be back next week," said Mr Albanese.',
      ),
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Albanese', 'Anthony Albanese', 'Anthony Albanese']);
  });

  // European style: guillemets, `„…“`, ministry as speaker, `according to`, two speakers in one sentence.
  it('attributes to spokespeople, organisations, `according to` and the nearest verb in a sentence', () => {
    const quotes = quotesOf(
      article(
        'The Kremlin on Friday rejected the proposal. «This is not a serious offer and it never was», Kremlin spokesman Dmitry Peskov told reporters.',
        '„We expect a written answer within days“, the ministry said in a statement.',
        'The talks would resume "only after the guns fall silent", according to Dr. Amelia Hart, a researcher at the institute.',
        'Hart noted that the proposal was "dead on arrival" in its current form, and Peskov said it would "change nothing at all".',
      ),
    );
    expect(brief(quotes)).toEqual([
      [1, 'This is not a serious offer and it never was', 'Dmitry Peskov'],
      [2, 'We expect a written answer within days', 'the ministry'],
      [3, 'only after the guns fall silent', 'Amelia Hart'],
      [4, 'dead on arrival', 'Amelia Hart'],
      [4, 'change nothing at all', 'Dmitry Peskov'],
    ]);
  });

  it('carries a quote opened mid-paragraph into the next paragraph, and splits `"…," X said, "…"`', () => {
    const quotes = quotesOf(
      article(
        '"We have nothing to hide," he said.',
        "Zelenskyy's chief of staff, Andriy Yermak, said on Telegram: “The night was difficult. Dozens of drones were shot down.",
        '“Air defence worked throughout the night. Thank you to every crew.”',
        'It was the "largest attack" of the month, the air force said. Officials also warned of a "long and difficult winter."',
        '"This is fine," Yermak said, "and it will be fine."',
      ),
    );
    expect(brief(quotes)).toEqual([
      // No one has been named yet, so `he` cannot be resolved.
      [1, 'We have nothing to hide', null],
      [2, 'The night was difficult. Dozens of drones were shot down.', 'Andriy Yermak'],
      [3, 'Air defence worked throughout the night. Thank you to every crew.', 'Andriy Yermak'],
      [4, 'largest attack', 'the air force'],
      [4, 'long and difficult winter.', 'Officials'],
      [5, 'This is fine', 'Andriy Yermak'],
      [5, 'and it will be fine.', 'Andriy Yermak'],
    ]);
  });

  it('resolves `the President` only while one president has been named', () => {
    const quotes = quotesOf(
      article(
        'President Joe Biden hosted the summit at Camp David on Friday.',
        '"This is a new chapter in our partnership," the President said.',
        'French President Emmanuel Macron joined by video link.',
        '"We must stay united for as long as it takes," the President said.',
      ),
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Joe Biden', 'the President']);
  });

  it('reads appositives, possessive nationalities and joint statements', () => {
    const quotes = quotesOf(
      article(
        'Ann Smith, the company\'s chief executive, said the deal was "a turning point for the industry".',
        '"Peace is possible", she said.',
        'Russia\'s Putin said the ties were "stronger than ever before".',
        'Xi and Putin said the ties were "a model for the world".',
      ),
    );
    expect(brief(quotes)).toEqual([
      [1, 'a turning point for the industry', 'Ann Smith'],
      [2, 'Peace is possible', 'Ann Smith'],
      [3, 'stronger than ever before', 'Putin'],
      [4, 'a model for the world', 'Xi and Putin'],
    ]);
  });

  it('lets `he` refer to the last named speaker, not the last name mentioned', () => {
    const quotes = quotesOf(
      article(
        'Foreign Minister Wang Yi said the meeting was "candid and constructive".',
        'He spoke after talks with US Secretary of State Antony Blinken, who arrived on Tuesday.',
        '"We want stable relations," he said.',
        '"We are ready to talk," Blinken told reporters.',
        '"So are we," he said.',
      ),
    );
    expect(quotes.map((q) => q.speaker)).toEqual(['Wang Yi', 'Wang Yi', 'Antony Blinken', 'Antony Blinken']);
  });

  it('falls back to an attribution elsewhere in the paragraph when the sentence has none', () => {
    const quotes = quotesOf(
      article(
        'Mayor Lisa Ortiz said on Tuesday the plan was flawed. "It simply will not work for this city."',
        'The council voted anyway. "It is a sad day for democracy." Ortiz left without taking questions.',
      ),
    );
    // The second paragraph has no speech verb at all, so its quote stays unattributed.
    expect(brief(quotes)).toEqual([
      [1, 'It simply will not work for this city.', 'Lisa Ortiz'],
      [2, 'It is a sad day for democracy.', null],
    ]);
  });
});
