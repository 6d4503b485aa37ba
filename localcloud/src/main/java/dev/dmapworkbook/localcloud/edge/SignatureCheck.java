package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a request's AWS Signature Version 4 (IAM User Guide, "Create a signed AWS API request") against the
 * credentials the local cloud knows: the access key {@code test} with secret {@code test}, what the labs and the
 * Lambda workers sign with. Header and presigned-URL signatures are both checked; for {@code aws-chunked} bodies
 * only the seed signature is (the chunks' signatures chain from it). The request time is not compared with the
 * clock: a laptop's clock may be anything.
 */
final class SignatureCheck {
    static final Map<String, String> KNOWN_CREDENTIALS = Map.of("test", "test");
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern HEADER = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)");
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> credentials;

    SignatureCheck(Map<String, String> credentials) {
        this.credentials = Map.copyOf(credentials);
    }

    /** Throws the service's AWS error when the request is unsigned or its signature does not match. */
    void verify(EdgeRequest request, AwsProtocol protocol) {
        Signed signed = signed(request).orElseThrow(() -> error(protocol, Failure.MISSING));
        String[] scope = signed.credential().split("/", 2);
        String secret = credentials.get(scope[0]);
        if (secret == null || scope.length < 2) {
            throw error(protocol, Failure.UNKNOWN_KEY);
        }
        String canonical = canonicalRequest(request, signed);
        String stringToSign = ALGORITHM + "\n" + signed.amzDate() + "\n" + scope[1] + "\n" + HEX.formatHex(sha256(canonical));
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String part : scope[1].split("/")) {
            key = hmac(key, part);
        }
        String expected = HEX.formatHex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signed.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw error(protocol, Failure.MISMATCH);
        }
    }

    private record Signed(String credential, List<String> signedHeaders, String signature, String amzDate, boolean presigned) {
    }

    private static Optional<Signed> signed(EdgeRequest request) {
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            Matcher m = HEADER.matcher(authorization.get());
            Optional<String> date = request.header("X-Amz-Date");
            return m.find() && date.isPresent()
                    ? Optional.of(new Signed(m.group(1), List.of(m.group(2).split(";")), m.group(3), date.get(), false))
                    : Optional.empty();
        }
        Optional<String> credential = request.query("X-Amz-Credential");
        Optional<String> signature = request.query("X-Amz-Signature");
        Optional<String> headers = request.query("X-Amz-SignedHeaders");
        Optional<String> date = request.query("X-Amz-Date");
        if (credential.isEmpty() || signature.isEmpty() || headers.isEmpty() || date.isEmpty()
                || !request.query("X-Amz-Algorithm").orElse("").equals(ALGORITHM)) {
            return Optional.empty();
        }
        return Optional.of(new Signed(credential.get(), List.of(headers.get().split(";")), signature.get(), date.get(), true));
    }

    private static String canonicalRequest(EdgeRequest request, Signed signed) {
        boolean s3 = "s3".equals(request.service());
        StringBuilder canonical = new StringBuilder(request.method()).append('\n')
                .append(s3 ? request.rawPath() : encode(request.rawPath(), false)).append('\n')
                .append(canonicalQuery(request.rawQuery(), signed.presigned())).append('\n');
        for (String name : signed.signedHeaders()) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':')
                    .append(String.join(",", values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).toList()))
                    .append('\n');
        }
        canonical.append('\n').append(String.join(";", signed.signedHeaders())).append('\n')
                .append(payloadHash(request, signed, s3));
        return canonical.toString();
    }

    private static String payloadHash(EdgeRequest request, Signed signed, boolean s3) {
        Optional<String> declared = request.header("X-Amz-Content-Sha256");
        if (declared.isPresent()) {
            return declared.get();
        }
        if (signed.presigned()) {
            return request.query("X-Amz-Content-Sha256").orElse(s3 ? "UNSIGNED-PAYLOAD" : HEX.formatHex(sha256(new byte[0])));
        }
        return HEX.formatHex(sha256(request.bodyBytes()));
    }

    /** Names and values percent-encoded the SigV4 way, sorted by name then value; a presigned URL's signature left out. */
    private static String canonicalQuery(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = encode(decode(eq < 0 ? pair : pair.substring(0, eq)), true);
            String value = eq < 0 ? "" : encode(decode(pair.substring(eq + 1)), true);
            if (!(presigned && name.equals("X-Amz-Signature"))) {
                pairs.add(new String[]{name, value});
            }
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
    }

    private static String decode(String raw) {
        try {
            return EdgeRequest.decodePath(raw);
        } catch (ServiceException e) {
            return raw;
        }
    }

    /** SigV4's URI encoding: unreserved characters as they are, everything else {@code %XX} (upper case). */
    static String encode(String text, boolean slash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !slash)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private enum Failure { MISSING, UNKNOWN_KEY, MISMATCH }

    /** Each protocol's own words for the three ways a signature fails. */
    private static ServiceException error(AwsProtocol protocol, Failure failure) {
        boolean s3 = protocol == AwsProtocol.REST_XML;
        boolean json = protocol != AwsProtocol.QUERY && !s3;
        return switch (failure) {
            case MISSING -> new ServiceException(403, s3 ? "AccessDenied" : json ? "MissingAuthenticationTokenException"
                    : "MissingAuthenticationToken", "Missing Authentication Token: the local cloud runs with --verify-signatures "
                    + "and this request is not signed with SigV4");
            case UNKNOWN_KEY -> new ServiceException(403, s3 ? "InvalidAccessKeyId" : json ? "UnrecognizedClientException"
                    : "InvalidClientTokenId", "The AWS Access Key Id you provided does not exist in our records "
                    + "(the local cloud knows the access key 'test')");
            case MISMATCH -> new ServiceException(403, s3 ? "SignatureDoesNotMatch" : json ? "InvalidSignatureException"
                    : "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you "
                    + "provided. Check your AWS Secret Access Key and signing method.");
        };
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
