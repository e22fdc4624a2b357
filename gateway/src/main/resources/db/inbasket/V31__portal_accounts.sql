-- Portal accounts (issue 6): one per verified patient address, with an Argon2id password hash, the failed
-- login counter and lockout, and pending one-time codes (stored as HMAC-SHA256 with the gateway key).

CREATE TABLE portal_account (
    address       VARCHAR(320) NOT NULL,
    password_hash VARCHAR(256) NOT NULL,
    failed_logins INTEGER      NOT NULL,
    locked_until  BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    CONSTRAINT portal_account_pk PRIMARY KEY (address)
);

CREATE TABLE portal_code (
    address    VARCHAR(320) NOT NULL,
    purpose    VARCHAR(16)  NOT NULL,
    code_hash  VARCHAR(64)  NOT NULL,
    expires_at BIGINT       NOT NULL,
    attempts   INTEGER      NOT NULL,
    CONSTRAINT portal_code_pk PRIMARY KEY (address, purpose)
);
