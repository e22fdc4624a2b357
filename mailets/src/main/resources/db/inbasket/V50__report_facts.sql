-- Reports and response-time metrics (issue 7, ADR 0052): content-free facts about patient messages and secure
-- messages to patients. message_key is a hex SHA-256 of the Message-ID; reference a hex SHA-256 naming one copy.
-- No subject, body, category or urgent category. Portable SQL (Derby 10.14 and PostgreSQL 15): times are epoch
-- milliseconds in BIGINT.
CREATE TABLE inbasket_report_patient_message (
    message_key VARCHAR(64)  NOT NULL PRIMARY KEY,
    patient     VARCHAR(320) NOT NULL,
    received_ms BIGINT       NOT NULL,
    channel     VARCHAR(8)   NOT NULL,
    handling    VARCHAR(12)  NOT NULL,
    answered_ms BIGINT
);
CREATE INDEX inbasket_report_patient_message_time ON inbasket_report_patient_message (received_ms);

CREATE TABLE inbasket_report_secure_message (
    reference VARCHAR(64)  NOT NULL PRIMARY KEY,
    patient   VARCHAR(320) NOT NULL,
    sent_ms   BIGINT       NOT NULL,
    delivery  VARCHAR(12)  NOT NULL,
    opened_ms BIGINT
);
CREATE INDEX inbasket_report_secure_message_time ON inbasket_report_secure_message (sent_ms);
