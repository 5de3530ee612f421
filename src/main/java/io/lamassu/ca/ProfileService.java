package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import java.util.Map;
import java.util.UUID;

/** Issuance profiles: CRUD with client-chosen ids (for example {@code device-profile}). */
public final class ProfileService {
    private final CaDependencies d;

    public ProfileService(CaDependencies d) {
        this.d = d;
    }

    public IssuanceProfile create(IssuanceProfile request) {
        String id = request.id() == null || request.id().isBlank() ? UUID.randomUUID().toString() : request.id();
        validateId(id);
        return d.audit().execute("profile.issuance.create", "profile", id, () -> {
            IssuanceProfile p = request.validated(id);
            if (!d.profiles().insert(p)) {
                throw LamassuException.conflict("PROFILE_ALREADY_EXISTS", "issuance profile " + id + " already exists");
            }
            d.events().publish("profile.issuance.create", "profile/" + id, p);
            return p;
        });
    }

    public IssuanceProfile update(String id, IssuanceProfile request) {
        if (request.id() != null && !request.id().isBlank() && !request.id().equals(id)) {
            throw LamassuException.badRequest("ID_MISMATCH", "the body's id differs from the path's id");
        }
        return d.audit().execute("profile.issuance.update", "profile", id, () -> {
            IssuanceProfile previous = get(id);
            IssuanceProfile updated = request.validated(id);
            d.profiles().update(updated);
            d.events().publishUpdate("profile.issuance.update", "profile/" + id, previous, updated);
            return updated;
        });
    }

    public IssuanceProfile get(String id) {
        return d.profiles().find(id).orElseThrow(() -> notFound(id));
    }

    public Page<IssuanceProfile> list(ListQuery q) {
        return d.profiles().list(q);
    }

    /** Refused (409) while a CA uses the profile as its default: its issuance would break. */
    public void delete(String id) {
        d.audit().run("profile.issuance.delete", "profile", id, () -> {
            get(id);
            if (d.cas().anyUsesProfile(id)) {
                throw LamassuException.conflict("PROFILE_IN_USE",
                        "issuance profile " + id + " is the default profile of a CA; assign another profile first");
            }
            d.profiles().delete(id);
            d.events().publish("profile.issuance.delete", "profile/" + id, Map.of("ProfileID", id));
        });
    }

    static LamassuException notFound(String id) {
        return LamassuException.notFound("PROFILE_NOT_FOUND", "issuance profile " + id + " not found");
    }

    static void validateId(String id) {
        if (id.length() > 128 || !id.matches("[A-Za-z0-9][A-Za-z0-9._~-]*")) {
            throw LamassuException.badRequest("INVALID_ID",
                    "ids use letters, digits, '.', '_', '~' and '-' (at most 128, starting with a letter or digit)");
        }
    }
}
