package dev.dmapworkbook.localcloud.s3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque ListObjectsV2 continuation tokens: the last key or common prefix returned, base64url-encoded. */
final class ContinuationTokens {
    private ContinuationTokens() {
    }

    static String encode(String lastReturned) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("1:" + lastReturned).getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("1:")) {
                return text.substring(2);
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the error
        }
        throw S3Error.INVALID_ARGUMENT.exception("The continuation token provided is incorrect")
                .with("ArgumentName", "continuation-token").with("ArgumentValue", token);
    }
}
