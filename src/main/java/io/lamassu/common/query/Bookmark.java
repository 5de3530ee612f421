package io.lamassu.common.query;

import io.lamassu.common.LamassuException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque continuation token of a list: version, sort, page size, keyset cursor and the
 * caller's filters, each base64url-encoded and joined by dots. It is not signed: whatever a client
 * changes in it is validated like a fresh request, so a forged bookmark can only ask for what the
 * client could ask for anyway, and every malformed one is a 400 INVALID_BOOKMARK.
 */
record Bookmark(String sort, int pageSize, ListQuery.Cursor cursor, List<String> filters) {
    static final String VERSION = "v2";
    /** Far above any bookmark this server writes for a request that fits in a URL. */
    static final int MAX_LENGTH = 16_384;
    private static final int FIXED_PARTS = 5;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    String encode() {
        List<String> parts = new ArrayList<>(List.of(VERSION, sort, Integer.toString(pageSize),
                cursor.sortValue(), cursor.key()));
        parts.addAll(filters);
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(B64.encodeToString(p.getBytes(StandardCharsets.UTF_8)));
        }
        return sb.toString();
    }

    static Bookmark decode(String token) {
        if (token.length() > MAX_LENGTH) {
            throw invalid("it is longer than " + MAX_LENGTH + " characters");
        }
        List<String> parts = new ArrayList<>();
        for (String p : token.split("\\.", -1)) {
            parts.add(utf8(p));
        }
        if (parts.size() < FIXED_PARTS) {
            throw invalid("it is truncated");
        }
        if (!parts.get(0).equals(VERSION)) {
            throw invalid("it was made by another version of the server; start again from the first page");
        }
        return new Bookmark(parts.get(1), pageSize(parts.get(2)), new ListQuery.Cursor(parts.get(3), parts.get(4)),
                parts.subList(FIXED_PARTS, parts.size()));
    }

    private static String utf8(String part) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(B64D.decode(part));
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL");
            }
            return text;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid("it is not what this server wrote (base64url parts of UTF-8 text)");
        }
    }

    private static int pageSize(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= QueryParser.MAX_PAGE_SIZE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw invalid("its page size is not a number from 1 to " + QueryParser.MAX_PAGE_SIZE);
    }

    static LamassuException invalid(String why) {
        return LamassuException.badRequest("INVALID_BOOKMARK", "invalid bookmark: " + why);
    }
}
