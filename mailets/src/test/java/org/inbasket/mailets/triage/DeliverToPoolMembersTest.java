package org.inbasket.mailets.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.mailet.StorageDirective;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.inbasket.mailets.triage.pool.MemoryPoolDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliverToPoolMembersTest {
    private MemoryPoolDirectory pools;
    private DeliverToPoolMembers mailet;

    @BeforeEach
    void setUp() throws Exception {
        pools = new MemoryPoolDirectory();
        MailAddress pool = new MailAddress("rn-pool@clinic.example");
        pools.createPool(pool);
        pools.addMember(pool, new MailAddress("nurse.joy@clinic.example"));
        pools.addMember(pool, new MailAddress("nurse.ratched@clinic.example"));
        mailet = new DeliverToPoolMembers(pools);
        mailet.init(FakeMailetConfig.builder().mailetName("DeliverToPoolMembers").build());
    }

    private static FakeMail mailTo(String... recipients) throws MessagingException {
        return FakeMail.builder().name("m1").sender("pat@patients.example").recipients(recipients)
            .mimeMessage(TestMails.text("Rx refill", "please")).build();
    }

    private static Optional<String> folderOf(FakeMail mail, String user) {
        return StorageDirective.fromMail(Username.of(user), mail).getTargetFolder();
    }

    @Test
    void serviceShouldAddEveryMemberWithTheirPoolFolderAndKeepThePool() throws Exception {
        FakeMail mail = mailTo("rn-pool@clinic.example");
        mailet.service(mail);
        assertThat(mail.getRecipients()).extracting(MailAddress::asString)
            .containsExactly("rn-pool@clinic.example", "nurse.joy@clinic.example", "nurse.ratched@clinic.example");
        assertThat(folderOf(mail, "nurse.joy@clinic.example")).contains("Pools/rn-pool");
        assertThat(folderOf(mail, "nurse.ratched@clinic.example")).contains("Pools/rn-pool");
        assertThat(folderOf(mail, "rn-pool@clinic.example")).isEmpty();
    }

    @Test
    void serviceShouldLeaveAMemberWhoIsAlsoADirectRecipientInTheirInbox() throws Exception {
        FakeMail mail = mailTo("rn-pool@clinic.example", "nurse.joy@clinic.example");
        mailet.service(mail);
        assertThat(mail.getRecipients()).hasSize(3);
        assertThat(folderOf(mail, "nurse.joy@clinic.example")).isEmpty();
        assertThat(folderOf(mail, "nurse.ratched@clinic.example")).contains("Pools/rn-pool");
    }

    @Test
    void serviceShouldNotTouchMailWithoutPoolRecipients() throws Exception {
        FakeMail mail = mailTo("dr.grey@clinic.example");
        mailet.service(mail);
        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly("dr.grey@clinic.example");
        assertThat(mail.attributeNames()).isEmpty();
    }

    @Test
    void initShouldRefuseAFolderWithTheImapDelimiter() {
        DeliverToPoolMembers other = new DeliverToPoolMembers(pools);
        assertThatThrownBy(() -> other.init(FakeMailetConfig.builder().mailetName("DeliverToPoolMembers")
            .setProperty("folder", "Shared.Pools").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("folder");
    }
}
