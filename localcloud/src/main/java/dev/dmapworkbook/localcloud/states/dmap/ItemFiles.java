package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;

import java.io.IOException;
import java.io.InputStream;

/**
 * The items of one item file in S3 (spec 9.3b): one GetObject, decompressed as the key's extension says
 * ({@link ItemFileCompression}) and parsed while it streams as the reader's InputType says (CSV with its settings,
 * JSON through its ItemsPointer, JSONL). Used for s3:getObject and for each object of a LOAD_AND_FLATTEN listing.
 */
final class ItemFiles {
    private ItemFiles() {
    }

    static ItemSource open(S3Objects s3, ItemReaderSpec spec, String bucket, String key) {
        InputStream content = S3Reads.call(() -> s3.getObject(bucket, key));
        try {
            InputStream data = ItemFileCompression.decode(key, content);
            return switch (spec.inputType().orElseThrow()) {
                case CSV -> new CsvItems(data, spec.csvDelimiter().character, spec.csvHeaders());
                case JSON -> new JsonItems(data, spec.itemsPointer());
                case JSONL -> new JsonLinesItems(data);
                case MANIFEST -> throw new IllegalStateException("an inventory manifest is not an item file");
            };
        } catch (RuntimeException e) {
            try {
                content.close();
            } catch (IOException ignored) {
                // the failure being reported matters more
            }
            throw e;
        }
    }
}
