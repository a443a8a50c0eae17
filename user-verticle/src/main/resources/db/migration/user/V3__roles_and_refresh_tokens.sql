-- Roles beyond the implicit 'user' (today: 'admin'), and refresh tokens. A refresh token is stored only as
-- its SHA-256; tokens of one sign-in share a family, so that reusing a rotated token revokes them all.
CREATE TABLE IF NOT EXISTS user_roles (
    user_id integer     NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    role    varchar(20) NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash bytea     PRIMARY KEY,
    family     uuid      NOT NULL,
    user_id    integer   NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at timestamp NOT NULL,
    expires_at timestamp NOT NULL,
    rotated_at timestamp,
    revoked_at timestamp
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX IF NOT EXISTS refresh_tokens_user ON refresh_tokens (user_id);
