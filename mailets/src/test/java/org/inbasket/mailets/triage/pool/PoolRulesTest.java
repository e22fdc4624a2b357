package org.inbasket.mailets.triage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.inbasket.mailets.triage.TriageTestFiles;
import org.inbasket.mailets.triage.conf.ConfException;
import org.junit.jupiter.api.Test;

class PoolRulesTest {
    private static final String BASE = "[category refill]\nkind = administrative\nkeywords = refill\n";

    @Test
    void shippedRulesShouldLoad() throws Exception {
        PoolRules rules = PoolRules.load(TriageTestFiles.shipped("pools.conf"));
        assertThat(rules.categoryNames()).contains("prescription-refill", "appointment", "billing", "forms-letters",
            "test-results", "clinical-question");
        assertThat(rules.route("prescription-refill", new MailAddress("dr.house@clinic.example")))
            .contains(new MailAddress("rn-pool@clinic.example"));
    }

    @Test
    void routeShouldPreferClinicianThenDomainThenDefault() throws Exception {
        PoolRules rules = PoolRules.parse("p", BASE + "[route refill]\ndr.house@clinic.example = house@clinic.example\n"
            + "clinic.example = rn@clinic.example\n* = central@clinic.example\n");
        assertThat(rules.route("refill", new MailAddress("Dr.House@clinic.example"))).contains(new MailAddress("house@clinic.example"));
        assertThat(rules.route("refill", new MailAddress("dr.wilson@clinic.example"))).contains(new MailAddress("rn@clinic.example"));
        assertThat(rules.route("refill", new MailAddress("dr.x@other.example"))).contains(new MailAddress("central@clinic.example"));
    }

    @Test
    void parseShouldRejectARouteForAClinicalCategory() {
        assertThatThrownBy(() -> PoolRules.parse("p", "[category q]\nkind = clinical\n[route q]\n* = rn@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("p:3").hasMessageContaining("clinical");
    }

    @Test
    void parseShouldRejectARouteForAnUnknownCategory() {
        assertThatThrownBy(() -> PoolRules.parse("p", BASE + "[route billing]\n* = rn@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("unknown category");
    }

    @Test
    void parseShouldRejectAnUnknownKind() {
        assertThatThrownBy(() -> PoolRules.parse("p", "[category refill]\nkind = admin\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("p:2");
    }

    @Test
    void parseShouldRejectAKeywordClaimedByTwoCategories() {
        assertThatThrownBy(() -> PoolRules.parse("p", BASE + "[category billing]\nkind = administrative\nkeywords = Refill\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("p:6").hasMessageContaining("already used");
    }

    @Test
    void parseShouldRejectABadRouteScopeOrTarget() {
        assertThatThrownBy(() -> PoolRules.parse("p", BASE + "[route refill]\nnot a domain = rn@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("p:5");
        assertThatThrownBy(() -> PoolRules.parse("p", BASE + "[route refill]\n* = not-an-address\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("not a valid address");
    }

    @Test
    void parseShouldRejectADuplicateRouteScope() {
        assertThatThrownBy(() -> PoolRules.parse("p", BASE + "[route refill]\n* = a@clinic.example\n* = b@clinic.example\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("p:6").hasMessageContaining("duplicate");
    }

    @Test
    void categoriesShouldKeepTheirFileOrderSoThatTheFirstMatchIsTheSameOnEveryStart() throws Exception {
        // The first category found decides the pool when a message matches several: it must not depend on hashing.
        List<String> names = List.of("zeta", "alpha", "mike", "bravo", "yankee", "charlie", "xray", "delta", "whiskey",
            "echo", "victor", "foxtrot");
        StringBuilder conf = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            conf.append("[category ").append(name).append("]\nkind = administrative\nkeywords = word").append(name)
                .append("\n");
            text.insert(0, "word" + name + " ");
        }
        PoolRules rules = PoolRules.parse("p", conf.toString());
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Several questions");
        message.setText(text.toString());
        message.saveChanges();

        assertThat(rules.categoryNames()).containsExactlyElementsOf(names);
        assertThat(rules.classify(message, Optional.empty()).categories()).containsExactlyElementsOf(names);
    }

    @Test
    void parseShouldRejectAnUnknownKey() {
        assertThatThrownBy(() -> PoolRules.parse("p", "[category refill]\nkind = administrative\nkeyword = refill\n"))
            .isInstanceOf(ConfException.class).hasMessageContaining("unknown key 'keyword'");
    }
}
