package io.lamassu.audit;

import java.time.Instant;

/**
 * One row of the audit log as the API shows it: who ({@code actor}) did what ({@code action}) to
 * which object ({@code resource}), when, with what outcome, in which request. {@code detail} holds
 * the error code and message of a refused attempt, never secrets (the trail records codes, not bodies).
 */
public record AuditRecord(String id, Instant timestamp, Actor actor, String action, Resource resource,
                          String outcome, String detail, String requestId) {
    public record Actor(String type, String id) {
    }

    public record Resource(String type, String id) {
    }
}
