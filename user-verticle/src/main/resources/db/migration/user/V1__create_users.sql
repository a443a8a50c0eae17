-- The source system's users table, kept as it was (IF NOT EXISTS: an existing table is adopted).
CREATE TABLE IF NOT EXISTS users (
    user_id      SERIAL PRIMARY KEY,
    nick_name    varchar(50)  UNIQUE NOT NULL,
    password     varchar(256) NOT NULL,
    full_name    varchar(50)  NOT NULL,
    cpf          varchar(11)  NOT NULL,
    email        varchar(50)  NOT NULL,
    phone_number varchar(50)  NOT NULL,
    created_at   TIMESTAMP,
    updated_at   TIMESTAMP
);
