package io.lamassu.devices.http;

import io.javalin.http.Context;
import io.lamassu.common.Page;
import io.lamassu.devices.DeviceFields;
import io.lamassu.devices.DeviceGroup;
import io.lamassu.devices.DeviceGroupService;
import io.lamassu.devices.GroupCommand;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/devmanager/v1/device-groups}: reads need VIEWER; changes to groups need ADMIN. */
public final class DeviceGroupRoutes implements Routes.Module {
    private static final String BASE = DeviceRoutes.BASE + "/device-groups";
    private final DeviceGroupService groups;

    public DeviceGroupRoutes(DeviceGroupService groups) {
        this.groups = groups;
    }

    record GroupRequest(String id, String name, String description, String parentId,
                        List<DeviceGroup.Criterion> criteria) {
        GroupCommand command() {
            return new GroupCommand(id, name, description, parentId, criteria);
        }
    }

    @Override
    public void register(Routes r) {
        r.post(BASE, Role.ADMIN, ctx -> ctx.status(201).json(groups.create(body(ctx))));
        r.get(BASE, Role.VIEWER, ctx -> ctx.json(envelope(groups.list(HttpJson.listQuery(ctx, DeviceGroupService.FIELDS)))));
        r.get(BASE + "/{id}", Role.VIEWER, ctx -> ctx.json(groups.get(ctx.pathParam("id"))));
        r.put(BASE + "/{id}", Role.ADMIN, ctx -> ctx.json(groups.update(ctx.pathParam("id"), body(ctx))));
        r.delete(BASE + "/{id}", Role.ADMIN, ctx -> {
            groups.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        r.get(BASE + "/{id}/devices", Role.VIEWER, ctx -> ctx.json(groups.devices(ctx.pathParam("id"),
                HttpJson.listQuery(ctx, DeviceFields.FIELDS))));
        r.get(BASE + "/{id}/stats", Role.VIEWER, ctx -> ctx.json(groups.stats(ctx.pathParam("id"))));
    }

    private static GroupCommand body(Context ctx) {
        return HttpJson.body(ctx, GroupRequest.class).command();
    }

    /** Upstream's group list uses {@code next_bookmark}; {@code next} is the platform-wide name. */
    private static Map<String, Object> envelope(Page<DeviceGroup> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("list", page.list());
        out.put("next", page.next());
        out.put("next_bookmark", page.next());
        return out;
    }
}
