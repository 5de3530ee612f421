package io.lamassu.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.JsonProblems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: {@code application/problem+json} with
 * {@code type, title, status, detail, code} and {@code err} (= detail) for upstream clients.
 * Unexpected failures answer 500 with only the request id; the cause goes to the log.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    /** RFC 7030 §3.2.2 paths, whose errors are plain text. */
    static final String EST_PATH = "/.well-known/est/";
    public static final String CODE_HEADER = "X-Lamassu-Error-Code";

    private ErrorMapper() {
    }

    public static void handle(Exception e, Context ctx) {
        if (e instanceof LamassuException le && le.kind() != ErrorKind.INTERNAL) {
            write(ctx, le.kind().httpStatus(), le.code(), le.getMessage());
        } else if (e instanceof JsonProcessingException je) {
            handle(JsonProblems.describe(je), ctx);
        } else if (e instanceof JsonPatchApplicationException pe) {
            // The patch library's own failure (a path it cannot apply): the client's patch, not our fault.
            write(ctx, 422, "PATCH_FAILED", "patch could not be applied: " + pe.getMessage());
        } else if (e instanceof HttpResponseException he) {
            write(ctx, he.getStatus(), codeFor(he.getStatus()), he.getMessage());
        } else {
            String requestId = ctx.attribute(RequestIds.ATTRIBUTE);
            LOG.error("request {} failed", requestId, e);
            write(ctx, 500, "INTERNAL_ERROR", "internal error; request id " + requestId);
        }
    }

    public static void write(Context ctx, int status, String code, String detail) {
        if (ctx.path().startsWith(EST_PATH)) {
            writeEst(ctx, status, code, detail);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", ErrorCatalogue.find(code).map(ErrorCatalogue.Entry::title).orElse(title(status)));
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        body.put("err", detail);
        String requestId = ctx.attribute(RequestIds.ATTRIBUTE);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        if (status == 413) {
            // The rest of the body stays unread: tell the client this connection cannot be reused.
            ctx.header("Connection", "close");
        }
        ctx.status(status).json(body).contentType("application/problem+json");
    }

    /**
     * EST clients expect RFC 7030 §4.2.3 errors: a status and a human-readable {@code text/plain}
     * body; the stable code travels in {@value #CODE_HEADER}. A 401 carries the challenge that
     * makes clients which send no credentials until asked (curl, libest) retry with them.
     */
    private static void writeEst(Context ctx, int status, String code, String detail) {
        ctx.header(CODE_HEADER, code);
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Basic realm=\"lamassu-est\"");
        }
        if (status == 413) {
            ctx.header("Connection", "close");
        }
        // A 401's explanation travels in the challenge and the code header, with an empty body: Bouncy
        // Castle's EST client closes a 401 unread before retrying with credentials and fails when a
        // declared Content-Length was left unread (it also insists on a Content-Length, so no chunking).
        ctx.status(status).contentType("text/plain; charset=utf-8").result(status == 401 ? "" : detail + "\n");
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            default -> "HTTP_" + status;
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 422 -> "Unprocessable Entity";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
