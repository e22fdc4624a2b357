-- S/MIME certificate directory (org.inbasket.mailets.smime.directory.JdbcCertificateDirectory).
-- Certificates of correspondents, indexed by every e-mail address they name. Portable SQL for
-- Apache Derby 10.14 and PostgreSQL 15: PEM text in VARCHAR (no BLOB/BYTEA), times as epoch
-- milliseconds in BIGINT (no time zone ambiguity).
CREATE TABLE inbasket_smime_certificate (
    fingerprint VARCHAR(64) NOT NULL,
    subject VARCHAR(1024) NOT NULL,
    not_after BIGINT NOT NULL,
    pem VARCHAR(32000) NOT NULL,
    added_at BIGINT NOT NULL,
    CONSTRAINT pk_inbasket_smime_certificate PRIMARY KEY (fingerprint)
);

CREATE TABLE inbasket_smime_certificate_address (
    address VARCHAR(320) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    CONSTRAINT pk_inbasket_smime_cert_address PRIMARY KEY (address, fingerprint),
    CONSTRAINT fk_inbasket_smime_cert_address FOREIGN KEY (fingerprint)
        REFERENCES inbasket_smime_certificate (fingerprint)
);

CREATE INDEX ix_inbasket_smime_cert_addr_fp ON inbasket_smime_certificate_address (fingerprint);
