package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;

import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * {@code ReaderConfig.Transformation LOAD_AND_FLATTEN} on s3:listObjectsV2 (spec 9.3a [AWS-doc], developer guide
 * "ItemReader (Map)", 2025): instead of one item per listed object, the content of every listed object is read, in
 * the listing's key order, and each of its rows (CSV, with the reader's CSV settings) or records (JSON array
 * elements, through ItemsPointer; JSONL lines) is one item; ReaderConfig.MaxItems counts these items. One object is
 * open at a time and streamed ({@link ItemFiles}, compressed files too). Where the guide is silent [GUESS]: each CSV
 * file has its own header row (FIRST_ROW); zero-byte objects (the S3 console's "folder" objects) give no items; a
 * failure names the object ({@code s3://bucket/key: …}) and fails the reader (States.ItemReaderFailed).
 */
final class FlattenedListingItems implements ItemSource {
    private final S3Objects s3;
    private final ItemReaderSpec spec;
    private final String bucket;
    private final ObjectListingItems listing;
    private ItemSource file;
    private String key;

    FlattenedListingItems(S3Objects s3, ItemReaderSpec spec, String bucket, ObjectListingItems listing) {
        this.s3 = s3;
        this.spec = spec;
        this.bucket = bucket;
        this.listing = listing;
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (file != null) {
                if (inFile(file::hasNext)) {
                    return true;
                }
                closeFile();
            }
            if (!listing.hasNext()) {
                return false;
            }
            JsonNode summary = listing.next();
            if (summary.get("Size").asLong() > 0) {
                key = summary.get("Key").asText();
                file = inFile(() -> ItemFiles.open(s3, spec, bucket, key));
            }
        }
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return inFile(file::next);
    }

    @Override
    public byte[] nextJson() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return inFile(file::nextJson);
    }

    /** The next item straight into {@code out} (the child's batch being formed), as its file's reader writes it. */
    @Override
    public void writeJson(JsonBytes out) {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            file.writeJson(out);
        } catch (ItemReaderException e) {
            throw failed(e);
        }
    }

    private <T> T inFile(Supplier<T> read) {
        try {
            return read.get();
        } catch (ItemReaderException e) {
            throw failed(e);
        }
    }

    /** The file is closed; the failure names it. */
    private ItemReaderException failed(ItemReaderException e) {
        closeFile();
        return new ItemReaderException("s3://" + bucket + "/" + key + ": " + e.getMessage());
    }

    private void closeFile() {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    public void close() {
        closeFile();
        listing.close();
    }
}
