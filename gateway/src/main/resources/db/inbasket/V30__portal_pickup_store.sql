-- Portal pickup store (issue 6): messages between the clinic and patients, encrypted at rest.
-- ${blob_type} is BLOB on Derby and BYTEA on PostgreSQL (see PortalDatabase.placeholders).
-- Times are epoch milliseconds (BIGINT) to avoid time-zone conversions between drivers.
-- Only routing data is in clear: ids, addresses, times. Subject, bodies, attachment names and bytes are in
-- the sealed columns (AES-256-GCM with a per-message key wrapped by the gateway key, identified by key_id).

CREATE TABLE portal_message (
    id              VARCHAR(36)  NOT NULL,
    conversation_id VARCHAR(36)  NOT NULL,
    direction       VARCHAR(16)  NOT NULL,
    patient         VARCHAR(320) NOT NULL,
    counterpart     VARCHAR(320) NOT NULL,
    rfc_message_id  VARCHAR(512) NOT NULL,
    created_at      BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    first_opened_at BIGINT,
    reminded_at     BIGINT,
    revoked_at      BIGINT,
    read_receipt    SMALLINT     NOT NULL,
    key_id          VARCHAR(16)  NOT NULL,
    wrapped_key     ${blob_type} NOT NULL,
    envelope        ${blob_type} NOT NULL,
    body            ${blob_type} NOT NULL,
    CONSTRAINT portal_message_pk PRIMARY KEY (id)
);
CREATE INDEX portal_message_patient ON portal_message (patient, created_at);
CREATE INDEX portal_message_rfc ON portal_message (rfc_message_id);
CREATE INDEX portal_message_expiry ON portal_message (expires_at);

CREATE TABLE portal_link (
    token_hash VARCHAR(64) NOT NULL,
    message_id VARCHAR(36) NOT NULL,
    CONSTRAINT portal_link_pk PRIMARY KEY (token_hash),
    CONSTRAINT portal_link_message_fk FOREIGN KEY (message_id) REFERENCES portal_message (id) ON DELETE CASCADE
);

CREATE TABLE portal_attachment (
    message_id VARCHAR(36)  NOT NULL,
    idx        INTEGER      NOT NULL,
    content    ${blob_type} NOT NULL,
    CONSTRAINT portal_attachment_pk PRIMARY KEY (message_id, idx),
    CONSTRAINT portal_attachment_message_fk FOREIGN KEY (message_id) REFERENCES portal_message (id) ON DELETE CASCADE
);

CREATE TABLE portal_patient_check (
    patient    VARCHAR(320) NOT NULL,
    key_id     VARCHAR(16)  NOT NULL,
    sealed     ${blob_type} NOT NULL,
    updated_at BIGINT       NOT NULL,
    CONSTRAINT portal_patient_check_pk PRIMARY KEY (patient)
);
