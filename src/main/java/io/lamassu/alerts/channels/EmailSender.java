package io.lamassu.alerts.channels;

import io.lamassu.alerts.AttemptResult;
import io.lamassu.alerts.Channel;
import io.lamassu.alerts.ChannelSender;
import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.DeliveryJob;
import io.lamassu.common.LamassuException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * EMAIL over SMTP (Angus Mail), one connection per attempt. TLS by default: STARTTLS is required
 * (the attempt fails rather than send in clear when the server does not offer it), or implicit TLS
 * (SMTPS); the server's certificate and host name are checked. The reply code and text of the
 * server are the attempt's proof of delivery.
 */
public final class EmailSender implements ChannelSender {
    public enum Tls { STARTTLS, SMTPS, NONE }

    /** SMTP from configuration; an empty host means e-mail is not offered. */
    public record Settings(String host, int port, String username, String password, String from, Tls tls,
                           Duration connectTimeout, Duration timeout) {
        boolean configured() {
            return host != null && !host.isBlank();
        }

        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", username=" + username + ", password="
                    + (password == null || password.isEmpty() ? "" : "***") + ", from=" + from + ", tls=" + tls + "]";
        }
    }

    private final Settings settings;
    private final Session session;
    private final Clock clock;

    public EmailSender(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.session = Session.getInstance(properties(settings));
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public void check(Channel channel) {
        if (!settings.configured()) {
            throw LamassuException.unprocessable("EMAIL_NOT_CONFIGURED", "this server has no SMTP settings"
                    + " (alerts.smtp_host), so EMAIL channels cannot be delivered; use WEBHOOK or MSTEAMS");
        }
    }

    @Override
    public AttemptResult send(DeliveryJob job) {
        if (!settings.configured()) {
            return AttemptResult.failed(null, "SMTP is not configured (alerts.smtp_host)");
        }
        try {
            MimeMessage message = EmailMessages.build(session, settings.from(), job, clock);
            return transmit(message);
        } catch (MessagingException e) {
            return AttemptResult.failed(null, "message not built: " + e.getMessage());
        }
    }

    private AttemptResult transmit(MimeMessage message) {
        String protocol = settings.tls() == Tls.SMTPS ? "smtps" : "smtp";
        try (Transport t = session.getTransport(protocol)) {
            t.connect(settings.host(), settings.port(), blankToNull(settings.username()),
                    blankToNull(settings.password()));
            t.sendMessage(message, message.getAllRecipients());
            SMTPTransport smtp = (SMTPTransport) t;
            return AttemptResult.delivered(smtp.getLastReturnCode(), smtp.getLastServerResponse().strip());
        } catch (SMTPSendFailedException e) {
            return AttemptResult.failed(e.getReturnCode(), e.getMessage().strip());
        } catch (AuthenticationFailedException e) {
            return AttemptResult.failed(null, "SMTP authentication failed: " + e.getMessage());
        } catch (MessagingException e) {
            return AttemptResult.failed(null, "SMTP: " + e.getMessage() + (e.getNextException() == null ? ""
                    : " (" + e.getNextException().getMessage() + ")"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Properties properties(Settings s) {
        Properties p = new Properties();
        String prefix = s.tls() == Tls.SMTPS ? "mail.smtps." : "mail.smtp.";
        p.put(prefix + "connectiontimeout", Long.toString(s.connectTimeout().toMillis()));
        p.put(prefix + "timeout", Long.toString(s.timeout().toMillis()));
        p.put(prefix + "writetimeout", Long.toString(s.timeout().toMillis()));
        p.put(prefix + "auth", Boolean.toString(blankToNull(s.username()) != null));
        p.put(prefix + "from", s.from());
        if (s.tls() == Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (s.tls() != Tls.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
        }
        return p;
    }

    public static Tls tls(String text) {
        return Tls.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    static InternetAddress address(String text) throws MessagingException {
        return new InternetAddress(text, true);
    }

    static Date date(Clock clock) {
        return Date.from(clock.instant());
    }
}
