package org.inbasket.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.inbasket.gateway.config.ConfigException;
import org.junit.jupiter.api.Test;

class StartupFailureTest {
    @Test
    void describeShouldShowTheGatewaysOwnConfigurationMessageWrappedByGuice() {
        Throwable wrapped = new RuntimeException("Unable to provision",
            new ConfigException("smime.ca.keystore /etc/ca.p12: cannot use it as the S/MIME CA: wrong password",
                new java.security.UnrecoverableKeyException("PKCS12 key store mac invalid")));

        assertThat(StartupFailure.describe(wrapped))
            .isEqualTo("smime.ca.keystore /etc/ca.p12: cannot use it as the S/MIME CA: wrong password");
        assertThat(StartupFailure.isConfigurationProblem(wrapped)).isTrue();
    }

    @Test
    void describeShouldNameJamesConfigurationProblemsAndBindFailures() {
        Throwable james = new RuntimeException(new ConfigurationException("Unable to init mailet X",
            new IllegalStateException("inner")));
        assertThat(StartupFailure.describe(james)).startsWith("ConfigurationException: Unable to init mailet X");

        Throwable bind = new RuntimeException(new BindException("Address already in use"));
        assertThat(StartupFailure.describe(bind)).startsWith("cannot listen on a configured port: Address already in use");
        assertThat(StartupFailure.isConfigurationProblem(bind)).isFalse();
    }
}
