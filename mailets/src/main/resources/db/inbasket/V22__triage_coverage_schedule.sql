-- Triage: coverage windows (while a clinician is away, mail goes to a coverer: clinician or pool).
-- Times are epoch milliseconds; [starts_ms, ends_ms). Portable SQL (Derby 10.14 and PostgreSQL 15).
CREATE TABLE inbasket_coverage (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    absent_key   VARCHAR(320) NOT NULL,
    absent       VARCHAR(320) NOT NULL,
    absent_name  VARCHAR(200),
    starts_ms    BIGINT       NOT NULL,
    ends_ms      BIGINT       NOT NULL,
    coverer      VARCHAR(320) NOT NULL,
    coverer_kind VARCHAR(16)  NOT NULL,
    coverer_name VARCHAR(200),
    CHECK (starts_ms < ends_ms),
    CHECK (coverer_kind IN ('CLINICIAN', 'POOL'))
);
CREATE INDEX inbasket_coverage_by_absent ON inbasket_coverage (absent_key, starts_ms);
