// Atom 1.0 (RFC 4287) feeds of the newest public articles: the whole site's and one per section.
import { element, textElement, type XmlElement, xmlDateTime, xmlDocument } from '../xml.js';
import { type FeedArticle, lastModified } from './load.js';
import { absoluteUrl, articleTagUri, articleUrl, type Publication } from './site.js';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export interface AtomFeed {
  /** This feed's own path (`/feed.xml`): its id and its rel=self link. */
  selfPath: string;
  title: string;
  /** The HTML page this feed mirrors, when there is one. */
  alternatePath?: string;
  articles: readonly FeedArticle[];
  /** `updated` of a feed with no entries. */
  now: Date;
}

function link(rel: string, type: string, href: string): XmlElement {
  return element('link', { rel, type, href });
}

/** There are no bylines in the model: the publication is every article's author. */
function author(publication: Publication): XmlElement {
  return element('author', {}, [textElement('name', publication.name)]);
}

function entry(publication: Publication, article: FeedArticle): XmlElement {
  return element('entry', {}, [
    textElement('id', articleTagUri(publication, article)),
    element('title', { type: 'text' }, [article.headline]),
    link('alternate', 'text/html', articleUrl(publication, article.slug)),
    textElement('published', xmlDateTime(article.publishedAt)),
    textElement('updated', xmlDateTime(lastModified(article))),
    author(publication),
    element('category', { term: article.section.slug, label: article.section.name }),
    article.summary ? element('summary', { type: 'text' }, [article.summary]) : null,
  ]);
}

export function atomDocument(publication: Publication, feed: AtomFeed): string {
  const updated = feed.articles.reduce((latest: Date | undefined, a) => {
    const at = lastModified(a);
    return latest === undefined || at > latest ? at : latest;
  }, undefined);
  const self = absoluteUrl(publication, feed.selfPath);
  return xmlDocument(
    element('feed', { xmlns: ATOM_NAMESPACE, 'xml:lang': publication.language }, [
      textElement('id', self),
      element('title', { type: 'text' }, [feed.title]),
      textElement('updated', xmlDateTime(updated ?? feed.now)),
      link('self', 'application/atom+xml', self),
      feed.alternatePath === undefined
        ? null
        : link('alternate', 'text/html', absoluteUrl(publication, feed.alternatePath)),
      author(publication),
      ...feed.articles.map((a) => entry(publication, a)),
    ]),
  );
}
