package io.lamassu.alerts.http;

import io.javalin.http.Context;
import io.lamassu.alerts.AlertsService;
import io.lamassu.alerts.Subscription;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.util.List;

/**
 * {@code /api/alerts/v1} (upstream-notes §2.6). Every route needs a token of any role (VIEWER and
 * up): a user subscribes themselves, since being told about an event is a way of reading it; the
 * {@code {id}} in the path must be the token's subject unless the caller is an admin. Subscribe
 * and unsubscribe answer with the user's whole list, as upstream.
 */
public final class AlertsRoutes implements Routes.Module {
    public static final String BASE = "/api/alerts/v1";
    private static final String USER = BASE + "/user/{id}";
    private final AlertsService alerts;

    public AlertsRoutes(AlertsService alerts) {
        this.alerts = alerts;
    }

    @Override
    public void register(Routes r) {
        r.get(BASE + "/events/latest", Role.VIEWER, ctx -> ctx.json(alerts.latestEvents().stream()
                .map(AlertsWire.LatestEventResponse::of).toList()));
        r.get(USER + "/subscriptions", Role.VIEWER, ctx -> ctx.json(list(user(ctx))));
        r.get(USER + "/subscriptions/{sub}", Role.VIEWER, ctx -> ctx.json(AlertsWire.SubscriptionResponse.of(
                alerts.subscription(user(ctx), ctx.pathParam("sub")))));
        r.post(USER + "/subscribe", Role.VIEWER, this::subscribe);
        r.post(USER + "/unsubscribe/{sub}", Role.VIEWER, ctx -> {
            alerts.unsubscribe(user(ctx), ctx.pathParam("sub"));
            ctx.json(list(user(ctx)));
        });
        r.get(USER + "/subscriptions/{sub}/deliveries", Role.VIEWER, ctx -> ctx.json(alerts.deliveries(user(ctx),
                ctx.pathParam("sub"), HttpJson.listQuery(ctx, AlertsService.DELIVERY_FIELDS))));
    }

    private void subscribe(Context ctx) {
        String user = user(ctx);
        AlertsWire.SubscribeBody body = HttpJson.body(ctx, AlertsWire.SubscribeBody.class);
        Subscription created = alerts.subscribe(user, body.request());
        String path = java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        ctx.header("Location", BASE + "/user/" + path + "/subscriptions/" + created.id());
        ctx.json(list(user));
    }

    private List<AlertsWire.SubscriptionResponse> list(String user) {
        return alerts.subscriptions(user).stream().map(AlertsWire.SubscriptionResponse::of).toList();
    }

    private static String user(Context ctx) {
        return ctx.pathParam("id");
    }
}
