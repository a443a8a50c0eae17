-- Only a request whose publish failed is ever published again (it is the one with published_at set), so only
-- those belong in the sweep's index: every accepted request entering it cost an index entry on the accept
-- path for nothing.
DROP INDEX IF EXISTS order_intake_overdue_idx;
CREATE INDEX IF NOT EXISTS order_intake_republish_idx ON order_intake (published_at)
    WHERE status = 'QUEUED' AND published_at IS NOT NULL;
