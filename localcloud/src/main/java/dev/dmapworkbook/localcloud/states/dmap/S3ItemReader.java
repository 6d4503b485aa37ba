package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.InputType;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ItemReaderSpec;
import dev.dmapworkbook.localcloud.states.dmap.DistributedMap.ReaderResource;

/**
 * Opens an ItemReader's source in S3 as a lazy stream of items (spec 9.3): a listing (its objects, or with
 * LOAD_AND_FLATTEN their contents), an S3 Inventory manifest, or one item file.
 */
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
            ObjectListingItems listing = new ObjectListingItems(s3, bucket, prefix == null ? "" : prefix);
            items = spec.loadAndFlatten() ? new FlattenedListingItems(s3, spec, bucket, listing) : listing;
        } else {
            String key = stringParameter(parameters, "Key", true);
            items = spec.inputType().orElseThrow() == InputType.MANIFEST ? InventoryManifestItems.open(s3, bucket, key)
                    : ItemFiles.open(s3, spec, bucket, key);
        }
        return ItemSource.limit(items, maxItems > ItemReaderParser.MAX_ITEMS_LIMIT ? 0 : maxItems);
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
}
