package dev.dmapworkbook.localcloud.s3;

import dev.dmapworkbook.localcloud.core.VerifyingInputStream;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's content with the integrity checks S3 makes (S3 User Guide, "Checking object integrity"):
 * {@code aws-chunked} decoding, {@code x-amz-decoded-content-length}, {@code Content-MD5}, a hex
 * {@code x-amz-content-sha256}, and one additional checksum from an {@code x-amz-checksum-*} header or trailer.
 */
final class RequestContent {
    private static final Set<String> NOT_CHECKSUMS = Set.of("x-amz-checksum-mode", "x-amz-checksum-type",
            "x-amz-checksum-algorithm");

    private RequestContent() {
    }

    /**
     * Stages a PutObject/UploadPart body and verifies every digest the client sent; {@code required} is computed
     * too (a multipart upload's algorithm). With no checksum named, CRC64NVME is computed (S3's default).
     */
    static StagedData stage(ObjectStore store, String bucket, EdgeRequest request, Optional<ChecksumAlgorithm> required) {
        Map<ChecksumAlgorithm, String> expected = headerChecksums(request);
        Optional<ChecksumAlgorithm> trailer = trailerChecksum(request);
        Set<ChecksumAlgorithm> algorithms = EnumSet.noneOf(ChecksumAlgorithm.class);
        algorithms.addAll(expected.keySet());
        trailer.ifPresent(algorithms::add);
        required.ifPresent(algorithms::add);
        request.header("x-amz-sdk-checksum-algorithm").ifPresent(name -> algorithms.add(algorithm(name, "x-amz-sdk-checksum-algorithm")));
        if (algorithms.isEmpty()) {
            algorithms.add(ChecksumAlgorithm.CRC64NVME);
        }
        if (algorithms.size() > 1) {
            throw S3Error.INVALID_REQUEST.exception("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }

        boolean chunked = isAwsChunked(request);
        InputStream in = request.body();
        AwsChunkedInputStream decoder = chunked ? new AwsChunkedInputStream(in) : null;
        if (decoder != null) {
            in = decoder;
        }
        long expectedLength = expectedLength(request, chunked);
        String contentSha256 = request.header("x-amz-content-sha256").orElse("");
        VerifyingInputStream sha = !chunked && contentSha256.matches("[0-9a-fA-F]{64}")
                ? new VerifyingInputStream(in, "SHA-256") : null;
        StagedData staged = store.stage(bucket, sha != null ? sha : in, algorithms);
        try {
            if (expectedLength >= 0 && staged.size() != expectedLength) {
                throw S3Error.INCOMPLETE_BODY.exception();
            }
            if (sha != null && !sha.hex().equalsIgnoreCase(contentSha256)) {
                throw S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.exception().with("ClientComputedContentSHA256", contentSha256)
                        .with("S3ComputedContentSHA256", sha.hex());
            }
            verifyMd5(request, staged.md5());
            if (trailer.isPresent()) {
                String value = decoder == null ? null : decoder.trailers().get(trailer.get().headerName());
                if (value == null) {
                    throw S3Error.INVALID_REQUEST.exception("The request did not include the trailing checksum "
                            + trailer.get().headerName() + " that x-amz-trailer announced");
                }
                expected.put(trailer.get(), wellFormed(trailer.get(), value));
            }
            expected.forEach((algorithm, value) -> {
                if (!value.equals(staged.checksums().get(algorithm))) {
                    throw S3Error.BAD_DIGEST.exception("The " + algorithm.name() + " you specified did not match the calculated checksum.");
                }
            });
            return staged;
        } catch (RuntimeException e) {
            staged.discard();
            throw e;
        }
    }

    /** Checks Content-MD5 and any {@code x-amz-checksum-*} header against a buffered body (DeleteObjects, …). */
    static void verify(EdgeRequest request, byte[] body, boolean digestRequired) {
        MessageDigest md5 = StoreFiles.md5();
        byte[] digest = md5.digest(body);
        verifyMd5(request, digest);
        Map<ChecksumAlgorithm, String> expected = headerChecksums(request);
        expected.forEach((algorithm, value) -> {
            if (!value.equals(algorithm.of(body))) {
                throw S3Error.BAD_DIGEST.exception("The " + algorithm.name() + " you specified did not match the calculated checksum.");
            }
        });
        if (digestRequired && expected.isEmpty() && request.header("Content-MD5").isEmpty()) {
            throw S3Error.INVALID_REQUEST.exception("Missing required header for this request: Content-MD5");
        }
    }

    static boolean isAwsChunked(EdgeRequest request) {
        return request.header("x-amz-content-sha256").orElse("").startsWith("STREAMING-")
                || request.header("Content-Encoding").orElse("").toLowerCase(Locale.ROOT).contains("aws-chunked");
    }

    private static long expectedLength(EdgeRequest request, boolean chunked) {
        Optional<String> header = chunked ? request.header("x-amz-decoded-content-length") : request.header("Content-Length");
        if (header.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(header.get().trim());
        } catch (NumberFormatException e) {
            throw S3Error.INVALID_ARGUMENT.exception("Invalid content length: " + header.get());
        }
    }

    private static void verifyMd5(EdgeRequest request, byte[] md5) {
        Optional<String> contentMd5 = request.header("Content-MD5");
        if (contentMd5.isEmpty()) {
            return;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(contentMd5.get().trim());
        } catch (IllegalArgumentException e) {
            throw S3Error.INVALID_DIGEST.exception().with("Content-MD5", contentMd5.get());
        }
        if (expected.length != 16) {
            throw S3Error.INVALID_DIGEST.exception().with("Content-MD5", contentMd5.get());
        }
        if (!MessageDigest.isEqual(expected, md5)) {
            throw S3Error.BAD_DIGEST.exception().with("ExpectedDigest", HexFormat.of().formatHex(expected))
                    .with("CalculatedDigest", Base64.getEncoder().encodeToString(md5));
        }
    }

    private static Map<ChecksumAlgorithm, String> headerChecksums(EdgeRequest request) {
        Map<ChecksumAlgorithm, String> found = new EnumMap<>(ChecksumAlgorithm.class);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith("x-amz-checksum-") || NOT_CHECKSUMS.contains(name) || header.getValue().isEmpty()) {
                continue;
            }
            ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromHeaderName(name).orElseThrow(() ->
                    S3Error.INVALID_REQUEST.exception("The header " + name + " names an unknown checksum algorithm"));
            found.put(algorithm, wellFormed(algorithm, header.getValue().get(0)));
        }
        if (found.size() > 1) {
            throw S3Error.INVALID_REQUEST.exception("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        return found;
    }

    private static Optional<ChecksumAlgorithm> trailerChecksum(EdgeRequest request) {
        Optional<String> trailer = request.header("x-amz-trailer");
        if (trailer.isEmpty()) {
            return Optional.empty();
        }
        if (!isAwsChunked(request)) {
            throw S3Error.INVALID_REQUEST.exception("x-amz-trailer requires an aws-chunked request body");
        }
        String name = trailer.get().trim().toLowerCase(Locale.ROOT);
        return Optional.of(ChecksumAlgorithm.fromHeaderName(name).orElseThrow(() ->
                S3Error.INVALID_REQUEST.exception("The value specified in the x-amz-trailer header is not supported: " + name)));
    }

    private static ChecksumAlgorithm algorithm(String name, String header) {
        return ChecksumAlgorithm.fromName(name).orElseThrow(() ->
                S3Error.INVALID_REQUEST.exception("Value for " + header + " header is invalid."));
    }

    private static String wellFormed(ChecksumAlgorithm algorithm, String value) {
        if (!algorithm.isWellFormed(value)) {
            throw S3Error.INVALID_REQUEST.exception("Value for " + algorithm.headerName() + " header is invalid.");
        }
        return value.trim();
    }
}
