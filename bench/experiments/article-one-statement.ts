// Experiment (not in the default table): the article page as ONE SQL statement sent through Prisma
// ($queryRawUnsafe), SQLite building the JSON. It measures what fewer statements would buy W1, where the
// profile says the cost is. Run: tsx bench/experiments/article-one-statement.ts --port 4990 --db file:...
// then GET /article?slug=<slug>.
import { createDb, sqlStatementCounter } from '../../src/db.js';
import { serve, serverArgs } from '../servers/common.js';

const { port, databaseUrl } = serverArgs();
const db = await createDb(databaseUrl);

const ARTICLE_PAGE_SQL = `
SELECT json_object('data', json_object('article', json_object(
  'id', a.id, 'slug', a.slug, 'headline', a.headline, 'dateline', a.dateline,
  'publishedAt', strftime('%Y-%m-%dT%H:%M:%fZ', a.publishedAt), 'wordCount', a.wordCount,
  'section', (SELECT json_object('slug', s.slug, 'name', s.name) FROM Section s WHERE s.id = a.sectionId),
  'sources', (SELECT json_group_array(json_object('slug', so.slug, 'name', so.name)) FROM
    (SELECT so.slug, so.name FROM ArticleSource x JOIN Source so ON so.id = x.sourceId
     WHERE x.articleId = a.id ORDER BY x.position) so),
  'paragraphs', (SELECT json_group_array(json(pj)) FROM
    (SELECT json_object('position', p.position, 'text', p.text, 'citations',
       (SELECT json_group_array(json_object('phrase', c.phrase, 'start', c.start, 'end', c."end",
          'source', json_object('slug', cs.slug, 'name', cs.name)))
        FROM (SELECT * FROM Citation c2 WHERE c2.paragraphId = p.id ORDER BY c2.start) c
        JOIN Source cs ON cs.id = c.sourceId)) AS pj
     FROM Paragraph p WHERE p.articleId = a.id ORDER BY p.position)),
  'relatedLinks', (SELECT json_group_array(json_object('position', l.position, 'title', l.title, 'url', l.url,
      'article', CASE WHEN t.id IS NULL THEN NULL ELSE json_object('slug', t.slug, 'headline', t.headline) END))
    FROM (SELECT * FROM RelatedLink l2 WHERE l2.articleId = a.id ORDER BY l2.position) l
    LEFT JOIN Article t ON t.id = l.targetArticleId)
))) AS body
FROM Article a WHERE a.slug = ? AND a.status = 'PUBLISHED'`;

serve(
  port,
  (req, res) => {
    const slug = new URL(req.url ?? '/', 'http://localhost').searchParams.get('slug') ?? '';
    db.$queryRawUnsafe<{ body: string }[]>(ARTICLE_PAGE_SQL, slug).then(
      (rows) => {
        const body = rows[0]?.body ?? '{"data":{"article":null}}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  },
  () => sqlStatementCounter.count,
);
