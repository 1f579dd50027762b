// Classifies a cited source's name into a kind using a small curated table of well-known outlets.

import { slugify } from './slug.js';

export type SourceKind = 'NEWS_AGENCY' | 'BROADCASTER' | 'NEWSPAPER' | 'GOVERNMENT' | 'OTHER';

// Names are written as people write them; lookups compare slugs, so case, accents, apostrophe style,
// hyphens and spacing never matter (`Al-Jazeera` = `al jazeera`, `People’s Daily` = `People's Daily`).
const OUTLETS: Readonly<Record<Exclude<SourceKind, 'GOVERNMENT' | 'OTHER'>, readonly string[]>> = {
  NEWS_AGENCY: [
    'Xinhua',
    'Xinhua News Agency',
    'Reuters',
    'Thomson Reuters',
    'AP',
    'Associated Press',
    'AFP',
    'Agence France-Presse',
    'PTI',
    'Press Trust of India',
    'ANI',
    'Asian News International',
    'IANS',
    'UNI',
    'TASS',
    'ITAR-TASS',
    'RIA Novosti',
    'RIA',
    'Interfax',
    'Kyodo',
    'Kyodo News',
    'Jiji Press',
    'Yonhap',
    'Bloomberg',
    'Bloomberg News',
    'Anadolu',
    'Anadolu Agency',
    'dpa',
    'EFE',
    'ANSA',
    'KCNA',
    'Korean Central News Agency',
    'IRNA',
    'WAFA',
    'Bernama',
    'Antara',
    'CNA',
    'Central News Agency',
    'APP',
    'Associated Press of Pakistan',
  ],
  BROADCASTER: [
    'CNN',
    'BBC',
    'BBC News',
    'Al Jazeera',
    'NHK',
    'CGTN',
    'CCTV',
    'China Central Television',
    'Fox News',
    'NBC',
    'NBC News',
    'CBS',
    'CBS News',
    'ABC',
    'ABC News',
    'Sky News',
    'Deutsche Welle',
    'DW',
    'France 24',
    'RT',
    'NDTV',
    'MSNBC',
    'CNBC',
    'Euronews',
    'Al Arabiya',
    'Channel NewsAsia',
    'KBS',
    'Arirang',
    'PBS',
    'NPR',
    'Voice of America',
    'VOA',
    'Radio Free Asia',
    'Radio Free Europe',
    'Doordarshan',
    'Phoenix TV',
    'WION',
  ],
  NEWSPAPER: [
    'New York Times',
    'Washington Post',
    'Guardian',
    'Wall Street Journal',
    'Financial Times',
    'South China Morning Post',
    'Global Times',
    'China Daily',
    "People's Daily",
    'Hindu',
    'Times of India',
    'Hindustan Times',
    'Indian Express',
    'Economic Times',
    'Times',
    'Sunday Times',
    'Telegraph',
    'Daily Telegraph',
    'Independent',
    'Daily Mail',
    'Economist',
    'USA Today',
    'Los Angeles Times',
    'Politico',
    'Axios',
    'Le Monde',
    'Le Figaro',
    'Der Spiegel',
    'Spiegel',
    'Frankfurter Allgemeine Zeitung',
    'El País',
    'Corriere della Sera',
    'Asahi Shimbun',
    'Yomiuri Shimbun',
    'Mainichi Shimbun',
    'Nikkei',
    'Nikkei Asia',
    'Japan Times',
    'Korea Herald',
    'Korea Times',
    'JoongAng Ilbo',
    'Chosun Ilbo',
    'Straits Times',
    'Dawn',
    'Kommersant',
    'Izvestia',
    'Haaretz',
    'Times of Israel',
    'Jerusalem Post',
    'Sydney Morning Herald',
  ],
};

const OUTLET_KIND = new Map<string, SourceKind>();
for (const [kind, names] of Object.entries(OUTLETS) as [SourceKind, readonly string[]][]) {
  for (const name of names) OUTLET_KIND.set(slugify(name), kind);
}

// Slug tokens that name a state body. Checked after the outlet table so `Xinhua News Agency` stays an
// agency and `Press Information Bureau` (a ministry's office) still reads as government.
const GOVERNMENT_WORDS = new Set([
  'ministry',
  'ministries',
  'department',
  'government',
  'govt',
  'office',
  'embassy',
  'consulate',
  'council',
  'commission',
  'kremlin',
  'pentagon',
  'parliament',
  'senate',
  'congress',
  'cabinet',
  'presidency',
  'secretariat',
  'bureau',
  'administration',
  'duma',
  'bundestag',
  'knesset',
]);
const GOVERNMENT_PHRASES = [
  'white-house',
  'downing-street',
  'state-department',
  'elysee',
  'lok-sabha',
  'rajya-sabha',
];

// Qualifiers that describe rather than name: `state media Xinhua`, `the Kremlin`, `Xinhua news agency`.
const LEADING_QUALIFIER =
  /^(?:the\s+)?(?:(?:state|state-run|state-owned|state-controlled|official)(?:\s+(?:media|news\s+agency|broadcaster|television|tv|newspaper))?\s+)?(?:the\s+)?/i;
const TRAILING_DESCRIPTOR =
  /\s+(?:news\s+agency|agency|newspaper|daily|broadcaster|channel|tv|television|network)$/i;

/** The comparison key for a source name: slugged, qualifiers such as `The ` / `state media ` dropped. */
export function sourceKey(name: string): string {
  // Initials fold so `U.N.` and `UN` are one source.
  const undotted = name.trim().replace(/(?<=(?:^|[\s.])\p{Lu})\.(?=\p{Lu}\.|\s|$)/gu, '');
  return slugify(undotted.replace(LEADING_QUALIFIER, '').replace(/['’]s$/, ''));
}

/** Table lookup for a source name: case-insensitive, tolerant of a leading `The `/`state media `. */
export function sourceKind(name: string): SourceKind {
  const key = sourceKey(name);
  const direct = OUTLET_KIND.get(key);
  if (direct) return direct;
  const trimmed = OUTLET_KIND.get(
    sourceKey(name.replace(LEADING_QUALIFIER, '').replace(TRAILING_DESCRIPTOR, '')),
  );
  if (trimmed) return trimmed;
  const tokens = key.split('-');
  if (tokens.some((t) => GOVERNMENT_WORDS.has(t))) return 'GOVERNMENT';
  if (GOVERNMENT_PHRASES.some((p) => `-${key}-`.includes(`-${p}-`))) return 'GOVERNMENT';
  return 'OTHER';
}

/** True for agencies, broadcasters and newspapers in the curated table. */
export function isKnownOutlet(name: string): boolean {
  const kind = sourceKind(name);
  return kind === 'NEWS_AGENCY' || kind === 'BROADCASTER' || kind === 'NEWSPAPER';
}
