package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class TriageAttributesTest {
    @Test
    void urgentCategoriesShouldSurviveTheJsonRoundTripOfTheSpool() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").build();
        TriageAttributes.setUrgentCategories(mail, List.of("cardiac", "suicide-self-harm"));
        Attribute attribute = mail.getAttribute(TriageAttributes.URGENT).orElseThrow();

        String json = attribute.getValue().toJson().orElseThrow().toString();
        AttributeValue<?> back = AttributeValue.fromJsonString(json);

        FakeMail dequeued = FakeMail.builder().name("m1").attribute(new Attribute(TriageAttributes.URGENT, back)).build();
        assertThat(TriageAttributes.urgentCategories(dequeued)).contains(List.of("cardiac", "suicide-self-harm"));
        assertThat(TriageAttributes.isUrgent(dequeued)).isTrue();
    }

    @Test
    void isUrgentShouldBeFalseWhenScannedAndNotUrgentOrNotScanned() throws Exception {
        FakeMail scanned = FakeMail.builder().name("m1").build();
        TriageAttributes.setUrgentCategories(scanned, List.of());
        assertThat(TriageAttributes.isUrgent(scanned)).isFalse();
        assertThat(TriageAttributes.urgentCategories(scanned)).contains(List.of());
        assertThat(TriageAttributes.urgentCategories(FakeMail.builder().name("m2").build())).isEmpty();
    }
}
