package io.lamassu.alerts;

/**
 * What one attempt achieved. {@code statusCode}: the HTTP status or SMTP reply code, when the
 * receiver answered; {@code reply}: its status line or SMTP reply, or why there was none.
 */
public record AttemptResult(boolean delivered, Integer statusCode, String reply) {
    public static final int MAX_REPLY = 500;

    public AttemptResult {
        reply = reply == null ? "" : reply.length() > MAX_REPLY ? reply.substring(0, MAX_REPLY) + "..." : reply;
    }

    public static AttemptResult delivered(Integer code, String reply) {
        return new AttemptResult(true, code, reply);
    }

    public static AttemptResult failed(Integer code, String reply) {
        return new AttemptResult(false, code, reply);
    }
}
