-- Triage: pools (shared mailboxes) and their members. *_key columns hold the lower-cased address.
-- Portable SQL (Derby 10.14 and PostgreSQL 15).
CREATE TABLE inbasket_pool (
    pool_key VARCHAR(320) NOT NULL PRIMARY KEY,
    address  VARCHAR(320) NOT NULL
);
CREATE TABLE inbasket_pool_member (
    pool_key   VARCHAR(320) NOT NULL,
    member_key VARCHAR(320) NOT NULL,
    member     VARCHAR(320) NOT NULL,
    PRIMARY KEY (pool_key, member_key),
    FOREIGN KEY (pool_key) REFERENCES inbasket_pool (pool_key)
);
CREATE INDEX inbasket_pool_member_by_member ON inbasket_pool_member (member_key);
