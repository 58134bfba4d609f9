-- Issue 16: a warning now says what it was for. Harassment warnings escalate to a
-- timeout as before; a first flood or mass mention from a member in good standing is a
-- warning too (message kept, or removed with the text DMed back), and a repeat of any
-- kind within the warning window is what times them out. Rows from before are
-- harassment warnings.
ALTER TABLE mod_warnings ADD COLUMN category TEXT NOT NULL DEFAULT 'harassment';
