package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.VerifyingInputStream;
import dev.dmapworkbook.localcloud.s3.S3Objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The objects an S3 Inventory report lists, read through its {@code manifest.json} (Step Functions developer
 * guide, "ItemReader (Map)", Amazon S3 inventory; S3 User Guide, "Inventory manifest"): the gzip CSV data files
 * the manifest names, in its order, one at a time and streamed, one GetObject each. Each row is one item, an
 * object whose names are the manifest's {@code fileSchema} columns and whose values are the row's strings, e.g.
 * {@code {"Bucket":"src","Key":"csvDataset/titles.csv","Size":"3399671","LastModifiedDate":"2022-11-16T00:29:32.000Z"}}
 * (values as the CSV holds them, so {@code Key} stays URL-encoded [GUESS]). Each file's size and MD5 are checked
 * against the manifest while it streams (a byte too many fails at once, a short file or another MD5 at its end,
 * before its last rows count as read), and every row against the schema's width; a failure says which file of
 * which manifest, what was expected and what was found.
 */
final class InventoryManifestItems implements ItemSource {
    /** A manifest over a few hundred thousand data files still fits; anything larger is not S3's manifest. */
    private static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
    private static final String ARN_PREFIX = "arn:aws:s3:::";

    private record DataFile(String key, long size, String md5) {
    }

    private final S3Objects s3;
    private final String manifestAt;
    private final String dataBucket;
    private final List<String> columns;
    private final List<DataFile> files;
    private int nextFile;
    private DataFile file;
    /** Each column's JSON name with what comes before it: {@code {"Bucket":}, {@code ,"Key":}, … */
    private final byte[][] keys;
    private final JsonBytes json = new JsonBytes();
    private VerifyingInputStream raw;
    private CsvRecords rows;
    private boolean pending;
    private long row;

