-- Schema version 4: what the workspace was told about its deals, and when. Each import is a
-- snapshot dated by its as-of day and each edit by the day it was made; a deal's stage,
-- amount, expected close and outcome on a past day are those of its latest fact on or before
-- that day. The forecast and its backtest read deals only through these facts.
CREATE TABLE deal_facts (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id),
    known_on TEXT NOT NULL,
    stage_id INTEGER REFERENCES stages(id),
    amount REAL NOT NULL CHECK (amount >= 0),
    amount_source TEXT NOT NULL CHECK (amount_source IN ('given', 'estimated', 'missing')),
    currency TEXT NOT NULL,
    expected_close TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
    closed_on TEXT,
    UNIQUE (deal_id, known_on)
);
CREATE INDEX deal_facts_known_on ON deal_facts(known_on);

-- A stage row is known when someone saw the deal enter the stage that day. Imports until now
-- placed every new deal in its stage on its created day, won deals in their last open stage:
-- those rows are kept, marked unknown, and nothing reads them as facts.
ALTER TABLE deal_stage_history ADD COLUMN known INTEGER NOT NULL DEFAULT 1 CHECK (known IN (0, 1));
UPDATE deal_stage_history SET known = 0
 WHERE entered_on = (SELECT d.created_on FROM deals d WHERE d.id = deal_stage_history.deal_id)
    OR entered_on >= COALESCE((SELECT d.closed_on FROM deals d WHERE d.id = deal_stage_history.deal_id), '9999-12-31');

-- Until now a workspace kept one state per deal: that state is one snapshot, dated the last
-- day the workspace speaks of. A stage move someone recorded before it is a fact of its own.
INSERT INTO deal_facts (deal_id, known_on, stage_id, amount, amount_source, currency, expected_close, outcome, closed_on)
SELECT id,
       (SELECT MAX(day) FROM (SELECT created_on AS day FROM deals
                              UNION ALL SELECT closed_on FROM deals
                              UNION ALL SELECT entered_on FROM deal_stage_history WHERE known = 1)),
       stage_id, amount, amount_source, currency, expected_close, outcome, closed_on
  FROM deals;
INSERT OR IGNORE INTO deal_facts (deal_id, known_on, stage_id, amount, amount_source, currency, expected_close, outcome, closed_on)
SELECT h.deal_id, h.entered_on, h.stage_id, d.amount, d.amount_source, d.currency, d.expected_close, 'open', NULL
  FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id
 WHERE h.known = 1
 ORDER BY h.entered_on, h.id;
