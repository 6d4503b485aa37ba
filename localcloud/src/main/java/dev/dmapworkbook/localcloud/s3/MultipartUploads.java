package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Multipart uploads on disk, {@code uploads/<uploadId>/}: {@code upload.json}, and per part {@code <n>.bin} beside
 * {@code <n>.json}. Completing concatenates the parts into one new version (S3 User Guide, "Uploading and
 * copying objects using multipart upload"; ETag = MD5 of the parts' MD5s, then {@code -N}).
 */
final class MultipartUploads {
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");

    /** What CreateMultipartUpload recorded. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Upload(String uploadId, String key, long initiated, String contentType, Map<String, String> userMetadata,
                  Map<String, String> headers, String checksumAlgorithm, String checksumType) {
        Optional<ChecksumAlgorithm> algorithm() {
            return checksumAlgorithm == null ? Optional.empty() : ChecksumAlgorithm.fromName(checksumAlgorithm);
        }
    }

    /** One uploaded part. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Part(int partNumber, String eTag, long size, long lastModified, Map<String, String> checksums, String dataFile) {
        Part {
            checksums = checksums == null ? Map.of() : checksums;
        }
    }

    /** A part as CompleteMultipartUpload lists it. */
    record CompletedPart(int partNumber, String eTag, Map<ChecksumAlgorithm, String> checksums) {
    }

    private final ObjectStore store;

    MultipartUploads(ObjectStore store) {
        this.store = store;
    }

    Upload create(String bucket, String key, ObjectStore.Attributes attributes, Optional<ChecksumAlgorithm> algorithm,
                  String checksumType) {
        Keys.validateKey(key);
        Bucket b = store.bucket(bucket);
        String id = UUID.randomUUID().toString().replace("-", "");
        Upload upload = new Upload(id, key, System.currentTimeMillis(), attributes.contentType(), attributes.userMetadata(),
                attributes.headers(), algorithm.map(Enum::name).orElse(null), checksumType);
        Path dir = b.uploadsDir().resolve(id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StoreFiles.writeAtomically(b.tmpDir(), dir.resolve("upload.json"), StoreFiles.json(upload));
        return upload;
    }

    /** The upload, checked to belong to {@code key}; NoSuchUpload otherwise (ids are never used as paths unchecked). */
    Upload upload(String bucket, String key, String uploadId) {
        Bucket b = store.bucket(bucket);
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw noSuchUpload(uploadId);
        }
        Path file = b.uploadsDir().resolve(uploadId).resolve("upload.json");
        try {
            Upload upload = StoreFiles.MAPPER.readValue(file.toFile(), Upload.class);
            if (key != null && !upload.key().equals(key)) {
                throw noSuchUpload(uploadId);
            }
            return upload;
        } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
            throw noSuchUpload(uploadId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Part putPart(String bucket, Upload upload, int partNumber, StagedData data) {
        Bucket b = store.bucket(bucket);
        Path dir = b.uploadsDir().resolve(upload.uploadId());
        Map<String, String> checksums = new LinkedHashMap<>();
        data.checksums().forEach((a, v) -> checksums.put(a.name(), v));
        String dataFile = partNumber + "." + UUID.randomUUID().toString().replace("-", "") + ".bin";
        Part part = new Part(partNumber, HexFormat.of().formatHex(data.md5()), data.size(), System.currentTimeMillis(), checksums,
                dataFile);
        Path previous = dir.resolve(partNumber + ".json");
        try {
            if (!Files.isDirectory(dir)) {
                throw noSuchUpload(upload.uploadId());
            }
            Files.move(data.file(), dir.resolve(dataFile), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            data.discard();
            throw new UncheckedIOException(e);
        }
        String replaced = null;
        if (Files.isRegularFile(previous)) {
            try {
                replaced = StoreFiles.MAPPER.readValue(previous.toFile(), Part.class).dataFile();
            } catch (IOException ignored) {
                // nothing to clean up then
            }
        }
        StoreFiles.writeAtomically(b.tmpDir(), previous, StoreFiles.json(part));
        if (replaced != null && !replaced.equals(dataFile)) {
            StoreFiles.deleteQuietly(dir.resolve(replaced));
        }
        return part;
    }

    List<Part> parts(String bucket, Upload upload) {
        Path dir = store.bucket(bucket).uploadsDir().resolve(upload.uploadId());
        List<Part> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                if (!file.getFileName().toString().equals("upload.json")) {
                    parts.add(StoreFiles.MAPPER.readValue(file.toFile(), Part.class));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw noSuchUpload(upload.uploadId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parts.sort(Comparator.comparingInt(Part::partNumber));
        return parts;
    }

    List<Upload> uploads(String bucket) {
        Path dir = store.bucket(bucket).uploadsDir();
        List<Upload> uploads = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return uploads;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
            for (Path d : dirs) {
                Path file = d.resolve("upload.json");
                if (Files.isRegularFile(file)) {
                    uploads.add(StoreFiles.MAPPER.readValue(file.toFile(), Upload.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uploads.sort(Comparator.comparing(Upload::key, Keys.UTF8_ORDER).thenComparingLong(Upload::initiated));
        return uploads;
    }

    void abort(String bucket, Upload upload) {
        Path dir = store.bucket(bucket).uploadsDir().resolve(upload.uploadId());
        StoreFiles.deleteTree(dir);
    }

    /**
     * Checks the client's part list against the stored parts, concatenates them into a new version and removes
     * the upload. A COMPOSITE checksum is the algorithm over the parts' checksums, then {@code -N}; a FULL_OBJECT
     * one is computed over the whole content.
     */
    ObjectVersion complete(String bucket, Upload upload, List<CompletedPart> requested, Optional<String> fullObjectChecksum) {
        Bucket b = store.bucket(bucket);
        if (requested.isEmpty()) {
            throw S3Error.MALFORMED_XML.exception();
        }
        Map<Integer, Part> stored = new LinkedHashMap<>();
        parts(bucket, upload).forEach(p -> stored.put(p.partNumber(), p));
        List<Part> chosen = new ArrayList<>();
        int previous = 0;
        for (CompletedPart c : requested) {
            if (c.partNumber() <= previous) {
                throw S3Error.INVALID_PART_ORDER.exception().with("UploadId", upload.uploadId());
            }
            previous = c.partNumber();
            Part p = stored.get(c.partNumber());
            if (p == null || !p.eTag().equals(c.eTag().replace("\"", "").trim())) {
                throw S3Error.INVALID_PART.exception().with("UploadId", upload.uploadId())
                        .with("PartNumber", String.valueOf(c.partNumber())).with("ETag", c.eTag());
            }
            c.checksums().forEach((algorithm, value) -> {
                if (!value.equals(p.checksums().get(algorithm.name()))) {
                    throw S3Error.INVALID_PART.exception("The " + algorithm.name() + " of part " + c.partNumber()
                            + " does not match the checksum uploaded with the part").with("UploadId", upload.uploadId())
                            .with("PartNumber", String.valueOf(c.partNumber()));
                }
            });
            chosen.add(p);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).size() < MIN_PART_SIZE) {
                throw S3Error.ENTITY_TOO_SMALL.exception().with("ProposedSize", String.valueOf(chosen.get(i).size()))
                        .with("MinSizeAllowed", String.valueOf(MIN_PART_SIZE))
                        .with("PartNumber", String.valueOf(chosen.get(i).partNumber()))
                        .with("ETag", "\"" + chosen.get(i).eTag() + "\"");
            }
        }
        Optional<ChecksumAlgorithm> algorithm = upload.algorithm();
        boolean composite = algorithm.isPresent() && "COMPOSITE".equals(upload.checksumType());
        Set<ChecksumAlgorithm> fullObject = EnumSet.noneOf(ChecksumAlgorithm.class);
        if (!composite) {
            fullObject.add(algorithm.orElse(ChecksumAlgorithm.CRC64NVME));
        }
        Path dir = b.uploadsDir().resolve(upload.uploadId());
        StagedData data;
        try (InputStream in = new PartsInputStream(dir, chosen)) {
            data = store.stage(bucket, in, fullObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        if (composite) {
            ChecksumAlgorithm a = algorithm.get();
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            for (Part p : chosen) {
                String value = p.checksums().get(a.name());
                if (value == null) {
                    data.discard();
                    throw S3Error.INVALID_REQUEST.exception("Part " + p.partNumber() + " was uploaded without the "
                            + a.name() + " checksum this multipart upload requires");
                }
                raw.writeBytes(Base64.getDecoder().decode(value));
            }
            checksums.put(a.name(), a.of(raw.toByteArray()) + "-" + chosen.size());
        } else {
            data.checksums().forEach((a, v) -> checksums.put(a.name(), v));
            if (fullObjectChecksum.isPresent() && !fullObjectChecksum.get().equals(checksums.values().iterator().next())) {
                data.discard();
                throw S3Error.BAD_DIGEST.exception("The " + fullObject.iterator().next().name()
                        + " you specified did not match the calculated checksum.");
            }
        }
        java.security.MessageDigest md5s = StoreFiles.md5();
        for (Part p : chosen) {
            md5s.update(HexFormat.of().parseHex(p.eTag()));
        }
        String eTag = HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size();
        ObjectVersion v = store.commit(bucket, upload.key(), data,
                new ObjectStore.Attributes(upload.contentType(), upload.userMetadata(), upload.headers()), eTag, checksums,
                composite ? "COMPOSITE" : "FULL_OBJECT", chosen.stream().map(Part::size).toList());
        abort(bucket, upload);
        return v;
    }

    private static RuntimeException noSuchUpload(String uploadId) {
        return S3Error.NO_SUCH_UPLOAD.exception().with("UploadId", String.valueOf(uploadId));
    }

    /** The chosen parts' files, one after another. */
    private static final class PartsInputStream extends InputStream {
        private final Path dir;
        private final List<Part> parts;
        private int next;
        private InputStream current;

        PartsInputStream(Path dir, List<Part> parts) {
            this.dir = dir;
            this.parts = parts;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (current == null) {
                    if (next >= parts.size()) {
                        return -1;
                    }
                    current = Files.newInputStream(dir.resolve(parts.get(next++).dataFile()), StandardOpenOption.READ);
                }
                int n = current.read(b, off, len);
                if (n >= 0) {
                    return n;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
            }
        }
    }
}
