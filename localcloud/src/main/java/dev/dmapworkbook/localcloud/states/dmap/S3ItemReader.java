package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ReaderResource;

import java.io.InputStream;
import java.util.function.Function;

/** Opens an ItemReader's source in S3 as a lazy stream of items (spec 9.3). */
final class S3ItemReader {
    private final S3Objects s3;

    S3ItemReader(S3Objects s3) {
        this.s3 = s3;
    }

    /**
     * @param parameters the reader's Parameters after evaluation against the Map's input
     * @param maxItems   0 for no limit
     */
    ItemSource open(ItemReaderSpec spec, JsonNode parameters, long maxItems) {
        String bucket = stringParameter(parameters, "Bucket", true);
        ItemSource items;
        if (spec.resource() == ReaderResource.LIST_OBJECTS_V2) {
            String prefix = stringParameter(parameters, "Prefix", false);
            items = new ObjectListingItems(s3, bucket, prefix == null ? "" : prefix);
        } else {
            String key = stringParameter(parameters, "Key", true);
            items = switch (spec.inputType().orElseThrow()) {
                case MANIFEST -> InventoryManifestItems.open(s3, bucket, key);
                case CSV -> fileItems(bucket, key, in -> new CsvItems(in, spec.csvDelimiter().character, spec.csvHeaders()));
                case JSON -> fileItems(bucket, key, JsonArrayItems::new);
                case JSONL -> fileItems(bucket, key, JsonLinesItems::new);
            };
        }
        return ItemSource.limit(items, maxItems > ItemReaderParser.MAX_ITEMS_LIMIT ? 0 : maxItems);
    }

    /** The items of one object, parsed by {@code parser} as it streams. */
    private ItemSource fileItems(String bucket, String key, Function<InputStream, ItemSource> parser) {
        InputStream content = S3Reads.call(() -> s3.getObject(bucket, key));
        try {
            return parser.apply(content);
        } catch (RuntimeException e) {
            closeQuietly(content);
            throw e;
        }
    }

    private static String stringParameter(JsonNode parameters, String name, boolean required) {
        JsonNode value = parameters.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ItemReaderException("The ItemReader parameter '" + name + "' is missing.");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new ItemReaderException("The ItemReader parameter '" + name + "' must be a string, but was "
                    + value + ".");
        }
        return value.asText();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (Exception e) {
            // best effort
        }
    }
}
