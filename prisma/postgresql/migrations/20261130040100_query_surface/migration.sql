-- Hand-written: what Prisma does not model, and what SQLite's query_surface migration does with FTS5 and
-- triggers (prisma/migrations/20261128101842_query_surface). Kept behaviourally equal to it.

-- Headline order (ArticleOrder HEADLINE) compares the folded headline byte by byte, as SQLite does, not by
-- the database's locale: COLLATE "C" on the column (Prisma's schema cannot say it) and so on its index.
ALTER TABLE "Article" ALTER COLUMN "headlineFolded" TYPE TEXT COLLATE "C";

-- Full-text search. `unaccent` (postgresql-contrib) is a filtering dictionary in front of `simple` (lower
-- case, no stemming, no stop words: language-neutral like FTS5's unicode61), so "Zelenskyy" matches
-- "Zelenskyý" and "Sao" matches "São" in the stored vectors, the queries and ts_headline's highlights
-- alike. A wrapper function around unaccent() could fold the vector but not the highlighted text.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION "newsroom_search" (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION "newsroom_search"
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    WITH unaccent, simple;

-- One row per article, written by the writer in the same transaction as the article (src/db/postgres.ts):
-- `headline` and `body` (paragraphs joined by newlines) are the text highlights are cut from; `document`
-- is the weighted vector of the same words as SQLite's tokenizer sees them, headline A above body B.
-- Removed with its article by the foreign key.
CREATE TABLE "ArticleSearch" (
    "articleId" INTEGER NOT NULL,
    "headline" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "document" TSVECTOR NOT NULL,
    CONSTRAINT "ArticleSearch_pkey" PRIMARY KEY ("articleId"),
    CONSTRAINT "ArticleSearch_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE
);
CREATE INDEX "ArticleSearch_document_idx" ON "ArticleSearch" USING GIN ("document");

-- Related links resolve to the stored article whose normalised headline equals the link's normalised
-- title (the lowest id when several match), whichever was written first, and follow later headline
-- changes and deletions, as SQLite's four triggers do.
CREATE FUNCTION "RelatedLink_resolve"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."targetArticleId" := (
        SELECT a."id" FROM "Article" a
        WHERE a."headlineKey" = NEW."titleKey" AND a."id" <> NEW."articleId"
        ORDER BY a."id" LIMIT 1);
    RETURN NEW;
END;
$$;
CREATE TRIGGER "RelatedLink_resolve_before_insert" BEFORE INSERT ON "RelatedLink"
FOR EACH ROW WHEN (NEW."titleKey" <> '') EXECUTE FUNCTION "RelatedLink_resolve"();

CREATE FUNCTION "Article_resolve_links_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "RelatedLink" SET "targetArticleId" = NEW."id"
    WHERE "titleKey" = NEW."headlineKey" AND "targetArticleId" IS NULL AND "articleId" <> NEW."id";
    RETURN NULL;
END;
$$;
CREATE TRIGGER "Article_resolve_links_after_insert" AFTER INSERT ON "Article"
FOR EACH ROW WHEN (NEW."headlineKey" <> '') EXECUTE FUNCTION "Article_resolve_links_after_insert"();

CREATE FUNCTION "Article_resolve_links_after_headline_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "RelatedLink" SET "targetArticleId" = (
        SELECT a."id" FROM "Article" a
        WHERE a."headlineKey" = "RelatedLink"."titleKey" AND a."headlineKey" <> '' AND a."id" <> "RelatedLink"."articleId"
        ORDER BY a."id" LIMIT 1)
    WHERE "titleKey" IN (OLD."headlineKey", NEW."headlineKey") OR "targetArticleId" = NEW."id";
    RETURN NULL;
END;
$$;
CREATE TRIGGER "Article_resolve_links_after_headline_change" AFTER UPDATE OF "headlineKey" ON "Article"
FOR EACH ROW WHEN (OLD."headlineKey" IS DISTINCT FROM NEW."headlineKey")
EXECUTE FUNCTION "Article_resolve_links_after_headline_change"();

-- The search row goes with the article (foreign key); links to it move to the next match, if any.
CREATE FUNCTION "Article_resolve_links_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "RelatedLink" SET "targetArticleId" = (
        SELECT a."id" FROM "Article" a
        WHERE a."headlineKey" = "RelatedLink"."titleKey" AND a."id" <> "RelatedLink"."articleId"
        ORDER BY a."id" LIMIT 1)
    WHERE "titleKey" = OLD."headlineKey" AND "titleKey" <> '';
    RETURN NULL;
END;
$$;
CREATE TRIGGER "Article_resolve_links_after_delete" AFTER DELETE ON "Article"
FOR EACH ROW EXECUTE FUNCTION "Article_resolve_links_after_delete"();
