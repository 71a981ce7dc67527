package io.hetumind.platform.page;

import io.hetumind.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursors: the id of the last row seen, base64url-encoded. */
public final class Cursor {
    private Cursor() {}

    public static String encode(UUID lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(lastId.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The id after which the page starts; a 400 problem for anything a server did not hand out. */
    public static UUID decode(String cursor) {
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this server handed out");
        }
    }
}
