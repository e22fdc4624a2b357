-- Triage: which automatic replies were sent, so each patient gets one per window (RFC 3834).
-- reply_key is a hex SHA-256 of reply kind + address: no address is stored in the clear.
-- Portable SQL (Derby 10.14 and PostgreSQL 15): times are epoch milliseconds in BIGINT.
CREATE TABLE inbasket_reply_ledger (
    reply_key     VARCHAR(64) NOT NULL PRIMARY KEY,
    last_reply_ms BIGINT      NOT NULL
);
CREATE INDEX inbasket_reply_ledger_time ON inbasket_reply_ledger (last_reply_ms);
