package org.inbasket.mailets.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class AuditExportTest {
    private static final Instant T = Instant.parse("2026-02-03T04:05:06.789Z");

    private static InMemoryAuditTrail trail() {
        InMemoryAuditTrail trail = new InMemoryAuditTrail();
        trail.append(new AuditRecord(T, "received", "=cmd|' /C calc'!A0@outside.example",
            List.of("dr.grey@clinic.example", "nurse.joy@clinic.example"), "192.0.2.1", "Mail-1",
            "<a,\"b\"@outside.example>", "signature=valid; urgent=no"));
        trail.append(new AuditRecord(T.plusSeconds(1), "portal-view", "p@outside.example", List.of(), "-", "pk-1", "-", ""));
        return trail;
    }

    @Test
    void csvShouldHaveAHeaderQuoteSeparatorsAndDisarmFormulas() throws Exception {
        StringWriter out = new StringWriter();
        long rows = AuditExport.write(trail(), AuditQuery.ALL, AuditExport.Format.CSV, out);
        assertThat(rows).isEqualTo(2);
        String[] lines = out.toString().split("\r\n");
        assertThat(lines[0]).isEqualTo("seq,time,event,actor,addresses,clientIp,reference,messageId,detail,hash");
        assertThat(lines[1]).startsWith("1,2026-02-03T04:05:06.789Z,received,'=cmd|' /C calc'!A0@outside.example,"
            + "dr.grey@clinic.example nurse.joy@clinic.example,192.0.2.1,Mail-1,\"<a,\"\"b\"\"@outside.example>\","
            + "signature=valid; urgent=no,");
        assertThat(lines[2]).startsWith("2,2026-02-03T04:05:07.789Z,portal-view,p@outside.example,,-,pk-1,-,-,");
        assertThat(lines).hasSize(3);
    }

    @Test
    void jsonShouldBeAnArrayOfExactObjects() throws Exception {
        StringWriter out = new StringWriter();
        AuditExport.write(trail(), AuditQuery.ALL, AuditExport.Format.JSON, out);
        String json = out.toString();
        assertThat(json).startsWith("[\n{\"seq\":1,\"time\":\"2026-02-03T04:05:06.789Z\",\"event\":\"received\","
            + "\"actor\":\"=cmd|' /C calc'!A0@outside.example\",\"addresses\":[\"dr.grey@clinic.example\","
            + "\"nurse.joy@clinic.example\"],\"clientIp\":\"192.0.2.1\",\"reference\":\"Mail-1\","
            + "\"messageId\":\"<a,\\\"b\\\"@outside.example>\",\"detail\":\"signature=valid; urgent=no\",\"hash\":\"");
        assertThat(json).contains("},\n{\"seq\":2,").contains("\"addresses\":[],").endsWith("}\n]\n");
    }

    @Test
    void anEmptyExportShouldStillBeValid() throws Exception {
        StringWriter out = new StringWriter();
        AuditExport.write(new InMemoryAuditTrail(), AuditQuery.ALL, AuditExport.Format.JSON, out);
        assertThat(out.toString()).isEqualTo("[\n]\n");
    }

    @Test
    void formatShouldBeParsedStrictly() {
        assertThat(AuditExport.Format.parse("CSV")).isEqualTo(AuditExport.Format.CSV);
        assertThat(AuditExport.Format.parse("json")).isEqualTo(AuditExport.Format.JSON);
        assertThatThrownBy(() -> AuditExport.Format.parse("xml")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditExport.Format.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
