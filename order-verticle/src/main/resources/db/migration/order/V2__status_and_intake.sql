-- Order status, and the id of the intake request an order came from (unique: a redelivered message
-- never makes a second order).
ALTER TABLE orders ADD COLUMN IF NOT EXISTS status varchar(16) NOT NULL DEFAULT 'PENDING';
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED'));
ALTER TABLE orders ADD COLUMN IF NOT EXISTS request_id uuid;
ALTER TABLE orders ADD CONSTRAINT orders_request_id_key UNIQUE (request_id);
CREATE INDEX IF NOT EXISTS orders_user_id_idx ON orders (user_id, order_id);

-- Every order accepted through POST /queue/neworder: recorded when accepted (QUEUED), settled by the
-- intake consumer (STORED with its order, or REJECTED with the reason).
CREATE TABLE order_intake (
    request_id      uuid PRIMARY KEY,
    idempotency_key varchar(255),
    payload_hash    char(64),
    status          varchar(16)  NOT NULL CHECK (status IN ('QUEUED', 'STORED', 'REJECTED')),
    order_id        integer REFERENCES orders (order_id) ON DELETE SET NULL,
    reason          varchar(512),
    created_at      TIMESTAMP    NOT NULL,
    updated_at      TIMESTAMP    NOT NULL
);
