-- Schema version 3: what a deal sells, and where its amount came from. An amount is given by
-- the import, estimated (the median won amount of the deal's product, else of all won deals)
-- or missing (no won deal to estimate from: stored as 0).
ALTER TABLE deals ADD COLUMN product TEXT NOT NULL DEFAULT '';
ALTER TABLE deals ADD COLUMN amount_source TEXT NOT NULL DEFAULT 'given' CHECK (amount_source IN ('given', 'estimated', 'missing'));
