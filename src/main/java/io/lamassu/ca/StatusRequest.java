package io.lamassu.ca;

/** Body of the status endpoints: {@code {"status":"REVOKED","revocation_reason":"KeyCompromise"}}. */
public record StatusRequest(String status, String revocationReason) {
}
