package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM and base64 handling shared by every context; malformed input is a 400 with a stable code. */
public final class Pem {
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** All PEM blocks in {@code text}, in order. Throws 400 {@code code} when there are none. */
    public static List<PemObject> decodeAll(String text, String code) {
        List<PemObject> out = new ArrayList<>();
        try (PemReader r = new PemReader(new StringReader(text))) {
            PemObject o;
            while ((o = r.readPemObject()) != null) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest(code, "malformed PEM: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw LamassuException.badRequest(code, "no PEM block found");
        }
        return out;
    }

    /**
     * Standard base64; whitespace (line breaks of {@code base64} or PEM bodies) is tolerated, any
     * other character outside the alphabet is a 400 {@code code}. (The MIME decoder used before
     * skipped such characters silently, so {@code "%%%"} decoded to nothing.)
     */
    public static byte[] base64(String text, String code) {
        if (text == null || text.isBlank()) {
            throw LamassuException.badRequest(code, "value is empty");
        }
        try {
            return Base64.getDecoder().decode(WHITESPACE.matcher(text).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest(code, "value is not valid base64");
        }
    }

    /** Upstream's double encoding for certificates and keys in JSON: base64 of the PEM text. */
    public static String base64OfPem(String type, byte[] der) {
        return Base64.getEncoder().encodeToString(encode(type, der).getBytes(StandardCharsets.US_ASCII));
    }

    /** Accepts base64(PEM), raw PEM, or base64(DER) and returns the DER of the first block of {@code type}. */
    public static byte[] derFromAnyEncoding(String value, String type, String code) {
        if (value == null || value.isBlank()) {
            throw LamassuException.badRequest(code, "value is empty");
        }
        String text = value.strip();
        if (!text.startsWith("-----BEGIN")) {
            byte[] decoded = base64(text, code);
            String asText = new String(decoded, StandardCharsets.US_ASCII);
            if (!asText.startsWith("-----BEGIN")) {
                return decoded;
            }
            text = asText;
        }
        for (PemObject o : decodeAll(text, code)) {
            if (type == null || o.getType().endsWith(type)) {
                return o.getContent();
            }
        }
        throw LamassuException.badRequest(code, "no PEM block of type " + type);
    }
}
