package io.lamassu.common;

/**
 * The one exception type for expected failures. {@code code} is a stable, machine-readable
 * identifier (for example {@code CA_NOT_FOUND}); the message is safe to show to the caller.
 */
public class LamassuException extends RuntimeException {
    private final ErrorKind kind;
    private final String code;

    public LamassuException(ErrorKind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public LamassuException(ErrorKind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public static LamassuException badRequest(String code, String message) {
        return new LamassuException(ErrorKind.BAD_REQUEST, code, message);
    }

    public static LamassuException notFound(String code, String message) {
        return new LamassuException(ErrorKind.NOT_FOUND, code, message);
    }

    public static LamassuException conflict(String code, String message) {
        return new LamassuException(ErrorKind.CONFLICT, code, message);
    }

    public static LamassuException unprocessable(String code, String message) {
        return new LamassuException(ErrorKind.UNPROCESSABLE, code, message);
    }

    public static LamassuException forbidden(String code, String message) {
        return new LamassuException(ErrorKind.FORBIDDEN, code, message);
    }

    public static LamassuException unauthorized(String code, String message) {
        return new LamassuException(ErrorKind.UNAUTHORIZED, code, message);
    }
}
