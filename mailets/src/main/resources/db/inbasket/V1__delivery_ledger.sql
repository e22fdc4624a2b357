-- Which (mail, recipient) deliveries have been started, and the recipient INBOX's next UID at that moment.
-- Used by DeliverOnce to make local delivery exactly-once across crashes. Portable Derby/PostgreSQL SQL.
CREATE TABLE inbasket_delivery_ledger (
    mail_name   VARCHAR(255) NOT NULL,
    recipient   VARCHAR(320) NOT NULL,
    uid_floor   BIGINT       NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (mail_name, recipient)
);
CREATE INDEX inbasket_delivery_ledger_created ON inbasket_delivery_ledger (created_at);
