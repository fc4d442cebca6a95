-- Schema version 6: a deal's own name (the CRM's opportunity or deal name), kept from imports,
-- shown in the deals list and exported. Deals from before have none ('').
ALTER TABLE deals ADD COLUMN name TEXT NOT NULL DEFAULT '';
