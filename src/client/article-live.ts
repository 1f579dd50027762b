// The article page, live: the article each time it changes, or `removed` when it leaves public view.
// Sent over Server-Sent Events (GET /graphql with Accept: text/event-stream; docs/notifications.md).
import { ArticleViewFragment } from './article-page.js';
import { graphql } from './graphql.js';

export const ArticleChangedSubscription = graphql(
  `
  subscription ArticleChanged($slug: String!) {
    articleChanged(slug: $slug) {
      removed
      article { ...ArticleView }
    }
  }
`,
  [ArticleViewFragment],
);
