-- The answers of non-idempotent calls that arrived over RabbitMQ, by call id, written in the same
-- transaction as their effect: a redelivered call (create, password change, delete) is answered with its
-- first answer, not run again.
CREATE TABLE IF NOT EXISTS user_calls (
    call_id    varchar(128) PRIMARY KEY,
    answer     jsonb,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS user_calls_created_idx ON user_calls (created_at);