    private InventoryManifestItems(S3Objects s3, String manifestAt, String dataBucket, List<String> columns,
                                   List<DataFile> files) {
        this.s3 = s3;
        this.manifestAt = manifestAt;
        this.dataBucket = dataBucket;
        this.columns = columns;
        this.files = files;
        this.keys = new byte[columns.size()][];
        for (int i = 0; i < keys.length; i++) {
            StringBuilder key = new StringBuilder(i == 0 ? "{" : ",");
            CsvItems.appendQuoted(key, columns.get(i));
            keys[i] = key.append(':').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads and checks the manifest {@code s3://bucket/key} (one GetObject): a CSV inventory whose schema has Bucket
     * and Key, with its source and destination buckets and its data files. No data file is opened yet.
     */
    static InventoryManifestItems open(S3Objects s3, String bucket, String key) {
        String at = "s3://" + bucket + "/" + key;
        JsonNode manifest = readManifest(s3, bucket, key, at);
        checkFormat(text(manifest, "fileFormat", at), at);
        List<String> columns = columns(manifest, at);
        text(manifest, "sourceBucket", at);
        String dataBucket = destinationBucket(manifest, at);
        return new InventoryManifestItems(s3, at, dataBucket, columns, files(manifest, at));
    }

    /** The manifest's JSON object, at most 64 MiB of it. */
    private static JsonNode readManifest(S3Objects s3, String bucket, String key, String at) {
        InputStream content;
        try {
            content = s3.getObject(bucket, key);
        } catch (ServiceException e) {
            throw new ItemReaderException("The inventory manifest " + at + " cannot be read: " + S3Reads.cause(e));
        }
        JsonNode manifest;
        try (content) {
            byte[] bytes = content.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new ItemReaderException("The inventory manifest " + at + " is larger than 64 MiB.");
            }
            manifest = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ItemReaderException("The inventory manifest " + at + " is not valid JSON: " + e.getMessage());
        }
        if (manifest == null || !manifest.isObject()) {
            throw new ItemReaderException("The inventory manifest " + at + " is not a JSON object.");
        }
        return manifest;
    }

    /** {@code fileFormat}: CSV; ORC and Parquet are S3's other formats, which Step Functions does not read. */
    private static void checkFormat(String format, String at) {
        if (format.equalsIgnoreCase("ORC") || format.equalsIgnoreCase("Parquet")) {
            throw new ItemReaderException("The inventory manifest " + at + " lists " + format + " files (fileFormat "
                    + format + "): Step Functions reads CSV inventories, and so does the local cloud.");
        }
        if (!format.equals("CSV")) {
            throw new ItemReaderException("The inventory manifest " + at + " has fileFormat '" + format
                    + "'; an S3 inventory is CSV, ORC or Parquet.");
        }
    }

    /** {@code fileSchema}: the data files' columns, comma-separated; Bucket and Key among them. */
    private static List<String> columns(JsonNode manifest, String at) {
        String schema = text(manifest, "fileSchema", at);
        List<String> columns = Arrays.stream(schema.split(",")).map(String::trim).toList();
        if (!columns.contains("Bucket") || !columns.contains("Key")) {
            throw new ItemReaderException("The fileSchema of the inventory manifest " + at + " ('" + schema
                    + "') has no Bucket and Key columns.");
        }
        return columns;
    }

    /** {@code destinationBucket}: the ARN of the bucket that holds the data files; its name. */
    private static String destinationBucket(JsonNode manifest, String at) {
        String destination = text(manifest, "destinationBucket", at);
        if (!destination.startsWith(ARN_PREFIX) || destination.length() == ARN_PREFIX.length()) {
            throw new ItemReaderException("The destinationBucket of the inventory manifest " + at + " ('"
                    + destination + "') is not a bucket ARN (arn:aws:s3:::<bucket>).");
        }
        return destination.substring(ARN_PREFIX.length());
    }

    private static List<DataFile> files(JsonNode manifest, String at) {
        JsonNode list = manifest.get("files");
        if (list == null || !list.isArray()) {
            throw new ItemReaderException("The inventory manifest " + at + " has no 'files' array.");
        }
        List<DataFile> files = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = at + " files[" + i + "]";
            JsonNode size = entry.get("size");
            if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
                throw new ItemReaderException("The entry " + where + " has no valid 'size'.");
            }
            files.add(new DataFile(text(entry, "key", where), size.asLong(), text(entry, "MD5checksum", where)));
        }
        return files;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ItemReaderException("The inventory manifest " + at + " has no '" + field + "' string"
                    + (at.contains(" files[") ? "" : " (an S3 inventory manifest.json names sourceBucket, "
                    + "destinationBucket, fileFormat, fileSchema and files)") + ".");
        }
        return value.asText();
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (pending) {
                return true;
            }
            if (rows != null) {
                if (inFile(rows::next)) {
                    int fields = rows.fields();
                    if (fields != columns.size()) {
                        throw new ItemReaderException("Row " + (row + 1) + " of the inventory data file " + where()
                                + " has " + fields + " fields, but the fileSchema of " + manifestAt + " names "
                                + columns.size() + " (" + String.join(", ", columns) + ").");
                    }
                    pending = true;
                    return true;
                }
                finishFile();
            }
            if (nextFile == files.size()) {
                return false;
            }
            openFile(files.get(nextFile++));
        }
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        row++;
        pending = false;
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keys.length; i++) {
            item.put(columns.get(i), rows.field(i));
        }
        return item;
    }

    @Override
    public byte[] nextJson() {
        json.clear();
        writeJson(json);
        return json.toByteArray();
    }

    /** The row as a JSON object, straight into {@code out} (the child input being formed). */
    @Override
    public void writeJson(JsonBytes out) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        row++;
        pending = false;
        for (int i = 0; i < keys.length; i++) {
            out.add(keys[i]);
            rows.appendJson(i, out);
        }
        out.add((byte) '}');
    }

    private void openFile(DataFile next) {
        file = next;
        row = 0;
        InputStream content;
        try {
            content = s3.getObject(dataBucket, next.key());
        } catch (ServiceException e) {
            throw new ItemReaderException("The inventory data file " + where() + " listed in " + manifestAt
                    + " cannot be read: " + S3Reads.cause(e));
        }
        raw = new VerifyingInputStream(content, "MD5").expecting(next.size(), next.md5());
        try {
            rows = new CsvRecords(new GZIPInputStream(raw, 64 * 1024), ',');
        } catch (IOException e) {
            throw failedFile(new ItemReaderException("The inventory data file " + where() + " is not gzip: "
                    + e.getMessage()));
        }
    }

    /** The rows are all read: the rest of the file (gzip's trailer, anything after it) is read and checked too. */
    private void finishFile() {
        try {
            raw.drain();
        } catch (IOException e) {
            throw failedFile(new ItemReaderException("Reading the inventory data file " + where() + " failed: "
                    + e.getMessage()));
        }
        closeFile();
    }

    private <T> T inFile(Supplier<T> read) {
        try {
            return read.get();
        } catch (ItemReaderException e) {
            throw failedFile(new ItemReaderException("The inventory data file " + where() + ": " + e.getMessage()));
        }
    }

    /**
     * Closes the file after {@code failure}; when the bytes are not the ones the manifest lists (found while reading,
     * or by reading on: a corrupt file often breaks gzip first), that is the cause given instead.
     */
    private ItemReaderException failedFile(ItemReaderException failure) {
        if (raw.mismatch().isEmpty()) {
            try {
                raw.drain();
            } catch (IOException e) {
                // a mismatch is kept by the stream; any other read error leaves the first failure as the cause
            }
        }
        ItemReaderException cause = raw.mismatch().map(this::mismatch).orElse(failure);
        closeFile();
        return cause;
    }

    private ItemReaderException mismatch(VerifyingInputStream.Mismatch m) {
        if (m.what().equals("size")) {
            return new ItemReaderException("The inventory data file " + where() + " has " + m.actual() + ", but "
                    + manifestAt + " lists " + file.size() + ".");
        }
        return new ItemReaderException("The MD5 of the inventory data file " + where() + " is " + m.actual()
                + ", but " + manifestAt + " lists " + m.expected() + ".");
    }

    private String where() {
        return "s3://" + dataBucket + "/" + file.key();
    }

    private void closeFile() {
        pending = false;
        if (rows != null) {
            rows.close();
            rows = null;
        }
        if (raw != null) {
            try {
                raw.close();
                raw = null;
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
