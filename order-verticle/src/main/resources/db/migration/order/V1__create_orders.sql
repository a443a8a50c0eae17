-- The source system's orders table, kept as it was (IF NOT EXISTS: an existing table is adopted).
-- It references users, so it waits for the user service's migrations (the service retries until then).
CREATE TABLE IF NOT EXISTS orders (
    order_id         SERIAL PRIMARY KEY,
    user_id          integer      NOT NULL REFERENCES users (user_id),
    item_description varchar(256) NOT NULL,
    item_quantity    integer      NOT NULL,
    item_price       integer      NOT NULL,
    total_value      integer      NOT NULL,
    created_at       TIMESTAMP,
    updated_at       TIMESTAMP
);
