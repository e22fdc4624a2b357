package org.inbasket.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the {@code conf/} of the benchmark peer, {@code james-server-memory-app}, following the memory
 * app's sample configuration at tag {@code james-project-3.8.1} (same mail pipeline, spooler threads,
 * mailbox and repository choices) with these changes, so it runs beside the gateway on one machine:
 * SMTP (port 25 role, no TLS), IMAP (no TLS, LOGIN allowed in clear) and WebAdmin bound to 127.0.0.1 on the
 * given ports; SMTPS, IMAPS, POP3, ManageSieve, LMTP, JMAP and JMX off; logs to a file in the work directory.
 */
final class JamesMemoryAppConf {
    private JamesMemoryAppConf() {
    }

    static void write(Path workDir, int smtpPort, int imapPort, int webAdminPort) throws IOException {
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        for (Map.Entry<String, String> file : files(workDir, smtpPort, imapPort, webAdminPort).entrySet()) {
            Files.writeString(conf.resolve(file.getKey()), file.getValue());
        }
    }

    private static Map<String, String> files(Path workDir, int smtpPort, int imapPort, int webAdminPort) {
        Map<String, String> f = new TreeMap<>();
        f.put("smtpserver.xml", """
            <?xml version="1.0"?>
            <smtpservers>
                <smtpserver enabled="true">
                    <jmxName>smtpserver-global</jmxName>
                    <bind>127.0.0.1:%d</bind>
                    <connectionBacklog>200</connectionBacklog>
                    <tls socketTLS="false" startTLS="false"/>
                    <connectiontimeout>360</connectiontimeout>
                    <connectionLimit>0</connectionLimit>
                    <connectionLimitPerIP>0</connectionLimitPerIP>
                    <auth>
                        <announce>never</announce>
                        <requireSSL>false</requireSSL>
                        <plainAuthEnabled>true</plainAuthEnabled>
                    </auth>
                    <authorizedAddresses>127.0.0.0/8</authorizedAddresses>
                    <verifyIdentity>false</verifyIdentity>
                    <maxmessagesize>0</maxmessagesize>
                    <addressBracketsEnforcement>true</addressBracketsEnforcement>
                    <smtpGreeting>benchmark peer SMTP</smtpGreeting>
                    <handlerchain>
                        <handler class="org.apache.james.smtpserver.fastfail.ValidRcptHandler"/>
                        <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
                    </handlerchain>
                </smtpserver>
            </smtpservers>
            """.formatted(smtpPort));
        f.put("imapserver.xml", """
            <?xml version="1.0"?>
            <imapservers>
                <imapserver enabled="true">
                    <jmxName>imapserver</jmxName>
                    <bind>127.0.0.1:%d</bind>
                    <connectionBacklog>200</connectionBacklog>
                    <tls socketTLS="false" startTLS="false"/>
                    <connectionLimit>0</connectionLimit>
                    <connectionLimitPerIP>0</connectionLimitPerIP>
                    <idleTimeInterval>120</idleTimeInterval>
                    <idleTimeIntervalUnit>SECONDS</idleTimeIntervalUnit>
                    <enableIdle>true</enableIdle>
                    <plainAuthDisallowed>false</plainAuthDisallowed>
                    <auth>
                        <plainAuthEnabled>true</plainAuthEnabled>
                    </auth>
                </imapserver>
            </imapservers>
            """.formatted(imapPort));
        f.put("pop3server.xml", "<?xml version=\"1.0\"?>\n<pop3servers>\n    <pop3server enabled=\"false\"/>\n</pop3servers>\n");
        f.put("managesieveserver.xml",
            "<?xml version=\"1.0\"?>\n<managesieveservers>\n    <managesieveserver enabled=\"false\"/>\n</managesieveservers>\n");
        f.put("lmtpserver.xml", "<?xml version=\"1.0\"?>\n<lmtpservers>\n    <lmtpserver enabled=\"false\"/>\n</lmtpservers>\n");
        f.put("webadmin.properties", "enabled=true\nport=%d\nhost=127.0.0.1\nhttps.enabled=false\n".formatted(webAdminPort));
        f.put("jmap.properties", "enabled=false\n");
        f.put("jmx.properties", "jmx.enabled=false\n");
        f.put("jvm.properties", "");
        f.put("extensions.properties", "");
        f.put("healthcheck.properties", "");
        f.put("deletedMessageVault.properties", "");
        f.put("domainlist.xml", """
            <?xml version="1.0"?>
            <domainlist>
                <autodetect>false</autodetect>
                <autodetectIP>false</autodetectIP>
                <defaultDomain>localhost</defaultDomain>
            </domainlist>
            """);
        f.put("usersrepository.xml", """
            <?xml version="1.0"?>
            <usersrepository name="LocalUsers">
                <algorithm>PBKDF2-SHA512</algorithm>
                <enableVirtualHosting>true</enableVirtualHosting>
                <enableForwarding>true</enableForwarding>
            </usersrepository>
            """);
        f.put("dnsservice.xml", """
            <?xml version="1.0"?>
            <dnsservice>
                <autodiscover>true</autodiscover>
                <authoritative>false</authoritative>
                <maxcachesize>50000</maxcachesize>
            </dnsservice>
            """);
        f.put("listeners.xml", """
            <?xml version="1.0"?>
            <listeners>
                <preDeletionHook>
                    <class>org.apache.james.vault.DeletedMessageVaultHook</class>
                </preDeletionHook>
            </listeners>
            """);
        f.put("mailrepositorystore.xml", """
            <?xml version="1.0"?>
            <mailrepositorystore>
                <defaultProtocol>memory</defaultProtocol>
                <mailrepositories>
                    <mailrepository class="org.apache.james.mailrepository.memory.MemoryMailRepository">
                        <protocols>
                            <protocol>memory</protocol>
                        </protocols>
                    </mailrepository>
                </mailrepositories>
            </mailrepositorystore>
            """);
        f.put("recipientrewritetable.xml", """
            <?xml version="1.0"?>
            <recipientrewritetable>
                <recursiveMapping>true</recursiveMapping>
                <mappingLimit>10</mappingLimit>
            </recipientrewritetable>
            """);
        f.put("logback.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration>
                <appender name="LOG_FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder>
                        <pattern>%%d{HH:mm:ss.SSS} [%%-5level] %%logger{15} - %%msg%%n%%rEx</pattern>
                    </encoder>
                </appender>
                <root level="WARN">
                    <appender-ref ref="LOG_FILE"/>
                </root>
                <logger name="org.apache.james" level="INFO"/>
            </configuration>
            """.formatted(workDir.resolve("james.log").toAbsolutePath()));
        f.put("mailetcontainer.xml", MAILETCONTAINER);
        return f;
    }

    /** The sample's pipeline: local delivery through Vacation, Sieve, Delivered-To, JMAP filtering, LocalDelivery. */
    private static final String MAILETCONTAINER = """
        <?xml version="1.0"?>
        <mailetcontainer enableJmx="true">
            <context>
                <postmaster>postmaster</postmaster>
            </context>
            <spooler>
                <threads>20</threads>
                <errorRepository>memory://var/mail/error/</errorRepository>
            </spooler>
            <processors>
                <processor state="root" enableJmx="true">
                    <mailet match="All" class="PostmasterAlias"/>
                    <mailet match="RelayLimit=30" class="Null"/>
                    <mailet match="All" class="ToProcessor">
                        <processor>transport</processor>
                    </mailet>
                </processor>
                <processor state="error" enableJmx="true">
                    <mailet match="All" class="MetricsMailet">
                        <metricName>mailetContainerErrors</metricName>
                    </mailet>
                    <mailet match="All" class="Bounce">
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/error/</repositoryPath>
                        <onMailetException>propagate</onMailetException>
                    </mailet>
                </processor>
                <processor state="transport" enableJmx="true">
                    <matcher name="relay-allowed" match="org.apache.james.mailetcontainer.impl.matchers.Or">
                        <matcher match="SMTPAuthSuccessful"/>
                        <matcher match="SMTPIsAuthNetwork"/>
                        <matcher match="SentByMailet"/>
                        <matcher match="org.apache.james.jmap.mailet.SentByJmap"/>
                    </matcher>
                    <mailet match="All" class="RemoveMimeHeader">
                        <name>bcc</name>
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="RecipientRewriteTable">
                        <errorProcessor>rrt-error</errorProcessor>
                    </mailet>
                    <mailet match="RecipientIsLocal" class="ToProcessor">
                        <processor>local-delivery</processor>
                    </mailet>
                    <mailet match="HostIsLocal" class="ToProcessor">
                        <processor>local-address-error</processor>
                        <notice>550 - Requested action not taken: no such user here</notice>
                    </mailet>
                    <mailet match="relay-allowed" class="ToProcessor">
                        <processor>relay</processor>
                    </mailet>
                    <mailet match="All" class="ToProcessor">
                        <processor>relay-denied</processor>
                    </mailet>
                </processor>
                <processor state="local-delivery" enableJmx="true">
                    <mailet match="All" class="VacationMailet">
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="Sieve">
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="AddDeliveredToHeader"/>
                    <mailet match="All" class="org.apache.james.jmap.mailet.filter.JMAPFiltering">
                        <onMailetException>ignore</onMailetException>
                    </mailet>
                    <mailet match="All" class="LocalDelivery"/>
                </processor>
                <processor state="relay" enableJmx="true">
                    <mailet match="All" class="RemoteDelivery">
                        <outgoingQueue>outgoing</outgoingQueue>
                        <delayTime>5000, 100000, 500000</delayTime>
                        <maxRetries>3</maxRetries>
                        <maxDnsProblemRetries>0</maxDnsProblemRetries>
                        <deliveryThreads>10</deliveryThreads>
                        <sendpartial>true</sendpartial>
                        <bounceProcessor>bounces</bounceProcessor>
                    </mailet>
                </processor>
                <processor state="local-address-error" enableJmx="true">
                    <mailet match="All" class="Bounce">
                        <attachment>none</attachment>
                    </mailet>
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/address-error/</repositoryPath>
                    </mailet>
                </processor>
                <processor state="relay-denied" enableJmx="true">
                    <mailet match="All" class="Bounce">
                        <attachment>none</attachment>
                    </mailet>
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/relay-denied/</repositoryPath>
                    </mailet>
                </processor>
                <processor state="bounces" enableJmx="true">
                    <mailet match="All" class="DSNBounce">
                        <passThrough>false</passThrough>
                    </mailet>
                </processor>
                <processor state="rrt-error" enableJmx="false">
                    <mailet match="All" class="ToRepository">
                        <repositoryPath>memory://var/mail/rrt-error/</repositoryPath>
                        <passThrough>true</passThrough>
                    </mailet>
                    <mailet match="IsSenderInRRTLoop" class="Null"/>
                    <mailet match="All" class="Bounce"/>
                </processor>
            </processors>
        </mailetcontainer>
        """;
}
