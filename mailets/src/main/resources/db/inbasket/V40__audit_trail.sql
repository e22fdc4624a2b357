-- Operations: the hash-chained audit trail (org.inbasket.mailets.audit.JdbcAuditTrail). One row per entry;
-- entry_hash = SHA-256(previous entry_hash || canonical entry), see AuditChain. No message content: addresses,
-- identifiers and result tokens only. inbasket_audit_state has exactly one row: the head of the chain (newest
-- entry) and its anchor (last purged entry; the walk starts after it). Appends lock that row.
-- Portable SQL (Derby 10.14 and PostgreSQL 15): times are epoch milliseconds in BIGINT.
CREATE TABLE inbasket_audit_trail (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    time_ms    BIGINT        NOT NULL,
    event_type VARCHAR(40)   NOT NULL,
    actor      VARCHAR(320)  NOT NULL,
    addresses  VARCHAR(4000) NOT NULL,
    client_ip  VARCHAR(64)   NOT NULL,
    mail_ref   VARCHAR(255)  NOT NULL,
    message_id VARCHAR(255)  NOT NULL,
    detail     VARCHAR(1000) NOT NULL,
    entry_hash VARCHAR(64)   NOT NULL
);
CREATE INDEX inbasket_audit_trail_time ON inbasket_audit_trail (time_ms);
CREATE INDEX inbasket_audit_trail_event ON inbasket_audit_trail (event_type, time_ms);

CREATE TABLE inbasket_audit_state (
    id          INTEGER     NOT NULL PRIMARY KEY,
    head_seq    BIGINT      NOT NULL,
    head_hash   VARCHAR(64) NOT NULL,
    anchor_seq  BIGINT      NOT NULL,
    anchor_hash VARCHAR(64) NOT NULL,
    CHECK (id = 1)
);
INSERT INTO inbasket_audit_state (id, head_seq, head_hash, anchor_seq, anchor_hash) VALUES (1, 0,
    '0000000000000000000000000000000000000000000000000000000000000000', 0,
    '0000000000000000000000000000000000000000000000000000000000000000');
