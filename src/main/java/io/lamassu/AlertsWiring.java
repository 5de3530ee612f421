package io.lamassu;

import io.lamassu.alerts.AlertConsumer;
import io.lamassu.alerts.AlertsService;
import io.lamassu.alerts.ChannelSender;
import io.lamassu.alerts.DeliveryDispatcher;
import io.lamassu.alerts.EventConditions;
import io.lamassu.alerts.RetryPolicy;
import io.lamassu.alerts.channels.EmailSender;
import io.lamassu.alerts.channels.HttpDelivery;
import io.lamassu.alerts.channels.TeamsSender;
import io.lamassu.alerts.channels.WebhookSender;
import io.lamassu.alerts.http.AlertsRoutes;
import io.lamassu.alerts.internal.JsonEventConditions;
import io.lamassu.alerts.storage.JdbcAlertEventRepository;
import io.lamassu.alerts.storage.JdbcDeliveryRepository;
import io.lamassu.alerts.storage.JdbcSubscriptionRepository;
import io.lamassu.audit.AuditTrail;
import io.lamassu.common.Durations;
import io.lamassu.config.LamassuConfig;
import io.lamassu.events.EventBus;
import io.lamassu.storage.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The composition root's part for the alerts context (kept apart so Application stays small). */
public final class AlertsWiring {
    /** Finished deliveries are kept this long; received-event rows no delivery needs, for a day. */
    private static final Duration DEDUP_WINDOW = Duration.ofDays(1);
    private static final long HOUSEKEEPING_MILLIS = 3_600_000;

    private AlertsWiring() {
    }

    /** The wired context: its service, the bus consumer, the dispatcher (start it once serving) and its routes. */
    public record Wired(AlertsService service, AlertConsumer consumer, DeliveryDispatcher dispatcher, AlertsRoutes routes,
                 Runnable housekeeping) {
    }

    static Wired wire(LamassuConfig.Alerts cfg, Jdbc jdbc, EventBus bus, AuditTrail audit, Clock clock) {
        Duration connect = Durations.parse(cfg.connectTimeout());
        Duration request = Durations.parse(cfg.requestTimeout());
        HttpDelivery http = new HttpDelivery(connect, request);
        List<ChannelSender> senders = List.of(new WebhookSender(http, clock), new TeamsSender(http),
                new EmailSender(new EmailSender.Settings(cfg.smtpHost(), cfg.smtpPort(), cfg.smtpUsername(),
                        cfg.smtpPassword(), cfg.smtpFrom(), EmailSender.tls(cfg.smtpTls()), connect, request), clock));
        var subscriptions = new JdbcSubscriptionRepository(jdbc);
        var events = new JdbcAlertEventRepository(jdbc);
        var deliveries = new JdbcDeliveryRepository(jdbc);
        EventConditions conditions = new JsonEventConditions();
        RetryPolicy retry = new RetryPolicy(cfg.maxAttempts(), Durations.parse(cfg.initialBackoff()),
                Durations.parse(cfg.maxBackoff()));
        // The lease outlasts an attempt's timeouts, so a live attempt is never claimed twice.
        Duration lease = connect.plus(request).plusSeconds(60);
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(deliveries, senders, clock,
                new DeliveryDispatcher.Settings(cfg.workers(), retry, lease));
        AlertConsumer consumer = new AlertConsumer(subscriptions, events, conditions, clock, dispatcher::wakeUp);
        consumer.subscribeTo(bus);
        AlertsService service = new AlertsService(subscriptions, events, deliveries,
                new AlertsService.Collaborators(conditions, senders, audit, clock, cfg.maxSubscriptionsPerUser()));
        Duration retention = Durations.parse(cfg.deliveryRetention());
        Runnable housekeeping = () -> events.prune(clock.instant().minus(retention), clock.instant().minus(DEDUP_WINDOW));
        return new Wired(service, consumer, dispatcher, new AlertsRoutes(service), housekeeping);
    }

    static void start(Wired w, LamassuConfig.Alerts cfg) {
        w.dispatcher().start(cfg.pollMillis(), w.housekeeping(), HOUSEKEEPING_MILLIS);
    }
}
