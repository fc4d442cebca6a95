-- Partnerboard workspace, schema version 1: the whole data model.
-- Every editable table has an INTEGER PRIMARY KEY `id`, which the edit history relies on.
-- Foreign keys never cascade: a delete that would orphan rows fails instead of losing them.

CREATE TABLE settings (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);

CREATE TABLE program (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    company TEXT NOT NULL,
    thesis TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT 'USD'
);

CREATE TABLE program_targets (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    metric TEXT NOT NULL UNIQUE CHECK (metric IN ('sourced_pipeline', 'attached_revenue', 'retention')),
    quarterly_value REAL NOT NULL CHECK (quarterly_value >= 0)
);

CREATE TABLE partner_types (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    motion TEXT NOT NULL DEFAULT '',
    incentive_kind TEXT NOT NULL CHECK (incentive_kind IN ('margin', 'referral_fee', 'co_sell_credit')),
    incentive_value REAL NOT NULL CHECK (incentive_value >= 0)
);

CREATE TABLE enablement_steps (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL REFERENCES partner_types(id),
    position INTEGER NOT NULL,
    step TEXT NOT NULL
);
CREATE INDEX enablement_steps_type ON enablement_steps(type_id, position);

CREATE TABLE team_members (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    hours_per_month REAL NOT NULL CHECK (hours_per_month >= 0)
);

CREATE TABLE tiers (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    rule_kind TEXT NOT NULL CHECK (rule_kind IN ('top_n', 'min_score', 'rest')),
    rule_value REAL,
    cadence TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly', 'quarterly', 'self_serve')),
    hours_per_partner REAL NOT NULL CHECK (hours_per_partner >= 0),
    benefits TEXT NOT NULL DEFAULT ''
);

CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type_id INTEGER NOT NULL REFERENCES partner_types(id),
    status TEXT NOT NULL CHECK (status IN ('prospect', 'active', 'nurture', 'offboarded')),
    owner_id INTEGER REFERENCES team_members(id),
    tier_id INTEGER REFERENCES tiers(id),
    region TEXT NOT NULL DEFAULT '',
    signed_on TEXT,
    profile_match_at_signing INTEGER CHECK (profile_match_at_signing IN (0, 1)),
    signing_override_reason TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL
);
CREATE INDEX partners_type ON partners(type_id);
CREATE INDEX partners_owner ON partners(owner_id);

CREATE TABLE factors (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    weight REAL NOT NULL CHECK (weight > 0)
);

CREATE TABLE factor_scores (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    factor_id INTEGER NOT NULL REFERENCES factors(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    UNIQUE (partner_id, factor_id)
);
CREATE INDEX factor_scores_factor ON factor_scores(factor_id);

CREATE TABLE scoring_cycles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    closed_on TEXT NOT NULL,
    model TEXT NOT NULL
);

-- A snapshot keeps the partner's id and name as they were; it never changes with later edits,
-- so partner_id is deliberately not a foreign key (a deleted partner stays in old cycles).
CREATE TABLE cycle_entries (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES scoring_cycles(id),
    partner_id INTEGER NOT NULL,
    partner_name TEXT NOT NULL,
    scores TEXT NOT NULL,
    weighted_score REAL,
    rank INTEGER,
    tier_name TEXT,
    UNIQUE (cycle_id, partner_id)
);

CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    type_id INTEGER NOT NULL UNIQUE REFERENCES partner_types(id),
    joint_solution TEXT NOT NULL DEFAULT '',
    walk_away_count INTEGER NOT NULL DEFAULT 2 CHECK (walk_away_count >= 1)
);

CREATE TABLE profile_traits (
    id INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    verification TEXT NOT NULL
);

CREATE TABLE trait_checks (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    trait_id INTEGER NOT NULL REFERENCES profile_traits(id),
    state TEXT NOT NULL CHECK (state IN ('met', 'missed', 'unverified')),
    note TEXT NOT NULL DEFAULT '',
    checked_on TEXT NOT NULL,
    UNIQUE (partner_id, trait_id)
);

CREATE TABLE readiness_reviews (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    reviewed_on TEXT NOT NULL,
    capability INTEGER NOT NULL CHECK (capability BETWEEN 0 AND 3),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 3),
    motion_commitment INTEGER NOT NULL CHECK (motion_commitment BETWEEN 0 AND 3),
    reviewer TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX readiness_reviews_partner ON readiness_reviews(partner_id, reviewed_on);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_partner ON contacts(partner_id);

CREATE TABLE touches (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    touched_on TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('call', 'email', 'meeting', 'message', 'event')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX touches_contact ON touches(contact_id, touched_on);

CREATE TABLE stages (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    exit_criterion TEXT NOT NULL,
    probability REAL NOT NULL CHECK (probability BETWEEN 0 AND 1),
    expected_days INTEGER NOT NULL CHECK (expected_days >= 0)
);

CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    partner_id INTEGER REFERENCES partners(id),
    source TEXT NOT NULL CHECK (source IN ('partner_sourced', 'partner_influenced', 'direct')),
    amount REAL NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL DEFAULT 'USD',
    stage_id INTEGER REFERENCES stages(id),
    created_on TEXT NOT NULL,
    expected_close TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
    closed_on TEXT,
    credit_rule TEXT NOT NULL CHECK (credit_rule IN ('sourced', 'influenced', 'none')),
    credit_split_pct REAL NOT NULL DEFAULT 0 CHECK (credit_split_pct BETWEEN 0 AND 100),
    owner TEXT NOT NULL DEFAULT '',
    CHECK ((outcome = 'open') = (closed_on IS NULL))
);
CREATE INDEX deals_partner ON deals(partner_id);
CREATE INDEX deals_created ON deals(created_on);

CREATE TABLE deal_stage_history (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id),
    stage_id INTEGER NOT NULL REFERENCES stages(id),
    entered_on TEXT NOT NULL
);
CREATE INDEX deal_stage_history_deal ON deal_stage_history(deal_id, entered_on);

CREATE TABLE import_mappings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('partners', 'contacts', 'deals')),
    mapping TEXT NOT NULL,
    UNIQUE (name, kind)
);

-- The undo/redo history: one row per edit, with every row it changed before and after.
CREATE TABLE edit_history (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    changes TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    made_at TEXT NOT NULL
);
