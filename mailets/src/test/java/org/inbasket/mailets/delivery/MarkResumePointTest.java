package org.inbasket.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class MarkResumePointTest {
    @Test
    void serviceShouldRecordTheCurrentProcessorAndReplaceAnEarlierOne() throws Exception {
        MarkResumePoint mailet = new MarkResumePoint();
        mailet.init(FakeMailetConfig.builder().mailetName("MarkResumePoint")
            .mailetContext(FakeMailContext.defaultContext()).build());
        FakeMail mail = FakeMail.builder().name("m1").state("transport").build();

        mailet.service(mail);
        mail.setState("local-store-final");
        mailet.service(mail);

        assertThat(mail.getAttribute(MarkResumePoint.NAME))
            .contains(new Attribute(MarkResumePoint.NAME, AttributeValue.of("local-store-final")));
    }
}
