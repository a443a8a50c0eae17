-- The intake as an outbox: an accepted request keeps the message it publishes, so that a request still
-- QUEUED long after its last publish (the publish lost, the message dead-lettered) is published again.
ALTER TABLE order_intake ADD COLUMN IF NOT EXISTS payload jsonb;
ALTER TABLE order_intake ADD COLUMN IF NOT EXISTS published_at TIMESTAMP;
ALTER TABLE order_intake ADD COLUMN IF NOT EXISTS publishes integer NOT NULL DEFAULT 0;
-- When an order was made from the request: kept when that order is deleted, so a late redelivery of the
-- request does not make it again.
ALTER TABLE order_intake ADD COLUMN IF NOT EXISTS stored_at TIMESTAMP;
UPDATE order_intake SET stored_at = updated_at WHERE status = 'STORED' AND stored_at IS NULL;
CREATE INDEX IF NOT EXISTS order_intake_overdue_idx ON order_intake (published_at) WHERE status = 'QUEUED';
CREATE INDEX IF NOT EXISTS order_intake_created_idx ON order_intake (created_at);

-- The answers of non-idempotent calls that arrived over RabbitMQ, by call id, written in the same
-- transaction as their effect: a redelivered call is answered with its first answer, not run again.
CREATE TABLE IF NOT EXISTS order_calls (
    call_id    varchar(128) PRIMARY KEY,
    answer     jsonb,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS order_calls_created_idx ON order_calls (created_at);
