-- CreateTable
CREATE TABLE "Quote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "paragraphId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "speaker" TEXT,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    CONSTRAINT "Quote_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Quote_paragraphId_fkey" FOREIGN KEY ("paragraphId") REFERENCES "Paragraph" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Article" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "headlineFolded" TEXT NOT NULL DEFAULT '',
    "headlineKey" TEXT NOT NULL DEFAULT '',
    "dateline" TEXT,
    "publishedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "sectionId" INTEGER NOT NULL,
    "wordCount" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Article_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Article" ("contentHash", "createdAt", "dateline", "deletedAt", "headline", "id", "publishedAt", "sectionId", "slug", "status", "updatedAt", "wordCount") SELECT "contentHash", "createdAt", "dateline", "deletedAt", "headline", "id", "publishedAt", "sectionId", "slug", "status", "updatedAt", "wordCount" FROM "Article";
DROP TABLE "Article";
ALTER TABLE "new_Article" RENAME TO "Article";
CREATE UNIQUE INDEX "Article_slug_key" ON "Article"("slug");
CREATE INDEX "Article_publishedAt_id_idx" ON "Article"("publishedAt", "id");
CREATE INDEX "Article_sectionId_publishedAt_id_idx" ON "Article"("sectionId", "publishedAt", "id");
CREATE INDEX "Article_status_publishedAt_id_idx" ON "Article"("status", "publishedAt", "id");
CREATE INDEX "Article_headline_id_idx" ON "Article"("headline", "id");
CREATE INDEX "Article_headlineFolded_id_idx" ON "Article"("headlineFolded", "id");
CREATE INDEX "Article_headlineKey_idx" ON "Article"("headlineKey");
CREATE INDEX "Article_updatedAt_id_idx" ON "Article"("updatedAt", "id");
CREATE TABLE "new_RelatedLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "titleKey" TEXT NOT NULL DEFAULT '',
    "targetArticleId" INTEGER,
    CONSTRAINT "RelatedLink_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RelatedLink_targetArticleId_fkey" FOREIGN KEY ("targetArticleId") REFERENCES "Article" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_RelatedLink" ("articleId", "id", "position", "targetArticleId", "title", "url") SELECT "articleId", "id", "position", "targetArticleId", "title", "url" FROM "RelatedLink";
DROP TABLE "RelatedLink";
ALTER TABLE "new_RelatedLink" RENAME TO "RelatedLink";
CREATE INDEX "RelatedLink_targetArticleId_idx" ON "RelatedLink"("targetArticleId");
CREATE INDEX "RelatedLink_titleKey_idx" ON "RelatedLink"("titleKey");
CREATE UNIQUE INDEX "RelatedLink_articleId_position_key" ON "RelatedLink"("articleId", "position");
CREATE TABLE "new_Source" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'OTHER',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Source" ("createdAt", "id", "name", "slug") SELECT "createdAt", "id", "name", "slug" FROM "Source";
DROP TABLE "Source";
ALTER TABLE "new_Source" RENAME TO "Source";
CREATE UNIQUE INDEX "Source_slug_key" ON "Source"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Quote_paragraphId_idx" ON "Quote"("paragraphId");

-- CreateIndex
CREATE UNIQUE INDEX "Quote_articleId_position_key" ON "Quote"("articleId", "position");

-- ---------------------------------------------------------------------------------------------------
-- Hand-written below this line (Prisma does not model virtual tables or triggers).
-- ---------------------------------------------------------------------------------------------------

-- Existing rows: the folded/normalised headline columns are computed by the writer in JS (Unicode case
-- folding and accent removal that SQLite cannot do). Approximate them here, and mark every article as
-- changed so the next import or seed rewrites it with exact values, its quotes and its source kinds.
UPDATE "Article" SET "headlineFolded" = lower("headline"), "contentHash" = 'stale:20261128101842_query_surface';

-- Full-text search: one row per article, rowid = Article.id. `headline` is weighted above `body` at
-- query time (bm25 weights); `body` is the paragraphs in reading order joined by newlines, so a
-- highlight can be split back into paragraph positions. The writer keeps it in sync in the same
-- transaction (src/ingest/derived.ts); the trigger below removes the row when an article is deleted by
-- any path. remove_diacritics 2 makes "Zelenskyy" match "Zelenskyý" and "São" match "Sao".
CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
    headline,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO "ArticleSearch" (rowid, headline, body)
SELECT a."id", a."headline",
       coalesce((SELECT group_concat(p."text", char(10))
                 FROM (SELECT "text" FROM "Paragraph" WHERE "articleId" = a."id" ORDER BY "position") p), '')
FROM "Article" a;

-- Related links resolve to the stored article whose normalised headline equals the link's normalised
-- title (the lowest id when several match), whichever was written first, and follow later headline
-- changes and deletions. Keeping this in the database means every write path is covered.
CREATE TRIGGER "RelatedLink_resolve_after_insert" AFTER INSERT ON "RelatedLink"
WHEN new."titleKey" <> ''
BEGIN
    UPDATE "RelatedLink" SET "targetArticleId" = (
        SELECT a."id" FROM "Article" a
        WHERE a."headlineKey" = new."titleKey" AND a."id" <> new."articleId"
        ORDER BY a."id" LIMIT 1)
    WHERE "id" = new."id";
END;

CREATE TRIGGER "Article_resolve_links_after_insert" AFTER INSERT ON "Article"
WHEN new."headlineKey" <> ''
BEGIN
    UPDATE "RelatedLink" SET "targetArticleId" = new."id"
    WHERE "titleKey" = new."headlineKey" AND "targetArticleId" IS NULL AND "articleId" <> new."id";
END;

CREATE TRIGGER "Article_resolve_links_after_headline_change" AFTER UPDATE OF "headlineKey" ON "Article"
WHEN old."headlineKey" IS NOT new."headlineKey"
BEGIN
    UPDATE "RelatedLink" SET "targetArticleId" = (
        SELECT a."id" FROM "Article" a
        WHERE a."headlineKey" = "RelatedLink"."titleKey" AND a."headlineKey" <> '' AND a."id" <> "RelatedLink"."articleId"
        ORDER BY a."id" LIMIT 1)
    WHERE "titleKey" IN (old."headlineKey", new."headlineKey") OR "targetArticleId" = new."id";
END;

CREATE TRIGGER "Article_cleanup_after_delete" AFTER DELETE ON "Article"
BEGIN
    DELETE FROM "ArticleSearch" WHERE rowid = old."id";
    UPDATE "RelatedLink" SET "targetArticleId" = (
        SELECT a."id" FROM "Article" a
        WHERE a."headlineKey" = "RelatedLink"."titleKey" AND a."id" <> "RelatedLink"."articleId"
        ORDER BY a."id" LIMIT 1)
    WHERE "titleKey" = old."headlineKey" AND "titleKey" <> '';
END;
