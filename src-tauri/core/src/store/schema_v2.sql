-- Schema version 2: external ids from CRM imports, so re-importing a file updates rows
-- instead of duplicating them.
ALTER TABLE deals ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX deals_external_id ON deals(external_id) WHERE external_id IS NOT NULL;
ALTER TABLE partners ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX partners_external_id ON partners(external_id) WHERE external_id IS NOT NULL;
ALTER TABLE contacts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX contacts_external_id ON contacts(external_id) WHERE external_id IS NOT NULL;
