package io.lamassu.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.lamassu.alerts.AttemptResult;
import io.lamassu.alerts.Channel;
import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.DeliveryJob;
import io.lamassu.alerts.Subscription;
import io.lamassu.common.LamassuException;
import io.lamassu.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailSenderTest {
    GreenMail smtp;
    final MutableClock clock = MutableClock.atNow();

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    EmailSender sender(EmailSender.Tls tls, String host) {
        return new EmailSender(new EmailSender.Settings(host, smtp.getSmtp().getPort(), "", "", "pki@lamassu.test", tls,
                Duration.ofSeconds(2), Duration.ofSeconds(5)), clock);
    }

    static DeliveryJob job(String to) {
        Subscription s = new Subscription("sub-1", "alice", "certificate.*", Instant.EPOCH, List.of(),
                new Channel(ChannelType.EMAIL, "me", Map.of("email", to)));
        String event = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"certificate.status.update\",\"subject\":"
                + "\"certificate/ab12\",\"time\":\"2026-12-01T10:00:00Z\",\"authid\":\"alice\",\"authtype\":\"jwt\","
                + "\"data\":{\"previous\":{\"status\":\"ACTIVE\"},\"updated\":{\"status\":\"REVOKED\","
                + "\"revocation_reason\":\"KeyCompromise\",\"serial_number\":\"ab12\",\"subject\":{\"common_name\":"
                + "\"device-9\"}}}}";
        return new DeliveryJob("d-1", "claim", 1, "e-1", s, event);
    }

    @Test
    void deliversAndKeepsTheServersReplyAsProof() throws Exception {
        AttemptResult r = sender(EmailSender.Tls.NONE, "127.0.0.1").send(job("ops@example.com"));
        assertThat(r.delivered()).as(r.reply()).isTrue();
        assertThat(r.statusCode()).isEqualTo(250);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject())
                .isEqualTo("[Lamassu] Certificate ab12 (CN=device-9) changed status from ACTIVE to REVOKED"
                        + " (reason: KeyCompromise)");
    }

    /** STARTTLS is required by default: a server that cannot do it gets nothing in clear text. */
    @Test
    void refusesToSendInClearWhenStartTlsIsRequired() {
        AttemptResult r = sender(EmailSender.Tls.STARTTLS, "127.0.0.1").send(job("ops@example.com"));
        assertThat(r.delivered()).isFalse();
        assertThat(r.reply()).containsIgnoringCase("STARTTLS");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnreachableServerIsAFailedAttemptNotAnException() {
        EmailSender s = new EmailSender(new EmailSender.Settings("127.0.0.1", 1, "", "", "pki@lamassu.test",
                EmailSender.Tls.NONE, Duration.ofSeconds(2), Duration.ofSeconds(2)), clock);
        AttemptResult r = s.send(job("ops@example.com"));
        assertThat(r.delivered()).isFalse();
        assertThat(r.reply()).startsWith("SMTP:");
    }

    @Test
    void withoutSmtpSettingsEmailChannelsAreRefusedAtSubscribeTime() {
        assertThatThrownBy(() -> sender(EmailSender.Tls.STARTTLS, "").check(new Channel(ChannelType.EMAIL, "me",
                Map.of("email", "a@b.example")))).isInstanceOfSatisfying(LamassuException.class,
                        e -> assertThat(e.code()).isEqualTo("EMAIL_NOT_CONFIGURED"));
    }
}
