package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.Flags;
import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.StorageDirective;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlagUrgentTest {
    private FlagUrgent mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new FlagUrgent(MemoryUsersRepository.withVirtualHosting(null));
        mailet.init(FakeMailetConfig.builder().mailetName("FlagUrgent").build());
    }

    private static FakeMail urgentMail() throws MessagingException {
        FakeMail mail = FakeMail.builder().name("m1").sender("pat@patients.example")
            .recipients("dr.house@clinic.example", "oncall@clinic.example")
            .mimeMessage(TestMails.text("help", "chest pain")).build();
        TriageAttributes.setUrgentCategories(mail, List.of("cardiac", "breathing"));
        return mail;
    }

    @Test
    void serviceShouldAddCategoryAndImportanceHeadersWhenUrgent() throws Exception {
        FakeMail mail = urgentMail();
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader(FlagUrgent.HEADER, null)).isEqualTo("cardiac, breathing");
        assertThat(mail.getMessage().getHeader("Importance", null)).isEqualTo("high");
        assertThat(mail.getMessage().getHeader("X-Priority", null)).startsWith("1");
    }

    @Test
    void serviceShouldReplaceASenderWrittenUrgentHeader() throws Exception {
        FakeMail mail = urgentMail();
        mail.getMessage().setHeader(FlagUrgent.HEADER, "fake");
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader(FlagUrgent.HEADER)).containsExactly("cardiac, breathing");
    }

    @Test
    void serviceShouldMakeDeliveryStoreFlaggedAndUrgentKeywordForEveryRecipient() throws Exception {
        FakeMail mail = urgentMail();
        mailet.service(mail);
        for (String user : List.of("dr.house@clinic.example", "oncall@clinic.example")) {
            Flags flags = StorageDirective.fromMail(Username.of(user), mail).getFlags().orElseThrow();
            assertThat(flags.contains(Flags.Flag.FLAGGED)).isTrue();
            assertThat(flags.contains("$Urgent")).isTrue();
        }
    }

    @Test
    void serviceShouldKeepKeywordsAlreadyDirected() throws Exception {
        FakeMail mail = urgentMail();
        StorageDirective.builder().keywords(java.util.Optional.of(List.of("$Coverage"))).build()
            .encodeAsAttributes(Username.of("dr.house@clinic.example")).forEach(mail::setAttribute);
        mailet.service(mail);
        Flags flags = StorageDirective.fromMail(Username.of("dr.house@clinic.example"), mail).getFlags().orElseThrow();
        assertThat(flags.contains("$Coverage")).isTrue();
        assertThat(flags.contains("$Urgent")).isTrue();
    }

    @Test
    void serviceShouldUseTheConfiguredKeywordAndSkipHeadersWhenAsked() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("FlagUrgent")
            .setProperty("keyword", "Urgent-Triage").setProperty("headers", "false").build());
        FakeMail mail = urgentMail();
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader("Importance")).isNull();
        Flags flags = StorageDirective.fromMail(Username.of("dr.house@clinic.example"), mail).getFlags().orElseThrow();
        assertThat(flags.contains("Urgent-Triage")).isTrue();
    }

    @Test
    void serviceShouldSayUnspecifiedWhenNoCategoryWasRecorded() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").recipient("dr.house@clinic.example")
            .mimeMessage(TestMails.text("x", "y")).build();
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader(FlagUrgent.HEADER, null)).isEqualTo("unspecified");
    }

    @Test
    void initShouldRejectANonBooleanHeadersParameter() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("FlagUrgent")
            .setProperty("headers", "ture").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("headers");
    }

    @Test
    void initShouldRejectAnInvalidKeyword() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("FlagUrgent")
            .setProperty("keyword", "two words").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("keyword");
    }

    @Test
    void initShouldRejectUnknownParameters() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("FlagUrgent")
            .setProperty("keywrd", "x").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("keywrd");
    }
}
