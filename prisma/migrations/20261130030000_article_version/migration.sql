-- Optimistic concurrency (Article.version) and the import CLI's edit protection (editedSinceImport).
-- ADD COLUMN rather than Prisma's table rebuild: rebuilding "Article" would drop its related-link triggers.
ALTER TABLE "Article" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Article" ADD COLUMN "editedSinceImport" BOOLEAN NOT NULL DEFAULT false;
