-- Mails handed to an outgoing queue and whether they were relayed (ADR 0066): a second copy of a mail already
-- sent is dropped, a copy older than RemoteDelivery's latest retry is dropped, and a claim is atomic (INSERT, or
-- UPDATE guarded by version). Portable Derby/PostgreSQL SQL.
CREATE TABLE inbasket_relay_ledger (
    mail_key    VARCHAR(320) NOT NULL PRIMARY KEY,
    state       VARCHAR(8)   NOT NULL,
    attempt     INTEGER      NOT NULL,
    owner       VARCHAR(64)  NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    version     BIGINT       NOT NULL
);
CREATE INDEX inbasket_relay_ledger_updated ON inbasket_relay_ledger (updated_at);
