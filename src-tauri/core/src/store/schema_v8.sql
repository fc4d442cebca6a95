-- Schema version 8: a team member carries partners or not. Partner operations, enablement or
-- a leader may plan hours without owning partners; the capacity plan counts and assigns only
-- the hours of those who carry partners. Every member of an older file carries partners, as
-- every member did before.
ALTER TABLE team_members ADD COLUMN carries_partners INTEGER NOT NULL DEFAULT 1
    CHECK (carries_partners IN (0, 1));
