-- Schema version 7: a partner may have no type yet. An import creates the partners its deals
-- and contacts name but the roster lacks; they wait, untyped, until the person picks a type.
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt with the same rows and ids,
-- as SQLite's own procedure for such changes does: migrations run with foreign keys off, and
-- every reference is checked before this step commits (`foreign_key_check` in migrate.rs).
CREATE TABLE partners_v7 (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type_id INTEGER REFERENCES partner_types(id),
    status TEXT NOT NULL CHECK (status IN ('prospect', 'active', 'nurture', 'offboarded')),
    owner_id INTEGER REFERENCES team_members(id),
    tier_id INTEGER REFERENCES tiers(id),
    region TEXT NOT NULL DEFAULT '',
    signed_on TEXT,
    profile_match_at_signing INTEGER CHECK (profile_match_at_signing IN (0, 1)),
    signing_override_reason TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL,
    external_id TEXT
);
INSERT INTO partners_v7 (id, name, type_id, status, owner_id, tier_id, region, signed_on,
        profile_match_at_signing, signing_override_reason, notes, created_on, external_id)
    SELECT id, name, type_id, status, owner_id, tier_id, region, signed_on,
        profile_match_at_signing, signing_override_reason, notes, created_on, external_id
    FROM partners;
DROP TABLE partners;
ALTER TABLE partners_v7 RENAME TO partners;
CREATE INDEX partners_type ON partners(type_id);
CREATE INDEX partners_owner ON partners(owner_id);
CREATE UNIQUE INDEX partners_external_id ON partners(external_id) WHERE external_id IS NOT NULL;
