package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Publishes one S3 Inventory report now, in S3's layout under the configuration's destination (S3 User Guide,
 * "Locating your inventory list"): {@code <prefix>/<source>/<id>/data/<uuid>.csv.gz} (gzip CSV, every field
 * quoted), then {@code <prefix>/<source>/<id>/<YYYY-MM-DDTHH-MMZ>/manifest.json} with {@code manifest.checksum}
 * (the manifest's MD5, hex) beside it, then {@code <prefix>/<source>/<id>/hive/dt=<YYYY-MM-DD-HH-MM>/symlink.txt}
 * (the data files' {@code s3://} URIs). The bucket is read a page of 1,000 keys at a time and each data file is
 * streamed to a temp file, so a report of millions of objects holds one page and one row in memory.
 */
public final class InventoryReport {
    /** Rows per data file unless told otherwise: S3 splits large inventories over several files too. */
    public static final int DEFAULT_ROWS_PER_FILE = 1_000_000;
    private static final int PAGE = 1000;
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What a report run published. */
    public record Published(String destinationBucket, String manifestKey, long objects, ObjectNode manifest) {
    }

    private final ObjectStore store;
    private final InventoryConfigurations configurations;
    private final Clock clock;

    InventoryReport(ObjectStore store, InventoryConfigurations configurations, Clock clock) {
        this.store = store;
        this.configurations = configurations;
        this.clock = clock;
    }

    /** Publishes the report of configuration {@code id} on {@code sourceBucket}. */
    Published publish(String sourceBucket, String id, int rowsPerFile) {
        store.bucket(sourceBucket);
        InventoryConfiguration config = configurations.require(sourceBucket, id);
        if (!config.enabled()) {
            throw S3Error.INVALID_REQUEST.exception("Inventory configuration " + id + " of bucket " + sourceBucket
                    + " is disabled (IsEnabled false): S3 publishes no report for it");
        }
        String destination = config.destinationBucket();
        store.bucket(destination);
        Instant started = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        String base = (config.prefix() == null ? "" : stripSlash(config.prefix()) + "/") + sourceBucket + "/" + id + "/";
        List<String> columns = config.columns();
        DataFiles files = new DataFiles(destination, base + "data/", Math.max(1, rowsPerFile));
        long objects = scan(sourceBucket, config, columns, files);
        files.finish();

        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("sourceBucket", sourceBucket);
        manifest.put("destinationBucket", config.destinationBucketArn());
        manifest.put("version", "2016-11-30");
        manifest.put("creationTimestamp", Long.toString(started.toEpochMilli()));
        manifest.put("fileFormat", "CSV");
        manifest.put("fileSchema", String.join(", ", columns));
        manifest.set("files", files.entries);
        byte[] manifestBytes = pretty(manifest);
        String folder = base + FOLDER.format(started) + "/";
        put(destination, folder + "manifest.json", manifestBytes, "application/json");
        put(destination, folder + "manifest.checksum",
                HexFormat.of().formatHex(StoreFiles.md5().digest(manifestBytes)).getBytes(StandardCharsets.US_ASCII),
                "text/plain");
        StringBuilder symlink = new StringBuilder();
        files.keys.forEach(k -> symlink.append("s3://").append(destination).append('/').append(k).append('\n'));
        put(destination, base + "hive/dt=" + HIVE.format(started) + "/symlink.txt",
                symlink.toString().getBytes(StandardCharsets.UTF_8), "text/plain");
        return new Published(destination, folder + "manifest.json", objects, manifest);
    }

    /** Writes one row per current object (or per version and delete marker with {@code All}); returns the count. */
    private long scan(String bucket, InventoryConfiguration config, List<String> columns, DataFiles files) {
        String prefix = config.filterPrefix() == null ? "" : config.filterPrefix();
        InventoryRow row = new InventoryRow(bucket, columns);
        long count = 0;
        if (config.allVersions()) {
            String keyMarker = null;
            String versionMarker = null;
            while (true) {
                ObjectStore.VersionListing page = store.listVersions(bucket, prefix, null, keyMarker, versionMarker, PAGE);
                for (ObjectVersion v : page.versions()) {
                    if (!files.isOwn(v.key())) {
                        files.write(row.csv(v, page.latest().get(v)));
                        count++;
                    }
                }
                if (!page.truncated()) {
                    return count;
                }
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            }
        }
        String after = null;
        while (true) {
            ObjectStore.Listing page = store.list(bucket, prefix, null, after, PAGE);
            for (ObjectVersion v : page.contents()) {
                if (!files.isOwn(v.key())) {
                    files.write(row.csv(v, true));
                    count++;
                }
            }
            if (!page.truncated()) {
                return count;
            }
            after = page.lastReturned();
        }
    }

    private void put(String bucket, String key, byte[] bytes, String contentType) {
        store.putObject(bucket, key, new ByteArrayInputStream(bytes), contentType, Map.of());
    }

    private static byte[] pretty(ObjectNode manifest) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripSlash(String prefix) {
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** The gzip CSV data files: rows go to a temp file; every {@code rowsPerFile} rows it becomes an object. */
    private final class DataFiles {
        final ArrayNode entries = Json.MAPPER.createArrayNode();
        final List<String> keys = new ArrayList<>();
        private final Set<String> own = new HashSet<>();
        private final String destination;
        private final String folder;
        private final int rowsPerFile;
        private Path temp;
        private MessageDigest md5;
        private Writer out;
        private int rows;

        DataFiles(String destination, String folder, int rowsPerFile) {
            this.destination = destination;
            this.folder = folder;
            this.rowsPerFile = rowsPerFile;
        }

        /** True for a data file this run wrote (the destination may be the source bucket). */
        boolean isOwn(String key) {
            return own.contains(key);
        }

        void write(String csvLine) {
            try {
                if (out == null) {
                    open();
                }
                out.write(csvLine);
                if (++rows == rowsPerFile) {
                    finish();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the inventory report", e);
            }
        }

        private void open() throws IOException {
            Path tmpDir = store.root().resolve("tmp");
            Files.createDirectories(tmpDir);
            temp = Files.createTempFile(tmpDir, "inventory-", ".csv.gz");
            md5 = StoreFiles.md5();
            OutputStream file = new DigestOutputStream(Files.newOutputStream(temp), md5);
            out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(file, 64 * 1024), StandardCharsets.UTF_8),
                    64 * 1024);
            rows = 0;
        }

        /** Closes the current file, if any, and stores it under {@code data/<uuid>.csv.gz}. */
        void finish() {
            if (out == null) {
                return;
            }
            try {
                out.close();
                out = null;
                String key = folder + UUID.randomUUID() + ".csv.gz";
                long size = Files.size(temp);
                try (InputStream in = Files.newInputStream(temp)) {
                    store.putObject(destination, key, in, "application/x-gzip", Map.of());
                }
                own.add(key);
                keys.add(key);
                entries.add(Json.object("key", key, "size", size, "MD5checksum", HexFormat.of().formatHex(md5.digest())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the inventory report's data file", e);
            } finally {
                StoreFiles.deleteQuietly(temp);
            }
        }
    }
}
