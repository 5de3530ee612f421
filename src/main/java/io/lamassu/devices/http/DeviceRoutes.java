package io.lamassu.devices.http;

import io.javalin.http.Context;
import io.lamassu.common.LamassuException;
import io.lamassu.common.query.QueryParser;
import io.lamassu.http.MetadataBodies;
import io.lamassu.devices.DeviceEventFields;
import io.lamassu.devices.DeviceFields;
import io.lamassu.devices.DeviceIdentityService;
import io.lamassu.devices.DeviceService;
import io.lamassu.devices.DeviceStats;
import io.lamassu.devices.RegisterDevice;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/devmanager/v1}: reads need VIEWER; registering, identity changes, metadata and
 * decommissioning need OPERATOR (operators enroll devices); permanent deletion needs ADMIN.
 */
public final class DeviceRoutes implements Routes.Module {
    static final String BASE = "/api/devmanager/v1";
    private final DeviceService devices;
    private final DeviceIdentityService identities;

    public DeviceRoutes(DeviceService devices, DeviceIdentityService identities) {
        this.devices = devices;
        this.identities = identities;
    }

    /** Upstream also sends alias, icon and icon_color; they are accepted and not stored (as upstream's alias). */
    record RegisterRequest(String id, String dmsId, List<String> tags, Map<String, Object> metadata, String alias,
                           String icon, String iconColor) {
    }

    record IdSlotRequest(String certificateSerialNumber) {
    }

    @Override
    public void register(Routes r) {
        r.post(BASE + "/devices", Role.OPERATOR, this::create);
        r.get(BASE + "/devices", Role.VIEWER, ctx -> ctx.json(devices.list(HttpJson.listQuery(ctx, DeviceFields.FIELDS))));
        r.get(BASE + "/devices/dms/{id}", Role.VIEWER, ctx -> ctx.json(devices.listByDms(ctx.pathParam("id"),
                HttpJson.listQuery(ctx, DeviceFields.FIELDS))));
        r.get(BASE + "/devices/{id}", Role.VIEWER, ctx -> ctx.json(devices.get(ctx.pathParam("id"))));
        r.get(BASE + "/devices/{id}/events", Role.VIEWER, ctx -> ctx.json(devices.events(ctx.pathParam("id"),
                HttpJson.listQuery(ctx, DeviceEventFields.FIELDS))));
        r.put(BASE + "/devices/{id}/metadata", Role.OPERATOR, ctx -> metadata(ctx, true));
        r.patch(BASE + "/devices/{id}/metadata", Role.OPERATOR, ctx -> metadata(ctx, false));
        r.put(BASE + "/devices/{id}/idslot", Role.OPERATOR, this::idslot);
        r.delete(BASE + "/devices/{id}/decommission", Role.OPERATOR,
                ctx -> ctx.json(identities.decommission(ctx.pathParam("id"))));
        r.delete(BASE + "/devices/{id}", Role.ADMIN, ctx -> {
            devices.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        r.get(BASE + "/stats", Role.VIEWER, ctx -> ctx.json(stats(ctx)));
    }

    private void create(Context ctx) {
        RegisterRequest req = HttpJson.body(ctx, RegisterRequest.class);
        ctx.status(201).json(devices.register(new RegisterDevice(req.id(), req.dmsId(), req.tags(), req.metadata())));
    }

    private void metadata(Context ctx, boolean put) {
        ctx.json(devices.updateMetadata(ctx.pathParam("id"), MetadataBodies.read(ctx, put)));
    }

    private void idslot(Context ctx) {
        IdSlotRequest req = HttpJson.body(ctx, IdSlotRequest.class);
        ctx.json(identities.updateIdentitySlot(ctx.pathParam("id"), req.certificateSerialNumber()));
    }

    private DeviceStats stats(Context ctx) {
        List<String> raw = ctx.queryParams("filter");
        if (ctx.queryParam("bookmark") != null) {
            throw LamassuException.badRequest("INVALID_STATS_QUERY", "stats take filters only");
        }
        return devices.stats(QueryParser.parseFilters(raw, DeviceFields.FIELDS));
    }
}
