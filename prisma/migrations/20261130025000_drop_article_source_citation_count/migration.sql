-- ArticleSource.citationCount was written but never read (Source.citationCount counts citations itself).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ArticleSource" (
    "articleId" INTEGER NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("articleId", "sourceId"),
    CONSTRAINT "ArticleSource_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticleSource_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ArticleSource" ("articleId", "position", "sourceId") SELECT "articleId", "position", "sourceId" FROM "ArticleSource";
DROP TABLE "ArticleSource";
ALTER TABLE "new_ArticleSource" RENAME TO "ArticleSource";
CREATE INDEX "ArticleSource_sourceId_articleId_idx" ON "ArticleSource"("sourceId", "articleId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

