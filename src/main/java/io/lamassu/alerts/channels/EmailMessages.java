package io.lamassu.alerts.channels;

import io.lamassu.alerts.DeliveryJob;
import io.lamassu.alerts.Subscription;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/** The alert e-mail: a subject and plain-text body an operator can act on without reading JSON. */
final class EmailMessages {
    private EmailMessages() {
    }

    static MimeMessage build(Session session, String from, DeliveryJob job, Clock clock) throws MessagingException {
        EventSummary summary = EventSummary.of(job.eventJson());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(EmailSender.address(from));
        m.setRecipient(Message.RecipientType.TO, EmailSender.address(job.subscription().channel().text("email")));
        m.setSubject(subject(summary), StandardCharsets.UTF_8.name());
        m.setSentDate(EmailSender.date(clock));
        m.setHeader("X-Lamassu-Event-Id", job.eventId());
        m.setHeader("X-Lamassu-Delivery-Id", job.deliveryId());
        m.setText(body(summary, job.subscription()), StandardCharsets.UTF_8.name());
        return m;
    }

    static String subject(EventSummary summary) {
        String s = "[Lamassu] " + summary.headline().replaceAll("\\p{Cntrl}", " ");
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    static String body(EventSummary summary, Subscription s) {
        StringBuilder b = new StringBuilder(summary.headline()).append(".\n\n");
        for (Map.Entry<String, String> f : summary.facts().entrySet()) {
            b.append(String.format(Locale.ROOT, "%-18s %s%n", f.getKey() + ":", f.getValue()));
        }
        b.append("\nYou receive this because subscription \"").append(s.channel().name()).append("\" (")
                .append(s.id()).append(") of user ").append(s.userId()).append(" asks for ").append(s.eventType())
                .append(" events").append(s.conditions().isEmpty() ? "" : " matching its conditions")
                .append(".\nUnsubscribe: POST /api/alerts/v1/user/").append(s.userId()).append("/unsubscribe/")
                .append(s.id()).append("\n\nEvent data:\n").append(summary.prettyData()).append('\n');
        return b.toString();
    }
}
